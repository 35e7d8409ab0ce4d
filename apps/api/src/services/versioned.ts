import { AppError } from "../errors/app-error";

/**
 * Why a version-guarded write (update, delete, restore) matched no row, as the one error every
 * domain gives: gone → NOT_FOUND; in the trash when a live one was expected → NOT_FOUND with
 * "restore it first"; live when a trashed one was expected → CONFLICT; otherwise someone else
 * changed it → CONFLICT carrying the current record, never a silent overwrite.
 */
export async function conflictOrMissing<Dto>(options: {
  /** "client", "project", "task" — used in the messages. */
  noun: string;
  /** The record as it is now, or null when it is not visible. */
  current: { deletedAt: Date | null } | null;
  expect: "live" | "deleted";
  toDto: () => Promise<Dto> | Dto;
}): Promise<never> {
  const { noun, current, expect } = options;
  const Noun = noun[0]!.toUpperCase() + noun.slice(1);
  if (!current) throw new AppError("NOT_FOUND", `${Noun} not found.`);
  if (expect === "live" && current.deletedAt) throw new AppError("NOT_FOUND", `This ${noun} is in the trash. Restore it first.`);
  const dto = await options.toDto();
  if (expect === "deleted" && !current.deletedAt) throw new AppError("CONFLICT", `This ${noun} is not in the trash.`, { current: dto });
  throw new AppError("CONFLICT", `Someone else changed this ${noun}. Review the latest version and try again.`, { current: dto });
}
