import { router } from "../../trpc/trpc";
import { createWebhookEndpointProcedure } from "./create";
import { deleteWebhookEndpointProcedure } from "./delete";
import { listWebhookDeliveriesProcedure } from "./deliveries";
import { listWebhookEndpointsProcedure } from "./list";
import { redeliverWebhookProcedure } from "./redeliver";
import { rotateWebhookSecretProcedure } from "./rotate-secret";
import { sendWebhookTestProcedure } from "./send-test";
import { updateWebhookEndpointProcedure } from "./update";

export const webhooksRouter = router({
  list: listWebhookEndpointsProcedure,
  create: createWebhookEndpointProcedure,
  update: updateWebhookEndpointProcedure,
  delete: deleteWebhookEndpointProcedure,
  rotateSecret: rotateWebhookSecretProcedure,
  deliveries: listWebhookDeliveriesProcedure,
  redeliver: redeliverWebhookProcedure,
  sendTest: sendWebhookTestProcedure,
});
