import type { Metadata } from "next";
import { ChangePasswordCard } from "~/components/account/change-password-card";
import { ProfileCard } from "~/components/account/profile-card";
import { SessionsCard } from "~/components/account/sessions-card";
import { NotificationPreferencesCard } from "~/components/notifications/preferences-card";

export const metadata: Metadata = { title: "Account settings" };

export default function SettingsPage() {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Account settings</h1>
        <p className="mt-1 text-sm text-slate-600">Your profile, password, the devices signed in to your account, and the notifications you get.</p>
      </div>
      <ProfileCard />
      <ChangePasswordCard />
      <SessionsCard />
      <NotificationPreferencesCard />
    </div>
  );
}
