import type { Browser, BrowserContext } from "@playwright/test";
import { test } from "@playwright/test";
import { createAccount, submitSignUp, uniqueEmail } from "./accounts";
import { apiMutation, orgIdByName } from "./api";
import { createOrganization } from "./organizations";
import { newestEmailLink } from "./outbox";

/** The state of a signed-in browser (cookies), as `browser.newContext({ storageState })` takes it. */
export type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

/**
 * A workspace as an agency would have it after a few days, made once per spec: an owner (signed
 * in; `storageState` is their browser) with an organization holding a client, a project with tasks
 * in every column, comments and the audit entries all of that wrote — plus the links a signed-out
 * visitor follows (a pending invitation, a password reset, an email confirmation).
 */
export interface SeededWorkspace {
  storageState: StorageState;
  ownerEmail: string;
  orgId: string;
  clientId: string;
  projectId: string;
  invoiceId: string;
  /** Task titles in creation order; `taskIds[i]` is the id of `taskTitles[i]`. */
  taskTitles: string[];
  taskIds: string[];
  invitationPath: string;
  resetPasswordPath: string;
  verifyEmailPath: string;
}

export const SEEDED_TASKS = [
  {
    title: "Draft the sitemap",
    status: "todo",
    priority: "high",
    labels: ["ux"],
    dueDate: "2026-12-20",
    description: "## Goals\n\nEvery page of the old site has a home.\n\n#### Open questions\n\n- [ ] Keep the blog?\n- [x] Keep the footer links",
  },
  { title: "Write the homepage copy", status: "todo", priority: "medium", labels: ["copy"] },
  { title: "Design the hero section", status: "in_progress", priority: "urgent", labels: ["design", "ux"], dueDate: "2026-01-15" },
  { title: "Review the brand guidelines", status: "review", priority: "low" },
  { title: "Set up analytics", status: "done", priority: "medium", labels: ["dev"] },
] as const;

function baseURL(): string {
  const url = test.info().project.use.baseURL;
  if (!url) throw new Error("the ui project has no baseURL");
  return url;
}

/** A new browser context at `width` px, signed in as `storageState` when given. */
export function newContext(browser: Browser, width: number, storageState?: StorageState) {
  return browser.newContext({
    baseURL: baseURL(),
    viewport: { width, height: width < 640 ? 812 : 800 },
    ...(storageState ? { storageState } : {}),
  });
}

export async function seedWorkspace(browser: Browser, orgName = "Harbor Studio"): Promise<SeededWorkspace> {
  const context = await newContext(browser, 1280);
  const page = await context.newPage();
  const owner = await createAccount(page, "Avery Owner");
  await createOrganization(page, orgName);
  const orgId = await orgIdByName(page, orgName);
  const client = await apiMutation<{ id: string }>(page, "clients.create", {
    orgId,
    name: "Northwind Traders",
    contactName: "Nora North",
    contactEmail: "nora@northwind.example",
  });
  const project = await apiMutation<{ id: string }>(page, "projects.create", {
    orgId,
    clientId: client.id,
    name: "Website relaunch",
    description: "New site, new brand, same customers.",
  });
  const taskIds: string[] = [];
  for (const task of SEEDED_TASKS) {
    const created = await apiMutation<{ id: string }>(page, "tasks.create", { orgId, projectId: project.id, ...task });
    taskIds.push(created.id);
  }
  for (const body of ["Can we keep the old footer links?", "Yes — **all of them**, see the sitemap."]) {
    await apiMutation(page, "comments.create", { orgId, taskId: taskIds[0], body });
  }
  // Billing: a monthly retainer and an issued invoice for the client, so billing pages have content.
  await apiMutation(page, "retainers.create", { orgId, clientId: client.id, name: "Care plan", currency: "USD", unitAmount: 150_000 });
  const invoice = await apiMutation<{ id: string }>(page, "invoices.create", {
    orgId,
    clientId: client.id,
    currency: "USD",
    lines: [{ description: "Launch sprint", unitAmount: 420_000, projectId: project.id }],
  });
  await apiMutation(page, "invoices.issue", { orgId, invoiceId: invoice.id });
  const invitee = uniqueEmail("invitee");
  await apiMutation(page, "invitations.create", { orgId, email: invitee, role: "member" });
  const storageState = await context.storageState();

  // Signed-out visitors: an invitation link, a password reset link, an email confirmation link.
  const invitationPath = await newestEmailLink(page, invitee, "/invitations/");
  const visitor = await newContext(browser, 1280);
  const visitorPage = await visitor.newPage();
  await visitorPage.goto("/forgot-password");
  await visitorPage.getByLabel("Email").fill(owner.email);
  await visitorPage.getByLabel("Email").press("Enter");
  await visitorPage.getByRole("heading", { name: "Check your inbox" }).waitFor();
  const resetPasswordPath = await newestEmailLink(visitorPage, owner.email, "/reset-password/");
  const newcomer = uniqueEmail("newcomer");
  await submitSignUp(visitorPage, { name: "Nico Newcomer", email: newcomer });
  const verifyEmailPath = await newestEmailLink(visitorPage, newcomer, "/verify-email/");
  await visitor.close();
  await context.close();

  return {
    storageState,
    ownerEmail: owner.email,
    orgId,
    clientId: client.id,
    projectId: project.id,
    invoiceId: invoice.id,
    taskTitles: SEEDED_TASKS.map((task) => task.title),
    taskIds,
    invitationPath,
    resetPasswordPath,
    verifyEmailPath,
  };
}
