import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { extractText, getDocumentProxy, getMeta } from "unpdf";
import { browserForFile, signedInPage } from "../support/browser";

const browser = browserForFile();
let tom: Page; // an editor who is a reader on the demo story

beforeAll(async () => {
  tom = await signedInPage(browser(), "tom@storydesk.example");
});

describe("dossier export", () => {
  it("downloads the story's dossier as a PDF from the story page, and it names the story", async () => {
    await tom.goto("/");
    await tom.getByRole("link", { name: /Microsoft cuts Israeli military unit/ }).first().click();
    await tom.getByRole("button", { name: "Export dossier" }).click();
    const dialog = tom.getByRole("dialog", { name: "Export dossier" });
    // A reader exports redacted only: there is no unredacted choice.
    await dialog.getByText("Confidential sources appear by their alias; no contact details.").waitFor();
    expect(await dialog.getByRole("checkbox", { name: /Unredacted/ }).count()).toBe(0);

    // A PDF is a job of the render queue: queued, then its stages, then ready — Download.
    await dialog.getByRole("button", { name: "Export PDF" }).click();
    const progress = dialog.getByRole("progressbar", { name: "PDF export progress" });
    await progress.waitFor();
    const status = dialog.getByRole("status").filter({ hasText: /^(Queued|Rendering|Ready)/ });
    const seen = new Set<string>();
    const link = dialog.getByRole("link", { name: /^Download / });
    // Bounded by the test's timeout: the status is read until the link appears.
    while (!(await link.isVisible())) {
      const text = (await status.textContent().catch(() => null)) ?? "";
      if (text) seen.add(text.split(" — ")[0]!);
      expect(text).not.toMatch(/^Failed/);
      await tom.waitForTimeout(100);
    }
    await status.filter({ hasText: /^Ready — \d+ pages$/ }).waitFor();
    expect([...seen].some((state) => state === "Queued" || state === "Rendering"), [...seen].join(", ")).toBe(true);
    // The job is remembered: after a reload the dialog comes back ready to download.
    await tom.reload();
    await dialog.getByRole("link", { name: /^Download / }).waitFor();
    const [download] = await Promise.all([tom.waitForEvent("download"), dialog.getByRole("link", { name: /^Download / }).click()]);
    expect(download.suggestedFilename()).toMatch(/^microsoft-cuts-[a-z0-9-]+-dossier-\d{4}-\d{2}-\d{2}-\d{4}\.pdf$/);

    const bytes = new Uint8Array(fs.readFileSync((await download.path())!));
    expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    const pdf = await getDocumentProxy(bytes);
    const { text } = await extractText(pdf, { mergePages: true });
    expect(text.replace(/\s+/g, " ")).toContain("Microsoft cuts Israeli military unit's access to Azure cloud and AI services");
    expect((await getMeta(pdf)).info).toMatchObject({ Title: expect.stringMatching(/^Microsoft cuts .* — dossier$/), Author: "Tom Becker" });
    expect(text).not.toContain("former Unit engineer");
  });

  it("shows a clear error and downloads nothing when the export is refused", async () => {
    // A reader asking by hand for an unredacted copy: the route refuses with a message.
    const story = new URL(tom.url()).pathname.split("/")[2]!;
    const response = await tom.request.post(`/api/stories/${story}/dossier`, { data: { format: "json", unredacted: "1" } });
    expect(response.status()).toBe(403);
    expect(await response.json()).toMatchObject({ ok: false, code: "FORBIDDEN", message: expect.stringMatching(/Only the story's leads/) });
    const missing = await tom.request.post(`/api/stories/00000000-0000-4000-8000-000000000000/dossier`, { data: {} });
    expect(missing.status()).toBe(404);
  });

  it("never exports on a GET (a link elsewhere cannot make a browser produce a recorded export), nor for another site's form", async () => {
    const story = new URL(tom.url()).pathname.split("/")[2]!;
    const viaLink = await tom.request.get(`/api/stories/${story}/dossier?format=json`);
    expect(viaLink.status()).toBe(405);
    const crossSite = await tom.request.post(`/api/stories/${story}/dossier`, {
      form: { format: "json" },
      headers: { Origin: "https://elsewhere.example", "Sec-Fetch-Site": "cross-site" },
    });
    expect(crossSite.status()).toBe(403);
    const json = await tom.request.post(`/api/stories/${story}/dossier`, { data: { format: "json" } });
    expect(json.status()).toBe(200);
    expect(json.headers()["cache-control"]).toContain("no-store");
    expect(await json.json()).toMatchObject({ format: "storydesk-dossier" });
  });
});
