/** Why the gateway refused or failed a call; `message` is written for the person who asked. */
export type GatewayErrorCode =
  | "not_configured"
  | "budget_exceeded"
  | "rate_limited"
  | "timeout"
  | "aborted"
  | "provider_error"
  | "all_routes_failed";

export class GatewayError extends Error {
  override name = "GatewayError";
  constructor(
    readonly code: GatewayErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
