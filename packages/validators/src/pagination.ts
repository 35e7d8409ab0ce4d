import { z } from "zod";

/** Cursor pagination input shared by every list procedure: page size 1–100, default 50. */
export const pageInputSchema = z.object({
  cursor: z.string().min(1).max(512).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
export type PageInput = z.infer<typeof pageInputSchema>;
