import { recordAudit } from "@agency/db";
import { AppError } from "../../errors/app-error";
import type { RateLimitName } from "../../rate-limit/limits";
import type { RequestInfo } from "../scope";
import { emailKey, type AuthDeps } from "./auth-deps";
import { findCredentials } from "./credentials";
import { verifyAgainstDummy, verifyPassword } from "./passwords";
import { createSession } from "./sessions";

/** One message for unknown email and wrong password: no account enumeration. */
export const INVALID_CREDENTIALS = "Email or password is incorrect.";

/**
 * Verifies credentials and opens a session. Guessing is throttled without locking the owner
 * out (OWASP device cookies): a browser presenting a valid device token for this account
 * spends its own failure budget (authDevice); every other client spends the account's shared
 * one (authAccount). When a budget is spent its clients are refused (429, before any password
 * check) until it refills — the owner's known browsers keep working. Only failures are
 * counted; the per-address limit (auth) is charged at the edge. Unknown emails are checked
 * against a dummy hash so both failures cost the same. Every attempt is audited.
 */
export async function signIn(
  deps: AuthDeps,
  input: { email: string; password: string; deviceToken?: string },
  request: RequestInfo,
) {
  const account = await findCredentials(deps.db, input.email);
  const deviceId = account ? deps.deviceTokens.verify(input.deviceToken, account.userId) : null;
  const budget: { name: RateLimitName; key: string } = deviceId
    ? { name: "authDevice", key: `device:${deviceId}` }
    : { name: "authAccount", key: `acct:${emailKey(input.email)}` };

  const state = await deps.limiters.peek(budget.name, budget.key);
  if (!state.allowed) {
    await auditAnonymously(deps, request, "auth.sign_in.rate_limited", account?.userId ?? null, { limit: budget.name });
    throw new AppError("RATE_LIMITED", `Too many failed sign-ins. Try again in ${state.resetSeconds} s, or reset your password.`, {
      limit: budget.name,
      retryAfterSeconds: state.resetSeconds,
    });
  }

  const valid = account?.passwordHash
    ? await verifyPassword(account.passwordHash, input.password)
    : await verifyAgainstDummy(input.password);
  if (!account || !valid) {
    await deps.limiters.consume(budget.name, budget.key);
    await auditAnonymously(deps, request, "auth.sign_in.failed", account?.userId ?? null, {
      reason: account ? "wrong_password" : "unknown_email",
      trustedDevice: Boolean(deviceId),
    });
    throw new AppError("UNAUTHORIZED", INVALID_CREDENTIALS);
  }
  if (deviceId) await deps.limiters.reset(budget.name, budget.key);

  const session = await deps.db.tenant({ userId: account.userId }, async ({ tx }) => {
    const opened = await createSession(tx, { userId: account.userId, request, ttlHours: deps.sessionTtlHours });
    await recordAudit(tx, {
      action: "auth.sign_in.succeeded",
      actorUserId: account.userId,
      target: { type: "session", id: opened.id },
      origin: request,
      metadata: { trustedDevice: Boolean(deviceId) },
    });
    return opened;
  });
  return {
    userId: account.userId,
    sessionId: session.id,
    expiresAt: session.expiresAt,
    // A known device keeps its token; a new one gets its first.
    deviceToken: deviceId && input.deviceToken ? input.deviceToken : deps.deviceTokens.issue(account.userId),
  };
}

/** Failed and refused attempts carry no email (personal data), only the user id when known. */
function auditAnonymously(
  deps: Pick<AuthDeps, "db">,
  request: RequestInfo,
  action: "auth.sign_in.failed" | "auth.sign_in.rate_limited",
  userId: string | null,
  metadata: Record<string, string | boolean>,
) {
  return deps.db.tenant({ anonymous: true }, ({ tx }) =>
    recordAudit(tx, { action, target: userId ? { type: "user", id: userId } : null, origin: request, metadata }),
  );
}
