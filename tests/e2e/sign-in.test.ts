import { describe, expect, it } from "vitest";
import { baseUrl, browserForFile, DEMO_PASSWORD, signedInPage } from "../support/browser";

const browser = browserForFile();

describe("signing in and out", () => {
  it("sends an anonymous visitor to the sign-in page", async () => {
    const page = await browser().newPage({ baseURL: baseUrl() });
    await page.goto("/admin");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe("/admin");
    await expect(page.getByRole("heading", { name: "Storydesk" }).isVisible()).resolves.toBe(true);
    await page.close();
  });

  it("shows one message for a wrong password and for an unknown e-mail", async () => {
    const page = await browser().newPage({ baseURL: baseUrl() });
    await page.goto("/sign-in");
    for (const email of ["lina@storydesk.example", "nobody@storydesk.example"]) {
      await page.getByLabel("E-mail").fill(email);
      await page.getByLabel("Password").fill("not-the-password");
      await page.getByRole("button", { name: "Sign in" }).click();
      const message = page.getByText("That e-mail and password do not match an active account.");
      await message.waitFor();
      expect(new URL(page.url()).pathname).toBe("/sign-in");
    }
    await page.close();
  });

  it("signs a demo editor in to the desk with the demo story, and out again", async () => {
    const page = await signedInPage(browser(), "maya@storydesk.example", DEMO_PASSWORD);
    await page.getByRole("heading", { name: "Stories" }).waitFor();
    const story = page.getByRole("link", { name: /Microsoft cuts Israeli military unit/ });
    expect(await story.count()).toBe(1);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/sign-in");
    await page.goto("/");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await page.context().close();
  });

  it("signs out to the sign-in page of the host the desk was opened at", async () => {
    // The app's configured URL (NEXTAUTH_URL) says localhost; this reader opened it at 127.0.0.1.
    const otherHost = baseUrl().replace("//localhost:", "//127.0.0.1:");
    const page = await browser().newPage({ baseURL: otherHost });
    await page.goto("/sign-in");
    await page.getByLabel("E-mail").fill("lina@storydesk.example");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Stories" }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/sign-in");
    expect(new URL(page.url()).host).toBe(new URL(otherHost).host);
    await page.context().close();
  });
});
