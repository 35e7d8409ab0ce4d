import { ButtonLink } from "./button";
import { EmptyState } from "./empty-state";

/** A section that needs an organization, shown to someone who is in none yet. */
export function NoOrganization({ section, belongings = section }: { section: string; belongings?: string }) {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900">{section}</h1>
      <EmptyState
        icon="◇"
        title="You are not in an organization yet"
        description={`${belongings} belong to an organization. Create one for your agency, or open the invitation link a teammate sent you.`}
        action={<ButtonLink href="/app/organizations/new">Create organization</ButtonLink>}
      />
    </div>
  );
}
