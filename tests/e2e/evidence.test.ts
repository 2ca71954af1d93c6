// The evidence desk in a real browser (issue 17): paste report A, accept three proposed quotes,
// log one by selecting words and pressing Q, record a claim between reports A and B, import a
// new take and see the quote whose words changed flagged. On a story of its own (reports A and B
// pasted here), so the demo story other files read is left as the seed made it.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { browserForFile, signedInPage } from "../support/browser";
import { addSource, createStory } from "../support/entries";

const browser = browserForFile();
let maya: Page; // editor, lead of this file's story
let storyPath: string;

const RUN = Date.now().toString(36);
const TITLE = `Report A pasted ${RUN}`;
const TITLE_B = `Report B pasted ${RUN}`;
const report = (file: string) => readFileSync(path.resolve(import.meta.dirname, "../../prisma/seed-story", file), "utf8");
const REPORT_A = report("report-a.txt");
const CHANGED_WORDS = "for the storage of data files of phone calls";
const OUT = path.resolve("test-results/evidence");
const started = Date.now();

/** One step of the flow: logged with its time, and on failure a screenshot of where it stuck. */
async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  const at = Date.now();
  try {
    const result = await run();
    console.log(`evidence e2e: ${name} (${Date.now() - at} ms, ${Date.now() - started} ms in)`);
    return result;
  } catch (error) {
    mkdirSync(OUT, { recursive: true });
    const file = path.join(OUT, `failed-${name.replace(/[^a-z0-9]+/gi, "-")}.png`);
    await maya.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    console.log(`evidence e2e: FAILED at "${name}" after ${Date.now() - at} ms (${maya.url()}); screenshot ${file}`);
    throw error;
  }
}

beforeAll(async () => {
  maya = await signedInPage(browser(), "maya@storydesk.example");
  storyPath = await createStory(maya, `Evidence desk ${RUN}`);
  // The source the selection below is logged for (found by searching, as the reader offers).
  await addSource(maya, storyPath, "Imraan Siddiqi");
});

async function openStory(page: Page, tab: string) {
  await page.goto(storyPath);
  await page.getByRole("navigation", { name: "Story panels" }).getByRole("link", { name: new RegExp(`^${tab}`) }).click();
  await page.waitForURL((url) => url.searchParams.get("tab") !== null);
}

async function addDocument(page: Page, text: string, title = TITLE, newTakeOf?: string) {
  await openStory(page, "Evidence");
  await page.getByRole("button", { name: "Add document" }).click();
  const form = page.getByRole("form", { name: "Add a document" });
  await form.getByLabel("Paste the text").fill(text);
  await form.getByLabel("Title").fill(title);
  if (newTakeOf) await form.getByLabel("New take of…").selectOption({ label: newTakeOf });
  await form.getByRole("button", { name: "Add document" }).click();
  await page.waitForURL(/\/documents\//);
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
}

async function logProposal(page: Page, index: number) {
  const found = page.getByRole("complementary", { name: /Quotations found/ });
  await found.getByRole("button", { name: /^Log as quote/ }).nth(index).click();
  const form = page.getByRole("region", { name: "Log a quote" });
  // A speaker the story does not have yet becomes a new source, by the attribution's name if there is one.
  const newName = form.getByLabel("New source’s name");
  if ((await newName.isVisible()) && !(await newName.inputValue())) await newName.fill(`Speaker ${RUN}`);
  await form.getByRole("button", { name: "Log quote" }).click();
  await form.waitFor({ state: "detached" });
}

// A limit for a loaded 2-core machine (the flow is ~15 page loads and saves), not a measurement.
const LIMIT = 180_000;

describe("the evidence desk", () => {
  it("turns pasted wire copy into anchored quotes and a claim, and flags a quote a new take changed", { timeout: LIMIT }, async () => {
    const found = maya.getByRole("complementary", { name: /Quotations found/ });
    const buttons = found.getByRole("button", { name: /^Log as quote/ });
    await step("paste report A", () => addDocument(maya, REPORT_A));
    const before = await buttons.count();
    expect(before).toBeGreaterThanOrEqual(4);
    // Accept three proposals: each becomes "Logged".
    for (let accepted = 0; accepted < 3; accepted++) {
      await step(`accept proposal ${accepted + 1}`, async () => {
        await logProposal(maya, 0);
        await found.getByText("Logged").nth(accepted).waitFor();
      });
    }
    expect(await buttons.count()).toBe(before - 3);

    // Select words in the text and press Q.
    const words = "Pro-Palestinian groups such as the Council on American Islamic Relations";
    await step("log a selection with Q", async () => {
      await maya.evaluate((wanted) => {
        const article = document.querySelector("article[aria-label='Document text']")!;
        const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.textContent!.indexOf(wanted);
          if (at === -1) continue;
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + wanted.length);
          window.getSelection()!.removeAllRanges();
          window.getSelection()!.addRange(range);
          return;
        }
        throw new Error("words not found");
      }, words);
      await maya.keyboard.press("q");
      const form = maya.getByRole("region", { name: "Log a quote" });
      await form.getByText(`“${words}”`).waitFor();
      // The speaker found by typing part of the name (the page carries only the attributions' speakers).
      await form.getByLabel("Find another source").fill("siddiq");
      await form.getByRole("status").getByText(/^1 found/).waitFor();
      expect(await form.getByLabel("Speaker").locator("option:checked").textContent()).toBe("Imraan Siddiqi");
      await form.getByRole("button", { name: "Log quote" }).click();
      await form.waitFor({ state: "detached" });
    });

    // The quote shows where it came from; one click opens the passage, highlighted.
    await step("open the passage from the quote", async () => {
      await openStory(maya, "Quotes");
      const provenance = maya.getByRole("link", { name: new RegExp(`^from ${TITLE}.* ¶\\d+$`) });
      expect(await provenance.count()).toBe(4);
      await maya.getByRole("article", { name: /quote by Imraan Siddiqi/ }).filter({ hasText: words }).getByRole("link", { name: /^from / }).click();
      await maya.locator("mark#passage").waitFor();
      expect(await maya.locator("mark#passage").textContent()).toBe(words);
    });

    // A claim between report A and report B (both pasted here).
    await step("paste report B", () => addDocument(maya, report("report-b.txt"), TITLE_B));
    await step("record a claim", async () => {
      await openStory(maya, "Claims");
      await maya.getByRole("button", { name: "Record a disagreement" }).click();
      const claim = maya.getByRole("form", { name: "Record a disagreement" });
      await claim.getByLabel("The contested detail").fill(`Who used Azure ${RUN}`);
      await claim.getByLabel("Version 1: document").selectOption({ label: TITLE });
      await claim.getByLabel("Version 1: the words it uses").fill("an Israeli military agency");
      await claim.getByLabel("Version 2: document").selectOption({ label: TITLE_B });
      await claim.getByLabel("Version 2: the words it uses").fill("a specific IMOD unit");
      await claim.getByRole("button", { name: "Record claim" }).click();
      await maya.getByRole("article", { name: `claim Who used Azure ${RUN}` }).getByText("a specific IMOD unit").waitFor();
    });

    // A new take changes the words of one logged quote: it is flagged.
    await step("import a new take", async () => {
      await addDocument(maya, REPORT_A.replace(CHANGED_WORDS, "for storing data files of phone calls"), TITLE, TITLE);
      await maya.getByText(/Changes from the previous take \(\d+ added, \d+ removed\)/).waitFor();
    });
    await step("see the changed quote flagged", async () => {
      await openStory(maya, "Quotes");
      const flagged = maya.getByText(/changed this quote$/);
      await flagged.first().waitFor();
      expect(await flagged.count()).toBe(1);
    });
  });
});
