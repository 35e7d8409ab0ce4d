import type { Metadata } from "next";
import Link from "next/link";
import { Fragment } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { splitLinks } from "~/lib/linkify";
import { EmptyState } from "~/components/ui/empty-state";
import { ErrorState } from "~/components/ui/error-state";
import { readDevOutbox } from "~/server/dev-outbox";

export const metadata: Metadata = { title: "Dev outbox" };
export const dynamic = "force-dynamic";

/** Email text with its http(s) links clickable. */
function Linkified({ text }: { text: string }) {
  return (
    <>
      {splitLinks(text).map((part, index) =>
        part.kind === "link" ? (
          <a key={index} href={part.value} className="break-all font-medium text-brand-700 underline hover:text-brand-800">
            {part.value}
          </a>
        ) : (
          <Fragment key={index}>{part.value}</Fragment>
        ),
      )}
    </>
  );
}

export default async function OutboxPage() {
  const result = await readDevOutbox();
  return (
    <main id="main" className="mx-auto max-w-3xl space-y-6 px-4 py-8 sm:py-12">
      <div>
        <Link href="/" className="text-sm text-slate-600 hover:text-slate-900">
          ← Agency OS
        </Link>
        <h1 className="mt-2 text-2xl font-bold tracking-tight text-slate-900">Dev outbox</h1>
        <p className="mt-1 text-sm text-slate-600">Emails the app would have sent, newest first. Development and test environments only.</p>
      </div>
      {"unavailable" in result && (
        <EmptyState
          icon="✉"
          title="The dev outbox is not available"
          description="The API keeps no outbox here (DEV_OUTBOX is off, as in production). Emails are delivered for real instead."
        />
      )}
      {"error" in result && <ErrorState {...toUserFacingError(result.error)} />}
      {"emails" in result && result.emails.length === 0 && (
        <EmptyState icon="✉" title="No emails yet" description="Invitations and other emails will show up here as soon as the app sends them." />
      )}
      {"emails" in result && result.emails.length > 0 && (
        <ul className="space-y-4" data-testid="outbox">
          {result.emails.map((email) => (
            <li key={email.id} className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200" data-testid="outbox-email">
              <p className="text-xs text-slate-500">
                To <span className="font-medium text-slate-700" data-testid="outbox-to">{email.to}</span> ·{" "}
                <time dateTime={email.createdAt}>{email.createdAt.replace("T", " ").slice(0, 19)} UTC</time>
              </p>
              <h2 className="mt-1 text-base font-semibold text-slate-900">{email.subject}</h2>
              <p className="mt-3 whitespace-pre-wrap break-words text-sm text-slate-700">
                <Linkified text={email.text} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
