"use client";

import type { AssistantContext } from "@agency/validators";
import { useState } from "react";
import { AssistantChat, type AssistantOrg } from "./assistant-chat";

/** A collapsible assistant on a project or task page: conversations started here are about that page. */
export function AssistantPanel({ org, context }: { org: AssistantOrg; context: AssistantContext }) {
  const [open, setOpen] = useState(false);
  if (org.role === "viewer") return null; // viewers do not hold assistant:use
  return (
    <section className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" aria-label="Assistant">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="assistant-panel-body"
        onClick={() => setOpen((value) => !value)}
        className="flex w-full items-center justify-between text-left text-sm font-semibold text-slate-900"
      >
        <span>
          <span aria-hidden>✦ </span>Ask the assistant about this {context.type}
        </span>
        <span aria-hidden className="text-slate-500">
          {open ? "▾" : "▸"}
        </span>
      </button>
      {open && (
        <div id="assistant-panel-body" className="mt-3">
          <AssistantChat org={org} context={context} compact />
        </div>
      )}
    </section>
  );
}
