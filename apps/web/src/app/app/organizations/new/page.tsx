import type { Metadata } from "next";
import { CreateOrgForm } from "~/components/organizations/create-org-form";

export const metadata: Metadata = { title: "Create organization" };

export default function NewOrganizationPage() {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Create organization</h1>
        <p className="mt-1 text-sm text-slate-600">A shared workspace for your agency. You will be its owner.</p>
      </div>
      <CreateOrgForm />
    </div>
  );
}
