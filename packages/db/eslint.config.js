export { default } from "@agency/config/eslint/base";
