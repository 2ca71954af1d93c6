// Every server action, as every kind of caller, with generated input (tests/support/fuzz.ts):
// no call throws or answers INTERNAL (the 500 of an action), no answer carries internal text,
// and a refused call changes nothing in the database. The actions are enumerated from
// lib/actions, so a new one is fuzzed without being listed here. Seeded (FUZZ_SEED) and bounded
// by count (FUZZ_RUNS) and time (FUZZ_SECONDS); the number of calls made is printed.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ERROR_CODES } from "@/lib/errors";
import { createComment } from "@/lib/server/comments";
import { createFollowUp } from "@/lib/server/follow-ups/write";
import { createQuestion } from "@/lib/server/questions";
import { createQuote } from "@/lib/server/quotes";
import { createSource } from "@/lib/server/sources/write";
import { createTimelineEvent } from "@/lib/server/timeline";
import { addToStory, makeStory, makeUser, type TestUser } from "@/prisma/factories";
import { FUZZ_SEED, INTERNAL_TEXT, fieldGuide, fingerprinter, inputArbitrary, schemaFields, type IdPool } from "../support/fuzz";
import { actAs, currentSession } from "../support/session";

const RUNS = Number(process.env.FUZZ_RUNS ?? 2500);
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 75);

type Action = { name: string; run: (input: unknown) => Promise<unknown>; schema: unknown };

/** Every exported server action of lib/actions/*.ts (each file is "use server": its exports are the actions). */
async function enumerateActions(): Promise<Action[]> {
  const dir = path.resolve("lib/actions");
  const actions: Action[] = [];
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith(".ts") && name !== "define-action.ts").sort()) {
    if (!fs.readFileSync(path.join(dir, file), "utf8").startsWith('"use server"')) continue;
    const loaded = (await import(path.join(dir, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(loaded)) {
      if (typeof value !== "function") continue;
      actions.push({ name: `${file.replace(/\.ts$/, "")}.${name}`, run: value as Action["run"], schema: (value as { inputSchema?: unknown }).inputSchema });
    }
  }
  return actions;
}

/** Two stories with one entry of each kind: the callers are on the first; the second is someone else's. */
async function desk() {
  const [admin, lead, contributor, reader, outsider, otherLead] = await Promise.all([
    makeUser({ role: "admin" }),
    makeUser({ role: "editor" }),
    makeUser({ role: "reporter" }),
    makeUser({ role: "editor" }),
    makeUser({ role: "reporter" }),
    makeUser({ role: "editor" }),
  ]);
  const stories = [(await makeStory(lead)).id, (await makeStory(otherLead)).id] as const;
  await addToStory(lead, stories[0], contributor, "contributor");
  await addToStory(lead, stories[0], reader, "reader");
  const ids: string[][] = [[], []];
  for (const [index, storyId] of stories.entries()) {
    const owner = index === 0 ? lead : otherLead;
    const source = await createSource(owner, { storyId, name: "Brad Smith", kind: "person", contact: "press@example.org", protection: "confidential" });
    const quote = await createQuote(owner, { storyId, speakerId: source.id, text: "We have found evidence." });
    const question = await createQuestion(owner, { storyId, text: "Which subscriptions?" });
    const event = await createTimelineEvent(owner, { storyId, when: "2025-09-25", what: "Microsoft announces the cut" });
    const followUp = await createFollowUp(owner, { storyId, title: "Call the press office", assigneeId: owner.id, link: `question:${question.id}` });
    const comment = await createComment(owner, { storyId, entityType: "quote", entityId: quote.id, body: "Check the recording." });
    ids[index]!.push(storyId, source.id, quote.id, question.id, event.id, followUp.id, comment.id);
  }
  const users = { admin, lead, contributor, reader, outsider, otherLead };
  const [, sourceId, quoteId, questionId, eventId] = ids[0]!;
  const links = [`source:${sourceId}`, `quote:${quoteId}`, `question:${questionId}`, `timeline_event:${eventId}`, `question:${ids[1]![3]}`];
  const pool: IdPool = { mine: [...ids[0]!, ...Object.values(users).map((user) => user.id)], others: ids[1]!, links };
  return { users, pool };
}

let actions: Action[];
let callers: Record<string, TestUser | null>;
let pool: IdPool;
let guide: Map<string, unknown[]>;

beforeAll(async () => {
  [actions, guide] = await Promise.all([enumerateActions(), fieldGuide()]);
  const built = await desk();
  callers = { admin: built.users.admin, lead: built.users.lead, contributor: built.users.contributor, reader: built.users.reader, outsider: built.users.outsider, signedOut: null };
  pool = built.pool;
}, 60_000);

const report = { calls: 0, ok: 0, refused: {} as Record<string, number> };
const debug: Record<string, number> = {};
afterAll(() => {
  if (process.env.FUZZ_DEBUG) console.log(Object.entries(debug).sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, v]) => `${v} ${k}`).join("\n"));
  const refused = Object.entries(report.refused).map(([code, count]) => `${code} ${count}`).join(", ");
  console.log(`fuzz (in-process): ${report.calls} calls of ${actions.length} server actions as ${Object.keys(callers).length} kinds of caller, seed ${FUZZ_SEED}: ${report.ok} ok; refused: ${refused}`);
});

describe("every server action, fuzzed", () => {
  it("finds the actions in the code", () => {
    expect(actions.length).toBeGreaterThanOrEqual(30);
    expect(actions.map((action) => action.name)).toEqual(expect.arrayContaining(["stories.createStoryAction", "sessions.endSessionsAction", "history.markCaughtUpAction"]));
  });

  it("never throws, never answers INTERNAL or with internal text, and a refused call changes nothing", async () => {
    const state = await fingerprinter(process.env.DATABASE_URL!);
    const known = new Set<string>(Object.values(ERROR_CODES).map((entry) => entry.message));
    // Callers who may do things are drawn more often: refusals of the others are quick to reach.
    const caller = fc.oneof({ weight: 3, arbitrary: fc.constantFrom("admin", "lead") }, { weight: 2, arbitrary: fc.constantFrom(...Object.keys(callers)) });
    const call = fc.record({ action: fc.constantFrom(...actions), caller }).chain(({ action, caller }) =>
      inputArbitrary(guide, pool, schemaFields(action.schema, guide, pool)).map((input) => ({ action, caller, input })),
    );
    try {
      await fc.assert(
        fc.asyncProperty(call, async ({ action, caller, input }) => {
          const user = callers[caller]!;
          const sessionVersion = user ? (await db().user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion : 1;
          actAs(user ? { ...user, sessionVersion } : null);
          await currentSession(); // signing in is not part of the call
          const before = await state.take();
          report.calls++;
          const result = (await action.run(input)) as { ok: boolean; code?: string; message?: string; fieldErrors?: Record<string, string[]> };
          const where = `${action.name} as ${caller} with ${JSON.stringify(input)?.slice(0, 400)}`;
          expect(typeof result?.ok, where).toBe("boolean");
          if (result.ok) {
            report.ok++;
            return;
          }
          report.refused[result.code!] = (report.refused[result.code!] ?? 0) + 1;
          if (process.env.FUZZ_DEBUG && result.code === "VALIDATION") for (const [field, messages] of Object.entries(result.fieldErrors ?? { _: [result.message!] })) (debug[`${action.name}.${field}: ${messages[0]}`] = (debug[`${action.name}.${field}: ${messages[0]}`] ?? 0) + 1);
          expect(result.code, where).not.toBe("INTERNAL");
          expect(result.code! in ERROR_CODES, where).toBe(true);
          const text = [result.message, ...Object.values(result.fieldErrors ?? {}).flat()].join(" ");
          expect(text, where).not.toMatch(INTERNAL_TEXT);
          if (!result.fieldErrors) expect(known.has(result.message!) || result.message!.length < 300, where).toBe(true);
          expect(await state.take(), where).toEqual(before);
        }),
        { seed: FUZZ_SEED, numRuns: RUNS, interruptAfterTimeLimit: SECONDS * 1000, markInterruptAsFailure: false, endOnFailure: true },
      );
    } finally {
      await state.close();
    }
    expect(report.calls).toBeGreaterThan(200);
    expect(report.ok).toBeGreaterThan(0); // some inputs are well-formed and reach the domain
  }, (SECONDS + 60) * 1000);
});
