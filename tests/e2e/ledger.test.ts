// Issue 12 in the browser: an admin sees what protects the ledger (the app runs as a role that
// cannot bypass it; the desk's public key), verifies and signs a chain, exports a dossier and
// checks it on Verify a copy — matched — and a copy edited by hand, which shows where it differs.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, signedInPage } from "../support/browser";

let browser: Browser;
let admin: Page;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "storydesk-e2e-copies-"));

beforeAll(async () => {
  browser = await launchBrowser();
  admin = await signedInPage(browser, "admin@storydesk.example");
});
afterAll(async () => {
  await browser.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

const DEMO_STORY = /Microsoft cuts Israeli military unit/;

describe("the ledger, for an admin", () => {
  it("shows the app's role cannot bypass the ledger and the desk's public key; verifies and signs a story's chain", async () => {
    await admin.goto("/admin/ledger");
    const protection = admin.getByRole("region", { name: "Protection" });
    await protection.getByText("Cannot bypass the ledger ✓").waitFor();
    expect(await protection.getByLabel("Desk's public key").textContent()).toMatch(/^storydesk\.e2e\/desk\+4ab07d1e\+A[A-Za-z0-9+/]{43}$/);

    const row = admin.getByRole("row", { name: DEMO_STORY });
    await row.getByRole("button", { name: /^Sign a checkpoint of / }).click();
    await row.getByText(/^#\d+ signed just now$/).waitFor();
    await row.getByRole("button", { name: /^Verify / }).click();
    await row.getByText(/^Intact ✓ \(\d+ revisions, \d+ signed checkpoints? holds?\)$/).waitFor();
  });

  it("exports a dossier, and Verify a copy matches it; a copy edited by hand shows where it differs", async () => {
    await admin.goto("/");
    await admin.getByRole("link", { name: DEMO_STORY }).first().click();
    await admin.getByRole("button", { name: "Export dossier" }).click();
    const dialog = admin.getByRole("dialog", { name: "Export dossier" });
    await dialog.getByLabel("Format").selectOption("json");
    const [download] = await Promise.all([admin.waitForEvent("download"), dialog.getByRole("button", { name: "Export JSON" }).click()]);
    const original = path.join(scratch, download.suggestedFilename());
    await download.saveAs(original);

    await admin.getByRole("link", { name: "Verify a copy" }).click();
    await admin.getByRole("heading", { name: "Verify a copy" }).waitFor();
    await admin.getByText("No copy checked yet.").waitFor();
    await admin.getByLabel("Dossier file").setInputFiles(original);
    await admin.getByText("Matches the ledger", { exact: true }).waitFor();
    expect(await admin.getByText(/^This copy is the story as of revision #\d+ \(.+\), signed by this desk's key; \d+ changes? (was|were) made since\.$/).count()).toBe(1);

    // One quote's words changed by hand.
    const dossier = JSON.parse(fs.readFileSync(original, "utf8")) as { quotes: { speaker: string; quotes: { text: string }[] }[] };
    const group = dossier.quotes.find((g) => g.speaker === "Brad Smith")!;
    const words = group.quotes[0]!.text;
    group.quotes[0]!.text = "We stand by every contract we have.";
    const edited = path.join(scratch, "edited.json");
    fs.writeFileSync(edited, JSON.stringify(dossier, null, 2));
    await admin.getByLabel("Dossier file").setInputFiles(edited);
    await admin.getByText("Does not match the ledger", { exact: true }).waitFor();
    const differences = admin.getByRole("table", { name: "Where this copy differs from the ledger" });
    const row = differences.getByRole("row", { name: /Quotes by speaker › Brad Smith › “/ });
    expect(await row.getByRole("cell").allTextContents()).toEqual(["words", "We stand by every contract we have.", words]);
  });

  it("says clearly when the file is not a dossier", async () => {
    const reader = await signedInPage(browser, "tom@storydesk.example");
    await reader.goto("/verify");
    const file = path.join(scratch, "not-a-dossier.md");
    fs.writeFileSync(file, "# Notes\n\nNot a dossier.\n");
    await reader.getByLabel("Dossier file").setInputFiles(file);
    await reader.getByRole("alert").getByText(/This file is not a Storydesk dossier/).waitFor();
    await reader.context().close();
  });
});
