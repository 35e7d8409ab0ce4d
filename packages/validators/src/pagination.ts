import { z } from "zod";
import { cursorString, int4 } from "./primitives";

/** Cursor pagination input shared by every list procedure: page size 1–100, default 50. */
export const pageInputSchema = z.object({
  /** The previous page's `nextCursor`, unchanged (opaque; the API decodes and checks it). */
  cursor: cursorString().optional(),
  limit: int4({ min: 1, max: 100 }).default(50),
});
export type PageInput = z.infer<typeof pageInputSchema>;
