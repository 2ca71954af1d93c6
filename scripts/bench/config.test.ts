import { describe, expect, it } from "vitest";
import { parseOptions } from "./config";

describe("bench options", () => {
  it("--scale=large is 10× the full desk with 1,000,000-revision chains", () => {
    const full = parseOptions([]).scale;
    const large = parseOptions(["--scale=large"]).scale;
    expect(large.name).toBe("large");
    expect(large.stories).toBe(10 * full.stories);
    for (const table of ["sources", "quotes", "questions", "timeline"] as const) {
      expect(large.big[table]).toBe(10 * full.big[table]);
      expect(large.small[table]).toBe(10 * full.small[table]);
    }
    expect(large.bigRevisions).toBe(1_000_000);
    expect(Math.max(...large.history.revisions)).toBe(1_000_000);
  });

  it("--revisions=N caps every chain and keeps at least two history lengths", () => {
    const trial = parseOptions(["--scale=large", "--revisions=20000"]).scale;
    expect(trial.name).toBe("large");
    expect(trial.bigRevisions).toBe(20_000);
    expect(trial.history.revisions).toEqual([1_000, 20_000]);
    expect(parseOptions(["--revisions=200000"]).scale.history.revisions).toEqual([1_000, 10_000, 100_000]);
  });
});
