/** Projects take the same service arguments as every org-scoped domain. */
export { clientScope as projectScope } from "../clients/scope";
