import { z } from "zod";
import { COMMON_PASSWORDS } from "./common-passwords";
import { storableString, text } from "./primitives";
import { timeZoneSchema } from "./time-zones";

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

export const emailSchema = text({ case: "lower", max: 254, maxMessage: "Email must be at most 254 characters" }).pipe(
  z.email("Enter a valid email address"),
);

/** Password policy: long enough, not absurdly long (hashing cost), not a well-known password. */
// Passwords are not trimmed (spaces count) but must be storable text: a lone surrogate has no UTF-8
// encoding, so two different passwords would hash alike.
export const passwordSchema = storableString()
  .min(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `Password must be at most ${PASSWORD_MAX_LENGTH} characters`)
  .refine((value) => !COMMON_PASSWORDS.has(value.toLowerCase()), "This password is too common; choose another");

export const personNameSchema = text({
  min: 1,
  minMessage: "Name is required",
  max: 100,
  maxMessage: "Name must be at most 100 characters",
});

export const signUpInputSchema = z.object({ email: emailSchema, name: personNameSchema, password: passwordSchema });
/**
 * What sign-up answers, whether or not the email already had an account (no enumeration): a
 * new account gets a verification link, an existing owner a notice, both by email.
 */
export const signUpResultSchema = z.object({ status: z.literal("check_email") });

/** The device cookie's value (OWASP "device cookie"): opaque to the web server. */
export const deviceTokenSchema = z.string().min(20).max(300).regex(/^[A-Za-z0-9._-]+$/);

// Sign-in checks only what is needed to look up and verify: the policy applies when passwords are set.
export const signInInputSchema = z.object({
  email: emailSchema,
  password: storableString().min(1, "Enter your password").max(PASSWORD_MAX_LENGTH),
  /** The device cookie this browser got at an earlier successful sign-in to this account, if any. */
  deviceToken: deviceTokenSchema.optional(),
});

/** A link token from an email (verification, password reset): base64url, as issued. */
export const emailLinkTokenSchema = z.string().min(20).max(200).regex(/^[A-Za-z0-9_-]+$/, "This link is malformed.");
export const verifyEmailInputSchema = z.object({ token: emailLinkTokenSchema });
export const requestPasswordResetInputSchema = z.object({ email: emailSchema });
export const resetPasswordInputSchema = z.object({ token: emailLinkTokenSchema, password: passwordSchema });
export const changePasswordInputSchema = z.object({
  currentPassword: storableString().min(1, "Enter your current password").max(PASSWORD_MAX_LENGTH),
  newPassword: passwordSchema,
});

export const sessionSummarySchema = z.object({
  id: z.uuid(),
  createdAt: z.date(),
  lastSeenAt: z.date(),
  expiresAt: z.date(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});

export const accountSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  /** Unverified accounts sign in but cannot accept invitations or be linked to a provider. */
  emailVerified: z.boolean(),
  /** IANA zone of the person's calendar day (My work, "due tomorrow"); null means UTC. */
  timeZone: z.string().nullable(),
});
/** Either or both: the display name; the time zone (null clears it: UTC). */
export const updateProfileInputSchema = z
  .object({ name: personNameSchema.optional(), timeZone: timeZoneSchema.nullable().optional() })
  .refine(
    (input) => input.name !== undefined || input.timeZone !== undefined,
    "Nothing to change: send a name or a time zone",
  );

/** OAuth/OIDC providers next-auth may offer (each switched on by its env vars in the web app). */
export const oauthProviderSchema = z.enum(["github", "google", "oidc"]);

/** What the web server learned from the provider, forwarded to the API's internal OAuth sign-in. */
export const oauthSignInInputSchema = z.object({
  provider: oauthProviderSchema,
  providerAccountId: text({ trim: false, min: 1, max: 200 }),
  email: emailSchema,
  /** Only a provider-verified email may be linked to an existing account. */
  emailVerified: z.boolean(),
  name: personNameSchema.optional(),
});
