import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./urls";

describe("safeCallbackUrl", () => {
  it("follows same-site paths only", () => {
    expect(safeCallbackUrl("/stories/abc?tab=sources")).toBe("/stories/abc?tab=sources");
    for (const unsafe of ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)", "", undefined, null]) {
      expect(safeCallbackUrl(unsafe)).toBe("/");
    }
  });
});
