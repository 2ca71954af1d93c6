import { describe, expect, it } from "vitest";
import { storyOfPath } from "./story-path";

const id = "0b6c1f7e-2d3a-4c5b-8e9f-0a1b2c3d4e5f";

describe("storyOfPath", () => {
  it("names the story of a story's page and of its sub-pages, and whether it is the story's overview", () => {
    expect(storyOfPath(`/stories/${id}`)).toEqual({ storyId: id, overview: true });
    expect(storyOfPath(`/stories/${id}/`)).toEqual({ storyId: id, overview: true });
    expect(storyOfPath(`/stories/${id}?tab=overview&x=1`)).toEqual({ storyId: id, overview: true });
    expect(storyOfPath(`/stories/${id}?tab=nothing`)).toEqual({ storyId: id, overview: true });
    expect(storyOfPath(`/stories/${id}?tab=quotes`)).toEqual({ storyId: id, overview: false });
    expect(storyOfPath(`/stories/${id}/history/quote/x`)).toEqual({ storyId: id, overview: false });
    expect(storyOfPath(`/stories/${id}/as-of`)).toEqual({ storyId: id, overview: false });
  });

  it("names nothing for other paths, a non-id or no path", () => {
    expect(storyOfPath("/follow-ups")).toBeNull();
    expect(storyOfPath("/stories/not-an-id")).toBeNull();
    expect(storyOfPath(`/x/stories/${id}`)).toBeNull();
    expect(storyOfPath(`/stories/${id}x`)).toBeNull();
    expect(storyOfPath(null)).toBeNull();
  });
});
