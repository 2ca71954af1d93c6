// The live desk (issue 14) against a real PostgreSQL: events come from the ledger at commit,
// carry ids only, reach only those who may see them at delivery, and a stream that comes back
// catches up from the ledger exactly.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { TrackedKind } from "@/lib/entry-kinds/kinds";
import { TRACKED_KINDS } from "@/lib/entry-kinds/kinds";
import { createComment } from "@/lib/server/comments";
import { deleteEntry, restoreEntry } from "@/lib/server/entries";
import { createFollowUp } from "@/lib/server/follow-ups/write";
import { writeWithRevision } from "@/lib/server/ledger";
import { liveHub } from "@/lib/server/live/hub";
import { MAX_REPLAY } from "@/lib/server/live/catch-up";
import { heartbeat, sweep } from "@/lib/server/live/presence";
import { removeMember } from "@/lib/server/members";
import { createQuestion, updateQuestion } from "@/lib/server/questions";
import { createQuote } from "@/lib/server/quotes";
import { importDocument } from "@/lib/server/evidence/documents";
import { createClaim } from "@/lib/server/evidence/claims";
import { endSession } from "@/lib/server/sessions";
import { listSources } from "@/lib/server/sources/list";
import { createSource } from "@/lib/server/sources/write";
import { updateMemo } from "@/lib/server/stories";
import { createTimelineEvent } from "@/lib/server/timeline";
import { setUserDisabled } from "@/lib/server/users";
import { sourceFiltersSchema } from "@/lib/validations/workspace";
import { addToStory, makeDesk, makeUser, type TestUser } from "@/prisma/factories";
import { withAppClient, withRawClient } from "../support/db";
import { listen, type LiveClient } from "../support/live";

afterAll(async () => {
  await liveHub().stop();
});

const open: LiveClient[] = [];
afterAll(() => open.forEach((client) => client.close()));
const track = (client: LiveClient) => (open.push(client), client);

const headOf = async (storyId: string) => Number((await db().revisionChain.findUnique({ where: { chain: storyId } }))!.seq);

async function aSource(user: TestUser, storyId: string, name = "Harbour office") {
  return createSource(user, { storyId, name, kind: "organization" });
}

/** One change of each kind the ledger tracks on a story (a create; the story's memo, an update), through the domain functions. Keyed by the registry: a new kind fails to compile here. */
const CHANGES: Record<TrackedKind, (desk: { lina: TestUser; maya: TestUser; storyId: string }) => Promise<string>> = {
  story: async ({ lina, storyId }) => (await updateMemo(lina, { storyId, version: 1, memo: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "memo" }] }] } })).id,
  member: async ({ lina, storyId }) => (await addToStory(lina, storyId, await makeUser(), "reader")).id,
  source: async ({ lina, storyId }) => (await aSource(lina, storyId)).id,
  quote: async ({ lina, storyId }) => (await createQuote(lina, { storyId, speakerId: (await aSource(lina, storyId)).id, text: "No comment." })).id,
  question: async ({ lina, storyId }) => (await createQuestion(lina, { storyId, text: "Who signed the contract?" })).id,
  timeline_event: async ({ lina, storyId }) => (await createTimelineEvent(lina, { storyId, when: "2026-11-30", what: "The contract was signed." })).id,
  follow_up: async ({ lina, maya, storyId }) => (await createFollowUp(lina, { storyId, title: "Call the harbour", assigneeId: maya.id })).id,
  document: async ({ lina, storyId }) => (await importDocument(lina, { storyId }, { text: "The harbour closed at noon." })).document.id,
  claim: async ({ lina, storyId }) => (await createClaim(lina, { storyId, detail: "When the harbour closed" })).id,
  comment: async ({ lina, storyId }) => {
    const question = await createQuestion(lina, { storyId, text: "What did the ministry say?" });
    return (await createComment(lina, { storyId, entityType: "question", entityId: question.id, body: "Asked them twice." })).id;
  },
};

describe("events from the ledger", () => {
  it("the runtime role can LISTEN, and a committed change's NOTIFY carries ids, sequence numbers and kinds only", async () => {
    const { lina, storyId } = await makeDesk({ lina: { on: "lead", role: "editor" } });
    await withAppClient(async (client) => {
      const heard: string[] = [];
      client.on("notification", (message) => heard.push(message.payload ?? ""));
      await client.query("LISTEN storydesk_live");
      const quote = await createQuote(lina, { storyId, speakerId: (await aSource(lina, storyId, "Canary Harbourmaster")).id, text: "CANARY-WORDS" });
      await client.query("SELECT 1"); // the notifications have arrived by the time the server answers
      const mine = heard.map((text) => JSON.parse(text) as Record<string, unknown>).filter((payload) => payload.c === storyId);
      const quoteEvent = mine.find((payload) => payload.k === "quote");
      expect(quoteEvent).toEqual({ t: "r", id: expect.any(Number), c: storyId, s: await headOf(storyId), k: "quote", e: quote.id, a: "create", u: lina.id });
      expect(heard.join("\n")).not.toMatch(/CANARY|Canary/);
    });
  });

  it("sends an event for every kind of change the ledger tracks, to the story's subscribers", async () => {
    const desk = await makeDesk({ lina: { on: "lead", role: "editor", name: "Lina Haddad" }, maya: { on: "contributor" } });
    const maya = track(await listen(desk.maya, { story: desk.storyId }));
    await maya.next("hello");
    for (const kind of TRACKED_KINDS) {
      const id = await CHANGES[kind](desk);
      const heard = await maya.next("change", (event) => event.data.kind === kind);
      expect(heard.data).toEqual({ story: desk.storyId, seq: expect.any(Number), kind, id, action: kind === "story" ? "update" : "create", actor: { id: desk.lina.id, name: "Lina Haddad" } });
      expect(heard.cursor?.s).toBe(heard.data.seq);
    }
    // Delete and restore too (entries), and an update.
    const question = await createQuestion(desk.lina, { storyId: desk.storyId, text: "Is the unit named?" });
    await updateQuestion(desk.lina, { storyId: desk.storyId, questionId: question.id, version: 1, text: "Is the unit named anywhere?" });
    await deleteEntry(desk.lina, { storyId: desk.storyId, kind: "question", entryId: question.id, version: 2 });
    await restoreEntry(desk.lina, { storyId: desk.storyId, kind: "question", entryId: question.id, version: 3 });
    for (const action of ["create", "update", "delete", "restore"]) {
      expect((await maya.next("change", (event) => event.data.id === question.id)).data.action).toBe(action);
    }
  });

  it("emits nothing for a write that rolls back", async () => {
    const { lina, maya, storyId } = await makeDesk({ lina: { on: "lead", role: "editor" }, maya: { on: "reader" } });
    const client = track(await listen(maya, { story: storyId }));
    await client.next("hello");
    const head = await headOf(storyId);
    await expect(
      writeWithRevision({ actorId: lina.id, storyId }, async (tx) => {
        await tx.$executeRaw`INSERT INTO questions (story_id, text, logged_by_id, updated_at) VALUES (${storyId}::uuid, 'Rolled back', ${lina.id}::uuid, now())`;
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    const kept = await createQuestion(lina, { storyId, text: "Kept question" });
    // The first change heard after the rollback is the committed one, at the next sequence number.
    const heard = await client.next("change");
    expect(heard.data).toMatchObject({ id: kept.id, seq: head + 1 });
  });
});

describe("resuming from the ledger", () => {
  it("replays exactly the changes missed after the cursor, in order, then goes on live", async () => {
    const { lina, maya, storyId } = await makeDesk({ lina: { on: "lead", role: "editor" }, maya: { on: "contributor" } });
    const first = track(await listen(maya, { story: storyId }));
    await first.next("hello");
    await createQuestion(lina, { storyId, text: "Heard live" });
    const last = await first.next("change");
    first.close();
    await first.ended;
    const missed = [];
    for (const text of ["Missed one", "Missed two", "Missed three"]) missed.push((await createQuestion(lina, { storyId, text })).id);

    const again = track(await listen(maya, { story: storyId, cursor: last.cursor }));
    const replayed = [await again.next("change"), await again.next("change"), await again.next("change")];
    expect(replayed.map((event) => event.data.id)).toEqual(missed);
    expect(replayed.every((event) => event.data.replayed === true)).toBe(true);
    expect(replayed.map((event) => event.data.seq)).toEqual([last.cursor!.s + 1, last.cursor!.s + 2, last.cursor!.s + 3]);
    expect((await again.next("hello")).data.caughtUp).toBe(3);
    // Nothing else was replayed, and what comes next is live.
    expect(again.heard.filter((event) => event.event === "change")).toHaveLength(3);
    const live = await createQuestion(lina, { storyId, text: "Live again" });
    const heardLive = await again.next("change");
    expect(heardLive.data).toMatchObject({ id: live.id, seq: last.cursor!.s + 4 });
    expect(heardLive.data.replayed).toBeUndefined();
  });

  it("asks for a reload when more was missed than it replays, or the cursor is from elsewhere", async () => {
    const { lina, maya, storyId } = await makeDesk({ lina: { on: "lead", role: "editor" }, maya: { on: "contributor" } });
    const head = await headOf(storyId);
    await writeWithRevision({ actorId: lina.id, storyId }, async (tx) => {
      await tx.$executeRaw`
        INSERT INTO questions (story_id, text, logged_by_id, updated_at)
        SELECT ${storyId}::uuid, 'Question ' || n, ${lina.id}::uuid, now() FROM generate_series(1, ${MAX_REPLAY + 1}) n`;
    });
    const behind = track(await listen(maya, { story: storyId, cursor: { s: head, r: 0, n: 0 } }));
    expect((await behind.next("reset")).data.reason).toBe("gap");
    expect(behind.heard.some((event) => event.event === "change")).toBe(false);
    const ahead = track(await listen(maya, { story: storyId, cursor: { s: head + 10_000, r: 0, n: 0 } }));
    expect((await ahead.next("reset")).data.reason).toBe("unknown");
  });

  it("catches up a missed notification by its sequence", async () => {
    const { lina, maya, storyId } = await makeDesk({ lina: { on: "lead", role: "editor" }, maya: { on: "contributor" } });
    const first = track(await listen(maya));
    const hello = await first.next("hello");
    first.close();
    await createFollowUp(lina, { storyId, title: "Call the ministry", assigneeId: maya.id });
    const again = track(await listen(maya, { cursor: hello.cursor }));
    const inbox = await again.next("inbox");
    expect(inbox.cursor!.n).toBeGreaterThan(hello.cursor!.n);
    expect((await again.next("hello")).data.unread).toBe(1);
  });
});

describe("authorization at delivery", () => {
  it("a member removed from the story stops receiving at once, and never hears of the removal", async () => {
    const { lina, maya, storyId, memberIds } = await makeDesk({ lina: { on: "lead", role: "editor" }, maya: { on: "contributor" } });
    const client = track(await listen(maya, { story: storyId }));
    await client.next("hello");
    await removeMember(lina, { storyId, memberId: memberIds.maya! });
    expect((await client.next("revoked")).data.reason).toBe("access");
    await client.ended;
    await createQuestion(lina, { storyId, text: "After Maya left" });
    expect(client.heard.filter((event) => event.event === "change")).toHaveLength(0);
    // Reconnecting is refused like any page of a story one may not see.
    await expect(listen(maya, { story: storyId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("the desk home and the user's own stream leave out stories the user cannot see", async () => {
    const mine = await makeDesk({ lina: { on: "lead", role: "editor" }, maya: { on: "contributor" } });
    const other = await makeDesk({ omar: { on: "lead", role: "editor" } });
    const desk = track(await listen(mine.maya, { desk: true }));
    await desk.next("hello");
    await createQuestion(other.omar, { storyId: other.storyId, text: "Not for Maya" });
    const seen = await createQuestion(mine.lina, { storyId: mine.storyId, text: "For Maya" });
    expect((await desk.next("change")).data.id).toBe(seen.id);
  });

  it("a follow-up of another story reaches the user's stream only if it concerns them", async () => {
    const { lina, maya, omar, storyId } = await makeDesk({ lina: { on: "lead", role: "editor" }, maya: { on: "contributor" }, omar: { on: "contributor" } });
    const page = track(await listen(maya));
    await page.next("hello");
    await createFollowUp(lina, { storyId, title: "For Omar", assigneeId: omar.id });
    const forMaya = await createFollowUp(lina, { storyId, title: "For Maya", assigneeId: maya.id });
    expect((await page.next("change")).data).toMatchObject({ kind: "follow_up", id: forMaya.id });
  });

  it("an ended session, or a disabled account, ends its streams", async () => {
    const { lina, maya, storyId } = await makeDesk({ lina: { on: "lead", role: "editor" }, maya: { on: "contributor" } });
    const signedOut = track(await listen(maya, { story: storyId }));
    await signedOut.next("hello");
    await endSession(signedOut.sessionId, "sign_out");
    expect((await signedOut.next("revoked")).data.reason).toBe("session");

    const admin = await makeUser({ role: "admin" });
    const disabled = track(await listen(lina, { story: storyId }));
    await disabled.next("hello");
    await setUserDisabled(admin, { userId: lina.id, disabled: true });
    expect((await disabled.next("revoked")).data.reason).toBe("session");
  });

  it("a reader hears of a confidential source's change by id, and reads it through the lens: the alias only", async () => {
    const { lina, rita, storyId } = await makeDesk({ lina: { on: "lead", role: "editor" }, rita: { on: "reader" } });
    const client = track(await listen(rita, { story: storyId }));
    await client.next("hello");
    const source = await createSource(lina, { storyId, name: "CANARY Whistleblower", kind: "person", affiliation: "CANARY Unit 8200", protection: "confidential", contact: "CANARY +972" });
    const heard = await client.next("change");
    expect(heard.data).toMatchObject({ kind: "source", id: source.id });
    expect(heard.raw).not.toContain("CANARY");
    // What the reader's page then shows (the panel's own read).
    const page = await listSources(rita, storyId, sourceFiltersSchema.parse({}));
    const seen = page.items.find((item) => item.id === source.id)!;
    expect(JSON.stringify(seen)).not.toContain("CANARY");
    expect(JSON.stringify(seen)).toContain("Confidential source A");
  });
});

describe("presence", () => {
  it("shows who is on the story and what they edit, and forgets a tab that goes quiet or closes", async () => {
    const { lina, maya, storyId } = await makeDesk({ lina: { on: "lead", role: "editor", name: "Lina Haddad" }, maya: { on: "contributor", name: "Maya Cohen" } });
    const linaTab = crypto.randomUUID();
    const linaStream = track(await listen(lina, { story: storyId, tabId: linaTab, panel: "quotes" }));
    await linaStream.next("presence", (event) => JSON.stringify(event.data).includes("Lina Haddad"));
    const mayaTab = crypto.randomUUID();
    const mayaStream = track(await listen(maya, { story: storyId, tabId: mayaTab, panel: "quotes" }));
    const question = await createQuestion(lina, { storyId, text: "Being edited" });
    expect(await heartbeat(maya.id, { tabId: mayaTab, storyId, panel: "questions", editing: { kind: "question", id: question.id } })).toBe(true);
    // Nobody else can speak for Maya's tab.
    expect(await heartbeat(lina.id, { tabId: mayaTab, storyId, panel: "questions", editing: null })).toBe(false);
    const editing = await linaStream.next("presence", (event) => JSON.stringify(event.data).includes(question.id));
    expect((editing.data.people as Array<{ user: { name: string }; panels: string[] }>).find((person) => person.user.name === "Maya Cohen")).toEqual({
      user: { id: maya.id, name: "Maya Cohen" },
      panels: ["questions"],
      editing: [{ kind: "question", id: question.id }],
    });
    // Maya's tab goes quiet (no heartbeat for longer than the TTL): swept, and everyone is told.
    await withRawClient((client) => client.query("UPDATE live_presence SET seen_at = now() - interval '1 hour' WHERE tab_id = $1", [mayaTab]));
    expect(await sweep()).toBe(1);
    await linaStream.next("presence", (event) => !JSON.stringify(event.data).includes("Maya Cohen"));
    // A tab that closes leaves at once.
    mayaStream.close();
    const third = track(await listen(maya, { story: storyId, tabId: crypto.randomUUID(), panel: "overview" }));
    await linaStream.next("presence", (event) => JSON.stringify(event.data).includes("Maya Cohen"));
    third.close();
    await linaStream.next("presence", (event) => !JSON.stringify(event.data).includes("Maya Cohen"));
  });

  it("is an unlogged table the runtime role uses, left out of backups", async () => {
    const { rows } = await withRawClient((client: pg.Client) => client.query<{ relpersistence: string }>("SELECT relpersistence FROM pg_class WHERE relname = 'live_presence'"));
    expect(rows[0]!.relpersistence).toBe("u");
    const { listTables } = await import("@/lib/server/backup/backup");
    const tables = await withRawClient((client) => listTables(client));
    expect(tables.map((table) => table.name)).not.toContain("live_presence");
  });
});
