import { Markdown } from "../markdown/markdown";

/** A project's markdown description under its header; long ones fold so the board stays in view. */
export function ProjectDescription({ source }: { source: string }) {
  const text = source.trim();
  if (!text) return null;
  const long = text.length > 400 || text.split("\n").length > 6;
  const body = <Markdown source={text} testId="project-description" className="max-w-3xl" />;
  if (!long) return body;
  return (
    <details className="max-w-3xl">
      <summary className="cursor-pointer text-sm font-medium text-brand-700 hover:underline">Project description</summary>
      <div className="mt-2">{body}</div>
    </details>
  );
}
