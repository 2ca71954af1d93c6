import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { createStory, openEntryActions } from "../support/entries";
import { browserForFile, signedInPage } from "../support/browser";

const browser = browserForFile();
let maya: Page;
let storyPath: string;

beforeAll(async () => {
  maya = await signedInPage(browser(), "maya@storydesk.example");
});

async function openDemoStory(page: Page): Promise<string> {
  await page.goto("/");
  await page.getByRole("link", { name: /Microsoft cuts Israeli military unit/ }).click();
  await page.getByRole("navigation", { name: "Story panels" }).waitFor();
  return new URL(page.url()).pathname;
}

describe("the story workspace", () => {
  it("shows the demo story with every panel filled", async () => {
    const demo = await openDemoStory(maya);
    // The memo reads as saved; its editor loads when asked for, with the same text.
    const overview = maya.getByRole("region", { name: "Overview" });
    await overview.getByText("Where the two reports differ").waitFor();
    expect(await overview.getByRole("textbox", { name: "Summary memo" }).count()).toBe(0);
    await overview.getByRole("button", { name: "Edit memo" }).click();
    const memo = overview.getByRole("textbox", { name: "Summary memo" });
    await memo.getByText("Where the two reports differ").waitFor();
    await expect.poll(() => memo.evaluate((element) => element === document.activeElement || element.contains(document.activeElement))).toBe(true);
    // Cancel drops what was typed, shows the memo as saved and gives focus back to "Edit memo".
    await maya.keyboard.type(" Not to keep.");
    await overview.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => overview.getByRole("textbox", { name: "Summary memo" }).count()).toBe(0);
    expect(await overview.getByText("Not to keep.").count()).toBe(0);
    await expect.poll(() => overview.getByRole("button", { name: "Edit memo" }).evaluate((element) => element === document.activeElement)).toBe(true);
    await maya.goto(`${demo}?tab=sources`);
    await maya.getByRole("article", { name: "source Brad Smith" }).waitFor();
    await maya.goto(`${demo}?tab=quotes`);
    await maya.getByText("We do not provide technology to facilitate mass surveillance of civilians.").waitFor();
    await maya.goto(`${demo}?tab=questions`);
    await maya.getByRole("article").nth(5).waitFor();
    await maya.goto(`${demo}?tab=timeline`);
    await maya.getByRole("article").nth(5).waitFor();
  });

  it("logs a source, a quote by it and a question, by keyboard", async () => {
    storyPath = await createStory(maya, `Press office follow-up ${Date.now()}`);

    await maya.keyboard.press("2");
    await maya.waitForURL((url) => url.searchParams.get("tab") === "sources");
    // The panel has rendered when its own "New" button is there; N then opens its form.
    await maya.getByText("No sources logged yet.").waitFor();
    await maya.getByRole("button", { name: /New source/ }).waitFor();
    await maya.keyboard.press("n");
    const sourceForm = maya.getByRole("form", { name: "New source" });
    await maya.keyboard.type("Microsoft press office");
    // Keys typed before the form's code arrived are played into it once it is there (a frame
    // after its fields appear): every key arrives, so wait for the whole name, not the first read.
    await expect.poll(() => sourceForm.getByLabel("Name").inputValue()).toBe("Microsoft press office");
    await sourceForm.getByLabel("Kind").selectOption("organization");
    await sourceForm.getByLabel("Name").press("Enter");
    await maya.getByRole("article", { name: "source Microsoft press office" }).waitFor();

    await maya.keyboard.press("3");
    await maya.waitForURL((url) => url.searchParams.get("tab") === "quotes");
    await maya.getByRole("button", { name: /New quote/ }).waitFor();
    await maya.keyboard.press("n");
    const quoteForm = maya.getByRole("form", { name: "New quote" });
    await quoteForm.getByLabel("Speaker").selectOption({ label: "Microsoft press office" });
    await quoteForm.getByLabel("Exact words").fill("We have no further comment at this time.");
    await quoteForm.getByRole("button", { name: "Add quote" }).click();
    await maya.getByRole("article", { name: "quote by Microsoft press office" }).waitFor();

    await maya.keyboard.press("4");
    await maya.waitForURL((url) => url.searchParams.get("tab") === "questions");
    await maya.getByRole("button", { name: /New question/ }).waitFor();
    await maya.keyboard.press("n");
    const questionForm = maya.getByRole("form", { name: "New question" });
    await questionForm.getByLabel("Question").fill("Will Microsoft publish the review's findings?");
    await questionForm.getByLabel("Answered by quotes").selectOption({ label: "Microsoft press office: “We have no further comment at this time.”" });
    await questionForm.getByRole("button", { name: "Add question" }).click();
    const question = maya.getByRole("article", { name: "question Will Microsoft publish the review's findings?" });
    await question.getByRole("list", { name: "Answering quotes" }).getByText("We have no further comment at this time.").waitFor();
  });

  it("asks for a reason to change a quote's words and keeps it in the history", async () => {
    await maya.goto(`${storyPath}?tab=quotes`);
    await openEntryActions(maya, "quote by Microsoft press office");
    await maya.getByRole("button", { name: "Edit quote by Microsoft press office" }).click();
    const form = maya.getByRole("form", { name: "Edit quote" });
    await form.getByLabel("Exact words").fill("We have no further comment at this stage.");
    await form.getByRole("button", { name: "Save quote" }).click();
    await form.getByText(/Say why the quoted words changed/).first().waitFor();
    await form.getByLabel("Why did the words change? (required)").fill("Checked against the e-mail");
    await form.getByRole("button", { name: "Save quote" }).click();
    await maya.getByRole("article", { name: "quote by Microsoft press office" }).getByText("“We have no further comment at this stage.”").waitFor();
    const history = maya.getByRole("list", { name: "Revisions" });
    await history.getByRole("listitem").filter({ hasText: /Maya Cohen changed quote Microsoft press office: .* — words/ }).waitFor();
    await history.getByText("Reason: Checked against the e-mail").waitFor();
  });

  it("deletes an entry softly and restores it", async () => {
    await maya.goto(`${storyPath}?tab=questions`);
    await openEntryActions(maya, "question Will Microsoft publish the review's findings?");
    await maya.getByRole("button", { name: "Delete question Will Microsoft publish the review's findings?" }).click();
    // Delete asks first, with an optional reason; cancelling changes nothing.
    const confirm = maya.getByRole("dialog", { name: "Delete this question?" });
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await confirm.waitFor({ state: "hidden" });
    await maya.getByRole("article", { name: "question Will Microsoft publish the review's findings?" }).waitFor();
    // Focus is back on the entry's actions button, which opens the menu again.
    await expect.poll(() => maya.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Actions on question Will Microsoft publish the review's findings?");
    await openEntryActions(maya, "question Will Microsoft publish the review's findings?");
    await maya.getByRole("button", { name: "Delete question Will Microsoft publish the review's findings?" }).click();
    await confirm.getByLabel("Reason (optional)").fill("Answered in the statement");
    await confirm.getByRole("button", { name: "Delete", exact: true }).click();
    await maya.getByText("No open questions yet.").waitFor();
    await expect.poll(() => maya.getByTestId("announcer").textContent()).toBe("Deleted question Will Microsoft publish the review's findings?.");
    await maya.getByLabel("Show deleted").check();
    await maya.waitForURL((url) => url.searchParams.get("deleted") === "1");
    await openEntryActions(maya, "question Will Microsoft publish the review's findings?");
    await maya.getByRole("button", { name: "Restore question Will Microsoft publish the review's findings?" }).click();
    await maya.getByText("No deleted questions.").waitFor();
    await maya.getByLabel("Show deleted").uncheck();
    await maya.getByRole("article", { name: "question Will Microsoft publish the review's findings?" }).waitFor();
    const history = maya.getByRole("list", { name: "Revisions" });
    await history.getByRole("listitem").filter({ hasText: "Maya Cohen restored question" }).first().waitFor();
    await history.getByRole("listitem").filter({ hasText: "Maya Cohen deleted question" }).filter({ hasText: "Reason: Answered in the statement" }).first().waitFor();
  });

  it("follows a row's plain link as a client navigation, and leaves a modified click to the browser", async () => {
    const demo = await openDemoStory(maya);
    await maya.goto(`${demo}?tab=quotes`);
    const speaker = maya.getByRole("article", { name: /^quote by Brad Smith/ }).first().getByRole("link", { name: "Brad Smith" });
    // A page loaded anew would lose this mark: a client navigation keeps it.
    await maya.evaluate(() => Object.assign(window, { __samePage: true }));
    // Ctrl+click is the browser's (a new tab): this page stays where it is.
    const opened = maya.context().waitForEvent("page");
    await speaker.click({ modifiers: ["Control"] });
    await (await opened).close();
    expect(new URL(maya.url()).searchParams.get("tab")).toBe("quotes");
    await speaker.click();
    await maya.waitForURL((url) => url.searchParams.get("tab") === "sources" && url.searchParams.get("q") === "Brad Smith");
    await maya.getByRole("article", { name: "source Brad Smith" }).waitFor();
    expect(await maya.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
  });

  it("shows a reader everything but no edit controls", async () => {
    const tom = await signedInPage(browser(), "tom@storydesk.example");
    const demo = await openDemoStory(tom);
    for (const tab of ["sources", "quotes", "questions", "timeline"]) {
      await tom.goto(`${demo}?tab=${tab}`);
      await tom.getByRole("article").first().waitFor();
      expect(await tom.getByRole("button", { name: /^(New|Edit|Delete)/ }).count()).toBe(0);
    }
    await tom.goto(demo);
    await tom.getByRole("region", { name: "Overview" }).waitFor();
    expect(await tom.getByRole("form", { name: "Memo" }).count()).toBe(0);
    expect(await tom.getByRole("button", { name: "Edit memo" }).count()).toBe(0);
    await tom.context().close();
  });

  it("shows a confidential source's identity to its logger only, an alias to everyone else", async () => {
    const sam = await signedInPage(browser(), "sam@storydesk.example");
    const demo = await openDemoStory(sam);
    await sam.goto(`${demo}?tab=sources`);
    await sam.getByRole("article", { name: "source Confidential source A" }).waitFor();
    expect(await sam.content()).not.toContain("former Unit engineer");
    const lina = await signedInPage(browser(), "lina@storydesk.example");
    await lina.goto(`${demo}?tab=sources`);
    await lina.getByText("Demo: former Unit engineer (fictional)").waitFor();
    await sam.context().close();
    await lina.context().close();
  });

  it("gives a lead a source's contact and protection steps in its actions menu, made when it opens", async () => {
    const path = await createStory(maya, `Protection steps ${Date.now()}`);
    await maya.goto(`${path}?tab=sources`);
    await maya.getByRole("button", { name: /^New source/ }).click();
    const form = maya.getByRole("form", { name: "New source" });
    await form.getByLabel("Name").fill("Harbour clerk");
    await form.getByLabel("Protection").selectOption("off_record");
    await form.getByLabel("Contact details").fill("Signal, ask for the clerk");
    await form.getByRole("button", { name: "Add source" }).click();
    const source = maya.getByRole("article", { name: "source Harbour clerk" });
    await source.getByText("Off the record", { exact: true }).waitFor();
    // Not in the page until the menu opens (issue 16: HTML per entry).
    expect(await maya.getByRole("button", { name: /^(Burn source|Lower protection of) Harbour clerk/ }).count()).toBe(0);
    await openEntryActions(maya, "source Harbour clerk");
    await maya.getByRole("button", { name: "Show contact" }).click();
    await maya.getByText("Signal, ask for the clerk").waitFor();
    await maya.getByRole("button", { name: "Lower protection of Harbour clerk" }).click();
    const confirm = maya.getByRole("group", { name: "Confirm lower protection" });
    await confirm.getByLabel("New protection level").selectOption("background");
    await confirm.getByLabel("Reason for lowering").fill("Agreed to speak on background");
    await confirm.getByRole("button", { name: "Lower protection" }).click();
    await source.getByText("On background", { exact: true }).waitFor();
    await confirm.waitFor({ state: "hidden" });
    // Done, the menu closed: its button has it again.
    await expect.poll(() => maya.locator(".entry-actions:popover-open").count()).toBe(0);
  });
});
