// Sessions that end and throttling that cannot be turned against a user, against the running
// app: a token copied before sign-out is worthless after it; "Sign out everywhere" ends two
// browsers' sessions; an admin ends someone's sessions; 100 concurrent wrong guesses do not
// pass the limit nor lock the owner out of a device they used before. Its own accounts.
import type { Browser } from "playwright-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { FREE_FAILURES } from "@/lib/server/sign-in-throttle";
import type { TestUser } from "@/prisma/factories";
import { launchBrowser, signedInPage } from "../support/browser";
import { CookieJar, signIn, signOut, signedIn } from "../support/http";

const baseUrl = inject("baseUrl");
const databaseUrl = inject("e2eDatabaseUrl");
process.env.DATABASE_URL = databaseUrl;
const PASSWORD = "a-password-for-sessions";

let browser: Browser;
let storyId: string;
let hiddenStory: { id: string; title: string };
const users: Record<"reporter" | "traveller" | "target", TestUser> = {} as never;

async function query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  browser = await launchBrowser();
  const [{ db }, { makeUser, makeStory, addToStory }] = await Promise.all([import("@/lib/db"), import("@/prisma/factories")]);
  for (const name of ["reporter", "traveller", "target"] as const) users[name] = await makeUser({ name: `Sessions ${name}`, password: PASSWORD });
  // A story of this file's own (the demo story other files read is left alone), led by Maya.
  const maya = await db().user.findUniqueOrThrow({ where: { email: "maya@storydesk.example" } });
  storyId = (await makeStory(maya, { title: `Sessions story ${Date.now()}` })).id;
  await addToStory(maya, storyId, users.reporter, "reader");
  const hidden = await makeStory(maya, { title: `Sessions hidden story ${Date.now()}` });
  hiddenStory = { id: hidden.id, title: hidden.title };
  await db().$disconnect();
}, 60_000);

afterAll(async () => {
  await browser.close();
});

const story = (jar: CookieJar) => fetch(`${baseUrl}/api/stories/${storyId}`, { headers: { cookie: jar.header() } });

describe("signing out", () => {
  it("refuses a token copied before sign-out, everywhere it was copied to", async () => {
    const jar = await signedIn(baseUrl, users.reporter.email, PASSWORD);
    const copy = jar.copy();
    expect((await story(copy)).status).toBe(200);
    await signOut(baseUrl, jar);
    const refused = await story(copy);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: "UNAUTHENTICATED" });
    const page = await fetch(`${baseUrl}/stories/${storyId}`, { headers: { cookie: copy.header() }, redirect: "manual" });
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toContain("/sign-in");
  });

  it("'Sign out everywhere' ends the sessions of both browsers", async () => {
    const first = await signedInPage(browser, users.reporter.email, PASSWORD);
    const second = await signedInPage(browser, users.reporter.email, PASSWORD);
    await first.getByRole("link", { name: /Sessions reporter/ }).click();
    await first.getByRole("heading", { name: "Your sessions" }).waitFor();
    const table = first.getByRole("table", { name: "Sessions of you" });
    expect(await table.getByText("this browser").count()).toBe(1);
    expect(await table.getByRole("row").count()).toBeGreaterThanOrEqual(3); // header + both browsers
    await first.getByRole("button", { name: "Sign out everywhere" }).click();
    await first.waitForURL((url) => url.pathname === "/sign-in");
    await second.reload();
    expect(new URL(second.url()).pathname).toBe("/sign-in");
    expect(await query("SELECT 1 FROM sessions WHERE user_id = $1 AND ended_at IS NULL", [users.reporter.id])).toEqual([]);
    await first.context().close();
    await second.context().close();
  });

  it("lets an admin see someone's live sessions, with device and address, and end them", async () => {
    const target = await signedIn(baseUrl, users.target.email, PASSWORD);
    const admin = await signedInPage(browser, "admin@storydesk.example");
    await admin.goto("/admin/sessions");
    const section = admin.getByRole("region", { name: `Sessions of ${users.target.name}` });
    await section.getByRole("cell", { name: "127.0.0.1" }).first().waitFor();
    await section.getByRole("button", { name: `End all of ${users.target.name}'s sessions` }).click();
    await section.waitFor({ state: "detached" });
    expect((await story(target)).status).toBe(401);
    await admin.context().close();
  });
});

describe("what the proxy hands to a page", () => {
  it("replaces the story path a client sends: a forged one neither opens another story nor closes this one", async () => {
    const jar = await signedIn(baseUrl, users.reporter.email, PASSWORD);
    const page = (id: string, forged: string) => fetch(`${baseUrl}/stories/${id}`, { headers: { cookie: jar.header(), "x-storydesk-path": forged }, redirect: "manual" });
    const own = await page(storyId, `/stories/${hiddenStory.id}`);
    expect(own.status).toBe(200);
    const html = await own.text();
    expect(html).toContain("Sessions story");
    expect(html).not.toContain(hiddenStory.title);
    const other = await page(hiddenStory.id, `/stories/${storyId}`);
    expect(other.status).toBe(404);
    expect(await other.text()).not.toContain(hiddenStory.title);
  });
});

describe("sign-in throttling", () => {
  it("holds 100 concurrent wrong guesses to the limit, and still lets the owner in from a device they used before", async () => {
    const { email } = users.traveller;
    const known = await signedIn(baseUrl, email, PASSWORD);
    await signOut(baseUrl, known);
    const device = known.deviceOnly();

    // 100 guesses at once, each from a new browser.
    const guesses = await Promise.all(Array.from({ length: 100 }, (_, i) => signIn(baseUrl, email, `guess-${i}`).then((result) => result.error)));
    const count = (error: string) => guesses.filter((found) => found === error).length;
    expect({ wrong: count("CredentialsSignin"), throttled: count("RateLimited") }).toEqual({ wrong: FREE_FAILURES, throttled: 100 - FREE_FAILURES });

    const stranger = await signIn(baseUrl, email, PASSWORD);
    expect(stranger.error).toBe("RateLimited");
    const owner = await signIn(baseUrl, email, PASSWORD, device);
    expect(owner.error).toBeNull();
    expect(owner.jar.get("next-auth.session-token")).toBeDefined();
    expect((await story(owner.jar)).status).toBe(404); // signed in (and not on that story)
  });

  it("takes the address from the connection, not from what a client claims", async () => {
    const response = await fetch(`${baseUrl}/api/auth/csrf`);
    const jar = new CookieJar();
    jar.take(response);
    const { csrfToken } = (await response.json()) as { csrfToken: string };
    await fetch(`${baseUrl}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", cookie: jar.header(), "X-Forwarded-For": "203.0.113.99", "X-Forwarded-Proto": "https" },
      body: new URLSearchParams({ csrfToken, email: users.target.email, password: PASSWORD, json: "true" }),
    });
    const [session] = await query<{ address: string }>("SELECT address FROM sessions WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1", [users.target.id]);
    expect(session!.address).toBe("127.0.0.1");
    // Nor is its claim to be on https: no HSTS over plain http.
    const page = await fetch(`${baseUrl}/sign-in`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(page.headers.get("strict-transport-security")).toBeNull();
  });
});
