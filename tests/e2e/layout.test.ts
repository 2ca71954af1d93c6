// Three things a user saw on screen (issue 15's leftovers), each checked where it showed:
// a right-to-left value on the entry-history page reads as a value in its cell (at the cell's
// start, in its own direction), not at the far end of the row; the Team sidebar shows members'
// names whole at 1440 px; the live badge never covers an entry's actions on a 390 px phone.
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, browserForFile, DEMO_PASSWORD } from "../support/browser";
import { addQuote, addSource, correctQuote, createStory } from "../support/entries";

const browser = browserForFile();

async function signedIn(b: Browser, width: number, height: number, mobile: boolean): Promise<BrowserContext> {
  const context = await b.newContext({ baseURL: baseUrl(), viewport: { width, height }, isMobile: mobile, hasTouch: mobile, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill("maya@storydesk.example");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/sign-in");
  await page.close();
  return context;
}

describe("at 1440×900", () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await signedIn(browser(), 1440, 900, false);
  });
  afterAll(async () => {
    await context?.close();
  });

  it("shows a Hebrew value at the start of its cell on the entry-history page, read right to left", async () => {
    const page = await context.newPage();
    const story = await createStory(page, "Layout: a Hebrew quote's history");
    await addSource(page, story, "דובר צה״ל");
    const quoteId = await addQuote(page, story, "דובר צה״ל", "אנחנו בודקים את הדיווח");
    await correctQuote(page, story, quoteId, "אנחנו מבררים את הדיווח", "תוקן מול ההקלטה");
    await page.goto(`${story}/history/quote/${quoteId}`);

    const revisions = page.getByRole("list", { name: "Revisions" }).getByRole("article");
    await expect.poll(() => revisions.count()).toBe(2);
    for (const revision of await revisions.all()) {
      const cell = revision.locator("dt:text-is('Words') + dd");
      const placed = await cell.evaluate((dd) => {
        const range = document.createRange();
        range.selectNodeContents(dd);
        const text = range.getBoundingClientRect();
        const box = dd.getBoundingClientRect();
        const value = dd.querySelector("bdi");
        return { fromStart: text.left - box.left, cellWidth: box.width, textWidth: text.width, direction: value ? getComputedStyle(value).direction : null };
      });
      // Before: the cell took the value's direction (dir="auto"), so the words sat ~800 px away at the row's far right.
      expect(placed.cellWidth).toBeGreaterThan(placed.textWidth + 100);
      expect(placed.fromStart, "the value starts where its cell starts").toBeLessThan(2);
      expect(placed.direction, "the value keeps its own direction").toBe("rtl");
    }
    await page.close();
  });

  it("reads Hebrew right to left as it is typed: a field's words, and each paragraph of rich text by its own script", async () => {
    const page = await context.newPage();
    const story = await createStory(page, "Layout: Hebrew typed into a question");
    await page.goto(`${story}?tab=questions`);
    await page.getByRole("button", { name: /New question/ }).click();
    const form = page.getByRole("form", { name: "New question" });
    const question = form.getByLabel("Question");
    await question.fill("מי חתם על החוזה?");
    // Before: the field stayed left to right, and the question mark ended up on the right of the Hebrew.
    expect(await question.evaluate((input) => input.matches(":dir(rtl)"))).toBe(true);
    await question.fill("Who signed the contract?");
    expect(await question.evaluate((input) => input.matches(":dir(ltr)"))).toBe(true);

    const answer = form.getByRole("textbox", { name: "Answer" });
    await answer.click();
    await page.keyboard.type("The ministry would not say.");
    await page.keyboard.press("Enter");
    await page.keyboard.type("המשרד סירב להגיב.");
    const sides = await answer.evaluate((editor) => {
      const box = editor.getBoundingClientRect();
      return [...editor.querySelectorAll("p")].map((paragraph) => {
        const range = document.createRange();
        range.selectNodeContents(paragraph);
        const text = range.getBoundingClientRect();
        return { fromLeft: text.left - box.left, fromRight: box.right - text.right };
      });
    });
    expect(sides).toHaveLength(2);
    expect(sides[0]!.fromLeft, "the English paragraph starts on the left").toBeLessThan(sides[0]!.fromRight);
    expect(sides[1]!.fromRight, "the Hebrew paragraph starts on the right").toBeLessThan(sides[1]!.fromLeft);
    await page.close();
  });

  it("shows every member's name whole in the Team sidebar", async () => {
    const page = await context.newPage();
    await page.goto("/");
    await page.getByRole("link", { name: /Microsoft cuts Israeli military unit/ }).first().click();
    const team = page.getByRole("region", { name: /^Team/ });
    await team.waitFor();
    await expect.poll(() => team.getByText("Maya Cohen", { exact: true }).isVisible()).toBe(true);
    // Nothing in the sidebar cut short: no box (but a select's, or a label hidden for screen
    // readers only) whose text runs past its width and is hidden.
    const clipped = await team.evaluate((section) =>
      [...section.querySelectorAll<HTMLElement>("*")]
        .filter((element) => element.tagName !== "SELECT" && element.tagName !== "OPTION" && element.getBoundingClientRect().width > 1)
        .filter((element) => {
          const style = getComputedStyle(element);
          return element.scrollWidth > element.clientWidth + 1 && (style.overflowX !== "visible" || style.textOverflow === "ellipsis");
        })
        .map((element) => element.textContent),
    );
    expect(clipped).toEqual([]);
    await page.close();
  });
});

describe("at 390×844", () => {
  it("never covers an entry's actions with the live badge, wherever the entry is scrolled to", async () => {
    const context = await signedIn(browser(), 390, 844, true);
    const page = await context.newPage();
    await page.goto("/");
    await page.getByRole("link", { name: /Microsoft cuts Israeli military unit/ }).first().click();
    await page.getByRole("navigation", { name: "Story panels" }).waitFor();
    await page.goto(`${new URL(page.url()).pathname}?tab=quotes`);
    await page.getByRole("status", { name: "Live updates: Live" }).waitFor();
    const covered = await page.evaluate(() => {
      const badge = document.querySelector<HTMLElement>("[role=status][aria-label^='Live updates']")!;
      const buttons = [...document.querySelectorAll<HTMLElement>("button[aria-label^='Actions on']")].filter((button) => button.offsetParent !== null);
      const hits: string[] = [];
      for (const button of buttons.slice(0, 8)) {
        for (const block of ["start", "center", "end"] as const) {
          button.scrollIntoView({ block });
          const a = button.getBoundingClientRect();
          const b = badge.getBoundingClientRect();
          if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) hits.push(`${button.getAttribute("aria-label")} (${block})`);
        }
      }
      return { checked: buttons.length, hits };
    });
    expect(covered.checked).toBeGreaterThan(2);
    expect(covered.hits).toEqual([]);
    await context.close();
  });

  it("fits every panel's new-entry form on the phone's screen, however long the choices of its pickers", async () => {
    const context = await signedIn(browser(), 390, 844, true);
    const page = await context.newPage();
    await page.goto("/");
    await page.getByRole("link", { name: /Microsoft cuts Israeli military unit/ }).first().click();
    await page.getByRole("navigation", { name: "Story panels" }).waitFor();
    const story = new URL(page.url()).pathname;
    const wide: string[] = [];
    // The demo story's quotes are long: "Answered by quotes" lists them whole, which made the
    // question form (and the page) 760 px wide on a 390 px screen.
    for (const [tab, name] of [["sources", "New source"], ["quotes", "New quote"], ["questions", "New question"], ["timeline", "New event"], ["follow-ups", "New follow-up"]] as const) {
      await page.goto(`${story}?tab=${tab}`);
      await page.getByRole("button", { name }).first().click();
      const form = page.getByRole("form", { name });
      await form.waitFor();
      await form.getByRole("button").last().waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) wide.push(`${name}: ${width} px`);
    }
    expect(wide).toEqual([]);
    await context.close();
  });
});
