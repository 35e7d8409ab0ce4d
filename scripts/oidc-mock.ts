/**
 * A local OpenID Connect provider for E2E (oauth2-mock-server): the web app's
 * "Single sign-on" button runs the real next-auth OAuth flow against it, offline.
 * Every sign-in is the same verified test identity.
 */
import { OAuth2Server } from "oauth2-mock-server";

export const SSO_IDENTITY = { sub: "sso-user-1", email: "sso-user@e2e.test", name: "Sam Single-Sign-On" };

export async function startOidcProvider(): Promise<{ issuer: string; stop(): Promise<void> }> {
  const server = new OAuth2Server();
  await server.issuer.keys.generate("RS256");
  server.service.on("beforeTokenSigning", (token) => {
    Object.assign(token.payload, { ...SSO_IDENTITY, email_verified: true });
  });
  server.service.on("beforeUserinfo", (userInfoResponse) => {
    userInfoResponse.body = { ...SSO_IDENTITY, email_verified: true };
  });
  await server.start(0, "127.0.0.1");
  const issuer = server.issuer.url;
  if (!issuer) throw new Error("OIDC mock provider did not report its issuer URL");
  return { issuer, stop: () => server.stop() };
}
