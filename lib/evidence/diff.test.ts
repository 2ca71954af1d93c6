import { describe, expect, it } from "vitest";
import { diffTakes } from "./diff";

describe("diffTakes", () => {
  it("gives the word changes between two takes; each side joins back to its own text", () => {
    const before = "Microsoft cut an Israeli defense unit’s access.\n\nSmith said so.";
    const after = "Microsoft cut a unit within the Israeli Ministry of Defence’s access.\n\nSmith said so.";
    const changes = diffTakes(before, after);
    expect(changes.filter((c) => c.op !== "added").map((c) => c.text).join("")).toBe(before);
    expect(changes.filter((c) => c.op !== "removed").map((c) => c.text).join("")).toBe(after);
    expect(changes.find((c) => c.op === "removed")?.text).toContain("an");
    expect(changes.at(-1)).toEqual({ op: "same", text: "access.\n\nSmith said so." });
  });

  it("keeps Hebrew and Arabic words whole", () => {
    const changes = diffTakes("המצב קשה מאוד", "המצב קשה");
    expect(changes).toEqual([
      { op: "same", text: "המצב קשה" },
      { op: "removed", text: " מאוד" },
    ]);
    expect(diffTakes("الوضع مستقر", "الوضع كارثي")).toEqual([
      { op: "same", text: "الوضع " },
      { op: "removed", text: "مستقر" },
      { op: "added", text: "كارثي" },
    ]);
  });
});
