import { describe, expect, it } from "vitest";
import { storyIdOfPath } from "./story-path";

const id = "0b6c1f7e-2d3a-4c5b-8e9f-0a1b2c3d4e5f";

describe("storyIdOfPath", () => {
  it("names the story of a story's page and its sub-pages", () => {
    expect(storyIdOfPath(`/stories/${id}`)).toBe(id);
    expect(storyIdOfPath(`/stories/${id}/history/quote/x`)).toBe(id);
  });

  it("names nothing for other paths, a non-id or no path", () => {
    expect(storyIdOfPath("/follow-ups")).toBeNull();
    expect(storyIdOfPath("/stories/not-an-id")).toBeNull();
    expect(storyIdOfPath(`/x/stories/${id}`)).toBeNull();
    expect(storyIdOfPath(`/stories/${id}x`)).toBeNull();
    expect(storyIdOfPath(null)).toBeNull();
  });
});
