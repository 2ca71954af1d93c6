import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { browserForFile, signedInPage } from "../support/browser";
import { addMember, addQuestion, createStory, openEntryActions } from "../support/entries";

const browser = browserForFile();
let maya: Page; // editor, lead of this file's story
let lina: Page; // reporter, contributor
let storyPath: string;

const RUN = Date.now().toString(36);
const TITLE = `Ask Microsoft whether the data left Azure ${RUN}`;
// A story and a question of this file's own: the demo story other files read is left alone.
const QUESTION_TEXT = `Has the intercepted data actually left Azure? (${RUN})`;
const QUESTION = `question ${QUESTION_TEXT}`;

beforeAll(async () => {
  [maya, lina] = await Promise.all([signedInPage(browser(), "maya@storydesk.example"), signedInPage(browser(), "lina@storydesk.example")]);
  storyPath = await createStory(maya, `Follow-ups ${RUN}`);
  await addMember(maya, storyPath, "lina@storydesk.example", "contributor", "Lina Sayegh");
  await addQuestion(maya, storyPath, QUESTION_TEXT);
});

async function openStory(page: Page, tab: string) {
  await page.goto(`${storyPath}?tab=${tab}`);
  await page.getByRole("navigation", { name: "Story panels" }).waitFor();
}

const unreadOf = async (page: Page) => {
  const label = (await page.getByRole("link", { name: /^Notifications/ }).getAttribute("aria-label")) ?? "";
  return Number(/(\d+) unread/.exec(label)?.[1] ?? 0);
};

describe("follow-ups between two people", () => {
  it("an editor assigns a follow-up on a question; the reporter finds it, accepts and finishes it; the editor sees it done", async () => {
    // Maya: "Assign follow-up" on the question opens the Follow-ups panel with the link filled in.
    await openStory(maya, "questions");
    const question = maya.getByRole("article", { name: QUESTION });
    await openEntryActions(question, /^question/);
    await question.getByRole("link", { name: /^Assign follow-up on question/ }).click();
    await maya.waitForURL((url) => url.searchParams.get("tab") === "follow-ups");
    const form = maya.getByRole("form", { name: "New follow-up" });
    await form.waitFor();
    expect(await form.getByLabel("About").locator("option:checked").textContent()).toMatch(/^Question: Has the intercepted data actually left Azure/);
    await form.getByLabel("Follow-up").fill(TITLE);
    await form.getByLabel("Assignee").selectOption({ label: "Lina Sayegh" });
    await form.getByRole("button", { name: "Tomorrow 10:00" }).click();
    await form.getByRole("button", { name: "Assign follow-up" }).click();
    const assigned = maya.getByRole("article", { name: `follow-up ${TITLE}` });
    await assigned.waitFor();
    await assigned.getByText("Awaiting answer").waitFor();
    await assigned.getByText(/For Lina Sayegh, assigned by Maya Cohen/).waitFor();

    // The question itself now shows who is chasing it.
    await openStory(maya, "questions");
    await maya.getByRole("article", { name: QUESTION }).getByRole("list", { name: "Open follow-ups" }).getByText(TITLE).waitFor();
    const mayaUnreadBefore = await unreadOf(maya);

    // Lina: the bell and My follow-ups both have it.
    await lina.goto("/");
    expect(await unreadOf(lina)).toBeGreaterThan(0);
    await lina.getByRole("link", { name: /^Notifications/ }).click();
    await lina.getByRole("link", { name: new RegExp(`Maya Cohen assigned you “${TITLE.slice(0, 30)}`) }).waitFor();
    await lina.getByRole("link", { name: /^My follow-ups/ }).click();
    await lina.waitForURL("**/follow-ups");
    const mine = lina.getByRole("article", { name: `follow-up ${TITLE}` });
    await mine.waitFor();
    await mine.getByRole("button", { name: `Accept follow-up ${TITLE}` }).click();
    await mine.getByRole("button", { name: `Accept follow-up ${TITLE}` }).waitFor({ state: "detached" });
    await mine.getByRole("button", { name: `Mark done follow-up ${TITLE}` }).click();
    const done = mine.getByRole("form", { name: `Mark done follow-up ${TITLE}` });
    await done.getByLabel("Completion note (optional)").fill("Microsoft says the data is no longer on Azure; no date given.");
    await done.getByRole("button", { name: "Mark done" }).click();
    // Done: it moves to "Recently done".
    await lina.getByRole("region", { name: /^Recently done/ }).getByRole("article", { name: `follow-up ${TITLE}` }).waitFor();

    // Maya: a notification, and the follow-up shows as done with Lina's note.
    await maya.reload();
    expect(await unreadOf(maya)).toBeGreaterThan(mayaUnreadBefore);
    await maya.getByRole("link", { name: /^Notifications/ }).click();
    await maya.getByRole("link", { name: new RegExp(`Lina Sayegh set “${TITLE.slice(0, 30)}.*” to done`) }).click();
    await maya.waitForURL((url) => url.searchParams.get("tab") === "follow-ups" && url.searchParams.has("focus"));
    const finished = maya.getByRole("article", { name: `follow-up ${TITLE}` });
    await finished.getByText("Done", { exact: true }).waitFor();
    await finished.getByText(/Microsoft says the data is no longer on Azure/).waitFor();
  });
});
