import type { NextAuthOptions, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { webEnv } from "~/env";
import { apiRefusalOf } from "~/lib/auth-flow";
import { deviceTokenFromCookieHeader } from "~/lib/device-token";
import { flashAuthNotice, OAUTH_REFUSED, rememberDevice } from "./auth-cookies";
import { clientOrigin, currentClientOrigin, serverApi } from "./internal-api";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

interface OidcProfile {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

/** Providers switched on by their env vars; their ids are the API's oauthProviderSchema. */
function oauthProviders() {
  const providers: NextAuthOptions["providers"] = [];
  if (webEnv.GITHUB_ID && webEnv.GITHUB_SECRET) {
    providers.push(GitHubProvider({ clientId: webEnv.GITHUB_ID, clientSecret: webEnv.GITHUB_SECRET }));
  }
  if (webEnv.GOOGLE_ID && webEnv.GOOGLE_SECRET) {
    providers.push(GoogleProvider({ clientId: webEnv.GOOGLE_ID, clientSecret: webEnv.GOOGLE_SECRET }));
  }
  if (webEnv.OIDC_ISSUER && webEnv.OIDC_CLIENT_ID && webEnv.OIDC_CLIENT_SECRET) {
    const oidc: OAuthConfig<OidcProfile> = {
      id: "oidc",
      name: "Single sign-on",
      type: "oauth",
      wellKnown: `${webEnv.OIDC_ISSUER.replace(/\/+$/, "")}/.well-known/openid-configuration`,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      clientId: webEnv.OIDC_CLIENT_ID,
      clientSecret: webEnv.OIDC_CLIENT_SECRET,
      profile: (profile) => ({ id: profile.sub, email: profile.email ?? null, name: profile.name ?? null }),
    };
    providers.push(oidc);
  }
  return providers;
}

export const enabledOAuthProviders = oauthProviders().map((p) => ({ id: p.id, name: p.name }));

/** The API's message for a refused sign-in (wrong password, 429 with its wait…); never internals. */
function apiMessage(error: unknown): string {
  const refusal = apiRefusalOf(error);
  return Object.values(refusal.fieldErrors)[0] ?? refusal.message ?? "Sign-in is unavailable right now. Try again in a moment.";
}

/** The API session an OAuth sign-in opened, carried from the signIn callback to the jwt callback on the user object. */
interface OAuthSignedInUser extends User {
  apiSession?: { sessionId: string; userId: string };
}

declare module "next-auth/jwt" {
  interface JWT {
    /** The API session this cookie stands for; checked by the API on every request. */
    sid?: string;
    uid?: string;
  }
}

/**
 * next-auth issues the httpOnly session cookie (a JWT holding only the API
 * session id); the API owns credentials, users and sessions. Revoking the
 * API session ends the cookie's power at once.
 */
export const authOptions: NextAuthOptions = {
  secret: webEnv.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: 15 * 60 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "Email",
      credentials: { email: {}, password: {} },
      async authorize(credentials, req) {
        if (!credentials) return null;
        // The address server/main.mjs took from the socket; sent as x-agency-client-ip.
        const origin = clientOrigin(req.headers ?? {});
        // The device cookie of an earlier sign-in from this browser (OWASP device cookies).
        const deviceToken = deviceTokenFromCookieHeader((req.headers as Record<string, string | undefined> | undefined)?.cookie);
        const api = serverApi(undefined, origin);
        let opened;
        try {
          opened = await api.auth.signIn.mutate({
            email: credentials.email,
            password: credentials.password,
            ...(deviceToken ? { deviceToken } : {}),
          });
        } catch (error) {
          throw new Error(apiMessage(error));
        }
        // authorize cannot return cookies; it runs inside next-auth's route handler, where Next
        // merges cookies().set into the response next-auth builds (verified in e2e/ui/device-cookie.spec.ts).
        await rememberDevice(opened.deviceToken);
        return { id: opened.userId, email: credentials.email, sessionId: opened.sessionId };
      },
    }),
    ...oauthProviders(),
  ],
  callbacks: {
    /**
     * OAuth: the API signs in, links (only an email verified on both sides) or creates the
     * account here, so a refusal can reach the person: its message goes to the sign-in page in
     * a short-lived cookie (not the URL, where anyone could write their own text) and the
     * browser is sent there with ?error=OAuthRefused. next-auth's own error path would only say
     * "Callback".
     */
    async signIn({ user, account, profile }) {
      if (account?.type !== "oauth") return true;
      const p = profile as { email?: string; email_verified?: boolean; name?: string } | undefined;
      try {
        // Runs inside next-auth's callback route: the browser is the request being served.
        const opened = await serverApi(undefined, await currentClientOrigin()).auth.oauthSignIn.mutate({
          provider: account.provider as "github" | "google" | "oidc",
          providerAccountId: account.providerAccountId,
          email: p?.email ?? user.email ?? "",
          // GitHub does not say whether the email is verified: never link on it.
          emailVerified: account.provider !== "github" && p?.email_verified === true,
          name: p?.name ?? user.name ?? undefined,
        });
        // next-auth passes this same user object to the jwt callback below (no adapter).
        (user as OAuthSignedInUser).apiSession = { sessionId: opened.sessionId, userId: opened.userId };
        return true;
      } catch (error) {
        const refusal = apiRefusalOf(error);
        if (refusal.message) await flashAuthNotice(refusal.message);
        return `/sign-in?error=${refusal.message ? OAUTH_REFUSED : "OAuthCallback"}`;
      }
    },
    jwt({ token, user, account }) {
      if (account?.type === "credentials" && user) {
        token.sid = (user as { sessionId?: string }).sessionId;
        token.uid = user.id;
      } else if (account?.type === "oauth") {
        const opened = (user as OAuthSignedInUser | undefined)?.apiSession;
        if (!opened) throw new Error("OAuth sign-in finished without an API session");
        token.sid = opened.sessionId;
        token.uid = opened.userId;
      }
      return token;
    },
    // The browser sees the user id and name only; the API session id stays in the encrypted cookie.
    session({ session, token }) {
      return { ...session, user: { ...session.user, id: token.uid } };
    },
  },
  events: {
    async signOut({ token }) {
      if (token?.sid) await serverApi(token.sid).auth.signOut.mutate().catch(() => undefined);
    },
  },
};
