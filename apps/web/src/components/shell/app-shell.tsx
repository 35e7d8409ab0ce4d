"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { ConnectionIndicator } from "../status/connection-indicator";
import { HeartbeatProvider } from "../status/heartbeat";
import { roleSchema } from "@agency/validators";
import { NAV_ITEMS, navItemVisible } from "./nav-items";
import { OrgSwitcher, type SwitcherOrg } from "../organizations/org-switcher";
import { EmailVerificationBanner } from "../account/email-verification-banner";
import { NotificationBell } from "../notifications/notification-bell";
import { TimeZoneSync } from "../account/time-zone-sync";

function NavLinks({ onNavigate, role }: { onNavigate?: () => void; role: string | null }) {
  const pathname = usePathname();
  const parsedRole = roleSchema.safeParse(role);
  return (
    <ul className="space-y-1">
      {NAV_ITEMS.filter((item) => navItemVisible(item, parsedRole.success ? parsedRole.data : null)).map((item) => {
        const active = item.href === "/app" ? pathname === "/app" : pathname.startsWith(item.href);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              onClick={onNavigate}
              aria-current={active ? "page" : undefined}
              className={`flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium ${
                active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100"
              }`}
            >
              <span aria-hidden className="w-4 text-center">
                {item.icon}
              </span>
              {item.label}
              {!item.ready && (
                <span className="ml-auto text-[10px] font-semibold uppercase tracking-wide text-slate-500">Soon</span>
              )}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

export function AppShell({
  children,
  user,
  orgs = [],
  activeOrgId = null,
  notice,
}: {
  children: ReactNode;
  user: { id: string; name: string; email: string; emailVerified: boolean; timeZone: string | null };
  orgs?: SwitcherOrg[];
  activeOrgId?: string | null;
  notice?: ReactNode;
}) {
  const [menuOpen, setMenuOpen] = useState(false);
  const activeRole = orgs.find((org) => org.id === activeOrgId)?.role ?? null;
  const menuButton = useRef<HTMLButtonElement>(null);
  const pathname = usePathname();
  // Navigating (including back/forward) closes the phone menu.
  const [menuPath, setMenuPath] = useState(pathname);
  if (menuPath !== pathname) {
    setMenuPath(pathname);
    setMenuOpen(false);
  }

  useEffect(() => {
    if (!menuOpen) return;
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setMenuOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener("keydown", closeOnEscape);
    return () => document.removeEventListener("keydown", closeOnEscape);
  }, [menuOpen]);

  return (
    <HeartbeatProvider>
      <TimeZoneSync userId={user.id} storedTimeZone={user.timeZone} />
      <div className="min-h-dvh">
        <header className="sticky top-0 z-20 flex h-14 items-center gap-2 border-b border-slate-200 bg-white/90 px-3 backdrop-blur sm:gap-3 sm:px-4">
          <button
            ref={menuButton}
            type="button"
            className="shrink-0 rounded-md p-2 text-slate-700 hover:bg-slate-100 lg:hidden"
            aria-expanded={menuOpen}
            aria-controls="mobile-nav"
            onClick={() => setMenuOpen((open) => !open)}
          >
            <span className="sr-only">{menuOpen ? "Close menu" : "Open menu"}</span>
            <span aria-hidden className="text-lg leading-none">
              {menuOpen ? "✕" : "☰"}
            </span>
          </button>
          <Link href="/" className="flex shrink-0 items-center gap-2 font-semibold text-slate-900">
            <span aria-hidden className="grid size-7 place-items-center rounded-lg bg-brand-600 text-sm text-white">
              A
            </span>
            <span className="sr-only sm:not-sr-only">Agency OS</span>
          </Link>
          <OrgSwitcher orgs={orgs} activeId={activeOrgId} />
          <div className="ml-auto flex items-center gap-3">
            {activeOrgId && <NotificationBell key={activeOrgId} orgId={activeOrgId} />}
            <ConnectionIndicator />
            <span className="hidden text-sm text-slate-600 sm:inline" data-testid="signed-in-user" title={user.email}>
              {user.name}
            </span>
            <button
              type="button"
              onClick={() => void signOut({ callbackUrl: "/sign-in" })}
              className="whitespace-nowrap rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100"
            >
              Sign out
            </button>
          </div>
        </header>

        {menuOpen && (
          <nav id="mobile-nav" aria-label="Main" className="border-b border-slate-200 bg-white p-3 lg:hidden">
            <NavLinks role={activeRole} onNavigate={() => setMenuOpen(false)} />
          </nav>
        )}

        {!user.emailVerified && <EmailVerificationBanner email={user.email} />}

        <div className="mx-auto flex min-h-[calc(100dvh-3.5rem)] max-w-7xl">
          <div className="hidden w-60 shrink-0 border-r border-slate-200 lg:block">
            <nav aria-label="Main" className="sticky top-14 max-h-[calc(100dvh-3.5rem)] overflow-y-auto p-4">
              <NavLinks role={activeRole} />
            </nav>
          </div>
          <main id="main" className="min-w-0 flex-1 p-4 sm:p-6 lg:p-8">
            {notice}
            {children}
          </main>
        </div>
      </div>
    </HeartbeatProvider>
  );
}
