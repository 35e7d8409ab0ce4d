import { router } from "../../trpc/trpc";
import { oauthSignInProcedure } from "./oauth-sign-in";
import { signInProcedure } from "./sign-in";
import { signOutProcedure } from "./sign-out";
import { signUpProcedure } from "./sign-up";

export const authRouter = router({
  signUp: signUpProcedure,
  signIn: signInProcedure,
  oauthSignIn: oauthSignInProcedure,
  signOut: signOutProcedure,
});
