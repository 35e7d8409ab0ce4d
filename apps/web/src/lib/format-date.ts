/**
 * Kept only so code written before the one date module still compiles (other branches import it).
 * New code imports from `~/lib/dates`, which is where the formatting lives.
 * @deprecated import { formatDate } from "~/lib/dates"
 */
export { formatDate } from "./dates";
