import { z } from "zod";
import { AppError } from "../errors/app-error";

/**
 * Keyset pagination cursors: the last row's sort key and id, base64url JSON.
 * Opaque to clients; a tampered or foreign cursor is a 400, never a 500.
 */
const cursorSchema = z.tuple([z.union([z.string(), z.number()]), z.uuid()]);
export type Cursor = z.infer<typeof cursorSchema>;

export function encodeCursor(sortKey: string | number, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id])).toString("base64url");
}

export function decodeCursor(cursor: string): Cursor {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw new AppError("VALIDATION_ERROR", "Invalid cursor", {
      issues: [{ path: ["cursor"], message: "Invalid cursor: pass back the nextCursor of the previous page", code: "custom" }],
    });
  }
}
