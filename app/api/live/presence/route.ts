import { updatePresence } from "@/lib/server/live/presence-input";
import { withUser } from "@/lib/server/route";

/** POST {tabId, storyId, panel, editing} (a heartbeat, or a change of what the tab is editing) | {tabId, leave: true}. */
export const POST = withUser<Record<string, never>>("livePresenceRoute", async (user, _params, request) => updatePresence(user, request));
