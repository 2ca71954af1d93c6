// Every page at a laptop's and a phone's size (1440×900, 390×844): no horizontal scroll, no
// serious or critical axe violation, and a screenshot of each kept under
// test-results/pages/<page>-<width>.png (CI keeps test-results/ as its artefacts), with the axe
// findings of the whole sweep in test-results/pages/axe.json. The pages carry Hebrew and
// Arabic entries (a story of their own, so the demo story's counts stay as other files expect).
import fs from "node:fs";
import path from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, browserForFile, DEMO_PASSWORD } from "../support/browser";
import { addQuote, addSource, correctQuote, createStory } from "../support/entries";

const OUT = path.resolve("test-results/pages");
const VIEWPORTS = [
  { name: "laptop", width: 1440, height: 900, mobile: false },
  { name: "phone", width: 390, height: 844, mobile: true },
] as const;

const browser = browserForFile();

type Finding = { page: string; width: number; rule: string; impact: string; nodes: number; targets: string[] };
const findings: Finding[] = [];
const overflows: { page: string; width: number; scrollWidth: number }[] = [];

async function signedIn(b: Browser, email: string, viewport: (typeof VIEWPORTS)[number]): Promise<BrowserContext> {
  const context = await b.newContext({
    baseURL: baseUrl(),
    viewport: { width: viewport.width, height: viewport.height },
    isMobile: viewport.mobile,
    hasTouch: viewport.mobile,
    deviceScaleFactor: 1,
  });
  if (email) {
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname !== "/sign-in");
    await page.close();
  }
  return context;
}

/** The story (demo) and a story with Hebrew and Arabic entries, and the ids the pages need. */
type Fixture = { demo: string; bidi: string; hebrewQuoteId: string; firstRev: number; reportA: string; bidiDocument: string };

/** A Hebrew wire item with a quotation in Hebrew marks, and an Arabic paragraph in guillemets. */
const BIDI_DOCUMENT = [
  "דובר צה״ל אמר: ״אנחנו בודקים את הדיווח ונגיב כשנסיים את הבדיקה״. לפי הדיווח, היחידה השתמשה בשירותי הענן של Microsoft לאחסון הקלטות.",
  "وقالت وزارة الصحة في غزة: «نحن نراجع التقارير وسنرد لاحقاً». ولم يصدر تعليق آخر حتى الآن.",
].join("\n\n");
let fixture: Fixture;

beforeAll(async () => {
  const context = await signedIn(browser(), "maya@storydesk.example", VIEWPORTS[0]);
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("link", { name: /Microsoft cuts Israeli military unit/ }).first().click();
  await page.getByRole("navigation", { name: "Story panels" }).waitFor();
  const demo = new URL(page.url()).pathname;

  const bidi = await createStory(page, "תגובות: צה״ל ומשרד הבריאות בעזה");
  await addSource(page, bidi, "דובר צה״ל");
  await addSource(page, bidi, "وزارة الصحة في غزة");
  const hebrewQuoteId = await addQuote(page, bidi, "דובר צה״ל", "אנחנו בודקים את הדיווח");
  await addQuote(page, bidi, "وزارة الصحة في غزة", "نحن نراجع التقارير وسنرد لاحقاً");
  await correctQuote(page, bidi, hebrewQuoteId, "אנחנו מבררים את הדיווח", "Corrected against the recording");
  await page.goto(`${bidi}?tab=evidence`);
  await page.getByRole("button", { name: "Add document" }).click();
  const form = page.getByRole("form", { name: "Add a document" });
  await form.getByLabel("Paste the text").fill(BIDI_DOCUMENT);
  await form.getByLabel("Title").fill("דובר צה״ל על הדיווח");
  await form.getByRole("button", { name: "Add document" }).click();
  await page.waitForURL(/\/documents\//);
  const bidiDocument = new URL(page.url()).pathname;
  // An export, so that the story's record of sensitive reads has a row however the e2e files are
  // ordered (the demo story's has one only if the dossier or ledger e2e ran before this file).
  const exported = await page.request.post(`/api${bidi}/dossier`, { data: { format: "json" } });
  expect(exported.status()).toBe(200);
  await page.goto(`${demo}?tab=evidence`);
  const reportA = (await page.getByRole("link", { name: /^Report A/ }).first().getAttribute("href"))!;
  await page.goto(`${bidi}/history`);
  const firstRev = Number((await page.getByText(/^#\d+$/).last().textContent())!.slice(1));
  fixture = { demo, bidi, hebrewQuoteId, firstRev, reportA, bidiDocument };
  await context.close();
  fs.mkdirSync(OUT, { recursive: true });
});

afterAll(() => {
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, "axe.json"), `${JSON.stringify({ findings, overflows }, null, 2)}\n`);
});

type PageCase = { name: string; as: "maya" | "admin" | "nobody"; path: () => string; ready?: (page: Page) => Promise<unknown> };

const tabs = ["sources", "quotes", "questions", "timeline", "follow-ups", "evidence", "claims"];
const PAGES: PageCase[] = [
  { name: "sign-in", as: "nobody", path: () => "/sign-in" },
  { name: "desk", as: "maya", path: () => "/" },
  { name: "story-overview", as: "maya", path: () => fixture.demo },
  ...tabs.map((tab): PageCase => ({ name: `story-${tab}`, as: "maya", path: () => `${fixture.demo}?tab=${tab}` })),
  { name: "bidi-quotes", as: "maya", path: () => `${fixture.bidi}?tab=quotes` },
  { name: "bidi-sources", as: "maya", path: () => `${fixture.bidi}?tab=sources` },
  { name: "import-form", as: "maya", path: () => `${fixture.demo}?tab=evidence`, ready: (page) => page.getByRole("button", { name: "Add document" }).click() },
  { name: "claim-form", as: "maya", path: () => `${fixture.demo}?tab=claims`, ready: (page) => page.getByRole("button", { name: "Record a disagreement" }).click() },
  { name: "document-viewer", as: "maya", path: () => fixture.reportA, ready: (page) => page.getByRole("complementary", { name: /Quotations found/ }).waitFor() },
  { name: "bidi-document", as: "maya", path: () => fixture.bidiDocument, ready: (page) => page.getByRole("complementary", { name: /Quotations found/ }).waitFor() },
  { name: "history", as: "maya", path: () => `${fixture.demo}/history` },
  { name: "bidi-history", as: "maya", path: () => `${fixture.bidi}/history` },
  { name: "bidi-entry-history", as: "maya", path: () => `${fixture.bidi}/history/quote/${fixture.hebrewQuoteId}` },
  { name: "as-of", as: "maya", path: () => `${fixture.demo}/as-of?rev=${fixture.firstRev}&tab=quotes` },
  { name: "changes", as: "maya", path: () => `${fixture.bidi}/changes?fromRev=1` },
  { name: "audit", as: "maya", path: () => `${fixture.demo}/audit` },
  { name: "bidi-audit", as: "maya", path: () => `${fixture.bidi}/audit` },
  { name: "my-follow-ups", as: "maya", path: () => "/follow-ups" },
  { name: "notifications", as: "maya", path: () => "/notifications" },
  { name: "account", as: "maya", path: () => "/account" },
  { name: "verify", as: "maya", path: () => "/verify" },
  { name: "admin-users", as: "admin", path: () => "/admin" },
  { name: "admin-ledger", as: "admin", path: () => "/admin/ledger" },
  { name: "admin-audit", as: "admin", path: () => "/admin/audit" },
  { name: "admin-sessions", as: "admin", path: () => "/admin/sessions" },
  { name: "not-found", as: "maya", path: () => "/stories/00000000-0000-4000-8000-000000000000" },
];

for (const viewport of VIEWPORTS) {
  describe(`every page at ${viewport.width}×${viewport.height}`, () => {
    const contexts = new Map<PageCase["as"], BrowserContext>();
    beforeAll(async () => {
      contexts.set("maya", await signedIn(browser(), "maya@storydesk.example", viewport));
      contexts.set("admin", await signedIn(browser(), "admin@storydesk.example", viewport));
      contexts.set("nobody", await signedIn(browser(), "", viewport));
    });
    afterAll(async () => {
      for (const context of contexts.values()) await context.close();
    });

    // Concurrent (at most the e2e project's maxConcurrency at once): while one page renders on the
    // server, another's axe run or screenshot takes the browser. Each test has its own page, and
    // the expect of its own context.
    it.concurrent.for(PAGES.map((page) => [page.name, page] as const))("%s", async ([name, pageCase], { expect }) => {
      const page = await contexts.get(pageCase.as)!.newPage();
      try {
        // Not "networkidle": a desk page holds its live stream open. It is ready once hydrated and
        // connected — its corner says "Live" (rendered from the server as "Connecting…").
        await page.goto(pageCase.path(), { waitUntil: "load" });
        if (await page.getByRole("status", { name: /^Live updates:/ }).count()) await page.getByRole("status", { name: "Live updates: Live" }).waitFor();
        await pageCase.ready?.(page);
        await page.screenshot({ path: path.join(OUT, `${name}-${viewport.width}.png`), fullPage: true });
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        if (scrollWidth > viewport.width) overflows.push({ page: name, width: viewport.width, scrollWidth });
        const results = await new AxeBuilder({ page }).analyze();
        const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
        for (const violation of serious) {
          findings.push({
            page: name,
            width: viewport.width,
            rule: violation.id,
            impact: violation.impact!,
            nodes: violation.nodes.length,
            targets: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
          });
        }
        expect.soft(scrollWidth, "document width at most the viewport's").toBeLessThanOrEqual(viewport.width);
        expect(serious.map((violation) => `${violation.id} (${violation.nodes.length}): ${violation.nodes[0]?.target.join(" ")}`)).toEqual([]);
      } finally {
        await page.close();
      }
    });
  });
}
