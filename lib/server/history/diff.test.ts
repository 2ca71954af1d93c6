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

describe("word differences in every script", () => {
  const changed = (before: string, after: string) =>
    wordParts(before, after)
      .filter((part) => part.change)
      .map((part) => [part.change, part.text]);
  const sides = (before: string, after: string) => {
    const parts = wordParts(before, after);
    return {
      before: parts.filter((part) => part.change !== "added").map((part) => part.text).join(""),
      after: parts.filter((part) => part.change !== "removed").map((part) => part.text).join(""),
    };
  };

  it("changes a Hebrew word as a word, not letter by letter", () => {
    expect(changed("אנחנו בודקים את הדיווח", "אנחנו מבררים את הדיווח")).toEqual([
      ["removed", "בודקים"],
      ["added", "מבררים"],
    ]);
    // Gershayim inside an acronym keep it one word.
    expect(changed("דובר צה״ל אמר", "דובר צה״ל מסר")).toEqual([
      ["removed", "אמר"],
      ["added", "מסר"],
    ]);
  });

  it("keeps Arabic diacritics with their letters", () => {
    expect(changed("نحن نراجع التقارير وسنرد لاحقاً", "نحن راجعنا التقارير وسنرد لاحقاً")).toEqual([
      ["removed", "نراجع"],
      ["added", "راجعنا"],
    ]);
    // Only the tanween differs: the whole word is replaced, no part starts with a lone mark.
    const parts = wordParts("وسنرد لاحقاً", "وسنرد لاحقا");
    expect(parts.filter((part) => part.change).map((part) => [part.change, part.text])).toEqual([
      ["removed", "لاحقاً"],
      ["added", "لاحقا"],
    ]);
    expect(parts.every((part) => !/^\p{M}/u.test(part.text))).toBe(true);
    // Vowel marks (harakat) on every letter.
    expect(changed("قَالَ المُتَحَدِّثُ", "قَالَتِ المُتَحَدِّثَةُ")).toEqual([
      ["removed", "قَالَ المُتَحَدِّثُ"],
      ["added", "قَالَتِ المُتَحَدِّثَةُ"],
    ]);
  });

  it("handles mixed-direction text: a Hebrew or Arabic quote inside an English sentence", () => {
    expect(changed("Smith said “נבדוק” today", "Smith said “נבדוק מחר” today")).toEqual([["added", " מחר"]]);
    expect(changed("The ministry: “نحن نراجع” (statement)", "The ministry: “نحن ندرس” (statement)")).toEqual([
      ["removed", "نراجع"],
      ["added", "ندرس"],
    ]);
    expect(changed("Call 050-1234 about צה״ל", "Call 050-9999 about צה״ל")).toEqual([
      ["removed", "1234"],
      ["added", "9999"],
    ]);
  });

  it("treats an emoji, with its skin tone or joiners, as one piece", () => {
    expect(changed("Great 👍🏽 news", "Great 👎 news")).toEqual([
      ["removed", "👍🏽"],
      ["added", "👎"],
    ]);
    expect(changed("family 👨‍👩‍👧 here", "family 👨‍👩‍👦 here")).toEqual([
      ["removed", "👨‍👩‍👧"],
      ["added", "👨‍👩‍👦"],
    ]);
  });

  it("reads a run of replaced words as one change", () => {
    expect(changed("we are checking the report now", "we have verified the report now")).toEqual([
      ["removed", "are checking"],
      ["added", "have verified"],
    ]);
  });

  it("always joins up to both texts, whatever the script", () => {
    const samples = [
      ["אנחנו בודקים את הדיווח", "אנחנו מבררים את הדיווח, ועוד"],
      ["نحن نراجع التقارير وسنرد لاحقاً", "لا تعليق لدينا 🙏🏾 الآن"],
      ["A “ב” C", "A “بـ” C D"],
      ["", "新しい 文章 です"],
      ["one two three", ""],
      ["a b c d", "x y c z"],
    ];
    for (const [before, after] of samples) expect(sides(before!, after!)).toEqual({ before, after });
  });
});
