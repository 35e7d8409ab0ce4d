"use client";

import { changePasswordInputSchema } from "@agency/validators";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toUserFacingError } from "~/lib/api-error";
import { useTRPC } from "~/trpc/react";
import { Button } from "../ui/button";
import { Card } from "../ui/card";

const inputClass = "mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm aria-[invalid=true]:border-rose-500";

/** Change password (current one required); every other session is signed out. */
export function ChangePasswordCard() {
  const trpc = useTRPC();
  const [errors, setErrors] = useState<Partial<Record<"currentPassword" | "newPassword", string>>>({});
  const change = useMutation(trpc.account.changePassword.mutationOptions());

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const parsed = changePasswordInputSchema.safeParse(Object.fromEntries(new FormData(form)));
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [i.path[0], i.message])));
      return;
    }
    setErrors({});
    change.mutate(parsed.data, { onSuccess: () => form.reset() });
  }

  const apiError = change.error ? toUserFacingError(change.error) : null;
  return (
    <Card title="Password">
      <form onSubmit={onSubmit} noValidate className="max-w-sm space-y-4">
        {(["currentPassword", "newPassword"] as const).map((field) => (
          <div key={field}>
            <label htmlFor={field} className="block text-sm font-medium text-slate-800">
              {field === "currentPassword" ? "Current password" : "New password"}
            </label>
            <input
              id={field}
              name={field}
              type="password"
              autoComplete={field === "currentPassword" ? "current-password" : "new-password"}
              aria-invalid={errors[field] ? true : undefined}
              className={inputClass}
            />
            {errors[field] && <p className="mt-1 text-sm text-rose-700">{errors[field]}</p>}
          </div>
        ))}
        {apiError && (
          <p role="alert" className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {apiError.message}
          </p>
        )}
        {change.isSuccess && (
          <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            Password changed. {change.data.otherSessionsRevoked} other session(s) signed out.
          </p>
        )}
        <Button type="submit" disabled={change.isPending}>
          {change.isPending ? "Saving…" : "Change password"}
        </Button>
      </form>
    </Card>
  );
}
