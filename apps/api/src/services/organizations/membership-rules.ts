import type { Role } from "@agency/validators";
import { AppError } from "../../errors/app-error";

export interface MembershipChange {
  actor: { userId: string; role: Role };
  target: { userId: string; role: Role };
  /** The target's new role, or null when the target is removed (or leaves). */
  newRole: Role | null;
  ownerCount: number;
}

/**
 * The rules every role change, removal and departure obeys:
 * - an organization always keeps at least one owner;
 * - only owners grant the owner role or change or remove an owner;
 * - nobody changes their own role (no self-escalation; owners hand over first).
 * Leaving (actor = target, newRole null) is allowed unless it leaves no owner.
 */
export function assertMembershipChangeAllowed(change: MembershipChange): void {
  const { actor, target, newRole, ownerCount } = change;
  const self = actor.userId === target.userId;
  const removesAnOwner = target.role === "owner" && newRole !== "owner";

  if (removesAnOwner && ownerCount <= 1) {
    throw new AppError("CONFLICT", "An organization needs at least one owner. Make someone else owner first.");
  }
  if (self && newRole !== null) {
    throw new AppError("FORBIDDEN", "You cannot change your own role. Ask another owner or admin.");
  }
  if (!self && actor.role !== "owner" && (target.role === "owner" || newRole === "owner")) {
    throw new AppError("FORBIDDEN", "Only owners can grant the owner role or change an owner's membership.");
  }
}
