import { entryHref } from "@/lib/entry-kinds/kinds";

// Where a notification leads: the story's panel with the entry in focus. Shared by the inbox
// (a relative link) and the e-mail (the same link made absolute). No database, no secrets.

/** `/stories/<storyId>?tab=<panel>&focus=<entityId>`, or the story itself (the memo, anything else). */
export const notificationHref = entryHref;

/** The app's public address for links in e-mail, without a trailing slash. */
export function appBaseUrl(): string {
  return (process.env.APP_URL || process.env.NEXTAUTH_URL || "http://localhost:3000").replace(/\/+$/, "");
}
