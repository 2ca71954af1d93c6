import "server-only";
import { db } from "@/lib/db";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";

export type WorkspaceCounts = { sources: number; quotes: number; questions: number; openQuestions: number; timeline: number };

/** The counts the workspace's tabs show: live entries only. Indexed counts, no entries loaded. */
export async function workspaceCounts(user: SessionUser, storyId: string): Promise<WorkspaceCounts> {
  const access = await storyAccessFor(user, storyId, "reader");
  const live = { storyId: access.storyId, deletedAt: null };
  const [sources, quotes, questions, openQuestions, timeline] = await Promise.all([
    db().source.count({ where: live }),
    db().quote.count({ where: live }),
    db().question.count({ where: live }),
    db().question.count({ where: { ...live, status: { in: ["open", "chasing"] } } }),
    db().timelineEvent.count({ where: live }),
  ]);
  return { sources, quotes, questions, openQuestions, timeline };
}
