import { router } from "../../trpc/trpc";
import { signInProcedure } from "./sign-in";
import { signOutProcedure } from "./sign-out";
import { signUpProcedure } from "./sign-up";

export const authRouter = router({ signUp: signUpProcedure, signIn: signInProcedure, signOut: signOutProcedure });
