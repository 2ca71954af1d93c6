// The demo desk: the developing story from the two wire reports, logged through the domain
// functions over a simulated four days, with a ledger that verifies.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { SessionUser } from "@/lib/server/access";
import { sinceLastVisit } from "@/lib/server/history/visits";
import { verifyChain } from "@/lib/server/ledger";
import { listQuestions } from "@/lib/server/questions";
import { listQuotes } from "@/lib/server/quotes";
import { listSources } from "@/lib/server/sources/list";
import { listTimeline } from "@/lib/server/timeline";
import { questionFiltersSchema, quoteFiltersSchema, sourceFiltersSchema, timelineFiltersSchema } from "@/lib/validations/workspace";
import { DEMO_ACCOUNTS } from "@/prisma/demo-accounts";
import { seedDemoDesk } from "@/prisma/seed";

const FICTIONAL_NAME = "Demo: former Unit engineer (fictional)";
const DAY = 24 * 3_600_000;

let storyId: string;
const users: Record<string, SessionUser> = {};

async function sessionUser(email: string): Promise<SessionUser> {
  return db().user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true, role: true } });
}

async function storyRevisions() {
  return db().revision.findMany({ where: { chain: storyId }, orderBy: { seq: "asc" } });
}

beforeAll(async () => {
  // A connection opened before seeding predates the demo setting; the seed must not depend on it.
  await db().$queryRaw`SELECT 1`;
  expect(await seedDemoDesk()).toEqual({ seeded: true });
  for (const account of DEMO_ACCOUNTS) users[account.email.split("@")[0]!] = await sessionUser(account.email);
  storyId = (await db().story.findFirstOrThrow({ select: { id: true } })).id;
}, 120_000);

describe("the demo desk", () => {
  it("holds the story's sources, quotes, open questions and timeline", async () => {
    const live = { storyId, deletedAt: null };
    expect(await db().source.count({ where: live })).toBeGreaterThanOrEqual(8);
    expect(await db().quote.count({ where: live })).toBeGreaterThanOrEqual(6);
    expect(await db().question.count({ where: live })).toBeGreaterThanOrEqual(6);
    expect(await db().question.count({ where: { ...live, status: { in: ["open", "chasing"] } } })).toBeGreaterThanOrEqual(6);
    expect(await db().timelineEvent.count({ where: live })).toBeGreaterThanOrEqual(6);
    const story = await db().story.findUniqueOrThrow({ where: { id: storyId } });
    expect(JSON.stringify(story.memo)).toContain("What we know");
  });

  it("gives the demo users their roles on the story", async () => {
    const members = await db().storyMember.findMany({ where: { storyId, deletedAt: null }, include: { user: { select: { email: true } } } });
    const roles = Object.fromEntries(members.map((member) => [member.user.email.split("@")[0], member.role]));
    expect(roles).toEqual({ maya: "lead", tom: "reader", lina: "contributor", sam: "contributor" });
  });

  it("quotes the reports verbatim and attributes each quote to its speaker", async () => {
    const { items } = await listQuotes(users.maya!, storyId, quoteFiltersSchema.parse({}));
    const speakerOf = new Map(items.map((quote) => [quote.text, quote.speaker.label]));
    expect(speakerOf.get("We do not provide technology to facilitate mass surveillance of civilians.")).toBe("Brad Smith");
    expect(speakerOf.get("We have found evidence that supports elements of The Guardian’s reporting,")).toBe("Brad Smith");
    expect(speakerOf.get("This is a welcome step and a point of vindication for those brave tech workers who stood up and protested,")).toBe(
      "Imraan Siddiqi",
    );
    expect(speakerOf.get("cease and disable")).toBe("Microsoft");
    expect(speakerOf.get("for the storage of data files of phone calls obtained through broad or mass surveillance of civilians in Gaza and the West Bank.")).toBe(
      "The Guardian",
    );
    const smith = items.find((quote) => quote.text.startsWith("We do not provide"))!;
    expect(smith.saidAt?.toISOString()).toBe("2025-09-25T00:00:00.000Z");
    expect(smith).toMatchObject({ saidAtPrecision: "day", medium: "statement", language: "en" });
  });

  it("does nothing when called again", async () => {
    const before = await db().revision.count();
    expect(await seedDemoDesk()).toEqual({ seeded: false });
    expect(await db().revision.count()).toBe(before);
    expect(await db().story.count()).toBe(1);
  });

  it("dates the story's history over several days, in order, and the chain verifies", async () => {
    const setting = await db().$queryRaw<{ demo: string | null }[]>`SELECT current_setting('storydesk.demo', true) AS demo`;
    expect(setting[0]!.demo).toBe("on");
    const verification = await verifyChain(storyId);
    expect(verification.ok).toBe(true);

    const revisions = await storyRevisions();
    expect(verification.revisions).toBe(revisions.length);
    const times = revisions.map((revision) => revision.createdAt.getTime());
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(3 * DAY);
    expect(times.at(-1)!).toBeLessThan(Date.now());
    // Most of the work is Maya's, Lina's and Sam's; Tom reads.
    const actors = new Set(revisions.map((revision) => revision.actorId));
    expect(actors).toEqual(new Set([users.maya!.id, users.lina!.id, users.sam!.id]));
  });

  it("keeps the corrected quote's history with its reason", async () => {
    const quote = await db().quote.findFirstOrThrow({ where: { storyId, text: { startsWith: "We have found evidence" } } });
    const history = (await storyRevisions()).filter((revision) => revision.entityId === quote.id);
    // Created, corrected, then anchored to the words of report A (issue 17).
    expect(history.map((revision) => revision.action)).toEqual(["create", "update", "update"]);
    expect((history[0]!.snapshot as { text: string }).text).not.toBe(quote.text);
    expect(history[1]!.changedFields).toContain("text");
    expect(history[1]!.reason).toMatch(/corrected/i);
    expect(history[2]!.changedFields).toEqual(expect.arrayContaining(["document_id", "anchor"]));
  });

  it("ships the two reports as documents, every hand-logged quote anchored to its words, and the disagreements as claims", async () => {
    const documents = await db().document.findMany({ where: { storyId }, orderBy: { createdAt: "asc" } });
    expect(documents.map((document) => document.title)).toEqual([expect.stringMatching(/^Report A/), expect.stringMatching(/^Report B/)]);
    const bodies = new Map(documents.map((document) => [document.id, document.body]));
    const quotes = await db().quote.findMany({ where: { storyId } });
    expect(quotes.length).toBeGreaterThan(0);
    for (const quote of quotes) {
      expect(quote.anchorStatus).toBe("anchored");
      const [selector, position] = quote.anchor as [{ exact: string }, { start: number; end: number }];
      expect(bodies.get(quote.documentId!)!.slice(position.start, position.end)).toBe(selector.exact);
      expect(selector.exact).toBe(quote.text);
    }
    const claims = await db().claim.findMany({ where: { storyId }, orderBy: { createdAt: "asc" } });
    expect(claims.map((claim) => claim.kind)).toEqual(["actor", "other", "attribution"]);
    const actor = claims[0]!.versions as { documentId: string; text: string }[];
    expect(actor.map((version) => version.text)).toEqual(["an Israeli defense unit", "the Israeli Defense Force", "an Israeli military agency", "a unit within the Israeli Ministry of Defence (IMOD)"]);
  });

  it("records a raised reliability, a deleted and restored source, and an answered question", async () => {
    const revisions = await storyRevisions();
    // Names are sealed at rest: found as the lead sees them, through the protection lens.
    const found = (await listSources(users.maya!, storyId, sourceFiltersSchema.parse({ q: "Brad Smith" }))).items;
    expect(found).toHaveLength(1);
    const smith = await db().source.findUniqueOrThrow({ where: { id: found[0]!.id } });
    expect(smith.reliability).toBe("high");
    const smithHistory = revisions.filter((revision) => revision.entityId === smith.id);
    expect((smithHistory[0]!.snapshot as { reliability: string }).reliability).toBe("unassessed");
    expect(smithHistory.at(-1)!.changedFields).toContain("reliability");

    const restored = revisions.find((revision) => revision.action === "restore")!;
    expect(restored.reason).toBeTruthy();
    const deleted = revisions.find((revision) => revision.action === "delete" && revision.entityId === restored.entityId)!;
    expect(deleted.reason).toBeTruthy();
    expect(deleted.seq).toBeLessThan(restored.seq);
    expect((await db().source.findUniqueOrThrow({ where: { id: restored.entityId } })).deletedAt).toBeNull();

    const { items } = await listQuestions(users.sam!, storyId, questionFiltersSchema.parse({ status: "answered" }));
    expect(items.length).toBeGreaterThanOrEqual(1);
    expect(items[0]!.answerQuotes.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(items[0]!.answer)).toContain("Microsoft");
  });

  it("shows the fictional confidential source only to the reporter who logged it and the lead", async () => {
    const sources = sourceFiltersSchema.parse({});
    for (const name of ["lina", "maya"]) {
      expect(JSON.stringify(await listSources(users[name]!, storyId, sources))).toContain(FICTIONAL_NAME);
    }
    for (const name of ["sam", "tom", "admin"]) {
      const seen = await listSources(users[name]!, storyId, sources);
      expect(JSON.stringify(seen)).not.toContain(FICTIONAL_NAME);
      expect(seen.items.map((source) => source.displayName)).toContain("Confidential source A");
    }
    const sam = users.sam!;
    const elsewhere = [
      await listQuotes(sam, storyId, quoteFiltersSchema.parse({})),
      await listQuestions(sam, storyId, questionFiltersSchema.parse({})),
      await listTimeline(sam, storyId, timelineFiltersSchema.parse({})),
    ];
    expect(JSON.stringify(elsewhere)).not.toContain("former Unit engineer");
  });

  it("opens as a returning member sees it, with notifications as old as the changes they tell of", async () => {
    // Each member's last visit was before the day's work: the story page counts others' changes since.
    const since = await sinceLastVisit(users.maya!, storyId);
    expect(since?.changes).toBeGreaterThan(0);
    // A notification is dated by the revision that caused it, as History shows it (not the seed's run).
    // (Reminders — due soon, overdue — are the sweep's, dated when it runs.)
    const notifications = await db().notification.findMany({ where: { storyId, kind: { notIn: ["due_soon", "overdue"] } }, select: { createdAt: true } });
    expect(notifications.length).toBeGreaterThan(0);
    for (const { createdAt } of notifications) {
      expect(await db().revision.count({ where: { chain: storyId, createdAt } }), `a revision at ${createdAt.toISOString()}`).toBeGreaterThan(0);
    }
  });
});
