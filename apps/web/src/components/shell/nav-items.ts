import { roleHasPermission, type Role } from "@agency/validators";

/** The app's sections. Sections without a page yet render a "coming soon" state, never a broken link. */
export const NAV_ITEMS = [
  { href: "/app", label: "Dashboard", icon: "◧", ready: true, description: "" },
  {
    href: "/app/clients",
    label: "Clients",
    icon: "◎",
    ready: true,
    description: "Every client with contacts, status and the projects you run for them.",
  },
  {
    href: "/app/projects",
    label: "Projects",
    icon: "▤",
    ready: true,
    description: "Budgets, dates and progress for each project, per client.",
  },
  {
    href: "/app/tasks",
    label: "Tasks",
    icon: "☑",
    ready: true,
    description: "Boards that update live for the whole team, with comments and history.",
  },
  {
    href: "/app/billing",
    label: "Billing",
    icon: "¤",
    ready: true,
    description: "Retainers, invoices, payments and what each client owes.",
    // Shown only to roles holding it (owners and admins): see NavLinks.
    permission: "billing:read",
  },
  {
    href: "/app/revenue",
    label: "Revenue",
    icon: "◔",
    ready: false,
    description: "Subscriptions, invoices and monthly recurring revenue per client.",
  },
  {
    href: "/app/assistant",
    label: "Assistant",
    icon: "✦",
    ready: false,
    description: "Ask questions about your clients, projects and numbers in plain language.",
  },
  {
    href: "/app/organization",
    label: "Organization",
    icon: "◇",
    ready: true,
    description: "Members, roles and invitations of the active organization.",
  },
  {
    href: "/app/audit",
    label: "Audit log",
    icon: "☰",
    ready: true,
    description: "Who changed what in the organization, when and from where (owners and admins).",
  },
  {
    href: "/app/settings",
    label: "Settings",
    icon: "⚙",
    ready: true,
    description: "Your password and signed-in devices.",
  },
] as const;

export type NavItem = (typeof NAV_ITEMS)[number];

/** Whether a member with `role` sees the item (items without a permission are for everyone). */
export function navItemVisible(item: NavItem, role: Role | null): boolean {
  if (!("permission" in item)) return true;
  return role !== null && roleHasPermission(role, item.permission);
}

export function findSection(slug: string): NavItem | undefined {
  return NAV_ITEMS.find((item) => item.href === `/app/${slug}`);
}
