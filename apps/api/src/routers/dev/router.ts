import { router } from "../../trpc/trpc";
import { outboxProcedure } from "./outbox";

export const devRouter = router({ outbox: outboxProcedure });
