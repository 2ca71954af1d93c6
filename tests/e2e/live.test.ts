// The live desk with two people on two app instances sharing one database: Lina on instance A
// (the e2e server), Maya on instance B (a second `next start`, started here). What one does
// appears on the other's page without a reload, within a bounded wait; presence and the
// editing notice cross instances too; B killed and restarted, Maya's page catches up.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import pg from "pg";
import type { Page } from "playwright-core";
import { DEMO_PASSWORD, browserForFile, signedInPage } from "../support/browser";
import { addMember, createStory, openAddMember, openEntryActions } from "../support/entries";
import { appServerEnv, startAppServer, waitForHealth } from "../setup/app-server";
import { freePort } from "../../scripts/lib/embedded-postgres";

const browser = browserForFile();
const databaseUrl = inject("e2eDatabaseUrl");
/**
 * How long a change may take to reach the other browser and be shown before the test fails. It
 * takes well under a second on a quiet machine, but the page's refresh behind it took 2.8 s at
 * p50 at load 20, and CI machines are slower still: the speed is the bench's to measure
 * (`npm run bench -- --only live`, against its budget), this test's is that it arrives, without a reload.
 */
const LIVE_WAIT_MS = 15_000;
const CHANGES_MEASURED = 6;

let portB: number;
let urlB: string;
let serverB: ChildProcess | null = null;
let lina: Page;
let maya: Page;
let storyPath: string;
const database = new pg.Client({ connectionString: databaseUrl });

async function startB(): Promise<void> {
  serverB = startAppServer(portB, appServerEnv(databaseUrl, urlB));
  await waitForHealth(urlB, serverB);
}

/** Stops instance B; false if it had not exited within `ms` (it is then killed). */
async function stopB(signal: NodeJS.Signals, ms = 20_000): Promise<boolean> {
  const server = serverB;
  serverB = null;
  if (!server || server.exitCode !== null) return true;
  const exited = new Promise<boolean>((resolve) => server.once("exit", () => resolve(true)));
  server.kill(signal);
  const inTime = await Promise.race([exited, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);
  if (!inTime) {
    server.kill("SIGKILL");
    await exited;
  }
  return inTime;
}

const live = (page: Page) => page.getByRole("status", { name: "Live updates: Live" }).waitFor({ timeout: LIVE_WAIT_MS });
const questionsCount = async (page: Page) => Number(await page.getByRole("navigation", { name: "Story panels" }).getByRole("link", { name: /Questions/ }).locator("span").innerText());

/** Records, in the page, when an article of this name first shows (no reload: the observer lives as long as the document). */
async function watchFor(page: Page, name: string): Promise<void> {
  await page.evaluate((label) => {
    const seen = ((window as unknown as { __seen?: Record<string, number> }).__seen ??= {});
    const check = () => {
      if (!seen[label] && document.querySelector(`article[aria-label="${CSS.escape(label)}"]`)) seen[label] = Date.now();
    };
    new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true });
    check();
  }, name);
}

const seenAt = (page: Page, name: string) => page.evaluate((label) => (window as unknown as { __seen: Record<string, number> }).__seen[label]!, name);

/** When the revision that created this question was written (the database's clock, the same machine's). */
async function committedAt(text: string): Promise<number> {
  const { rows } = await database.query<{ at: Date }>(
    `SELECT r.created_at AS at FROM revisions r JOIN questions q ON q.id = r.entity_id WHERE q.text = $1 AND r.action = 'create'`,
    [text],
  );
  return rows[0]!.at.getTime();
}

async function addQuestion(page: Page, text: string): Promise<void> {
  await page.getByRole("button", { name: /New question/ }).click();
  const form = page.getByRole("form", { name: "New question" });
  await form.getByLabel("Question").fill(text);
  await form.getByRole("button", { name: "Add question" }).click();
  await page.getByRole("article", { name: `question ${text}` }).waitFor();
}

const unreadOf = async (page: Page) => Number(/(\d+) unread/.exec((await page.getByRole("link", { name: /^Notifications/ }).getAttribute("aria-label")) ?? "")?.[1] ?? 0);
const myOpenFollowUps = async (page: Page) => Number(/(\d+) open/.exec((await page.getByRole("link", { name: /^My follow-ups/ }).getAttribute("aria-label")) ?? "")?.[1] ?? 0);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

beforeAll(async () => {
  await database.connect();
  portB = await freePort();
  urlB = `http://localhost:${portB}`;
  await startB();
  lina = await signedInPage(browser(), "lina@storydesk.example");
  maya = await signedInPage(browser(), "maya@storydesk.example", DEMO_PASSWORD, urlB);
  // Maya (lead, on B) opens a story of her own and makes Lina a contributor.
  storyPath = await createStory(maya, `Live desk ${Date.now()}`);
  const add = await openAddMember(maya);
  await add.getByLabel("Add by e-mail").fill("lina@storydesk.example");
  await add.getByLabel("Role on this story").selectOption("contributor");
  await add.getByRole("button", { name: "Add" }).click();
  await maya.getByRole("combobox", { name: "Role of Lina Sayegh" }).waitFor();
}, 180_000);

afterAll(async () => {
  await stopB("SIGKILL");
  await database.end();
});

describe("the live desk on two instances", () => {
  it("Lina's new questions (on A) appear on Maya's page (on B) without a reload, with counts; delay measured", async () => {
    await Promise.all([lina.goto(`${storyPath}?tab=questions`), maya.goto(`${storyPath}?tab=questions`)]);
    await Promise.all([live(lina), live(maya)]);
    // Maya's page is never reloaded from here on: a marker on its window would be lost.
    await maya.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    const before = await questionsCount(maya);

    const delays: number[] = [];
    const toHeard: number[] = [];
    const toRefresh: number[] = [];
    const rendering: number[] = [];
    for (let index = 0; index < CHANGES_MEASURED; index++) {
      const text = `Who signed the contract, take ${index + 1}?`;
      await watchFor(maya, `question ${text}`);
      await addQuestion(lina, text);
      const article = maya.getByRole("article", { name: `question ${text}` });
      await article.waitFor({ timeout: LIVE_WAIT_MS });
      // Marked as someone else's, briefly (for a few seconds from when it is shown).
      await article.getByText("Added by Lina Sayegh just now").waitFor({ timeout: LIVE_WAIT_MS });
      const committed = await committedAt(text);
      // The page marks when it heard the change and when it asked for the refresh that showed it.
      const marks = await maya.evaluate(() => {
        const at = (name: string) => performance.timeOrigin + performance.getEntriesByName(name).at(-1)!.startTime;
        return { heard: at("storydesk-live-change"), refresh: at("storydesk-live-refresh") };
      });
      const seen = await seenAt(maya, `question ${text}`);
      delays.push(seen - committed);
      toHeard.push(marks.heard - committed);
      toRefresh.push(marks.refresh - marks.heard);
      rendering.push(seen - marks.refresh);
    }
    await expect.poll(() => questionsCount(maya), { timeout: LIVE_WAIT_MS }).toBe(before + CHANGES_MEASURED);
    expect(await maya.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    console.log(`live: commit on instance A → shown in a browser on instance B, ${delays.length} changes: p50 ${percentile(delays, 50)} ms, p95 ${percentile(delays, 95)} ms (max ${Math.max(...delays)} ms); of which commit → event heard p50 ${Math.round(percentile(toHeard, 50))} ms (p95 ${Math.round(percentile(toHeard, 95))}), heard → refresh asked p50 ${Math.round(percentile(toRefresh, 50))} ms, refresh → shown p50 ${Math.round(percentile(rendering, 50))} ms (p95 ${Math.round(percentile(rendering, 95))})`);
    expect(percentile(delays, 95)).toBeLessThan(LIVE_WAIT_MS);
  });

  it("an edit on A shows on B; Maya's open form on B shows on A as 'Maya Cohen is editing'", async () => {
    const old = "Who signed the contract, take 1?";
    const edited = "Who signed the contract first?";
    await openEntryActions(lina, `question ${old}`);
    await lina.getByRole("button", { name: `Edit question ${old}` }).click();
    const form = lina.getByRole("form", { name: "Edit question" });
    await form.getByLabel("Question").fill(edited);
    await form.getByRole("button", { name: "Save question" }).click();
    await maya.getByRole("article", { name: `question ${edited}` }).waitFor({ timeout: LIVE_WAIT_MS });

    await openEntryActions(maya, `question ${edited}`);
    await maya.getByRole("button", { name: `Edit question ${edited}` }).click();
    await lina.getByRole("article", { name: `question ${edited}` }).getByText("Maya Cohen is editing this question").waitFor({ timeout: LIVE_WAIT_MS });
    // Maya is shown on the story, on the Questions panel, on Lina's page.
    await lina.getByRole("list", { name: "Also on this story now" }).getByText(/Maya Cohen.*Questions/).waitFor({ timeout: LIVE_WAIT_MS });
  });

  it("an entry being edited is not replaced: Maya is told Lina changed it and can see Lina's version", async () => {
    const current = "Who signed the contract first?";
    const mayaForm = maya.getByRole("form", { name: "Edit question" });
    await mayaForm.getByLabel("Question").fill("Maya's wording, half typed");

    await openEntryActions(lina, `question ${current}`);
    await lina.getByRole("button", { name: `Edit question ${current}` }).click();
    const linaForm = lina.getByRole("form", { name: "Edit question" });
    await linaForm.getByLabel("Question").fill("Lina's wording, saved first");
    await linaForm.getByRole("button", { name: "Save question" }).click();
    await lina.getByRole("article", { name: "question Lina's wording, saved first" }).waitFor();

    await maya.getByText("Lina Sayegh changed this question while you were editing it. Your edit is still here.").waitFor({ timeout: LIVE_WAIT_MS });
    expect(await mayaForm.getByLabel("Question").inputValue()).toBe("Maya's wording, half typed");
    await maya.getByRole("button", { name: "Show their version" }).click();
    await maya.getByRole("region", { name: "Latest saved question" }).getByText("Lina's wording, saved first").waitFor();
    // Saving anyway is still decided by the version check: the conflict notice, both versions.
    await mayaForm.getByRole("button", { name: "Save question" }).click();
    await mayaForm.getByText("Lina's wording, saved first").first().waitFor();
    await mayaForm.getByRole("button", { name: "Cancel" }).click();
  });

  it("Lina's bell, My follow-ups and the story's history feed (on A) follow Maya's work (on B) without a reload", async () => {
    // My follow-ups and the bell: a follow-up Maya assigns to Lina on B.
    await lina.goto("/follow-ups");
    await live(lina);
    await lina.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    const unreadBefore = await unreadOf(lina);
    const openBefore = await myOpenFollowUps(lina);
    const title = `Call the ministry back, live ${Date.now().toString(36)}`;
    await maya.goto(`${storyPath}?tab=follow-ups`);
    await maya.getByRole("button", { name: "New follow-up" }).click();
    const form = maya.getByRole("form", { name: "New follow-up" });
    await form.getByLabel("Follow-up").fill(title);
    await form.getByLabel("Assignee").selectOption({ label: "Lina Sayegh" });
    await form.getByRole("button", { name: "Assign follow-up" }).click();
    await maya.getByRole("article", { name: `follow-up ${title}` }).waitFor();

    await lina.getByRole("article", { name: `follow-up ${title}` }).waitFor({ timeout: LIVE_WAIT_MS });
    await expect.poll(() => unreadOf(lina), { timeout: LIVE_WAIT_MS }).toBe(unreadBefore + 1);
    await expect.poll(() => myOpenFollowUps(lina), { timeout: LIVE_WAIT_MS }).toBe(openBefore + 1);
    expect(await lina.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

    // The story's history feed: a question Maya adds on B is listed on Lina's feed on A.
    await lina.goto(`${storyPath}/history`);
    await live(lina);
    await lina.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    const text = "Who paid for the servers, asked live?";
    await maya.goto(`${storyPath}?tab=questions`);
    await addQuestion(maya, text);
    await lina.getByRole("main").getByRole("link", { name: text, exact: true }).waitFor({ timeout: LIVE_WAIT_MS });
    expect(await lina.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  });

  it("Lina's desk home (on A) lists a story Maya (on B) adds her to, without a reload", async () => {
    await lina.goto("/");
    await live(lina);
    await lina.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    const title = `Desk live ${Date.now().toString(36)}`;
    const stories = lina.getByRole("table", { name: "Stories you can see" });
    // Lina may see the story only once Maya makes her a member: that change is what her desk hears.
    const path = await createStory(maya, title);
    await addMember(maya, path, "lina@storydesk.example", "reader", "Lina Sayegh");
    await stories.getByRole("link", { name: title, exact: true }).waitFor({ timeout: LIVE_WAIT_MS });
    expect(await lina.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  });

  it("instance B killed and restarted: Maya's page says so, reconnects, and shows what changed meanwhile", async () => {
    // Both on the Questions panel (the test before left Lina on the history feed).
    await lina.goto(`${storyPath}?tab=questions`);
    await maya.goto(`${storyPath}?tab=questions`);
    await live(maya);
    await maya.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await stopB("SIGKILL");
    await maya.getByRole("status", { name: "Live updates: Reconnecting…" }).waitFor({ timeout: 45_000 });
    const text = "Asked while instance B was down?";
    await addQuestion(lina, text);
    await startB();
    await maya.getByRole("article", { name: `question ${text}` }).waitFor({ timeout: 20_000 });
    await live(maya);
    expect(await maya.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  });

  it("instance B stops promptly on SIGTERM with a page still subscribed (its streams end; the page reconnects elsewhere)", async () => {
    await live(maya);
    expect(await stopB("SIGTERM", 15_000)).toBe(true);
    await maya.getByRole("status", { name: "Live updates: Reconnecting…" }).waitFor({ timeout: LIVE_WAIT_MS });
  });
});

