import "server-only";
import { db } from "@/lib/db";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";

export type WorkspaceCounts = { sources: number; quotes: number; questions: number; openQuestions: number; timeline: number; openFollowUps: number };

/** The counts the workspace's tabs show: live entries only, in one indexed round trip. */
export async function workspaceCounts(user: SessionUser, storyId: string): Promise<WorkspaceCounts> {
  const access = await storyAccessFor(user, storyId, "reader");
  const id = access.storyId;
  const [row] = await db().$queryRaw<{ sources: bigint; quotes: bigint; questions: bigint; open_questions: bigint; timeline: bigint; open_follow_ups: bigint }[]>`
    SELECT (SELECT count(*) FROM sources WHERE story_id = ${id}::uuid AND deleted_at IS NULL) AS sources,
           (SELECT count(*) FROM quotes WHERE story_id = ${id}::uuid AND deleted_at IS NULL) AS quotes,
           (SELECT count(*) FROM questions WHERE story_id = ${id}::uuid AND deleted_at IS NULL) AS questions,
           (SELECT count(*) FROM questions WHERE story_id = ${id}::uuid AND deleted_at IS NULL
                                               AND status IN ('open', 'chasing')) AS open_questions,
           (SELECT count(*) FROM timeline_events WHERE story_id = ${id}::uuid AND deleted_at IS NULL) AS timeline,
           (SELECT count(*) FROM follow_ups WHERE story_id = ${id}::uuid AND deleted_at IS NULL
                                               AND status IN ('todo', 'in_progress')) AS open_follow_ups`;
  return {
    sources: Number(row?.sources ?? 0),
    quotes: Number(row?.quotes ?? 0),
    questions: Number(row?.questions ?? 0),
    openQuestions: Number(row?.open_questions ?? 0),
    timeline: Number(row?.timeline ?? 0),
    openFollowUps: Number(row?.open_follow_ups ?? 0),
  };
}
