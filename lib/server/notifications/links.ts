// Where a notification leads: the story's panel with the entry in focus. Shared by the inbox
// (a relative link) and the e-mail (the same link made absolute). No database, no secrets.

const PANEL_OF: Record<string, string> = {
  follow_up: "follow-ups",
  question: "questions",
  source: "sources",
  quote: "quotes",
  timeline_event: "timeline",
};

/** `/stories/<storyId>?tab=<panel>&focus=<entityId>`, or the story itself (the memo, anything else). */
export function notificationHref(storyId: string, entityType: string, entityId: string): string {
  const panel = PANEL_OF[entityType];
  const story = `/stories/${encodeURIComponent(storyId)}`;
  return panel ? `${story}?${new URLSearchParams({ tab: panel, focus: entityId })}` : story;
}

/** The app's public address for links in e-mail, without a trailing slash. */
export function appBaseUrl(): string {
  return (process.env.APP_URL || process.env.NEXTAUTH_URL || "http://localhost:3000").replace(/\/+$/, "");
}
