import type { TargetPolicy } from "../../lib/outbound-target";
import type { SecretBox } from "../../lib/secret-box";

/** What the integration services need beyond the tenant scope (one set per process). */
export interface IntegrationDeps {
  box: SecretBox;
  policy: TargetPolicy;
  /** Production accepts Slack URLs only on https://hooks.slack.com/ (unless inside the private-target allowlist). */
  production: boolean;
}
