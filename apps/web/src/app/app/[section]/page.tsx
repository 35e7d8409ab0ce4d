import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { NAV_ITEMS, findSection } from "~/components/shell/nav-items";
import { EmptyState } from "~/components/ui/empty-state";
import { ButtonLink } from "~/components/ui/button";

// Every section is known at build time: prerender them all, and anything else is a 404.
export const dynamicParams = false;

export function generateStaticParams() {
  return NAV_ITEMS.filter((item) => !item.ready).map((item) => ({ section: item.href.slice("/app/".length) }));
}

export async function generateMetadata({ params }: { params: Promise<{ section: string }> }): Promise<Metadata> {
  const section = findSection((await params).section);
  return { title: section?.label ?? "Not found" };
}

export default async function SectionPage({ params }: { params: Promise<{ section: string }> }) {
  const section = findSection((await params).section);
  if (!section) notFound();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900">{section.label}</h1>
      <EmptyState
        icon={section.icon}
        title={`${section.label} is on its way`}
        description={section.description}
        action={
          <ButtonLink href="/app" variant="secondary">
            Back to the dashboard
          </ButtonLink>
        }
      />
    </div>
  );
}
