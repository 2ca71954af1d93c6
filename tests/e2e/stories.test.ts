import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { browserForFile, signedInPage } from "../support/browser";
import { addMember, openAddMember } from "../support/entries";

const browser = browserForFile();
let maya: Page;
let storyUrl: string;
const title = `Amazon cloud migration ${Date.now()}`;

beforeAll(async () => {
  maya = await signedInPage(browser(), "maya@storydesk.example");
});

describe("a story from creation to its first revisions", () => {
  it("lets an editor create a story and land on it as its lead", async () => {
    await maya.getByRole("form", { name: "New story" }).getByLabel("Title").fill(title);
    await maya.getByRole("form", { name: "New story" }).getByLabel("Summary").fill("Did the unit move its data to AWS?");
    await maya.getByRole("button", { name: "Create story" }).click();
    await maya.getByRole("heading", { level: 1, name: title }).waitFor();
    storyUrl = new URL(maya.url()).pathname;
    expect(storyUrl).toMatch(/^\/stories\/[0-9a-f-]{36}$/);
    expect(await maya.getByText("Your role: Lead").count()).toBe(1);
  });

  it("shows a field error for a bad title and saves nothing", async () => {
    await maya.getByText("Edit title, summary and status").click();
    const form = maya.getByRole("form", { name: "Edit story" });
    await form.getByLabel("Title").fill("");
    await form.getByRole("button", { name: "Save story" }).click();
    await form.getByText("Title is required.").waitFor();
    expect(await maya.getByRole("list", { name: "Revisions" }).getByRole("listitem").count()).toBe(2);
  });

  it("records an edit of the title as a new revision", async () => {
    const form = maya.getByRole("form", { name: "Edit story" });
    await form.getByLabel("Title").fill(`${title} (updated)`);
    await form.getByRole("button", { name: "Save story" }).click();
    await maya.getByRole("heading", { level: 1, name: `${title} (updated)` }).waitFor();
    const latest = maya.getByRole("list", { name: "Revisions" }).getByRole("listitem").first();
    await latest.filter({ hasText: /Maya Cohen changed the story .* — title/ }).waitFor();
    expect(await latest.textContent()).toContain("#3");
  });

  it("gives a signed-in non-member a 404 for the page and its API route", async () => {
    const lina = await signedInPage(browser(), "lina@storydesk.example");
    const response = await lina.goto(storyUrl);
    expect(response?.status()).toBe(404);
    await lina.getByRole("heading", { name: "Not found" }).waitFor();
    expect(await lina.content()).not.toContain(title);
    const api = await lina.request.get(`/api${storyUrl}`);
    expect(api.status()).toBe(404);
    expect(await api.text()).not.toContain(title);
    await lina.context().close();
  });

  it("lets the lead add a member, who then sees the story", async () => {
    const team = await openAddMember(maya);
    await team.getByLabel("Add by e-mail").fill("lina@storydesk.example");
    await team.getByLabel("Role on this story").selectOption("reader");
    await team.getByRole("button", { name: "Add" }).click();
    await maya.getByRole("combobox", { name: "Role of Lina Sayegh" }).waitFor();
    const lina = await signedInPage(browser(), "lina@storydesk.example");
    await lina.goto(storyUrl);
    await lina.getByRole("heading", { level: 1, name: `${title} (updated)` }).waitFor();
    expect(await lina.getByRole("form", { name: "Edit story" }).count()).toBe(0);
    expect(await lina.getByText("Edit title, summary and status").count()).toBe(0);
    await lina.context().close();
  });

  it("refuses a stale edit, shows the latest version and keeps what was typed", async () => {
    // On this file's story (not the demo story other files read): Sam joins it as a contributor.
    await addMember(maya, storyUrl, "sam@storydesk.example", "contributor", "Sam Okafor");
    const sam = await signedInPage(browser(), "sam@storydesk.example");
    await sam.goto(storyUrl);
    await sam.getByRole("heading", { level: 1, name: `${title} (updated)` }).waitFor();
    await sam.getByText("Edit title, summary and status").click();
    const samForm = sam.getByRole("form", { name: "Edit story" });
    await samForm.waitFor();
    // Sam types before Maya saves: an untouched form follows the story's latest version (a live
    // refresh), so only a form being edited can go stale — typed after Maya's save, the live
    // update could land first and leave no conflict to show.
    await samForm.getByLabel("Summary").fill("Sam's summary, typed on an old version.");
    const mayaPage = await signedInPage(browser(), "maya@storydesk.example");
    await mayaPage.goto(sam.url());
    await mayaPage.getByText("Edit title, summary and status").click();
    const mayaForm = mayaPage.getByRole("form", { name: "Edit story" });
    await mayaForm.getByLabel("Summary").fill("Maya's summary, saved first.");
    await mayaForm.getByRole("button", { name: "Save story" }).click();
    await mayaForm.getByText("Saved").waitFor();

    await samForm.getByRole("button", { name: "Save story" }).click();
    await samForm.getByText(/Someone else changed this/).waitFor();
    const latest = sam.getByRole("region", { name: "Latest version" });
    expect(await latest.textContent()).toContain("Maya's summary, saved first.");
    expect(await samForm.getByLabel("Summary").inputValue()).toBe("Sam's summary, typed on an old version.");

    await latest.getByRole("button", { name: "Keep my edit and save again" }).click();
    await samForm.getByRole("button", { name: "Save story" }).click();
    await sam.getByText("Sam's summary, typed on an old version.", { exact: true }).first().waitFor();
    await samForm.getByText("Saved").waitFor();
    await mayaPage.context().close();
    await sam.context().close();
  });
});
