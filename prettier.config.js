export { default } from "@agency/config/prettier";
