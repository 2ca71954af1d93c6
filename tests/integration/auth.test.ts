import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { authOptions, getSessionUser, sessionUserAnd } from "@/lib/auth";
import { storyAccessColumn, type StoryAccessColumn } from "@/lib/server/access";
import { deskHeadColumns, deskHeadOf, type DeskHeadColumns } from "@/lib/server/desk-head";
import { storyDetailColumn, type StoryDetailColumn } from "@/lib/server/stories";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { endMySessions, endSessionsAsAdmin, listActiveSessions, listMySessions } from "@/lib/server/sessions";
import { ADDRESS_LIMIT, FIRST_DELAY_SECONDS, FREE_FAILURES } from "@/lib/server/sign-in-throttle";
import { resetPassword, setUserDisabled } from "@/lib/server/users";
import { makeStory, makeUser } from "@/prisma/factories";
import { actAs, useToken } from "../support/session";
import { withRawClient } from "../support/db";
import { codeOf } from "../support/errors";

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;
const provider = authOptions.providers[0] as unknown as { options: { authorize: Authorize } };

/** One sign-in attempt, from an address and (optionally) a device that signed in before. */
function authorize(email: string, password: string, from: { address?: string; device?: string } = {}) {
  const headers: Record<string, string> = { "x-forwarded-for": from.address ?? "203.0.113.7", "user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0" };
  if (from.device) headers.cookie = `theme=dark; storydesk-device=${from.device}`;
  return provider.options.authorize({ email, password }, { headers });
}

/** How the attempts came out: signed in, refused as a wrong password, refused by the throttle. */
async function outcomes(attempts: Promise<unknown>[]) {
  const settled = await Promise.allSettled(attempts);
  const count = { signedIn: 0, wrong: 0, throttled: 0 };
  for (const result of settled) {
    if (result.status === "fulfilled") count[result.value ? "signedIn" : "wrong"] += 1;
    else if (result.reason instanceof Error && result.reason.message === "RateLimited") count.throttled += 1;
    else throw result.reason;
  }
  return count;
}

/** The device id a sign-in left behind (what the browser's device cookie now holds). */
async function deviceOf(sessionId: string): Promise<string> {
  return (await db().session.findUniqueOrThrow({ where: { id: sessionId } })).deviceId;
}

const backoffOf = (key: string) => withRawClient(async (client) => (await client.query("SELECT failures, extract(epoch FROM next_attempt_at - now())::float AS wait FROM sign_in_backoff WHERE key = $1", [key])).rows[0]);

describe("sign-in", () => {
  it("accepts the right password, case-insensitively on the e-mail, stores only an argon2id hash and starts a session", async () => {
    const user = await makeUser({ email: "Reporter.One@Storydesk.example", password: "correct horse battery" });
    expect(user.email).toBe("reporter.one@storydesk.example");
    const signedIn = (await authorize("REPORTER.ONE@storydesk.example", "correct horse battery")) as { id: string; sessionId: string };
    expect(signedIn).toMatchObject({ id: user.id, sessionVersion: 1, sessionId: expect.any(String) });
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    const session = await db().session.findUniqueOrThrow({ where: { id: signedIn.sessionId } });
    expect(session).toMatchObject({ userId: user.id, address: "203.0.113.7", endedAt: null });
  });

  it("answers an unknown e-mail, a wrong password and a disabled account the same way", async () => {
    const user = await makeUser({ password: "correct horse battery" });
    const admin = await makeUser({ role: "admin" });
    expect(await authorize("nobody@storydesk.example", "correct horse battery")).toBeNull();
    expect(await authorize(user.email, "wrong password")).toBeNull();
    await setUserDisabled(admin, { userId: user.id, disabled: true });
    expect(await authorize(user.email, "correct horse battery")).toBeNull();
  });
});

describe("sign-in throttling", () => {
  it(`lets ${FREE_FAILURES} wrong passwords through, then makes the next attempt wait — for an unknown e-mail alike`, async () => {
    const user = await makeUser({ password: "correct horse battery" });
    for (let i = 0; i < FREE_FAILURES; i++) expect(await authorize(user.email, `guess ${i}`)).toBeNull();
    await expect(authorize(user.email, "correct horse battery")).rejects.toThrow("RateLimited");
    for (let i = 0; i < FREE_FAILURES; i++) expect(await authorize("ghost@storydesk.example", `guess ${i}`)).toBeNull();
    await expect(authorize("ghost@storydesk.example", "x")).rejects.toThrow("RateLimited");
  });

  it("doubles the wait with each further failure, checks no password while waiting, and forgets it all after a success", async () => {
    const user = await makeUser({ password: "correct horse battery" });
    const key = `account:${user.email}`;
    for (let i = 0; i < FREE_FAILURES; i++) await authorize(user.email, `guess ${i}`);
    const first = await backoffOf(key);
    expect(first.failures).toBe(FREE_FAILURES);
    expect(first.wait).toBeGreaterThanOrEqual(FIRST_DELAY_SECONDS - 2);
    // Waiting: refused without counting — the right password too.
    await expect(authorize(user.email, "correct horse battery")).rejects.toThrow("RateLimited");
    expect((await backoffOf(key)).failures).toBe(FREE_FAILURES);
    // The wait is over: one more wrong password, and the next wait is twice as long.
    await withRawClient((client) => client.query("UPDATE sign_in_backoff SET next_attempt_at = now() WHERE key = $1", [key]));
    expect(await authorize(user.email, "guess 6")).toBeNull();
    const second = await backoffOf(key);
    expect(second.failures).toBe(FREE_FAILURES + 1);
    expect(second.wait).toBeGreaterThanOrEqual(2 * FIRST_DELAY_SECONDS - 2);
    expect(second.wait).toBeLessThanOrEqual(2 * FIRST_DELAY_SECONDS);
    await withRawClient((client) => client.query("UPDATE sign_in_backoff SET next_attempt_at = now() WHERE key = $1", [key]));
    expect(await authorize(user.email, "correct horse battery")).toMatchObject({ id: user.id });
    expect(await backoffOf(key)).toBeUndefined();
  });

  it("does not lock the owner out: 100 concurrent wrong guesses pass no limit, and the right password still works from a known device", async () => {
    const user = await makeUser({ password: "correct horse battery" });
    const signedIn = (await authorize(user.email, "correct horse battery", { address: "198.51.100.20" })) as { sessionId: string };
    const device = await deviceOf(signedIn.sessionId);

    const burst = await outcomes(Array.from({ length: 100 }, (_, i) => authorize(user.email, `guess ${i}`, { address: "192.0.2.66" })));
    expect(burst).toEqual({ signedIn: 0, wrong: FREE_FAILURES, throttled: 100 - FREE_FAILURES });
    expect((await backoffOf(`account:${user.email}`)).failures).toBe(FREE_FAILURES);

    // From a new device the account now waits; from the owner's known device, it does not.
    await expect(authorize(user.email, "correct horse battery", { address: "198.51.100.20" })).rejects.toThrow("RateLimited");
    expect(await authorize(user.email, "correct horse battery", { address: "198.51.100.20", device })).toMatchObject({ id: user.id });
    // A device id that never signed in to this account is just a new device.
    await expect(authorize(user.email, "correct horse battery", { device: randomUUID() })).rejects.toThrow("RateLimited");
  });

  it(`checks at most ${ADDRESS_LIMIT} passwords per address and window, however many arrive at once; other addresses are unaffected`, async () => {
    const address = "192.0.2.99";
    const burst = await outcomes(Array.from({ length: ADDRESS_LIMIT + 30 }, (_, i) => authorize(`nobody-${i}@storydesk.example`, "guess", { address })));
    expect(burst).toEqual({ signedIn: 0, wrong: ADDRESS_LIMIT, throttled: 30 });
    const user = await makeUser({ password: "correct horse battery" });
    await expect(authorize(user.email, "correct horse battery", { address })).rejects.toThrow("RateLimited");
    expect(await authorize(user.email, "correct horse battery", { address: "192.0.2.100" })).toMatchObject({ id: user.id });
  });

  it("takes the right-most X-Forwarded-For entry (the proxy's), never a client's own claim", async () => {
    const user = await makeUser({ password: "correct horse battery" });
    const signedIn = (await authorize(user.email, "correct horse battery", { address: "203.0.113.250, 198.51.100.7" })) as { sessionId: string };
    expect((await db().session.findUniqueOrThrow({ where: { id: signedIn.sessionId } })).address).toBe("198.51.100.7");
  });
});

describe("the session", () => {
  it("is re-checked against the account on every request", async () => {
    const user = await makeUser({ password: "correct horse battery" });
    const admin = await makeUser({ role: "admin" });
    actAs(user);
    expect(await getSessionUser()).toMatchObject({ id: user.id, role: "reporter" });

    await resetPassword(admin, { userId: user.id, password: "a brand new password" });
    expect(await getSessionUser()).toBeNull(); // old JWT, old session version
    actAs(user, 2);
    expect(await getSessionUser()).toMatchObject({ id: user.id });

    await setUserDisabled(admin, { userId: user.id, disabled: true });
    actAs(user, 3);
    expect(await getSessionUser()).toBeNull(); // disabled, even with a current version
    actAs(null);
    expect(await getSessionUser()).toBeNull();
  });

  it("is checked with a page's first read: a story's access row and the desk's head come only for a live session, read as its account may", async () => {
    const [lead, outsider, admin] = await Promise.all([makeUser({ role: "editor" }), makeUser(), makeUser({ role: "admin" })]);
    const story = await makeStory(lead);
    const ofStory = () => sessionUserAnd<StoryAccessColumn & StoryDetailColumn>(() => Prisma.sql`${storyAccessColumn(story.id)}, ${storyDetailColumn(story.id)}`);
    const head = () => sessionUserAnd<DeskHeadColumns>(deskHeadColumns);

    actAs(lead);
    const member = await ofStory();
    expect(member?.user).toMatchObject({ id: lead.id, role: lead.role });
    expect(member?.extra.story_access).toMatchObject({ id: story.id, role: "lead", head: expect.stringMatching(/^[1-9]\d*$/) });
    expect(member?.extra.story_detail).toMatchObject({ id: story.id, title: story.title, createdBy: { name: lead.name } });
    expect(deskHeadOf((await head())!.extra)).toEqual({ cursor: { s: 0, r: expect.any(Number), n: expect.any(Number) }, unread: 0, followUps: { open: 0, overdue: 0 } });

    // Not a member: the session is live, the story is not there for them. An admin sees it (no membership).
    actAs(outsider);
    expect((await ofStory())?.extra).toEqual({ story_access: null, story_detail: null });
    actAs(admin);
    expect((await ofStory())?.extra).toMatchObject({ story_access: { id: story.id, role: null }, story_detail: { title: story.title } });

    // The unread count follows the account's role, which only the session's row says: a notification
    // of a story one is not a member of counts for an admin, not for anyone else.
    for (const user of [admin, outsider]) {
      await withRawClient((client) =>
        client.query("INSERT INTO notifications (user_id, story_id, kind, entity_type, entity_id, title, dedupe_key) VALUES ($1::uuid, $2::uuid, 'mentioned', 'story', $2::uuid, 'x', gen_random_uuid()::text)", [user.id, story.id]),
      );
    }
    expect((await head())?.extra.unread).toBe(1);
    actAs(outsider);
    expect((await head())?.extra.unread).toBe(0);

    // An ended session reads nothing, whatever it asks for with its check.
    const token = actAs(lead)!;
    expect(await ofStory()).not.toBeNull();
    await authOptions.events!.signOut!({ token: { sid: token.sid } } as unknown as Parameters<NonNullable<NonNullable<typeof authOptions.events>["signOut"]>>[0]);
    expect(await ofStory()).toBeNull();
    expect(await head()).toBeNull();
    expect(await getSessionUser()).toBeNull();
  });

  it("ends on the server when its holder signs out: the same token is refused afterwards", async () => {
    const user = await makeUser();
    const token = actAs(user)!;
    expect(await getSessionUser()).toMatchObject({ id: user.id, sessionId: token.sid });
    await authOptions.events!.signOut!({ token: { sid: token.sid } } as unknown as Parameters<NonNullable<NonNullable<typeof authOptions.events>["signOut"]>>[0]);
    expect(await getSessionUser()).toBeNull();
  });

  it("'sign out everywhere' ends every session of mine, and only mine", async () => {
    const [user, other] = await Promise.all([makeUser(), makeUser()]);
    actAs(other);
    expect(await getSessionUser()).not.toBeNull();
    const first = actAs(user)!; // one browser…
    expect(await getSessionUser()).not.toBeNull();
    const second = actAs(user)!; // …and another, where the user signs out everywhere
    const me = (await getSessionUser())!;
    const listed = await listMySessions(me);
    expect(listed.map((session) => [session.id, session.current])).toEqual([
      [second.sid, true],
      [first.sid, false],
    ]);
    expect(listed[0]!.device).toBe("Unknown browser");
    expect(await endMySessions(me)).toEqual({ ended: 2 });
    expect(await getSessionUser()).toBeNull();
    useToken(first);
    expect(await getSessionUser()).toBeNull();
    expect(await db().session.count({ where: { userId: other.id, endedAt: null } })).toBe(1);
  });

  it("lets an admin see everyone's live sessions and end one, or all of an account's; nobody else may", async () => {
    const [user, admin] = await Promise.all([makeUser(), makeUser({ role: "admin" })]);
    const token = actAs(user)!;
    const me = (await getSessionUser())!;
    expect(await codeOf(listActiveSessions(me))).toBe("FORBIDDEN");
    expect(await codeOf(endSessionsAsAdmin(me, { userId: user.id }))).toBe("FORBIDDEN");
    const listed = (await listActiveSessions(admin)).find((entry) => entry.user.id === user.id);
    expect(listed?.sessions.map((session) => session.id)).toEqual([token.sid]);
    expect(await endSessionsAsAdmin(admin, { sessionId: token.sid })).toEqual({ ended: 1 });
    expect(await getSessionUser()).toBeNull();
    expect(await codeOf(endSessionsAsAdmin(admin, { sessionId: token.sid }))).toBe("NOT_FOUND");
    actAs(user);
    expect(await getSessionUser()).not.toBeNull();
    expect(await endSessionsAsAdmin(admin, { userId: user.id })).toEqual({ ended: 1 });
    expect(await getSessionUser()).toBeNull();
  });

  it("is ended, and leaves the list, when the account is disabled or its password reset", async () => {
    const [user, admin] = await Promise.all([makeUser(), makeUser({ role: "admin" })]);
    actAs(user);
    await getSessionUser();
    await setUserDisabled(admin, { userId: user.id, disabled: true });
    expect((await listActiveSessions(admin)).some((entry) => entry.user.id === user.id)).toBe(false);
    expect(await db().session.findFirst({ where: { userId: user.id } })).toMatchObject({ endReason: "admin" });
  });
});
