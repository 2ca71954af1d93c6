import { describe, expect, it } from "vitest";
import { pageShowsChange } from "./pages";

const story = "3f9c0c1e-0000-4000-8000-000000000001";

describe("pageShowsChange", () => {
  it("a story's pages show its changes, other stories' pages do not", () => {
    expect(pageShowsChange(`/stories/${story}`, { story, kind: "quote" })).toBe(true);
    expect(pageShowsChange(`/stories/${story}/history`, { story, kind: "quote" })).toBe(true);
    expect(pageShowsChange(`/stories/${story}x`, { story, kind: "quote" })).toBe(false);
    expect(pageShowsChange("/stories/another", { story, kind: "quote" })).toBe(false);
    expect(pageShowsChange("/follow-ups", { story, kind: "quote" })).toBe(false);
  });

  it("a kind shown elsewhere (a follow-up: My follow-ups and the header on every page) refreshes there", () => {
    expect(pageShowsChange("/follow-ups", { story, kind: "follow_up" })).toBe(true);
    expect(pageShowsChange("/notifications", { story, kind: "follow_up" })).toBe(true);
  });

  it("the desk home shows every change", () => {
    expect(pageShowsChange("/", { story, kind: "question" }, true)).toBe(true);
    expect(pageShowsChange("/", { story, kind: "question" })).toBe(false);
  });
});
