import { z } from "zod";
import { AppError } from "../errors/app-error";

/**
 * Keyset pagination cursors: the last row's sort key and id, base64url JSON.
 * Opaque to clients; a tampered or foreign cursor is a 400, never a 500.
 */
export function encodeCursor(sortKey: string | number, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id])).toString("base64url");
}

const sortKeySchema = z.union([z.string().max(500), z.number()]);

/** Decodes a cursor whose id must match `idSchema` (uuid by default; e.g. a bigint string for audit ids). */
export function decodeCursor(cursor: string, idSchema: z.ZodType<string> = z.uuid()): [string | number, string] {
  try {
    return z.tuple([sortKeySchema, idSchema]).parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw new AppError("VALIDATION_ERROR", "Invalid cursor", {
      issues: [{ path: ["cursor"], message: "Invalid cursor: pass back the nextCursor of the previous page", code: "custom" }],
    });
  }
}

/** The 400 a cursor that cannot be ours gets (for lists whose sort key needs its own parsing). */
export function invalidCursorError(): AppError {
  return new AppError("VALIDATION_ERROR", "Invalid cursor", {
    issues: [{ path: ["cursor"], message: "Invalid cursor: pass back the nextCursor of the previous page", code: "custom" }],
  });
}
