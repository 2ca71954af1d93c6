// Logging entries through the workspace as a user does, for e2e tests that need a few of them.
import type { Locator, Page } from "playwright-core";

/**
 * Opens an entry's "⋯" actions menu (History, Edit, Delete or Restore, Assign follow-up), by the
 * entry's accessible name: its items are made when it opens (issue 16).
 */
export async function openEntryActions(scope: Page | Locator, label: string | RegExp): Promise<void> {
  const name = typeof label === "string" ? `Actions on ${label}` : new RegExp(`^Actions on ${label.source.replace(/^\^/, "")}`);
  await scope.getByRole("button", { name }).click();
}

/** Creates a story from the desk home (the signed-in user becomes its lead) and returns its path. */
export async function createStory(page: Page, title: string): Promise<string> {
  await page.goto("/");
  const create = page.getByRole("form", { name: "New story" });
  await create.getByLabel("Title").fill(title);
  await create.getByRole("button", { name: "Create story" }).click();
  await page.getByRole("navigation", { name: "Story panels" }).waitFor();
  return new URL(page.url()).pathname;
}

/** Opens a panel of the story at `storyPath` and its "New …" form. */
async function openNew(page: Page, storyPath: string, tab: string, noun: string) {
  await page.goto(`${storyPath}?tab=${tab}`);
  await page.getByRole("button", { name: new RegExp(`^New ${noun}`) }).click();
  return page.getByRole("form", { name: `New ${noun}` });
}

export async function addSource(page: Page, storyPath: string, name: string): Promise<void> {
  const form = await openNew(page, storyPath, "sources", "source");
  await form.getByLabel("Name").fill(name);
  await form.getByRole("button", { name: "Add source" }).click();
  await page.getByRole("article", { name: `source ${name}` }).waitFor();
}

/** Logs a quote and returns its id. */
export async function addQuote(page: Page, storyPath: string, speaker: string, text: string): Promise<string> {
  const form = await openNew(page, storyPath, "quotes", "quote");
  await form.getByLabel("Speaker").selectOption({ label: speaker });
  await form.getByLabel("Exact words").fill(text);
  await form.getByRole("button", { name: "Add quote" }).click();
  const item = page.locator("li[id^='entry-']").filter({ hasText: text });
  await item.waitFor();
  return (await item.getAttribute("id"))!.slice("entry-".length);
}

/** Changes a quote's words, with the reason the form asks for. */
export async function correctQuote(page: Page, storyPath: string, quoteId: string, text: string, reason: string): Promise<void> {
  await page.goto(`${storyPath}?tab=quotes&focus=${quoteId}`);
  await openEntryActions(page, /^quote by/);
  await page.getByRole("button", { name: /^Edit quote by/ }).click();
  const form = page.getByRole("form", { name: "Edit quote" });
  await form.getByLabel("Exact words").fill(text);
  await form.getByLabel(/Why did the words change/).fill(reason);
  await form.getByRole("button", { name: "Save quote" }).click();
  await page.locator(`#entry-${quoteId}`).getByText(text).waitFor();
}

/** Adds a member to the story at `storyPath` from its Team form (the signed-in user must lead it). */
/** The Team panel's add form, which a lead opens with "Manage team". */
export async function openAddMember(page: Page) {
  const manage = page.getByRole("button", { name: "Manage team" });
  if ((await manage.getAttribute("aria-expanded")) !== "true") await manage.click();
  return page.getByRole("form", { name: "Add member" });
}

export async function addMember(page: Page, storyPath: string, email: string, role: "lead" | "contributor" | "reader", name: string): Promise<void> {
  await page.goto(storyPath);
  const form = await openAddMember(page);
  await form.getByLabel("Add by e-mail").fill(email);
  await form.getByLabel("Role on this story").selectOption(role);
  await form.getByRole("button", { name: "Add" }).click();
  await page.getByRole("combobox", { name: `Role of ${name}` }).waitFor();
}

export async function addQuestion(page: Page, storyPath: string, text: string): Promise<void> {
  const form = await openNew(page, storyPath, "questions", "question");
  await form.getByLabel("Question").fill(text);
  await form.getByRole("button", { name: "Add question" }).click();
  await page.getByRole("article", { name: `question ${text}` }).waitFor();
}
