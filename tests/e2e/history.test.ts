import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { addMember, createStory, openEntryActions } from "../support/entries";
import { browserForFile, signedInPage } from "../support/browser";

const browser = browserForFile();
let maya: Page;

beforeAll(async () => {
  maya = await signedInPage(browser(), "maya@storydesk.example");
});

const CORRECTED = /Brad Smith: “We have found evidence that supports elements of The Guardian’s reporting/;

describe("history and audit", () => {
  it("opens the story's history, filters it, shows an entry's differences, travels back in time and returns", async () => {
    await maya.goto("/");
    await maya.getByRole("link", { name: /Microsoft cuts Israeli military unit/ }).click();
    await maya.getByRole("link", { name: "History", exact: true }).click();
    await maya.getByRole("heading", { level: 1, name: "History" }).waitFor();
    await maya.getByText(/Chain head: revision #\d+ [0-9a-f]{64}/).waitFor();

    const filters = maya.getByRole("form", { name: "Filter history" });
    await filters.getByLabel("Kind").selectOption("quote");
    await filters.getByRole("button", { name: "Apply" }).click();
    await maya.waitForURL((url) => url.searchParams.get("type") === "quote");
    const rows = maya.locator("ol[aria-label^='Changes by'] > li");
    await rows.first().waitFor();
    const texts = await rows.allTextContents();
    expect(texts.length).toBeGreaterThan(5);
    expect(texts.every((text) => / quote /.test(text))).toBe(true);

    // The corrected quote: who, why, and the words that changed. (Other e2e files may have logged
    // the same words from a pasted report A since: the row with the correction's reason names it.)
    await rows.filter({ hasText: "Reason: Transcription error" }).getByRole("link", { name: CORRECTED }).first().click();
    await maya.getByRole("heading", { level: 1, name: /^Quote: Brad Smith/ }).waitFor();
    // (The demo desk later anchored the quote to report A — issue 17 — a revision of its own.)
    const correction = maya.getByRole("article", { name: /^Revision \d+$/ }).filter({ hasText: /Reason: Transcription error/ });
    await correction.waitFor();
    expect((await correction.locator("ins").allTextContents()).map((text) => text.trim())).toEqual(expect.arrayContaining(["have", "The"]));
    expect((await correction.locator("del").allTextContents()).map((text) => text.trim())).toContain("the");

    // Travel to the moment the quote was logged: the old words, read-only, and back.
    const created = maya.getByRole("article", { name: /^Revision \d+$/ }).last();
    await created.getByRole("link", { name: /^Story as of here, revision \d+$/ }).click();
    await maya.getByText(/Viewing the story as of/).waitFor();
    await maya.getByRole("navigation", { name: "Story panels" }).getByRole("link", { name: /Quotes/ }).click();
    await maya.waitForURL((url) => url.searchParams.get("tab") === "quotes");
    await maya.getByText("“We found evidence that supports elements of the Guardian’s reporting,”").waitFor();
    expect(await maya.getByRole("button", { name: /^(Edit|Delete|New|Actions on)/ }).count()).toBe(0);
    // A row's plain link (the speaker's) is a client navigation here too (LinkList): a page loaded anew would lose this mark.
    await maya.evaluate(() => Object.assign(window, { __samePage: true }));
    await maya.getByRole("article", { name: /^quote by Brad Smith/ }).first().getByRole("link", { name: "Brad Smith", exact: true }).click();
    await maya.waitForURL((url) => url.searchParams.get("tab") === "sources" && url.searchParams.get("q") === "Brad Smith");
    expect(await maya.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
    await maya.goBack();
    await maya.getByText("“We found evidence that supports elements of the Guardian’s reporting,”").waitFor();
    await maya.getByRole("link", { name: "Back to now" }).click();
    await maya.waitForURL((url) => !url.pathname.endsWith("/as-of"));
    await maya.getByRole("region", { name: "Quotes" }).getByText("“We have found evidence that supports elements of The Guardian’s reporting,”").first().waitFor();
    // Back in the live workspace, an entry can be edited again (from its actions menu).
    const brad = maya.getByRole("article", { name: /^quote by Brad Smith/ }).first();
    await brad.getByRole("button", { name: /^Actions on quote by Brad Smith/ }).click();
    await brad.getByRole("button", { name: /^Edit quote by Brad Smith/ }).waitFor();
  });

  it("compares two moments and steps through the changes", async () => {
    await maya.goto("/");
    await maya.getByRole("link", { name: /Microsoft cuts Israeli military unit/ }).click();
    await maya.getByRole("link", { name: "Compare moments" }).click();
    await maya.getByRole("heading", { level: 1, name: "What changed" }).waitFor();
    const form = maya.getByRole("form", { name: "Compare two moments" });
    await form.getByLabel(/^From/).fill("2020-01-01T09:00");
    await form.getByRole("button", { name: "Compare" }).click();
    await maya.waitForURL((url) => url.searchParams.get("from") === "2020-01-01T09:00");
    // Since before the story began, every entry is new.
    await maya.getByRole("article", { name: /^Added: Brad Smith: “We have found evidence/ }).first().waitFor();
    await maya.getByRole("heading", { name: /^Quotes · \d+$/ }).waitFor();
    await maya.getByRole("button", { name: "Next change →" }).click();
    await maya.getByText(/^Change 1 of \d+$/).waitFor();
    await maya.keyboard.press("j");
    await maya.getByText(/^Change 2 of \d+$/).waitFor();
    const focused = await maya.evaluate(() => document.activeElement?.id);
    expect(focused).toBe("change-2");
  });

  it("restores an entry to an earlier version with a reason", async () => {
    const storyPath = await createStory(maya, `Restore check ${Date.now()}`);
    await maya.goto(`${storyPath}?tab=questions`);
    await maya.getByRole("button", { name: /New question/ }).click();
    const add = maya.getByRole("form", { name: "New question" });
    await add.getByLabel("Question").fill("Who approved the pilot?");
    await add.getByRole("button", { name: "Add question" }).click();
    await openEntryActions(maya, "question Who approved the pilot?");
    await maya.getByRole("button", { name: "Edit question Who approved the pilot?" }).click();
    const edit = maya.getByRole("form", { name: "Edit question" });
    await edit.getByLabel("Question").fill("Who approved the camera pilot in March?");
    await edit.getByRole("button", { name: "Save question" }).click();
    await maya.getByRole("article", { name: "question Who approved the camera pilot in March?" }).waitFor();

    await openEntryActions(maya, "question Who approved the camera pilot in March?");
    await maya.getByRole("link", { name: "History of question Who approved the camera pilot in March?" }).click();
    await maya.getByRole("heading", { level: 1, name: /^Question: Who approved the camera pilot in March\?/ }).waitFor();
    await maya.getByRole("button", { name: /^Restore this version \(#\d+\)$/ }).click();
    const restore = maya.getByRole("form", { name: /^Restore version #\d+$/ });
    await restore.getByRole("button", { name: "Restore" }).click();
    await restore.getByText(/Say why you are restoring/).first().waitFor();
    await restore.getByLabel("Why restore this version?").fill("The month is not confirmed yet");
    await restore.getByRole("button", { name: "Restore" }).click();
    const newest = maya.getByRole("article", { name: /^Revision \d+$/ }).first();
    await newest.getByText("Reason: The month is not confirmed yet").waitFor();
    expect(await newest.locator("del").allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining("camera")]));
    await maya.goto(`${storyPath}?tab=questions`);
    await maya.getByRole("article", { name: "question Who approved the pilot?" }).waitFor();
  });

  it("records a reader's visit and presence once the page is idle, requests the browser sees end", async () => {
    const storyPath = await createStory(maya, `Visit recorded ${Date.now()}`);
    await addMember(maya, storyPath, "tom@storydesk.example", "reader", "Tom Becker");
    const tom = await signedInPage(browser(), "tom@storydesk.example");
    try {
      // Each POST ends for the browser: its answer is read. An unread answer stayed "in flight" for
      // good, and Lighthouse waited out its 45 s limit on every story page (issue 16).
      const ended = (path: string) => tom.waitForEvent("requestfinished", (request) => request.method() === "POST" && new URL(request.url()).pathname === path);
      const visit = ended(`/api${storyPath}/visit`);
      const presence = ended("/api/live/presence");
      await tom.goto(storyPath);
      expect((await (await visit).response())?.status()).toBe(200);
      expect((await (await presence).response())?.status()).toBeLessThan(300);
      // The first visit has no baseline yet: nothing "since your last visit" (integration tests cover the counts).
      expect(await tom.getByRole("status").filter({ hasText: /since your last visit/ }).count()).toBe(0);
    } finally {
      await tom.context().close();
    }
  });
});
