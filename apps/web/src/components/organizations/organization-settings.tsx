"use client";

import {
  createInvitationInputSchema,
  organizationNameSchema,
  roleHasPermission,
  roleSchema,
  type Role,
} from "@agency/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { forgetActiveOrganization } from "~/app/app/org-actions";
import { toUserFacingError } from "~/lib/api-error";
import { formatDate } from "~/lib/dates";
import { useHydrated } from "~/lib/use-hydrated";
import { useTRPC } from "~/trpc/react";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { ErrorState } from "../ui/error-state";
import { Skeleton } from "../ui/spinner";
import { ApiKeysCard } from "./api-keys-card";
import { inputClass } from "./create-org-form";

export interface ActiveOrg {
  id: string;
  name: string;
  slug: string;
  role: Role;
}

const ROLES = roleSchema.options;
const ROLE_HELP: Record<Role, string> = {
  owner: "Everything, including owners and billing",
  admin: "Manage members, invitations and settings",
  member: "Work on tasks and comments",
  viewer: "Read only",
};
const selectClass = "rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm capitalize disabled:opacity-60";

function ApiMessage({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="mb-3 rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">
      {toUserFacingError(error).message}
    </p>
  );
}

/** Settings of the active organization: name, members and roles, invitations, API keys, leaving. */
export function OrganizationSettings({ org, currentUserId }: { org: ActiveOrg; currentUserId: string }) {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Organization</h1>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <span>
            <span className="font-medium text-slate-900" data-testid="org-name">
              {org.name}
            </span>{" "}
            · /{org.slug}
          </span>
          <Badge tone={org.role === "viewer" ? "neutral" : "success"}>Your role: {org.role}</Badge>
          {roleHasPermission(org.role, "integration:manage") && (
            <Link href="/app/organization/integrations" className="font-medium text-brand-700 underline-offset-2 hover:underline">
              Integrations: webhooks and Slack →
            </Link>
          )}
        </p>
      </div>
      {roleHasPermission(org.role, "org:update") && <RenameCard org={org} />}
      <MembersCard org={org} currentUserId={currentUserId} />
      {roleHasPermission(org.role, "member:invite") ? (
        <InvitationsCard org={org} />
      ) : (
        <p className="text-sm text-slate-600" data-testid="no-invite-permission">
          Only owners and admins can invite people or rename the organization.
        </p>
      )}
      {roleHasPermission(org.role, "apikey:manage") && <ApiKeysCard org={org} />}
      <LeaveCard org={org} />
    </div>
  );
}

function RenameCard({ org }: { org: ActiveOrg }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const hydrated = useHydrated();
  const update = useMutation(
    trpc.organizations.update.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.organizations.mine.queryKey() });
        router.refresh();
      },
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = organizationNameSchema.safeParse(new FormData(event.currentTarget).get("name"));
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Invalid name");
      return;
    }
    setError(null);
    update.mutate({ orgId: org.id, name: parsed.data });
  }

  return (
    <Card title="Name">
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="min-w-0 flex-1 sm:max-w-sm">
          <label htmlFor="rename-org" className="block text-sm font-medium text-slate-800">
            Organization name
          </label>
          <input
            id="rename-org"
            name="name"
            defaultValue={org.name}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "rename-org-error" : undefined}
            className={inputClass}
          />
        </div>
        <Button type="submit" variant="secondary" disabled={update.isPending || !hydrated}>
          {update.isPending ? "Saving…" : "Rename"}
        </Button>
      </form>
      {error && (
        <p id="rename-org-error" className="mt-1 text-sm text-rose-700">
          {error}
        </p>
      )}
      <div className="mt-3">
        <ApiMessage error={update.error} />
      </div>
      {update.isSuccess && !update.isPending && (
        <p role="status" className="mt-3 text-sm text-emerald-700">
          Saved.
        </p>
      )}
    </Card>
  );
}

function MembersCard({ org, currentUserId }: { org: ActiveOrg; currentUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);
  const members = useQuery(trpc.members.list.queryOptions({ orgId: org.id }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey({ orgId: org.id }) });
  const changeRole = useMutation(trpc.members.changeRole.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(
    trpc.members.remove.mutationOptions({
      onSuccess: () => setConfirmRemove(null),
      onSettled: refresh,
    }),
  );
  const canManage = roleHasPermission(org.role, "member:manage");
  const canManageOwners = roleHasPermission(org.role, "owner:manage");
  const grantable = ROLES.filter((role) => canManageOwners || role !== "owner");

  return (
    <Card title={members.data ? `Members (${members.data.length})` : "Members"}>
      <ApiMessage error={changeRole.error ?? remove.error} />
      {members.isPending && (
        <div className="space-y-2">
          <Skeleton className="h-12 w-full" />
          <Skeleton className="h-12 w-full" />
        </div>
      )}
      {members.isError && <ErrorState {...toUserFacingError(members.error)} onRetry={() => void members.refetch()} />}
      {members.data && (
        <ul className="divide-y divide-slate-100" data-testid="members-list">
          {members.data.map((member) => {
            const self = member.userId === currentUserId;
            const editable = canManage && !self && (member.role !== "owner" || canManageOwners);
            return (
              <li key={member.userId} className="flex flex-wrap items-center gap-x-4 gap-y-2 py-3" data-testid="member-row">
                <div className="min-w-0 flex-1 basis-48">
                  <p className="truncate text-sm font-medium text-slate-900">
                    {member.name}
                    {self && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">You</span>}
                  </p>
                  <p className="truncate text-xs text-slate-500">
                    {member.email} · joined {formatDate(member.joinedAt)}
                  </p>
                </div>
                <div className="flex items-center gap-2">
                  {editable ? (
                    <>
                      <label htmlFor={`role-${member.userId}`} className="sr-only">
                        Role of {member.name}
                      </label>
                      <select
                        id={`role-${member.userId}`}
                        value={member.role}
                        disabled={changeRole.isPending}
                        onChange={(event) =>
                          changeRole.mutate({ orgId: org.id, userId: member.userId, role: event.target.value as Role })
                        }
                        className={selectClass}
                      >
                        {grantable.map((role) => (
                          <option key={role} value={role}>
                            {role}
                          </option>
                        ))}
                      </select>
                      {confirmRemove === member.userId ? (
                        <>
                          <Button
                            variant="secondary"
                            className="!px-3 !py-1.5 text-rose-700"
                            disabled={remove.isPending}
                            onClick={() => remove.mutate({ orgId: org.id, userId: member.userId })}
                          >
                            {remove.isPending ? "Removing…" : `Confirm removal`}
                          </Button>
                          <Button variant="ghost" className="!px-3 !py-1.5" onClick={() => setConfirmRemove(null)}>
                            Cancel
                          </Button>
                        </>
                      ) : (
                        <Button
                          variant="ghost"
                          className="!px-3 !py-1.5"
                          aria-label={`Remove ${member.name}`}
                          onClick={() => {
                            remove.reset();
                            setConfirmRemove(member.userId);
                          }}
                        >
                          Remove
                        </Button>
                      )}
                    </>
                  ) : (
                    <span data-testid="member-role">
                      <Badge tone={member.role === "owner" ? "success" : "neutral"}>{member.role}</Badge>
                    </span>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

function InvitationsCard({ org }: { org: ActiveOrg }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [fieldError, setFieldError] = useState<string | null>(null);
  const hydrated = useHydrated();
  const invitations = useQuery(trpc.invitations.list.queryOptions({ orgId: org.id }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.invitations.list.queryKey({ orgId: org.id }) });
  const create = useMutation(trpc.invitations.create.mutationOptions({ onSettled: refresh }));
  const resend = useMutation(trpc.invitations.resend.mutationOptions({ onSettled: refresh }));
  const revoke = useMutation(trpc.invitations.revoke.mutationOptions({ onSettled: refresh }));
  const grantable = ROLES.filter((role) => roleHasPermission(org.role, "owner:manage") || role !== "owner");
  const open = invitations.data?.filter((invitation) => invitation.status === "pending" || invitation.status === "expired") ?? [];

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const parsed = createInvitationInputSchema.safeParse({ orgId: org.id, email: data.get("email"), role: data.get("role") });
    if (!parsed.success) {
      setFieldError(parsed.error.issues[0]?.message ?? "Check the email address");
      return;
    }
    setFieldError(null);
    create.mutate(parsed.data, { onSuccess: () => form.reset() });
  }

  return (
    <Card title="Invitations">
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="min-w-0 flex-1">
          <label htmlFor="invite-email" className="block text-sm font-medium text-slate-800">
            Email
          </label>
          <input
            id="invite-email"
            name="email"
            type="email"
            autoComplete="off"
            placeholder="teammate@agency.com"
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? "invite-email-error" : undefined}
            className={inputClass}
          />
        </div>
        <div>
          <label htmlFor="invite-role" className="block text-sm font-medium text-slate-800">
            Role
          </label>
          <select id="invite-role" name="role" defaultValue="member" className={`${selectClass} mt-1 block w-full py-2 sm:w-36`}>
            {grantable.map((role) => (
              <option key={role} value={role} title={ROLE_HELP[role]}>
                {role}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" disabled={create.isPending || !hydrated}>
          {create.isPending ? "Sending…" : "Send invitation"}
        </Button>
      </form>
      {fieldError && (
        <p id="invite-email-error" className="mt-1 text-sm text-rose-700">
          {fieldError}
        </p>
      )}
      <div className="mt-3">
        <ApiMessage error={create.error ?? resend.error ?? revoke.error} />
        {create.isSuccess && !create.isPending && (
          <p role="status" className="mb-3 rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            Invitation sent to {create.data.email}.
          </p>
        )}
      </div>

      <h3 className="mb-2 mt-4 text-xs font-semibold uppercase tracking-wide text-slate-500">Pending</h3>
      {invitations.isPending && <Skeleton className="h-12 w-full" />}
      {invitations.isError && <ErrorState {...toUserFacingError(invitations.error)} onRetry={() => void invitations.refetch()} />}
      {invitations.data && open.length === 0 && <p className="text-sm text-slate-600">No pending invitations.</p>}
      {open.length > 0 && (
        <ul className="divide-y divide-slate-100" data-testid="invitations-list">
          {open.map((invitation) => (
            <li key={invitation.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 py-3">
              <div className="min-w-0 flex-1 basis-48">
                <p className="truncate text-sm font-medium text-slate-900">{invitation.email}</p>
                <p className="text-xs text-slate-500">
                  <span className="capitalize">{invitation.role}</span> ·{" "}
                  {invitation.status === "expired" ? "expired" : `expires ${formatDate(invitation.expiresAt)}`}
                </p>
              </div>
              <div className="flex items-center gap-2">
                {invitation.status === "expired" && <Badge tone="warning">Expired</Badge>}
                <Button
                  variant="ghost"
                  className="!px-3 !py-1.5"
                  aria-label={`Resend invitation to ${invitation.email}`}
                  disabled={resend.isPending}
                  onClick={() => resend.mutate({ orgId: org.id, invitationId: invitation.id })}
                >
                  Resend
                </Button>
                <Button
                  variant="ghost"
                  className="!px-3 !py-1.5"
                  aria-label={`Revoke invitation to ${invitation.email}`}
                  disabled={revoke.isPending}
                  onClick={() => revoke.mutate({ orgId: org.id, invitationId: invitation.id })}
                >
                  Revoke
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {resend.isSuccess && !resend.isPending && (
        <p role="status" className="mt-2 text-sm text-emerald-700">
          Invitation sent again.
        </p>
      )}
    </Card>
  );
}

function LeaveCard({ org }: { org: ActiveOrg }) {
  const trpc = useTRPC();
  const [confirming, setConfirming] = useState(false);
  const hydrated = useHydrated();
  const [leaving, startTransition] = useTransition();
  const leave = useMutation(
    trpc.members.leave.mutationOptions({
      onSuccess: () => startTransition(() => forgetActiveOrganization("/app")),
    }),
  );
  return (
    <Card title="Leave organization">
      <p className="mb-3 text-sm text-slate-600">You lose access to {org.name} at once. An owner can invite you again.</p>
      <ApiMessage error={leave.error} />
      {confirming ? (
        <div className="flex flex-wrap gap-2">
          <Button
            variant="secondary"
            className="text-rose-700"
            disabled={leave.isPending || leaving}
            onClick={() => leave.mutate({ orgId: org.id })}
          >
            {leave.isPending || leaving ? "Leaving…" : `Yes, leave ${org.name}`}
          </Button>
          <Button variant="ghost" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
        </div>
      ) : (
        <Button
          variant="secondary"
          disabled={!hydrated}
          onClick={() => {
            leave.reset();
            setConfirming(true);
          }}
        >
          Leave organization
        </Button>
      )}
    </Card>
  );
}
