import "server-only";
import { db } from "@/lib/db";
import { SYSTEM_ACTOR_ID } from "@/lib/server/ledger";
import type { UserRole } from "@/lib/generated/prisma/client";
import type { LiveActor } from "@/lib/live/protocol";

// Who may hear what, decided again for every event at delivery. An instance keeps what it
// needs in memory and learns of every change to it from the events themselves: a change of a
// story's team or of the story is a revision on its chain, a change of an account (disabled,
// password reset, role) a revision on the desk chain. Those drop the cached answer *before*
// the event that carried them is delivered, so a removed member does not even hear of it.

export type StoryAudience = { visible: boolean; members: Set<string> };
export type AccountState = { role: UserRole; active: boolean; sessionVersion: number; name: string };

/** The rule, as everywhere (storyVisibleTo): a story that exists, an active account, a member or an admin. */
export const mayHear = (userId: string, account: AccountState | null, story: StoryAudience): boolean =>
  story.visible && Boolean(account?.active) && (account!.role === "admin" || story.members.has(userId));

export class Audience {
  private stories = new Map<string, Promise<StoryAudience>>();
  private accounts = new Map<string, Promise<AccountState | null>>();
  /** The accounts whose lookup has resolved, so that a fan-out decides per subscriber without awaiting. */
  private known = new Map<string, AccountState | null>();

  /** A story's members now (and whether it still exists): one query, kept until its team or the story changes. */
  story(storyId: string): Promise<StoryAudience> {
    let cached = this.stories.get(storyId);
    if (!cached) {
      cached = db()
        .$queryRaw<{ deleted: boolean; user_id: string | null }[]>`
          SELECT s.deleted_at IS NOT NULL AS deleted, m.user_id::text AS user_id
            FROM stories s LEFT JOIN story_members m ON m.story_id = s.id AND m.deleted_at IS NULL
           WHERE s.id = ${storyId}::uuid`
        .then((rows) => ({
          visible: rows.length > 0 && !rows[0]!.deleted,
          members: new Set(rows.flatMap((row) => (row.user_id ? [row.user_id] : []))),
        }));
      cached.catch(() => this.stories.delete(storyId));
      this.stories.set(storyId, cached);
    }
    return cached;
  }

  account(userId: string): Promise<AccountState | null> {
    let cached = this.accounts.get(userId);
    if (!cached) {
      cached = db()
        .$queryRaw<{ role: UserRole; active: boolean; session_version: number; name: string }[]>`
          SELECT role, disabled_at IS NULL AS active, session_version, name FROM users WHERE id = ${userId}::uuid`
        .then(([row]) => (row ? { role: row.role, active: row.active, sessionVersion: row.session_version, name: row.name } : null));
      const lookup = cached;
      // Only the lookup still current is remembered: one dropped meanwhile (accountChanged) is stale.
      lookup.then((state) => void (this.accounts.get(userId) === lookup && this.known.set(userId, state))).catch(() => this.accounts.delete(userId));
      this.accounts.set(userId, cached);
    }
    return cached;
  }

  /** The account as last looked up, without waiting (undefined: not looked up, or dropped since). */
  knownAccount(userId: string): AccountState | null | undefined {
    return this.known.get(userId);
  }

  /** May this account hear of this story now? Members, and admins (as everywhere: storyVisibleTo). */
  async maySee(userId: string, storyId: string): Promise<boolean> {
    const [story, account] = await Promise.all([this.story(storyId), this.account(userId)]);
    return mayHear(userId, account, story);
  }

  /** The stories an account may hear of (the desk home's, and the catch-up's): null = every story (an admin). */
  async visibleStories(userId: string): Promise<string[] | null> {
    const account = await this.account(userId);
    if (!account?.active) return [];
    if (account.role === "admin") return null;
    const rows = await db().$queryRaw<{ id: string }[]>`
      SELECT s.id::text AS id FROM stories s JOIN story_members m ON m.story_id = s.id AND m.user_id = ${userId}::uuid AND m.deleted_at IS NULL
       WHERE s.deleted_at IS NULL`;
    return rows.map((row) => row.id);
  }

  /** The person who made a change, by name (the name every member sees in the story's history). */
  async actor(userId: string): Promise<LiveActor> {
    if (userId === SYSTEM_ACTOR_ID) return { id: userId, name: "System" };
    const account = await this.account(userId);
    return { id: userId, name: account?.name ?? "Someone" };
  }

  storyChanged(storyId: string): void {
    this.stories.delete(storyId);
  }

  accountChanged(userId: string): void {
    this.accounts.delete(userId);
    this.known.delete(userId);
  }

  /** After the listener was away: anything may have changed meanwhile. */
  forgetAll(): void {
    this.stories.clear();
    this.accounts.clear();
    this.known.clear();
  }
}

/**
 * The people a follow-up's change concerns beyond its story's page: its assignee and who
 * assigned it, now and before this revision (a reassignment leaves one list and joins another).
 * Their badge and My follow-ups show it.
 */
export async function followUpConcerns(entityId: string, seq: number): Promise<Set<string>> {
  const rows = await db().$queryRaw<{ assignee: string | null; assigner: string | null }[]>`
    (SELECT snapshot->>'assignee_id' AS assignee, snapshot->>'assigned_by_id' AS assigner
       FROM revisions WHERE entity_id = ${entityId}::uuid AND seq <= ${seq} ORDER BY seq DESC LIMIT 2)`;
  return new Set(rows.flatMap((row) => [row.assignee, row.assigner]).filter((id): id is string => Boolean(id)));
}
