import type { z } from "zod";
import type { clientOriginSchema } from "@agency/validators";
import type { Context } from "../../trpc/context";

/**
 * Where an internal auth call's user really is: the web server forwards the
 * browser's IP and user agent (the TCP peer is the web server itself).
 */
export function forwardedOrigin(ctx: Pick<Context, "ip" | "requestId">, origin: z.infer<typeof clientOriginSchema>) {
  return { ip: origin.ip ?? ctx.ip, userAgent: origin.userAgent ?? null, requestId: ctx.requestId };
}

/** The origin of a browser request that reached the API through the web server's proxy. */
export function requestOrigin(ctx: Pick<Context, "ip" | "requestId" | "headers">) {
  return { ip: ctx.ip, userAgent: ctx.headers.get("user-agent"), requestId: ctx.requestId };
}
