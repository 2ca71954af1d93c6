// The keyboard never loses a key: shortcuts typed at full speed (no delay between keys) across
// panel switches act on the panel that is shown, what is typed after N lands in that panel's
// form, and nothing stray is saved. `?` lists the keys from the table that binds them.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { PANELS } from "@/lib/entry-kinds/kinds";
import { SHORTCUTS } from "@/lib/shortcuts";
import { createStory } from "../support/entries";
import { browserForFile, signedInPage } from "../support/browser";

const browser = browserForFile();
let maya: Page;
let storyPath: string;

beforeAll(async () => {
  maya = await signedInPage(browser(), "maya@storydesk.example");
  storyPath = await createStory(maya, "Keyboard desk");
});

const articles = (page: Page, panel: string) => page.getByRole("region", { name: panel, exact: true }).getByRole("article");

describe("the workspace keyboard", () => {
  it("switches panels and logs entries typed at full speed, losing no key and saving nothing stray", async () => {
    const source = "Israel Defense Forces spokesperson unit";
    // From the overview: to Sources, N, the name, Enter — in one burst, before the panel exists.
    await maya.locator("body").focus();
    await maya.keyboard.type(`2n${source}\n`);
    await articles(maya, "Sources").filter({ hasText: source }).waitFor();
    expect(new URL(maya.url()).searchParams.get("tab")).toBe("sources");
    expect(await articles(maya, "Sources").count()).toBe(1);
    // Saved: focus is back on "New source", and the save was announced.
    expect(await maya.evaluate(() => document.activeElement?.textContent)).toMatch(/^New source/);
    await expect.poll(() => maya.getByTestId("announcer").textContent()).toBe("Saved.");

    // From Sources to Questions and a question, again in one burst.
    const question = "Did the unit use Azure for the surveillance data?";
    await maya.keyboard.type(`4n${question}\n`);
    await articles(maya, "Questions").filter({ hasText: question }).waitFor();
    expect(await articles(maya, "Questions").count()).toBe(1);

    // Back to Sources: still the one source; the letters of the question never reached it.
    await maya.keyboard.type("2");
    await maya.waitForURL((url) => url.searchParams.get("tab") === "sources");
    await articles(maya, "Sources").first().waitFor();
    expect(await articles(maya, "Sources").allTextContents()).toEqual([expect.stringContaining(source)]);
  });

  it("keeps the keys typed before the page is interactive, and plays them once it is", async () => {
    // The page's scripts are held back until the keys are typed: its HTML (with the early-keys
    // script inline) is there, React is not. Only scripts: an inline script waits for the CSS.
    const held: Array<() => void> = [];
    let holding = true;
    const scripts = (url: URL) => url.pathname.startsWith("/_next/static/") && url.pathname.endsWith(".js");
    await maya.route(scripts, (route) => {
      if (holding) held.push(() => void route.continue());
      else void route.continue();
    });
    try {
      await maya.goto(storyPath, { waitUntil: "domcontentloaded" });
      await maya.locator("body").focus();
      const question = "Which ministry signed off on the export licence?";
      await maya.keyboard.type(`4n${question}\n`);
      // Nothing could have acted yet: the scripts were still held, and nothing was saved.
      expect(held.length).toBeGreaterThan(0);
      expect(new URL(maya.url()).searchParams.get("tab")).toBeNull();
      holding = false;
      for (const release of held.splice(0)) release();
      await articles(maya, "Questions").filter({ hasText: question }).waitFor();
      expect(new URL(maya.url()).searchParams.get("tab")).toBe("questions");
      expect(await articles(maya, "Questions").filter({ hasText: question }).count()).toBe(1);
    } finally {
      holding = false;
      for (const release of held.splice(0)) release();
      await maya.unroute(scripts);
    }
  });

  it("queues the keys typed right after a tab is clicked, as after its digit", async () => {
    await maya.goto(storyPath);
    await maya.getByRole("navigation", { name: "Story panels" }).waitFor();
    const question = "Who signed the waiver for the second bid?";
    // Click Questions and type at once: N and the question wait for the panel, then land in its form.
    await maya.getByRole("navigation", { name: "Story panels" }).getByRole("link", { name: /^Questions/ }).click();
    await maya.keyboard.type(`n${question}\n`);
    await articles(maya, "Questions").filter({ hasText: question }).waitFor();
    expect(new URL(maya.url()).searchParams.get("tab")).toBe("questions");
    expect(await articles(maya, "Questions").filter({ hasText: question }).count()).toBe(1);
  });

  it("takes a quote's language from its script as it is typed, one Tab from the words", async () => {
    await maya.goto(`${storyPath}?tab=quotes`);
    await maya.locator("body").focus();
    await maya.keyboard.type("n");
    const form = maya.getByRole("form", { name: "New quote" });
    await form.getByLabel("Exact words").click();
    await maya.keyboard.type("אנחנו בודקים את הדיווח");
    expect(await form.getByLabel("Language").inputValue()).toBe("he");
    await maya.keyboard.press("Tab");
    expect(await maya.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent)).toBe("Language");
    // Set by hand, it stays: the script no longer decides.
    await maya.keyboard.press("Control+A");
    await maya.keyboard.type("yi");
    await form.getByLabel("Exact words").fill("نحن نراجع التقارير");
    expect(await form.getByLabel("Language").inputValue()).toBe("yi");
    await maya.keyboard.press("Escape");
  });

  it("lists every shortcut in the help, from the table that binds them", async () => {
    await maya.goto(storyPath);
    await maya.locator("body").focus();
    await maya.keyboard.type("?");
    const help = maya.getByRole("dialog", { name: "Keyboard shortcuts" });
    await help.waitFor();
    const terms = await help.locator("dt").allTextContents();
    expect(terms).toEqual(SHORTCUTS.map((shortcut) => shortcut.keys));
    expect(terms[0]).toBe(`1 – ${PANELS.length}`);
    expect(terms).toEqual(expect.arrayContaining(["J", "K", "N", "/", "?"]));
    await maya.keyboard.press("Escape");
    await help.waitFor({ state: "hidden" });
  });
});
