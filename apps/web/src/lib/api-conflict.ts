import { TRPCClientError } from "@trpc/client";
import type { z } from "zod";
import { errorDataOf } from "./api-error";

/**
 * The latest record a 409 CONFLICT carries in `details.current`, checked
 * against `schema`; null for any other error or an unexpected shape.
 */
export function conflictCurrent<T>(error: unknown, schema: z.ZodType<T>): T | null {
  if (!(error instanceof TRPCClientError) || errorDataOf(error).code !== "CONFLICT") return null;
  const data: unknown = error.data;
  const details = data && typeof data === "object" ? (data as { details?: unknown }).details : undefined;
  const current = details && typeof details === "object" ? (details as { current?: unknown }).current : undefined;
  const parsed = schema.safeParse(current);
  return parsed.success ? parsed.data : null;
}

export function isConflict(error: unknown): boolean {
  return errorDataOf(error).code === "CONFLICT";
}

export function isForbidden(error: unknown): boolean {
  return errorDataOf(error).code === "FORBIDDEN";
}

export function isNotFound(error: unknown): boolean {
  return errorDataOf(error).code === "NOT_FOUND";
}
