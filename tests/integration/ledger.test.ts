import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { verifyChain, writeWithRevision } from "@/lib/server/ledger";
import { addMember, listMembers } from "@/lib/server/members";
import { updateStory } from "@/lib/server/stories";
import { addToStory, makeStory, makeUser } from "@/prisma/factories";
import { withRawClient, withSuperuserClient } from "../support/db";
import { runScript } from "../support/run-script";

async function storyWithLead() {
  const lead = await makeUser({ role: "editor" });
  const story = await makeStory(lead, { title: "Ledger test story" });
  return { lead, story };
}

describe("the revision ledger", () => {
  it("records every write through the helper in the same transaction, with actor, fields and snapshot", async () => {
    const { lead, story } = await storyWithLead();
    await updateStory(lead, { storyId: story.id, version: story.version, title: "A sharper title", summary: "", status: "on_hold" });

    const revisions = await db().revision.findMany({ where: { chain: story.id }, orderBy: { seq: "asc" } });
    expect(revisions.map((r) => [r.seq, r.entityType, r.action])).toEqual([
      [1n, "story", "create"],
      [2n, "member", "create"],
      [3n, "story", "update"],
    ]);
    const edit = revisions[2]!;
    expect(edit.actorId).toBe(lead.id);
    expect(edit.changedFields).toEqual(["status", "title"]);
    expect(edit.snapshot).toMatchObject({ title: "A sharper title", status: "on_hold", version: 2 });
    expect(edit.prevHash).toBe(revisions[1]!.hash);
    expect((await verifyChain(story.id)).ok).toBe(true);
  });

  it("rolls back the revision with the change when the transaction fails", async () => {
    const { lead, story } = await storyWithLead();
    const before = await db().revision.count({ where: { chain: story.id } });
    await expect(
      writeWithRevision({ actorId: lead.id, storyId: story.id }, async (tx) => {
        await tx.story.update({ where: { id: story.id }, data: { title: "Never committed" } });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await db().revision.count({ where: { chain: story.id } })).toBe(before);
    expect((await db().story.findUniqueOrThrow({ where: { id: story.id } })).title).toBe("Ledger test story");
  });

  it("refuses a direct SQL write to a tracked table that names no actor", async () => {
    const { story } = await storyWithLead();
    await withRawClient(async (client) => {
      await expect(client.query(`UPDATE stories SET title = 'sneaky' WHERE id = $1`, [story.id])).rejects.toThrow(/must name its actor/);
      await expect(
        client.query(`INSERT INTO users (email, name, password_hash, updated_at) VALUES ('x@y.example', 'X', 'h', now())`),
      ).rejects.toThrow(/must name its actor/);
    });
    expect((await db().story.findUniqueOrThrow({ where: { id: story.id } })).title).toBe("Ledger test story");
  });

  it("records a direct SQL write that names an actor, so nothing changes without a revision", async () => {
    const { lead, story } = await storyWithLead();
    await withRawClient(async (client) => {
      await client.query("BEGIN");
      await client.query(`SELECT set_config('storydesk.actor_id', $1, true), set_config('storydesk.reason', 'psql fix', true)`, [lead.id]);
      await client.query(`UPDATE stories SET summary = 'fixed by hand' WHERE id = $1`, [story.id]);
      await client.query("COMMIT");
    });
    const last = await db().revision.findFirstOrThrow({ where: { chain: story.id }, orderBy: { seq: "desc" } });
    expect(last).toMatchObject({ action: "update", actorId: lead.id, reason: "psql fix", changedFields: ["summary"] });
    expect((await verifyChain(story.id)).ok).toBe(true);
  });

  it("is append-only: UPDATE, DELETE, TRUNCATE and forged INSERTs are refused", async () => {
    const { story } = await storyWithLead();
    await withRawClient(async (client) => {
      await expect(client.query(`UPDATE revisions SET reason = 'rewritten' WHERE chain = $1`, [story.id])).rejects.toThrow(/append-only/);
      await expect(client.query(`DELETE FROM revisions WHERE chain = $1`, [story.id])).rejects.toThrow(/append-only/);
      await expect(client.query(`TRUNCATE revisions`)).rejects.toThrow(/append-only/);
      await expect(client.query(`UPDATE revision_chains SET seq = 0 WHERE chain = $1`, [story.id])).rejects.toThrow(/append-only/);
      await expect(
        client.query(
          `INSERT INTO revisions (chain, story_id, seq, entity_type, entity_id, action, actor_id, snapshot, created_at, prev_hash, hash)
           VALUES ($1, $2, 99, 'story', $2, 'update', $2, '{}', now(), 'x', 'y')`,
          [story.id, story.id],
        ),
      ).rejects.toThrow(/append-only/);
      await expect(client.query(`DELETE FROM stories WHERE id = $1`, [story.id])).rejects.toThrow(/never deleted/);
    });
    expect((await verifyChain(story.id)).ok).toBe(true);
  });

  it("ignores a simulated revision time unless the whole database is a demo database", async () => {
    const { lead, story } = await storyWithLead();
    await withRawClient(async (client) => {
      await client.query("BEGIN");
      // A session cannot make itself a demo database: storydesk.demo is read from the catalog.
      await client.query(
        `SELECT set_config('storydesk.actor_id', $1, true), set_config('storydesk.demo', 'on', true),
                set_config('storydesk.simulated_at', '2001-01-01T00:00:00Z', true)`,
        [lead.id],
      );
      await client.query(`UPDATE stories SET summary = 'backdated?' WHERE id = $1`, [story.id]);
      await client.query("COMMIT");
    });
    const last = await db().revision.findFirstOrThrow({ where: { chain: story.id }, orderBy: { seq: "desc" } });
    expect(last.createdAt.getFullYear()).toBeGreaterThan(2001);
    expect(Date.now() - last.createdAt.getTime()).toBeLessThan(60_000);
  });

  it("keeps password hashes out of revisions", async () => {
    const user = await makeUser({ password: "a-very-secret-password" });
    const revisions = await db().revision.findMany({ where: { entityId: user.id } });
    expect(revisions).toHaveLength(1);
    expect(revisions[0]!.chain).toBe("desk");
    expect(JSON.stringify(revisions[0]!.snapshot)).not.toContain("argon2");
    expect(revisions[0]!.snapshot).not.toHaveProperty("password_hash");
  });

  describe("verification names the first broken link when someone bypasses the app", () => {
    // Tampering as the database owner with triggers switched off: what an attacker with
    // full database access could do, and what the hash chain must reveal.
    async function tamper(sql: string, params: unknown[]) {
      await withSuperuserClient(async (client) => {
        await client.query("SET session_replication_role = replica");
        await client.query(sql, params);
      });
    }

    it("detects an edited revision", async () => {
      const { lead, story } = await storyWithLead();
      await updateStory(lead, { storyId: story.id, version: 1, title: "Second title", summary: "", status: "developing" });
      await tamper(`UPDATE revisions SET snapshot = jsonb_set(snapshot, '{title}', '"Forged"') WHERE chain = $1 AND seq = 3`, [story.id]);
      const result = await verifyChain(story.id);
      expect(result.ok).toBe(false);
      expect(result.broken).toMatchObject({ seq: 3, problem: "content does not match its hash" });
    });

    it("detects a deleted revision", async () => {
      const { lead, story } = await storyWithLead();
      await updateStory(lead, { storyId: story.id, version: 1, title: "Second title", summary: "", status: "developing" });
      await tamper(`DELETE FROM revisions WHERE chain = $1 AND seq = 2`, [story.id]);
      expect((await verifyChain(story.id)).broken).toMatchObject({ seq: 2, problem: "missing revision (gap in the sequence)" });
    });

    it("detects a removed tail, reordering and a forged revision", async () => {
      const { lead, story } = await storyWithLead();
      await updateStory(lead, { storyId: story.id, version: 1, title: "Second title", summary: "", status: "developing" });
      await tamper(`DELETE FROM revisions WHERE chain = $1 AND seq = 3`, [story.id]);
      expect((await verifyChain(story.id)).broken?.problem).toMatch(/chain head/);

      const other = await storyWithLead();
      await updateStory(other.lead, { storyId: other.story.id, version: 1, title: "Second title", summary: "", status: "developing" });
      for (const [from, to] of [[2, -2], [3, 2], [-2, 3]]) {
        await tamper(`UPDATE revisions SET seq = $2 WHERE chain = $1 AND seq = $3`, [other.story.id, to, from]);
      }
      expect((await verifyChain(other.story.id)).broken?.seq).toBe(2);

      const third = await storyWithLead();
      await tamper(
        `INSERT INTO revisions (chain, story_id, seq, entity_type, entity_id, action, actor_id, changed_fields, snapshot, created_at, prev_hash, hash)
         SELECT chain, story_id, seq + 1, entity_type, entity_id, 'update', actor_id, changed_fields, snapshot, now(), hash, repeat('f', 64)
           FROM revisions WHERE chain = $1 AND seq = 2`,
        [third.story.id],
      );
      expect((await verifyChain(third.story.id)).broken).toMatchObject({ seq: 3, problem: "content does not match its hash" });
    });

    it("npm run audit:verify exits non-zero and names the broken link (story, sequence, expected and found hash)", async () => {
      const { lead, story } = await storyWithLead();
      await updateStory(lead, { storyId: story.id, version: 1, title: "Second title", summary: "", status: "developing" });
      const verify = async (arg: string) => {
        const run = await runScript("scripts/audit-verify.ts", [arg]);
        return { code: run.code, out: run.all };
      };
      const intact = await verify(story.slug);
      expect(intact.code).toBe(0);
      expect(intact.out).toContain(`ok      ${story.id}  3 revisions`);

      await tamper(`UPDATE revisions SET reason = 'quietly rewritten' WHERE chain = $1 AND seq = 3`, [story.id]);
      const stored = await db().revision.findUniqueOrThrow({ where: { chain_seq: { chain: story.id, seq: 3n } } });
      const broken = await verify(story.id);
      expect(broken.code).toBe(1);
      expect(broken.out).toContain(`BROKEN  ${story.id}  at seq 3: content does not match its hash`);
      expect(broken.out).toMatch(/expected [0-9a-f]{64}/);
      expect(broken.out).toContain(`found    ${stored.hash}`);

      expect((await verify("no-such-story")).code).toBe(2);
      // Three runs of the script, each starting tsx: ~15 s apiece when other test files share
      // the two cores. A time limit, not a measurement.
    }, 180_000);
  });

  it("lets 20 concurrent writers on one story all succeed with no gap or fork in the chain", async () => {
    const { lead, story } = await storyWithLead();
    const people = await Promise.all(Array.from({ length: 20 }, () => makeUser()));
    const results = await Promise.allSettled(people.map((person) => addMember(lead, { storyId: story.id, email: person.email, role: "contributor" })));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(await listMembers(lead, story.id)).toHaveLength(21);
    const seqs = (await db().revision.findMany({ where: { chain: story.id }, select: { seq: true }, orderBy: { seq: "asc" } })).map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
    const verification = await verifyChain(story.id);
    expect(verification).toMatchObject({ ok: true, revisions: 22 });
  });

  it("lets exactly one of 20 concurrent edits from the same version win; the rest fail cleanly", async () => {
    const { lead, story } = await storyWithLead();
    const editors = await Promise.all(Array.from({ length: 19 }, () => makeUser()));
    for (const editor of editors) await addToStory(lead, story.id, editor, "contributor");
    const before = await db().revision.count({ where: { chain: story.id } });
    const everyone = [lead, ...editors];
    const results = await Promise.allSettled(
      everyone.map((user, i) => updateStory(user, { storyId: story.id, version: 1, title: `Title from writer ${i}`, summary: "", status: "developing" })),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const loss of lost) expect((loss.reason as AppError).code).toBe("CONFLICT");
    const final = await db().story.findUniqueOrThrow({ where: { id: story.id } });
    expect(final.version).toBe(2);
    expect(final.title).toBe((won[0] as PromiseFulfilledResult<{ title: string }>).value.title);
    expect(await db().revision.count({ where: { chain: story.id } })).toBe(before + 1);
    expect((await verifyChain(story.id)).ok).toBe(true);
  });
});
