"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toUserFacingError } from "~/lib/api-error";
import { useTRPC } from "~/trpc/react";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { Skeleton } from "../ui/spinner";

/** Follow / unfollow a task, and who follows it (they hear about status changes and comments). */
export function FollowTask({ orgId, taskId }: { orgId: string; taskId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.notifications.followState.queryKey({ orgId, taskId });
  const state = useQuery(trpc.notifications.followState.queryOptions({ orgId, taskId }));
  const toggle = useMutation(
    trpc.notifications.setFollowing.mutationOptions({ onSuccess: (next) => queryClient.setQueryData(key, next) }),
  );
  const following = state.data?.following ?? false;
  const names = state.data?.followers.map((f) => f.name) ?? [];

  return (
    <Card
      title="Notifications"
      action={
        state.data && (
          <Button
            variant="secondary"
            className="!px-2.5 !py-1 text-xs"
            aria-pressed={following}
            disabled={toggle.isPending}
            onClick={() => toggle.mutate({ orgId, taskId, following: !following })}
            data-testid="follow-toggle"
          >
            {following ? "Unfollow" : "Follow"}
          </Button>
        )
      }
    >
      {state.isPending && <Skeleton className="h-5 w-full" />}
      {state.isError && <p className="text-sm text-rose-700">{toUserFacingError(state.error).message}</p>}
      {state.data && (
        <p className="text-sm text-slate-600" data-testid="followers">
          {following
            ? "You follow this task: status changes and comments reach your inbox."
            : "You don't follow this task."}{" "}
          {names.length > 0 ? `Followers: ${names.join(", ")}.` : "Nobody follows it yet."}
        </p>
      )}
      {toggle.isError && (
        <p role="alert" className="mt-2 text-sm text-rose-700">
          {toUserFacingError(toggle.error).message}
        </p>
      )}
    </Card>
  );
}
