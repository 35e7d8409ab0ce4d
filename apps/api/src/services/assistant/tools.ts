import {
  formatMoney,
  listTasksInputSchema,
  monthKeySchema,
  proposedTaskSchema,
  type AssistantProposal,
  type TaskDto,
} from "@agency/validators";
import { z } from "zod";
import { AppError } from "../../errors/app-error";
import { revenueClients, revenueSummary } from "../../revenue/service";
import { getProject } from "../projects/projects";
import { actorCan, type TenantScope } from "../scope";
import { listTasks } from "../tasks/list";
import { getTask } from "../tasks/tasks";

/**
 * The assistant's tools. Each runs in a short transaction entered for the asking user (their
 * RLS scope, their role re-checked) and calls the same services the API's procedures call — so a
 * tool sees exactly what that user could see through the API, never another organization's rows.
 * None of them writes: `propose_tasks` only returns a proposal the user confirms in the UI.
 */
export interface ToolContext {
  /** The project the conversation is about (its page, or the task's project), if any. */
  projectId: string | null;
  taskId: string | null;
}

export interface ToolOutcome {
  /** What the model reads (delimited as data, see workspaceData). */
  data: unknown;
  /** One line for the UI ("Searched tasks for “launch”: 3 found"). */
  summary: string;
  proposal?: AssistantProposal;
}

interface ToolDefinition<I extends z.ZodType> {
  description: string;
  inputSchema: I;
  run(scope: TenantScope, input: z.output<I>, context: ToolContext): Promise<ToolOutcome>;
}

const define = <I extends z.ZodType>(definition: ToolDefinition<I>) => definition;

const taskLine = (task: TaskDto) => ({
  id: task.id,
  title: task.title,
  status: task.status,
  priority: task.priority,
  dueDate: task.dueDate,
  assignee: task.assignee?.name ?? null,
  projectId: task.projectId,
  descriptionExcerpt: task.description.slice(0, 300),
});

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);
const OPEN = ["todo", "in_progress", "review"] as const;

function requireRead(scope: TenantScope) {
  if (!actorCan(scope, "task:read")) throw new AppError("FORBIDDEN", "You cannot read tasks.");
}

async function tasksPage(scope: TenantScope, input: Record<string, unknown>) {
  return (await listTasks(scope, listTasksInputSchema.parse({ limit: 20, ...input }))).items;
}

async function projectDigest(scope: TenantScope, projectId: string) {
  const project = await getProject(scope, projectId);
  const recent = await tasksPage(scope, { projectId, sort: "updated", limit: 10 });
  const blockers = await scope.tx.taskComment.findMany({
    where: {
      orgId: scope.org.id,
      deletedAt: null,
      task: { projectId, deletedAt: null },
      OR: ["block", "stuck", "waiting on", "waiting for"].map((word) => ({ body: { contains: word, mode: "insensitive" as const } })),
    },
    orderBy: { createdAt: "desc" },
    take: 10,
    select: { body: true, createdAt: true, task: { select: { id: true, title: true } } },
  });
  return {
    project: { id: project.id, name: project.name, client: project.client.name, status: project.status, dueDate: project.dueDate, description: project.description },
    statusCounts: project.taskCounts,
    recentlyUpdated: recent.map((task) => ({ ...taskLine(task), updatedAt: task.updatedAt })),
    blockersFromComments: blockers.map((c) => ({ taskId: c.task.id, task: c.task.title, comment: c.body.slice(0, 500), at: c.createdAt.toISOString() })),
  };
}

export const ASSISTANT_TOOLS = {
  search_tasks: define({
    description: "Search the workspace's tasks by words in their title or description. Returns up to 20 tasks.",
    inputSchema: z.object({
      query: z.string().min(2).max(100).describe("Words to look for"),
      status: z.array(z.enum(["todo", "in_progress", "review", "done"])).min(1).max(4).optional(),
    }),
    async run(scope, input) {
      requireRead(scope);
      const items = await tasksPage(scope, { search: input.query, status: input.status });
      return { data: { tasks: items.map(taskLine) }, summary: `Searched tasks for “${input.query}”: ${items.length} found` };
    },
  }),
  due_work: define({
    description: "List open tasks that are overdue and those due in the next 7 days.",
    inputSchema: z.object({ mine: z.boolean().optional().describe("Only tasks assigned to the user") }),
    async run(scope, input) {
      requireRead(scope);
      const today = new Date();
      const assignee = input.mine ? { assigneeId: scope.actor.userId } : {};
      const overdue = await tasksPage(scope, { ...assignee, status: OPEN, dueTo: isoDay(addDays(today, -1)), sort: "due" });
      const dueThisWeek = await tasksPage(scope, { ...assignee, status: OPEN, dueFrom: isoDay(today), dueTo: isoDay(addDays(today, 7)), sort: "due" });
      return {
        data: { today: isoDay(today), overdue: overdue.map(taskLine), dueThisWeek: dueThisWeek.map(taskLine) },
        summary: `Found ${overdue.length} overdue and ${dueThisWeek.length} due this week`,
      };
    },
  }),
  summarize_project: define({
    description: "Status counts, recently updated tasks and blockers mentioned in comments of one project.",
    inputSchema: z.object({ projectId: z.uuid().optional().describe("Defaults to the project the user is looking at") }),
    async run(scope, input, context) {
      requireRead(scope);
      const projectId = input.projectId ?? context.projectId;
      if (!projectId) return { data: { error: "Which project? Ask the user or search tasks first." }, summary: "No project given" };
      const digest = await projectDigest(scope, projectId);
      return { data: digest, summary: `Summarized project “${digest.project.name}”` };
    },
  }),
  draft_client_update: define({
    description: "Facts for a status update to the project's client: progress, what changed recently, blockers. Write the update from them.",
    inputSchema: z.object({ projectId: z.uuid().optional() }),
    async run(scope, input, context) {
      requireRead(scope);
      const projectId = input.projectId ?? context.projectId;
      if (!projectId) return { data: { error: "Which project? Ask the user." }, summary: "No project given" };
      const digest = await projectDigest(scope, projectId);
      return { data: digest, summary: `Gathered facts for a status update to ${digest.project.client}` };
    },
  }),
  break_down_task: define({
    description: "Read one task so you can split it into subtasks; then call propose_tasks with them.",
    inputSchema: z.object({ taskId: z.uuid().optional().describe("Defaults to the task the user is looking at") }),
    async run(scope, input, context) {
      requireRead(scope);
      const taskId = input.taskId ?? context.taskId;
      if (!taskId) return { data: { error: "Which task? Ask the user or search tasks first." }, summary: "No task given" };
      const task = await getTask(scope, taskId);
      return { data: { task: { ...taskLine(task), description: task.description.slice(0, 4_000) } }, summary: `Read task “${task.title}”` };
    },
  }),
  revenue_figures: define({
    description:
      "The agency's revenue for one month (default: this month), as the revenue dashboard shows it: MRR, ARR, change vs last month, 12-month net and gross retention, churn, ARPA, and per client MRR, change and what they owe. Needs the revenue:read permission (admins and owners).",
    inputSchema: z.object({ month: monthKeySchema.optional().describe("YYYY-MM; defaults to the current month") }),
    async run(scope, input) {
      if (!actorCan(scope, "revenue:read")) {
        throw new AppError("FORBIDDEN", "Revenue figures are for admins and owners; this user cannot read them.");
      }
      const request = { orgId: scope.org.id, month: input.month };
      const summary = await revenueSummary(scope, request);
      const clients = await revenueClients(scope, request);
      const money = (minor: number) => formatMoney(minor, summary.baseCurrency);
      const percent = (bp: number | null) => (bp === null ? null : `${(bp / 100).toFixed(1)}%`);
      const topClients = [...clients.rows].sort((a, b) => b.mrr - a.mrr).slice(0, 20);
      return {
        data: {
          month: summary.month,
          baseCurrency: summary.baseCurrency,
          hasRetainers: summary.hasRetainers,
          mrr: money(summary.mrr),
          arr: money(summary.arr),
          changeVsLastMonth: money(summary.change),
          customers: summary.customers,
          arpa: summary.arpa === null ? null : money(summary.arpa),
          netRevenueRetention12m: percent(summary.nrrBp),
          grossRevenueRetention12m: percent(summary.grrBp),
          logoChurnThisMonth: summary.logoChurnMonth,
          missingExchangeRates: summary.missingRates,
          clients: topClients.map((client) => ({
            name: client.clientName,
            mrr: money(client.mrr),
            change: money(client.change),
            movement: client.movement,
            outstanding: client.outstanding.map((owed) => formatMoney(owed.amount, owed.currency)),
          })),
        },
        summary: `Read revenue for ${summary.month}: MRR ${money(summary.mrr)}`,
      };
    },
  }),
  propose_tasks: define({
    description:
      "Propose new tasks for a project (e.g. from a plan or a task breakdown). Nothing is created: the user reviews the list and confirms it.",
    inputSchema: z.object({
      projectId: z.uuid().optional().describe("Defaults to the project the user is looking at"),
      tasks: z.array(proposedTaskSchema).min(1).max(20),
    }),
    async run(scope, input, context) {
      requireRead(scope);
      const projectId = input.projectId ?? context.projectId;
      if (!projectId) return { data: { error: "Which project should the tasks go in? Ask the user." }, summary: "No project for the proposal" };
      const project = await getProject(scope, projectId);
      const proposal: AssistantProposal = {
        kind: "create_tasks",
        projectId: project.id,
        projectName: project.name,
        tasks: input.tasks,
        state: "pending",
        createdTaskIds: [],
      };
      return {
        data: { proposed: input.tasks.length, project: project.name, note: "Waiting for the user to confirm in the UI; nothing was created." },
        summary: `Proposed ${input.tasks.length} tasks for “${project.name}”`,
        proposal,
      };
    },
  }),
} as const;

export type AssistantToolName = keyof typeof ASSISTANT_TOOLS;

/** What the gateway offers the model: names, descriptions and input schemas (no code). */
export const assistantToolDefinitions = Object.fromEntries(
  Object.entries(ASSISTANT_TOOLS).map(([name, t]) => [name, { description: t.description, inputSchema: t.inputSchema as z.ZodType }]),
);

/**
 * Tool results are workspace text written by people: the model receives them inside one
 * delimited block, as JSON, with `<` escaped so no text inside can close the block early.
 * The system prompt tells the model this block is data, never instructions.
 */
export function workspaceData(tool: string, data: unknown): string {
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return `<workspace_data tool="${tool}">\n${json}\n</workspace_data>`;
}

/** Runs one tool call; a bad input or a refused read becomes data for the model, not a crash. */
export async function runTool(scope: TenantScope, name: string, input: unknown, context: ToolContext): Promise<ToolOutcome> {
  const definition = (ASSISTANT_TOOLS as Record<string, ToolDefinition<z.ZodType>>)[name];
  if (!definition) return { data: { error: `Unknown tool ${name}` }, summary: `Unknown tool ${name}` };
  const parsed = definition.inputSchema.safeParse(input);
  if (!parsed.success) return { data: { error: "Invalid tool input", issues: parsed.error.issues.map((i) => i.message) }, summary: `${name}: invalid input` };
  try {
    return await definition.run(scope, parsed.data, context);
  } catch (error) {
    if (error instanceof AppError && ["NOT_FOUND", "FORBIDDEN", "VALIDATION_ERROR", "BAD_REQUEST"].includes(error.code)) {
      return { data: { error: error.message }, summary: `${name}: ${error.message}` };
    }
    throw error;
  }
}
