import "server-only";
import { db } from "@/lib/db";
import type { StoryAccess } from "@/lib/server/access";
import { linkOptions, type LinkOption } from "./links";
import { assignableMembers } from "./rules";

export { mayChange as mayChangeFollowUp } from "./rules";

/** What the follow-up form offers this user: whom they may assign, and what it can be about. */
export async function followUpFormOptions(access: StoryAccess): Promise<{ assignees: { id: string; name: string }[]; links: LinkOption[] }> {
  if (access.role === "reader") return { assignees: [], links: [] };
  const [assignees, links] = await Promise.all([assignableMembers(db(), access), linkOptions(access)]);
  return { assignees, links };
}

