/**
 * Kept only so code written before the one date module still compiles (other branches import it).
 * New code imports from `~/lib/dates`, which is where the formatting lives.
 * @deprecated import { formatDateTime } from "~/lib/dates"
 */
export { formatDateTime } from "./dates";
