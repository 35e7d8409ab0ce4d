// Shared flat ESLint config. Every package extends it.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export const baseConfig = tseslint.config(
  { ignores: ["**/dist/**", "**/.next/**", "**/.cache/**", "**/generated/**", "**/node_modules/**", "**/test-results/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Env is parsed with zod in one env.ts per app/package; nowhere else reads process.env.
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through the package's env.ts (zod-validated), not process.env." },
      ],
    },
  },
  {
    files: ["**/env.ts", "**/*.config.{ts,js,mjs}", "**/test/**", "**/e2e/**", "**/scripts/**", "**/bench/**"],
    rules: { "no-restricted-properties": "off" },
  },
);

export default baseConfig;
