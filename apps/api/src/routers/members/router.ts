import { router } from "../../trpc/trpc";
import { changeMemberRoleProcedure } from "./change-role";
import { getMemberProcedure } from "./get";
import { leaveOrganizationProcedure } from "./leave";
import { listMembersProcedure } from "./list";
import { removeMemberProcedure } from "./remove";

export const membersRouter = router({
  list: listMembersProcedure,
  get: getMemberProcedure,
  changeRole: changeMemberRoleProcedure,
  remove: removeMemberProcedure,
  leave: leaveOrganizationProcedure,
});
