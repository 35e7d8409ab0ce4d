/** Comments take the same service arguments as every org-scoped domain. */
export { clientScope as commentScope } from "../clients/scope";
