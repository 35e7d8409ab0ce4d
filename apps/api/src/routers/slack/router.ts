import { router } from "../../trpc/trpc";
import { connectSlackProcedure } from "./connect";
import { disconnectSlackProcedure } from "./disconnect";
import { getSlackConnectionProcedure } from "./get";
import { sendSlackTestProcedure } from "./send-test";
import { updateSlackProcedure } from "./update";

export const slackRouter = router({
  get: getSlackConnectionProcedure,
  connect: connectSlackProcedure,
  update: updateSlackProcedure,
  disconnect: disconnectSlackProcedure,
  sendTest: sendSlackTestProcedure,
});
