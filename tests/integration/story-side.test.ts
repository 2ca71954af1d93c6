import { beforeEach, describe, expect, it } from "vitest";
import { createSource } from "@/lib/server/sources/write";
import { addToStory, makeDesk, type TestUser } from "@/prisma/factories";
import { storySideData } from "@/components/story/story-side";
import { codeOf } from "../support/errors";

// The story page's side panel (Team, Recent changes) comes from GET /api/stories/:id/side, not
// from the page's render (issue 16 part 2): the same access check and the same lens as the page.
const CANARY_NAME = "Canary Side Panel 41c9";

let lead: TestUser;
let reporter: TestUser;
let colleague: TestUser;
let outsider: TestUser;
let storyId: string;

beforeEach(async () => {
  ({ lead, reporter, colleague, outsider, storyId } = await makeDesk({
    lead: { role: "editor", on: "lead" },
    reporter: { on: "contributor" },
    colleague: { on: "reader" },
    outsider: { role: "editor" },
  }));
});

describe("the story page's side panel", () => {
  it("is the team and the latest revisions, named as the reader may name them; a lead manages the team", async () => {
    await createSource(reporter, { storyId, name: CANARY_NAME, kind: "person", protection: "confidential" });
    const asColleague = await storySideData(colleague, storyId, "UTC");
    expect(asColleague.canManage).toBe(false);
    expect(asColleague.members.map((member) => member.name).sort()).toEqual([lead.name, reporter.name, colleague.name].sort());
    expect(asColleague.lines[0]).toMatchObject({ who: reporter.name, what: expect.stringContaining("source") });
    expect(asColleague.lines.length).toBeLessThanOrEqual(12);
    expect(asColleague.headHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(asColleague)).not.toContain(CANARY_NAME);

    const asLead = await storySideData(lead, storyId, "UTC");
    expect(asLead.canManage).toBe(true);
    expect(JSON.stringify(asLead)).toContain(CANARY_NAME);
  });

  it("is refused to someone who is not on the story, as the story itself is", async () => {
    expect(await codeOf(storySideData(outsider, storyId, "UTC"))).toBe("NOT_FOUND");
    await addToStory(lead, storyId, outsider, "reader");
    expect(await codeOf(storySideData(outsider, storyId, "UTC"))).toBe("OK");
  });
});
