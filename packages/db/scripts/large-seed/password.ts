import { hash } from "@node-rs/argon2";

/**
 * The API's password hash (apps/api/src/services/auth/passwords.ts): argon2id with OWASP's
 * baseline. packages/db cannot import the API, so the parameters are repeated here;
 * test/seed-large.test.ts pins them through the hash's `$argon2id$v=19$m=19456,t=2,p=1$` prefix.
 */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashSeedPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}
