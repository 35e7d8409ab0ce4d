import nextPlugin from "@next/eslint-plugin-next";
import globals from "globals";
import { baseConfig } from "./base.js";

export default [
  ...baseConfig,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "@next/next": nextPlugin },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      // The web app talks to the API only: the database layer is off limits (ARCHITECTURE.md).
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@agency/db", "@agency/db/*", "@prisma/*", "pg"], message: "apps/web must never touch the database; call the API." },
            { group: ["@agency/api", "@agency/api/*"], allowTypeImports: true, message: "Import only types from the API (import type)." },
          ],
        },
      ],
    },
  },
];
