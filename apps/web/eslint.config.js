export { default } from "@agency/config/eslint/nextjs";
