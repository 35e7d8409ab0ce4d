import Link from "next/link";
import { StatusPill } from "~/components/status/status-pill";
import { ButtonLink } from "~/components/ui/button";

const FEATURES = [
  {
    icon: "◎",
    title: "Clients & projects",
    body: "Every client, contact and project in one place, with budgets in real money and dates that matter.",
  },
  {
    icon: "☑",
    title: "Live task boards",
    body: "Kanban boards that update for the whole team the moment anyone moves a card. No refresh, no lost edits.",
  },
  {
    icon: "◔",
    title: "Subscriptions & revenue",
    body: "Retainers, invoices and monthly recurring revenue per client, computed in one transaction, never twice.",
  },
  {
    icon: "✦",
    title: "AI assistant",
    body: "Ask “which projects are over budget?” and get answers grounded in your own workspace data.",
  },
  {
    icon: "▣",
    title: "Secure by default",
    body: "Row-level security in PostgreSQL keeps each agency's data apart even if application code has a bug.",
  },
  {
    icon: "⚡",
    title: "Built to scale",
    body: "Stateless API, cursor pagination and a typed client from database to browser. Fast at a million tasks.",
  },
];

export default function LandingPage() {
  return (
    <div className="min-h-dvh bg-white">
      <header className="mx-auto flex max-w-6xl items-center justify-between px-4 py-5 sm:px-6">
        <Link href="/" className="flex items-center gap-2 whitespace-nowrap rounded-md font-semibold text-slate-900">
          <span aria-hidden className="grid size-8 place-items-center rounded-lg bg-brand-600 text-white">
            A
          </span>
          Agency OS
        </Link>
        <nav aria-label="Site" className="flex items-center gap-2 sm:gap-4">
          <Link href="/status" className="rounded-md px-2 py-1 text-sm font-medium text-slate-600 hover:text-slate-900">
            Status
          </Link>
          <ButtonLink href="/app" className="whitespace-nowrap px-3 sm:px-4">
            Open the app
          </ButtonLink>
        </nav>
      </header>

      <main id="main">
        <section className="mx-auto max-w-6xl px-4 pb-16 pt-10 sm:px-6 sm:pt-20">
          <p className="text-sm font-semibold uppercase tracking-wider text-brand-600">For agency teams</p>
          <h1 className="mt-3 max-w-3xl text-4xl font-bold tracking-tight text-slate-900 sm:text-6xl">
            Run your whole agency from one workspace.
          </h1>
          <p className="mt-6 max-w-2xl text-lg text-slate-600">
            Clients, projects, tasks, subscriptions and revenue — with an AI assistant that knows your work. Every
            agency&apos;s data stays its own, enforced all the way down to the database.
          </p>
          <div className="mt-8 flex flex-wrap gap-3">
            <ButtonLink href="/app" className="px-5 py-3 text-base">
              Open the app
            </ButtonLink>
            <ButtonLink href="/status" variant="secondary" className="px-5 py-3 text-base">
              See live system status
            </ButtonLink>
          </div>
          <div className="mt-6">
            <StatusPill />
          </div>
        </section>

        <section aria-labelledby="features" className="border-t border-slate-100 bg-slate-50">
          <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6">
            <h2 id="features" className="text-2xl font-bold tracking-tight text-slate-900">
              Everything an agency does every day
            </h2>
            <ul className="mt-8 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              {FEATURES.map((feature) => (
                <li key={feature.title} className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
                  <span
                    aria-hidden
                    className="grid size-10 place-items-center rounded-lg bg-brand-50 text-lg text-brand-700"
                  >
                    {feature.icon}
                  </span>
                  <h3 className="mt-4 font-semibold text-slate-900">{feature.title}</h3>
                  <p className="mt-2 text-sm text-slate-600">{feature.body}</p>
                </li>
              ))}
            </ul>
          </div>
        </section>
      </main>

      <footer className="border-t border-slate-100">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2 px-4 py-6 text-sm text-slate-500 sm:px-6">
          <span>© Agency OS</span>
          <Link href="/status" className="hover:text-slate-700">
            System status
          </Link>
        </div>
      </footer>
    </div>
  );
}
