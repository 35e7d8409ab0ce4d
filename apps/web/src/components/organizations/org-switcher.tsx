"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, useTransition } from "react";
import { activateOrganization } from "~/app/app/org-actions";
import { useHydrated } from "~/lib/use-hydrated";

export interface SwitcherOrg {
  id: string;
  name: string;
  role: string;
}

/** Top-bar menu: the user's organizations (active one marked), switching sets the active-org cookie. */
export function OrgSwitcher({ orgs, activeId }: { orgs: SwitcherOrg[]; activeId: string | null }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const hydrated = useHydrated();
  const active = orgs.find((org) => org.id === activeId) ?? null;

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    const onClick = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  function choose(orgId: string) {
    setError(null);
    startTransition(async () => {
      const result = await activateOrganization(orgId);
      if (result?.error) {
        setError(result.error);
        return;
      }
      setOpen(false);
      router.refresh();
    });
  }

  return (
    <div ref={root} className="relative min-w-0">
      <button
        ref={button}
        type="button"
        data-testid="org-switcher"
        aria-expanded={open}
        aria-controls={panelId}
        disabled={!hydrated}
        onClick={() => setOpen((value) => !value)}
        className="flex w-full min-w-0 max-w-[9rem] items-center gap-1.5 rounded-lg px-2 py-1.5 text-sm font-medium text-slate-800 ring-1 ring-inset ring-slate-200 hover:bg-slate-50 sm:max-w-[14rem]"
      >
        <span className="sr-only">Organization: </span>
        <span className="truncate">{active ? active.name : "No organization"}</span>
        <span aria-hidden className="shrink-0 text-xs text-slate-500" data-testid="org-switcher-arrow">
          ▾
        </span>
      </button>
      {open && (
        <div
          id={panelId}
          className="absolute left-0 top-full z-30 mt-2 w-64 max-w-[calc(100vw-2rem)] rounded-xl bg-white p-2 shadow-lg ring-1 ring-slate-200"
        >
          {orgs.length > 0 ? (
            <ul aria-label="Your organizations" className="max-h-72 space-y-0.5 overflow-y-auto">
              {orgs.map((org) => {
                const current = org.id === active?.id;
                return (
                  <li key={org.id}>
                    <button
                      type="button"
                      disabled={pending}
                      aria-current={current ? "true" : undefined}
                      onClick={() => (current ? setOpen(false) : choose(org.id))}
                      className={`flex w-full items-center gap-2 rounded-lg px-3 py-2 text-left text-sm ${
                        current ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100"
                      }`}
                    >
                      <span aria-hidden className="w-4 text-center">
                        {current ? "✓" : ""}
                      </span>
                      <span className="min-w-0 flex-1 truncate">{org.name}</span>
                      <span className="text-xs capitalize text-slate-500">{org.role}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          ) : (
            <p className="px-3 py-2 text-sm text-slate-600">You are not in any organization yet.</p>
          )}
          {error && (
            <p role="alert" className="mx-1 mt-1 rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">
              {error}
            </p>
          )}
          <div className="mt-1 border-t border-slate-100 pt-1">
            <Link
              href="/app/organizations/new"
              onClick={() => setOpen(false)}
              className="flex items-center gap-2 rounded-lg px-3 py-2 text-sm font-medium text-brand-700 hover:bg-slate-100"
            >
              <span aria-hidden className="w-4 text-center">
                +
              </span>
              Create organization
            </Link>
          </div>
        </div>
      )}
    </div>
  );
}
