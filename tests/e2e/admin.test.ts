import { describe, expect, it } from "vitest";
import { browserForFile, signedInPage } from "../support/browser";

const browser = browserForFile();

describe("admin", () => {
  it("creates an account, and disabling it locks a live session out at once", async () => {
    const admin = await signedInPage(browser(), "admin@storydesk.example");
    await admin.getByRole("link", { name: "Admin" }).click();
    const form = admin.getByRole("form", { name: "New account" });
    const email = `reporter-${Date.now()}@storydesk.example`;
    await form.getByLabel("Name").fill("Rae Porter");
    await form.getByLabel("E-mail").fill(email);
    await form.getByLabel("Role").selectOption("reporter");
    await form.getByLabel("Initial password").fill("short");
    await form.getByRole("button", { name: "Create account" }).click();
    await form.getByText("Use at least 12 characters.").waitFor();
    await form.getByLabel("Initial password").fill("a-long-initial-password");
    await form.getByRole("button", { name: "Create account" }).click();
    await admin.getByRole("row", { name: /Rae Porter/ }).waitFor();

    const rae = await signedInPage(browser(), email, "a-long-initial-password");
    await rae.getByRole("heading", { name: "Stories" }).waitFor();
    expect(await rae.getByText("An editor adds you to a story").count()).toBe(1);

    const row = admin.getByRole("row", { name: /Rae Porter/ });
    await row.getByRole("button", { name: "Disable" }).click();
    await row.getByText("Disabled").waitFor();

    await rae.reload();
    expect(new URL(rae.url()).pathname).toBe("/sign-in");
    await rae.context().close();
    await admin.context().close();
  });

  it("is not reachable for a non-admin", async () => {
    const maya = await signedInPage(browser(), "maya@storydesk.example");
    expect(await maya.getByRole("link", { name: "Admin" }).count()).toBe(0);
    const response = await maya.goto("/admin");
    expect(response?.status()).toBe(404);
    await maya.context().close();
  });
});
