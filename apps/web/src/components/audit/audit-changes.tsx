import { describeAuditMetadata, type AuditContext } from "~/lib/audit-metadata";

/** An entry's metadata as readable lines: "Moved from To do to In progress", "Assignee: Ana → Bob", "Role: admin". */
export function AuditChanges({ metadata, context }: { metadata: unknown; context?: AuditContext }) {
  const details = describeAuditMetadata(metadata, context);
  if (details.length === 0) return <span className="text-slate-400">—</span>;
  return (
    <ul className="space-y-1" data-testid="audit-changes">
      {details.map((detail, index) => (
        <li key={`${detail.kind === "note" ? "note" : detail.field}-${index}`} className="break-words">
          {detail.kind === "note" ? (
            <span className="text-slate-900">{detail.text}</span>
          ) : (
            <>
              <span className="font-medium text-slate-700">{detail.field}:</span>{" "}
              {detail.kind === "change" ? (
                <>
                  <del className="text-rose-700 decoration-rose-300">{detail.before}</del>
                  <span aria-label="changed to" className="mx-1 text-slate-400">
                    →
                  </span>
                  <ins className="text-emerald-700 no-underline">{detail.after}</ins>
                </>
              ) : (
                <span className="text-slate-900">{detail.value}</span>
              )}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
