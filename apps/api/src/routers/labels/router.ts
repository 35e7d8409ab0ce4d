import { router } from "../../trpc/trpc";
import { listLabelsProcedure } from "./list";

export const labelsRouter = router({ list: listLabelsProcedure });
