import type { WebhookEvent } from "@agency/validators";
import type { IncomingWebhookSendArguments } from "@slack/webhook";

type Blocks = NonNullable<IncomingWebhookSendArguments["blocks"]>;

/** What a Slack message is written from: the event, who acted, and where the app lives. */
export interface SlackMessageContext {
  event: Pick<WebhookEvent, "type" | "data" | "orgId">;
  actorName: string | null;
  appUrl: string;
}

const STATUS_LABELS: Record<string, string> = { todo: "To do", in_progress: "In progress", review: "Review", done: "Done" };
const str = (value: unknown) => (typeof value === "string" && value ? value : null);
/** Slack mrkdwn treats &, < and > specially; user text must not inject links or mentions. */
const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function subjectOf(event: SlackMessageContext["event"], appUrl: string): { noun: string; name: string | null; link: string | null } {
  const data = event.data;
  const base = appUrl.replace(/\/$/, "");
  const [kind] = event.type.split(".");
  switch (kind) {
    case "task":
      return { noun: "task", name: str(data.title), link: str(data.taskId) ? `${base}/app/tasks/${String(data.taskId)}` : null };
    case "project":
      return { noun: "project", name: str(data.name), link: str(data.projectId) ? `${base}/app/projects/${String(data.projectId)}` : null };
    case "client":
      return { noun: "client", name: str(data.name), link: `${base}/app/clients` };
    case "comment":
      return { noun: "task", name: str(data.taskTitle), link: str(data.taskId) ? `${base}/app/tasks/${String(data.taskId)}` : null };
    case "member":
      return { noun: "member", name: str(data.userName), link: `${base}/app/organization` };
    default:
      return { noun: "organization", name: null, link: `${base}/app/organization/integrations` };
  }
}

function summary(ctx: SlackMessageContext, subject: ReturnType<typeof subjectOf>): string {
  const who = ctx.actorName ?? "Someone";
  const what = subject.name ? `${subject.noun} “${subject.name}”` : `a ${subject.noun}`;
  const data = ctx.event.data;
  const [, action] = ctx.event.type.split(".");
  switch (ctx.event.type) {
    case "ping":
      return "Test message from Agency OS: Slack notifications are connected.";
    case "task.moved":
      return `${who} moved ${what} to ${STATUS_LABELS[String(data.status)] ?? String(data.status)}`;
    case "comment.created":
      return `${who} commented on ${what}`;
    case "member.added":
      return `${subject.name ?? "A new member"} joined as ${String(data.role ?? "member")}`;
    case "member.role_changed":
      return `${who} changed the role of ${subject.name ?? "a member"} to ${String(data.role ?? "")}`;
    case "member.removed":
      return `${subject.name ?? "A member"} left or was removed`;
    default:
      return `${who} ${action ?? "changed"} ${what}`;
  }
}

/**
 * A readable Block Kit message for one event: a plain `text` fallback (notifications, screen
 * readers) and blocks — the summary naming the record and the actor, the changed fields, and a
 * button linking to the record in the app (APP_URL).
 */
export function slackMessage(ctx: SlackMessageContext): { text: string; blocks: Blocks } {
  const subject = subjectOf(ctx.event, ctx.appUrl);
  const text = summary(ctx, subject);
  const changed = ctx.event.data.changes && typeof ctx.event.data.changes === "object" ? Object.keys(ctx.event.data.changes) : [];
  const blocks: Blocks = [
    { type: "section", text: { type: "mrkdwn", text: escape(text) } },
  ];
  if (changed.length) {
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: escape(`Changed: ${changed.join(", ")}`) }] });
  }
  if (subject.link) {
    blocks.push({
      type: "actions",
      elements: [{ type: "button", text: { type: "plain_text", text: `Open in Agency OS` }, url: subject.link }],
    });
  }
  return { text, blocks };
}
