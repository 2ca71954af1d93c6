import { afterEach, describe, expect, it } from "vitest";
import { NOTIFICATION_KINDS } from "@/lib/validations/notifications";
import { composeNotificationEmail, formatDue } from "./email";
import { appBaseUrl, notificationHref } from "./links";

const STORY = "11111111-1111-4111-8111-111111111111";
const ENTRY = "22222222-2222-4222-8222-222222222222";
const base = { storyId: STORY, storyTitle: "Harbour contracts", entityType: "follow_up", entityId: ENTRY, actorName: "Maya Cohen", dueAt: null };

describe("notification links", () => {
  it("leads to the entry's panel with the entry in focus, or to the story", () => {
    expect(notificationHref(STORY, "follow_up", ENTRY)).toBe(`/stories/${STORY}?tab=follow-ups&focus=${ENTRY}`);
    expect(notificationHref(STORY, "question", ENTRY)).toBe(`/stories/${STORY}?tab=questions&focus=${ENTRY}`);
    expect(notificationHref(STORY, "source", ENTRY)).toBe(`/stories/${STORY}?tab=sources&focus=${ENTRY}`);
    expect(notificationHref(STORY, "quote", ENTRY)).toBe(`/stories/${STORY}?tab=quotes&focus=${ENTRY}`);
    expect(notificationHref(STORY, "timeline_event", ENTRY)).toBe(`/stories/${STORY}?tab=timeline&focus=${ENTRY}`);
    expect(notificationHref(STORY, "story", STORY)).toBe(`/stories/${STORY}`);
  });

  const saved = { APP_URL: process.env.APP_URL, NEXTAUTH_URL: process.env.NEXTAUTH_URL };
  afterEach(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it("makes them absolute with APP_URL, else NEXTAUTH_URL, else localhost", () => {
    delete process.env.APP_URL;
    delete process.env.NEXTAUTH_URL;
    expect(appBaseUrl()).toBe("http://localhost:3000");
    process.env.NEXTAUTH_URL = "https://auth.example/";
    expect(appBaseUrl()).toBe("https://auth.example");
    process.env.APP_URL = "https://desk.example";
    expect(appBaseUrl()).toBe("https://desk.example");
  });
});

describe("notification e-mail", () => {
  it("formats a due time in UTC, saying so", () => {
    expect(formatDue(new Date("2026-12-01T17:00:00Z"))).toBe("Due Tue 1 Dec 2026, 17:00 UTC");
    expect(formatDue(new Date("2027-01-03T00:05:00+02:00"))).toBe("Due Sat 2 Jan 2027, 22:05 UTC");
  });

  it("has a sentence and a subject for every kind", () => {
    for (const kind of NOTIFICATION_KINDS) {
      const mail = composeNotificationEmail({ ...base, kind });
      expect(mail.subject).toMatch(/^\[Storydesk\] Harbour contracts: \S/);
      expect(mail.text.split("\n")[0]).toMatch(/ on the story “Harbour contracts”\.$/);
    }
    expect(composeNotificationEmail({ ...base, kind: "assigned" }).text).toContain("Maya Cohen assigned you a follow-up");
    expect(composeNotificationEmail({ ...base, kind: "mentioned", actorName: null }).text).toContain("Someone mentioned you in a comment");
    expect(composeNotificationEmail({ ...base, kind: "overdue" }).subject).toBe("[Storydesk] Harbour contracts: a follow-up of yours is overdue");
  });

  it("shows the due time of a follow-up only", () => {
    const dueAt = new Date("2026-12-01T17:00:00Z");
    expect(composeNotificationEmail({ ...base, kind: "due_soon", dueAt }).text).toContain("Due Tue 1 Dec 2026, 17:00 UTC");
    expect(composeNotificationEmail({ ...base, kind: "mentioned", entityType: "question", dueAt }).text).not.toContain("Due ");
  });

  it("escapes the HTML part and keeps the subject on one line", () => {
    const mail = composeNotificationEmail({ ...base, kind: "status", storyTitle: "A <b>bold</b>\r\nBcc: x@y.example", actorName: "<img src=x>" });
    expect(mail.subject).toBe("[Storydesk] A <b>bold</b> Bcc: x@y.example: a follow-up changed status");
    expect(mail.html).not.toContain("<b>");
    expect(mail.html).not.toContain("<img");
    expect(mail.html).toContain("A &lt;b&gt;bold&lt;/b&gt; Bcc: x@y.example");
  });

  it("isolates a right-to-left title and name from the English sentence around them", () => {
    const mail = composeNotificationEmail({ ...base, kind: "assigned", storyTitle: "תגובות: צה״ל", actorName: "مريم" });
    expect(mail.subject).toBe("[Storydesk] \u2068תגובות: צה״ל\u2069: you were assigned a follow-up");
    expect(mail.text).toContain("\u2068مريم\u2069 assigned you a follow-up on the story “\u2068תגובות: צה״ל\u2069”.");
    expect(mail.html).toContain("<strong><bdi>\u2068תגובות: צה״ל\u2069</bdi></strong>");
  });
});
