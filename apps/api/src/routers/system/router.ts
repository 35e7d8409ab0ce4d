import { router } from "../../trpc/trpc";
import { echo } from "./echo";
import { heartbeat } from "./heartbeat";
import { status } from "./status";

export const systemRouter = router({ status, heartbeat, echo });
