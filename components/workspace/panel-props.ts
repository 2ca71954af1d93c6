import type { SessionUser, StoryAccess } from "@/lib/server/access";

/** What every entry kind's live panel gets from the story page; it reads its filters from `params`. */
export type PanelProps = { user: SessionUser; access: StoryAccess; params: Record<string, string>; timeZone: string };
