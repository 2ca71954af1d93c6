// A real Chromium for e2e tests, found and launched as the PDF engine does (lib/server/browser.ts):
// CHROMIUM_PATH, Debian's /usr/bin/chromium, then the binary shipped in the @sparticuz/chromium
// npm package, so that `npm test` works on a fresh machine with no system browser.
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";
import { chromiumLaunchOptions, chromiumPath } from "@/lib/server/browser";

export { chromiumPath };

/** The binary, CHROMIUM_FLAGS, and for the packaged binary a font configuration (see lib/server/browser.ts). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch(await chromiumLaunchOptions());
}

export const baseUrl = () => inject("baseUrl");

export const DEMO_PASSWORD = "storydesk-demo";

/** A fresh, isolated browser session (own cookies), signed in as the given account (on the e2e app server, or `url`). */
export async function signedInPage(browser: Browser, email: string, password = DEMO_PASSWORD, url = baseUrl()): Promise<Page> {
  const context = await browser.newContext({ baseURL: url, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/sign-in");
  await page.getByRole("button", { name: "Sign out" }).waitFor();
  return page;
}

/** One browser for the test file: launched before its tests, closed after them. */
export function browserForFile(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser!;
}
