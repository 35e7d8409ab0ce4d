import { router } from "../../trpc/trpc";
import { notificationEventsProcedure } from "./events";
import { followStateProcedure, setFollowingProcedure } from "./follow";
import { listNotificationsProcedure } from "./list";
import { markReadProcedure } from "./mark-read";
import { preferencesProcedure, updatePreferencesProcedure } from "./preferences";
import { unreadCountProcedure } from "./unread-count";
import { unsubscribeProcedure } from "./unsubscribe";

/** The in-app inbox, following, preferences and the email unsubscribe link (README "My work and notifications"). */
export const notificationsRouter = router({
  list: listNotificationsProcedure,
  unreadCount: unreadCountProcedure,
  markRead: markReadProcedure,
  events: notificationEventsProcedure,
  preferences: preferencesProcedure,
  updatePreferences: updatePreferencesProcedure,
  unsubscribe: unsubscribeProcedure,
  followState: followStateProcedure,
  setFollowing: setFollowingProcedure,
});
