import { router } from "../../trpc/trpc";
import { oauthSignInProcedure } from "./oauth-sign-in";
import { requestPasswordResetProcedure } from "./request-password-reset";
import { resetPasswordProcedure } from "./reset-password";
import { signInProcedure } from "./sign-in";
import { signOutProcedure } from "./sign-out";
import { signUpProcedure } from "./sign-up";
import { verifyEmailProcedure } from "./verify-email";

export const authRouter = router({
  signUp: signUpProcedure,
  signIn: signInProcedure,
  oauthSignIn: oauthSignInProcedure,
  signOut: signOutProcedure,
  verifyEmail: verifyEmailProcedure,
  requestPasswordReset: requestPasswordResetProcedure,
  resetPassword: resetPasswordProcedure,
});
