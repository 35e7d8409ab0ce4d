import { router } from "../../trpc/trpc";
import { createOrganizationProcedure } from "./create";
import { getOrganizationProcedure } from "./get";
import { myOrganizationsProcedure } from "./mine";
import { updateOrganizationProcedure } from "./update";

export const organizationsRouter = router({
  create: createOrganizationProcedure,
  mine: myOrganizationsProcedure,
  get: getOrganizationProcedure,
  update: updateOrganizationProcedure,
});
