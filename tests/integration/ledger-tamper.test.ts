// Issue 12: every way the database's owner can rewrite the ledger is detected, given the signed
// checkpoints made earlier. Each case tampers with its own story as a superuser would (triggers
// off, every later hash recomputed where the hash chain alone would otherwise vouch for it) and
// is then verified: the right story and revision (or entry) named, by the right step. Each case
// also runs without the step(s) that catch it, and then goes unnoticed: the steps are needed
// (a mutation check the suite keeps doing). Finally `npm run audit:verify` over the whole
// ledger exits non-zero naming every tampered story.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { LEDGER_STEPS, verifyChain, verifyLedgerChain, type LedgerProblem, type LedgerStep } from "@/lib/server/ledger";
import { checkpointHead, storedCheckpoints } from "@/lib/server/ledger/checkpoints";
import { createQuote, updateQuote } from "@/lib/server/quotes";
import { createSource } from "@/lib/server/sources/write";
import { updateStory } from "@/lib/server/stories";
import { makeStory, makeUser } from "@/prisma/factories";
import { runScript } from "../support/run-script";
import { asOwner, forgeRevision, tamper } from "../support/tamper";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "storydesk-tamper-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

type Story = { id: string; title: string; leadId: string; sourceId: string; quoteId: string; head: number };

/**
 * A story with a short history — #1 story, #2 lead, #3 source, #4 quote, #5 quote edited with a
 * reason, #6 title changed — and a checkpoint of its head, as the desk signs them (exports, the
 * schedule, on demand).
 */
async function storyWithHistory(label: string): Promise<Story> {
  const lead = await makeUser({ role: "editor" });
  const story = await makeStory(lead, { title: `Tamper: ${label}` });
  const source = await createSource(lead, { storyId: story.id, name: "Harbour authority", kind: "organization", reliability: "medium" });
  const quote = await createQuote(lead, { storyId: story.id, speakerId: source.id, text: "The tender was reopened." });
  await updateQuote(lead, { quoteId: quote.id, version: quote.version, storyId: story.id, speakerId: source.id, text: "The tender was reopened in May.", reason: "Checked against the recording" });
  await updateStory(lead, { storyId: story.id, version: story.version, title: `Tamper: ${label} (updated)`, summary: "", status: "developing" });
  const checkpoint = await checkpointHead(story.id, "on_demand", lead.id);
  expect(checkpoint.seq).toBe(6);
  return { id: story.id, title: `Tamper: ${label} (updated)`, leadId: lead.id, sourceId: source.id, quoteId: quote.id, head: 6 };
}

const hashAt = async (chain: string, seq: number) => (await db().revision.findUniqueOrThrow({ where: { chain_seq: { chain, seq: BigInt(seq) } } })).hash;

type Case = {
  name: string;
  tamper: (story: Story) => Promise<void>;
  /** What verification must report (every listed step must be among the problems). */
  expected: (story: Story) => Partial<LedgerProblem>[];
  /** Does the hash chain alone (today's verifyChain) still vouch for the tampered chain? */
  linksStillVerify: boolean;
};

const CASES: Case[] = [
  {
    name: "edit a revision",
    // The quote's first words (#4; #5 supersedes them, so the live row cannot tell).
    tamper: (s) => tamper(`UPDATE revisions SET snapshot = jsonb_set(snapshot, '{text}', '"The tender was never reopened."') WHERE chain = $1 AND seq = 4`, [s.id]).then(() => {}),
    expected: () => [{ step: "links", seq: 4, problem: "content does not match its hash" }],
    linksStillVerify: false,
  },
  {
    name: "delete a middle revision",
    tamper: (s) => tamper(`DELETE FROM revisions WHERE chain = $1 AND seq = 4`, [s.id]).then(() => {}),
    expected: () => [{ step: "links", seq: 4, problem: "missing revision (gap in the sequence)" }],
    linksStillVerify: false,
  },
  {
    name: "delete the last revision",
    tamper: (s) => tamper(`DELETE FROM revisions WHERE chain = $1 AND seq = 6`, [s.id]).then(() => {}),
    expected: (s) => [
      { step: "links", seq: 6, problem: "chain head points past the last revision (revisions removed)" },
      { step: "checkpoints", seq: 6, found: "the ledger ends at revision #5" },
      // The story's row still has the title revision #6 gave it.
      { step: "rows", seq: 1, entity: { type: "story", id: s.id } },
    ],
    linksStillVerify: false,
  },
  {
    name: "delete the last revision and roll the head (and the story's row) back",
    tamper: async (s) => {
      const previous = await hashAt(s.id, 5);
      await asOwner(async (client) => {
        await client.query(`DELETE FROM revisions WHERE chain = $1 AND seq = 6`, [s.id]);
        await client.query(`UPDATE revision_chains SET seq = 5, head_hash = $2 WHERE chain = $1`, [s.id, previous]);
        await client.query(`UPDATE stories SET title = replace(title, ' (updated)', ''), version = version - 1 WHERE id = $1`, [s.id]);
      });
    },
    expected: () => [{ step: "checkpoints", seq: 6, problem: expect.stringMatching(/^The desk signed \(.+\) that this story had 6 revisions; the ledger now has 5: revisions were removed after they were signed\.$/) }],
    linksStillVerify: true,
  },
  {
    name: "swap two revisions",
    tamper: async (s) => {
      for (const [from, to] of [[3, -3], [4, 3], [-3, 4]]) await tamper(`UPDATE revisions SET seq = $2 WHERE chain = $1 AND seq = $3`, [s.id, to, from]);
    },
    expected: () => [{ step: "links", seq: 3, problem: "previous-hash link broken" }],
    linksStillVerify: false,
  },
  {
    name: "insert a forged revision and recompute every later hash and the head",
    tamper: async (s) => {
      const last = await db().revision.findFirstOrThrow({ where: { entityId: s.quoteId }, orderBy: { seq: "desc" } });
      await forgeRevision(s.id, 5, {
        entityType: "quote",
        entityId: s.quoteId,
        actorId: s.leadId,
        reason: "Corrected against the recording",
        changedFields: ["text"],
        snapshot: { ...(last.snapshot as object), text: "The tender was never reopened." },
      });
    },
    expected: () => [
      { step: "checkpoints", seq: 6, problem: expect.stringMatching(/^Revision #6 is not the one the desk signed \(.+\): the history up to revision #6 was changed after it was signed\.$/) },
    ],
    linksStillVerify: true,
  },
  {
    name: "update a live row without a revision",
    tamper: (s) => tamper(`UPDATE sources SET reliability = 'high' WHERE id = $1`, [s.sourceId]).then(() => {}),
    expected: (s) => [
      {
        step: "rows",
        seq: 3,
        entity: { type: "source", id: s.sourceId },
        problem: `The source ${s.sourceId.slice(0, 8)} in the database differs from its latest revision #3 (reliability): it was changed without being recorded.`,
        expected: "reliability: “medium”",
        found: "reliability: “high”",
      },
    ],
    linksStillVerify: true,
  },
  {
    name: "delete a whole chain",
    tamper: async (s) => {
      await asOwner(async (client) => {
        await client.query(`DELETE FROM revisions WHERE chain = $1`, [s.id]);
        await client.query(`DELETE FROM revision_chains WHERE chain = $1`, [s.id]);
      });
    },
    expected: (s) => [
      { step: "checkpoints", seq: 6, found: "no revisions at all" },
      { step: "coverage", problem: `The story “${s.title}” has no ledger at all: its chain was deleted.` },
      { step: "rows", entity: { type: "source", id: s.sourceId }, problem: `The source ${s.sourceId.slice(0, 8)} has no revision at all: it was written without being recorded.` },
    ],
    linksStillVerify: true,
  },
];

const stories = new Map<string, Story>();
const notesFile = path.join(scratch, "checkpoints.notes");
/** The story whose checkpoints were deleted from the table too: its checkpoint is only in this file. */
const keptElsewhereFile = path.join(scratch, "kept-elsewhere.notes");
let tableWiped: Story;

beforeAll(async () => {
  for (const c of CASES) stories.set(c.name, await storyWithHistory(c.name));
  // The checkpoints kept outside the database, as `npm run audit:checkpoint -- --stored > file` writes them.
  fs.writeFileSync(notesFile, (await storedCheckpoints()).map((row) => row.note).join("\n"));
  for (const c of CASES) await c.tamper(stories.get(c.name)!);
}, 120_000);

describe("tampering as the database's owner", () => {
  for (const c of CASES) {
    it(`detects: ${c.name}`, async () => {
      const story = stories.get(c.name)!;
      expect((await verifyChain(story.id)).ok, "the hash chain alone").toBe(c.linksStillVerify);

      const result = await verifyLedgerChain(story.id);
      expect(result.ok).toBe(false);
      expect(result.chain).toBe(story.id);
      for (const problem of c.expected(story)) expect(result.problems).toContainEqual(expect.objectContaining(problem));

      // Mutation check: without the step(s) that catch it, the same tampering goes unnoticed.
      const catching = new Set<LedgerStep>(c.expected(story).map((problem) => problem.step!));
      const unnoticed = await verifyLedgerChain(story.id, { steps: LEDGER_STEPS.filter((step) => !catching.has(step)) });
      expect(unnoticed).toMatchObject({ ok: true, problems: [] });
    });
  }

  it("detects a rolled-back tail whose checkpoints were deleted from the table too — with the checkpoints kept elsewhere", async () => {
    const story = (tableWiped = await storyWithHistory("and the checkpoint table"));
    const keptElsewhere = (await storedCheckpoints(story.id)).map((row) => row.note);
    fs.writeFileSync(keptElsewhereFile, keptElsewhere.join("\n"));
    const previous = await hashAt(story.id, 5);
    await asOwner(async (client) => {
      await client.query(`DELETE FROM revisions WHERE chain = $1 AND seq = 6`, [story.id]);
      await client.query(`UPDATE revision_chains SET seq = 5, head_hash = $2 WHERE chain = $1`, [story.id, previous]);
      await client.query(`UPDATE stories SET title = replace(title, ' (updated)', ''), version = version - 1 WHERE id = $1`, [story.id]);
      await client.query(`DELETE FROM ledger_checkpoints WHERE chain = $1`, [story.id]);
    });
    // Everything left in the database agrees with itself…
    expect(await verifyLedgerChain(story.id)).toMatchObject({ ok: true, problems: [] });
    // …but not with the checkpoint the newsroom kept outside it.
    const result = await verifyLedgerChain(story.id, { external: keptElsewhere });
    expect(result.problems).toEqual([
      expect.objectContaining({ step: "checkpoints", seq: 6, problem: expect.stringMatching(/had 6 revisions; the ledger now has 5/), found: "the ledger ends at revision #5" }),
    ]);
  });

  it("detects a ledger trigger switched off, and the write made while it was", async () => {
    const story = await storyWithHistory("trigger switched off");
    await withOwnerTriggerOff(story);
    const result = await verifyLedgerChain(story.id);
    expect(result.problems).toContainEqual(
      expect.objectContaining({ step: "rows", entity: { type: "quote", id: story.quoteId }, expected: "text: “The tender was reopened in May.”", found: "text: “Quietly rewritten.”" }),
    );
    const { ledgerGuardProblems } = await import("@/lib/server/ledger");
    expect(await ledgerGuardProblems()).toEqual([
      expect.objectContaining({ step: "coverage", problem: "The ledger trigger on quotes is switched off: changes to quote entries are not being recorded.", found: "disabled" }),
    ]);
    await tamper("ALTER TABLE quotes ENABLE TRIGGER quotes_ledger");
    expect(await ledgerGuardProblems()).toEqual([]);
  });

  it("is reported by npm run audit:verify, which exits non-zero naming each story and revision (and, with the file kept elsewhere, the rolled-back tail)", async () => {
    const run = async (args: string[]) => {
      const result = await runScript("scripts/audit-verify.ts", args);
      return { code: result.code, out: result.all };
    };
    const withoutFile = await run([tableWiped.id]);
    expect(withoutFile.out).toContain(`ok      ${tableWiped.id}  5 revisions`);
    expect(withoutFile.code).toBe(0);

    const result = await run(["--checkpoints", notesFile, "--checkpoints", keptElsewhereFile]);
    expect(result.code).toBe(1);
    expect(result.out).toContain(`BROKEN  ${tableWiped.id}  at seq 6: The desk signed`);
    const where = (s: Story, problem: Partial<LedgerProblem>) =>
      problem.entity ? `BROKEN  ${s.id}  at ${problem.entity.type} ${problem.entity.id}: ` : problem.seq !== undefined ? `BROKEN  ${s.id}  at seq ${problem.seq}: ` : `BROKEN  ${s.id}  `;
    for (const c of CASES) {
      const story = stories.get(c.name)!;
      for (const problem of c.expected(story)) expect(result.out, c.name).toContain(where(story, problem));
    }
    expect(result.out).toMatch(/\d+ chain\(s\) checked, \d+ broken/);
  }, 60_000);
});

/** Switches the quotes' ledger trigger off (as the owner), and changes a quote while it is. */
async function withOwnerTriggerOff(story: Story) {
  await tamper("ALTER TABLE quotes DISABLE TRIGGER quotes_ledger");
  await asOwner(async (client) => {
    await client.query("SET session_replication_role = DEFAULT");
    await client.query("BEGIN");
    await client.query("SELECT set_config('storydesk.actor_id', $1, true)", [story.leadId]);
    await client.query(`UPDATE quotes SET text = 'Quietly rewritten.' WHERE id = $1`, [story.quoteId]);
    await client.query("COMMIT");
  });
}
