"use client";

import { useMemo } from "react";
import ReactMarkdown, { defaultUrlTransform, type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { remarkRankHeadings } from "~/lib/markdown-headings";
import { useMentionMembers } from "../notifications/mention-members";

/** A minimal mdast node: enough to walk text and splice mention nodes in. */
interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
  data?: { hName?: string; hProperties?: Record<string, string>; hChildren?: { type: "text"; value: string }[] };
}

const MENTION = /<@([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})>/gi;

/**
 * `<@user-id>` in text (not in code or links) becomes a highlighted `@Name` of the member, or
 * "@former member" for an id that is no member any more. Names come from the mention-members
 * context; nothing is fetched here.
 */
function remarkMentions(names: ReadonlyMap<string, string>) {
  const split = (text: string): MdNode[] => {
    const parts: MdNode[] = [];
    let last = 0;
    for (const match of text.matchAll(MENTION)) {
      const at = match.index ?? 0;
      if (at > last) parts.push({ type: "text", value: text.slice(last, at) });
      const id = match[1]!.toLowerCase();
      const name = names.get(id);
      parts.push({
        type: "mention",
        data: {
          hName: "span",
          hProperties: { className: "mention rounded bg-brand-50 px-0.5 font-medium text-brand-800", "data-mention": id },
          hChildren: [{ type: "text", value: name ? `@${name}` : "@former member" }],
        },
      });
      last = at + match[0].length;
    }
    if (last < text.length) parts.push({ type: "text", value: text.slice(last) });
    return parts;
  };
  const walk = (node: MdNode) => {
    if (!node.children || node.type === "link") return;
    node.children = node.children.flatMap((child) => (child.type === "text" && child.value?.includes("<@") ? split(child.value) : [child]));
    node.children.forEach(walk);
  };
  return () => (tree: MdNode) => walk(tree);
}

/**
 * Elements styled one by one (the app has no typography plugin). Raw HTML in
 * the source is never rendered: react-markdown escapes it unless a rehype-raw
 * plugin is added, and none is. Images become links: the CSP only allows
 * same-origin images, and a remote image in a comment would be a tracking pixel.
 */
const components: Components = {
  h1: ({ children }) => <h3 className="mt-4 mb-2 text-lg font-semibold text-slate-900 first:mt-0">{children}</h3>,
  h2: ({ children }) => <h4 className="mt-4 mb-2 text-base font-semibold text-slate-900 first:mt-0">{children}</h4>,
  h3: ({ children }) => <h5 className="mt-3 mb-1 text-sm font-semibold text-slate-900 first:mt-0">{children}</h5>,
  h4: ({ children }) => <h6 className="mt-3 mb-1 text-sm font-semibold text-slate-900 first:mt-0">{children}</h6>,
  h5: ({ children }) => <p className="mt-3 mb-1 text-sm font-semibold text-slate-900 first:mt-0">{children}</p>,
  h6: ({ children }) => <p className="mt-3 mb-1 text-sm font-semibold text-slate-700 first:mt-0">{children}</p>,
  p: ({ children }) => <p className="my-2 first:mt-0 last:mb-0">{children}</p>,
  ul: ({ children, className }) => (
    <ul className={`my-2 space-y-1 pl-5 ${className?.includes("contains-task-list") ? "list-none pl-1" : "list-disc"}`}>
      {children}
    </ul>
  ),
  ol: ({ children }) => <ol className="my-2 list-decimal space-y-1 pl-5">{children}</ol>,
  li: ({ children }) => <li className="[&>input]:mr-2">{children}</li>,
  a: ({ children, href }) => (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer nofollow ugc"
      className="font-medium text-brand-700 underline hover:text-brand-600"
    >
      {children}
    </a>
  ),
  img: ({ src, alt }) =>
    typeof src === "string" && src ? (
      <a href={src} target="_blank" rel="noopener noreferrer nofollow ugc" className="text-brand-700 underline">
        {alt || "Image"}
      </a>
    ) : null,
  blockquote: ({ children }) => (
    <blockquote className="my-2 border-l-4 border-slate-200 pl-3 text-slate-600">{children}</blockquote>
  ),
  code: ({ children, className }) =>
    className ? (
      <code className={`${className} font-mono text-[0.8125rem]`}>{children}</code>
    ) : (
      <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.8125rem] text-slate-800">{children}</code>
    ),
  pre: ({ children }) => (
    <pre className="my-2 overflow-x-auto rounded-lg bg-slate-900 p-3 text-slate-100 [&_code]:bg-transparent [&_code]:p-0 [&_code]:text-slate-100">
      {children}
    </pre>
  ),
  hr: () => <hr className="my-4 border-slate-200" />,
  table: ({ children }) => (
    <div className="my-2 overflow-x-auto">
      <table className="min-w-full border-collapse text-left text-sm">{children}</table>
    </div>
  ),
  th: ({ children }) => <th className="border border-slate-200 bg-slate-50 px-2 py-1 font-semibold">{children}</th>,
  td: ({ children }) => <td className="border border-slate-200 px-2 py-1">{children}</td>,
  input: ({ checked, type }) =>
    type === "checkbox" ? (
      <input
        type="checkbox"
        checked={Boolean(checked)}
        disabled
        readOnly
        aria-label={checked ? "Done" : "Not done"}
        className="align-middle"
      />
    ) : null,
};

/** Only web and mail links survive (react-markdown's default already drops `javascript:` and friends). */
function safeUrl(url: string): string {
  const cleaned = defaultUrlTransform(url);
  return /^(https?:|mailto:|#|\/)/i.test(cleaned) || !/^[a-z][a-z0-9+.-]*:/i.test(cleaned) ? cleaned : "";
}

/** Markdown written by users (task descriptions, comments), rendered without raw HTML. */
export function Markdown({ source, className = "", testId }: { source: string; className?: string; testId?: string }) {
  const members = useMentionMembers();
  const plugins = useMemo(
    () => [remarkGfm, remarkRankHeadings, remarkMentions(new Map((members ?? []).map((m) => [m.userId.toLowerCase(), m.name])))],
    [members],
  );
  return (
    <div className={`break-words text-sm leading-6 text-slate-800 ${className}`} data-testid={testId}>
      <ReactMarkdown remarkPlugins={plugins} components={components} urlTransform={safeUrl}>
        {source}
      </ReactMarkdown>
    </div>
  );
}
