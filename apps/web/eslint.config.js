import nextConfig from "@agency/config/eslint/nextjs";

export default [
  ...nextConfig,
  // The custom server's env.mjs is its env.ts: plain JavaScript (it runs before Next compiles anything).
  { files: ["server/env.mjs"], rules: { "no-restricted-properties": "off" } },
];
