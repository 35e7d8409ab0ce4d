"use client";

import { signIn } from "next-auth/react";
import { Button } from "../ui/button";

/** "Continue with …" for every OAuth provider the server switched on. */
export function ProviderButtons({ providers, callbackUrl }: { providers: { id: string; name: string }[]; callbackUrl: string }) {
  if (providers.length === 0) return null;
  return (
    <div className="space-y-2">
      <p className="text-center text-xs uppercase tracking-wide text-slate-500">or</p>
      {providers.map((provider) => (
        <Button key={provider.id} variant="secondary" className="w-full" onClick={() => void signIn(provider.id, { callbackUrl })}>
          Continue with {provider.name}
        </Button>
      ))}
    </div>
  );
}

/** `?callbackUrl=…` to carry between the auth pages (an invitation link, say), or nothing for the default. */
export function carryCallback(callbackUrl: string): string {
  return callbackUrl === "/app" ? "" : `?callbackUrl=${encodeURIComponent(callbackUrl)}`;
}
