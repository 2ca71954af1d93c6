import { describe, expect, it } from "vitest";
import { diffDisplays, wordParts, type DisplayMap } from "./diff";
import { KIND_MODULES } from "@/lib/entry-kinds";

const quote = (fields: Partial<Record<string, DisplayMap[string]>>): DisplayMap => ({ text: null, speaker_id: null, verification: null, ...fields });

describe("field differences", () => {
  it("marks the words that changed, and only those", () => {
    const parts = wordParts("We never signed the contract.", "We never signed that contract.");
    expect(parts.filter((part) => part.change).map((part) => [part.change, part.text.trim()])).toEqual([
      ["removed", "the"],
      ["added", "that"],
    ]);
    expect(parts.map((part) => (part.change === "removed" ? "" : part.text)).join("")).toBe("We never signed that contract.");
  });

  it("shows values as before → after, lists as added and removed, and hidden fields as notes", () => {
    const before = quote({ text: { kind: "words", text: "A" }, verification: { kind: "value", text: "Unverified" } });
    const after = quote({ text: { kind: "words", text: "A" }, verification: { kind: "value", text: "Verified" } });
    expect(diffDisplays(KIND_MODULES.quote.fields, before, after)).toEqual([{ key: "verification", label: "Verification", kind: "value", before: "Unverified", after: "Verified" }]);

    const links = diffDisplays(
      KIND_MODULES.timeline_event.fields,
      { source_ids: { kind: "list", items: ["Report A", "Report B"] } },
      { source_ids: { kind: "list", items: ["Report B", "UN expert"] } },
    );
    expect(links).toEqual([{ key: "source_ids", label: "According to", kind: "list", added: ["UN expert"], removed: ["Report A"] }]);

    const hidden = diffDisplays(
      KIND_MODULES.source.fields,
      { name: { kind: "hidden", text: "Hidden", raw: "sdenc:v1:a" } },
      { name: { kind: "hidden", text: "Hidden", raw: "sdenc:v1:b" } },
    );
    expect(hidden).toEqual([{ key: "name", label: "Name", kind: "note", text: "changed (hidden from you)" }]);
    expect(JSON.stringify(hidden)).not.toContain("sdenc");
  });

  it("limits one revision's differences to the columns the ledger recorded (a moment's precision counts for the moment)", () => {
    const before = { occurred_at: { kind: "value" as const, text: "1 Sept 2025" }, what: { kind: "words" as const, text: "x" } };
    const after = { occurred_at: { kind: "value" as const, text: "1 Sept 2025, 10:00" }, what: { kind: "words" as const, text: "y" } };
    expect(diffDisplays(KIND_MODULES.timeline_event.fields, before, after, ["precision"]).map((change) => change.key)).toEqual(["occurred_at"]);
  });
});
