import { deviceTokenSchema, signInInputSchema } from "@agency/validators";
import { signIn } from "../../services/auth/sign-in";
import { internalProcedure } from "../../trpc/trpc";
import { authDeps } from "./auth-deps";
import { openedSessionSchema, toOpenedSession } from "./session-output";

/**
 * Web server only (next-auth's credentials check): verifies email + password and opens a
 * session; the answer carries the device token the web server keeps in a cookie. Limited
 * per client address at the edge, and per account / per device inside (see signIn).
 */
export const signInProcedure = internalProcedure
  .meta({ limit: "auth" })
  .input(signInInputSchema)
  .output(openedSessionSchema.extend({ deviceToken: deviceTokenSchema }))
  .mutation(async ({ ctx, input }) => {
    const opened = await signIn(authDeps(ctx), input, ctx.request);
    return { ...toOpenedSession(opened), deviceToken: opened.deviceToken };
  });
