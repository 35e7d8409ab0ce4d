import { router } from "../../trpc/trpc";
import { changePasswordProcedure } from "./change-password";
import { meProcedure } from "./me";
import { resendVerificationProcedure } from "./resend-verification";
import { revokeSessionProcedure } from "./revoke-session";
import { sessionsProcedure } from "./sessions";
import { signOutEverywhereProcedure } from "./sign-out-everywhere";
import { updateProfileProcedure } from "./update-profile";

export const accountRouter = router({
  me: meProcedure,
  updateProfile: updateProfileProcedure,
  sessions: sessionsProcedure,
  revokeSession: revokeSessionProcedure,
  signOutEverywhere: signOutEverywhereProcedure,
  changePassword: changePasswordProcedure,
  resendVerification: resendVerificationProcedure,
});
