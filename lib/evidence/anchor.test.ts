import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anchorIn, reanchorAll } from "./anchor";
import { normaliseText } from "./parse";
import { describeRange } from "./selectors";

const reportA = normaliseText(readFileSync(path.resolve(import.meta.dirname, "../../prisma/seed-story/report-a.txt"), "utf8"));
const anchorOf = (body: string, words: string) => {
  const start = body.indexOf(words);
  expect(start).toBeGreaterThanOrEqual(0);
  return describeRange(body, start, start + words.length);
};
const EVIDENCE = "We have found evidence that supports elements of The Guardian’s reporting,";
const WIDER = "This does not impact the important work that Microsoft continues to do to protect the cybersecurity of Israel and other countries in the Middle East,";

describe("describeRange", () => {
  it("keeps about 32 characters of context each side, in whole words", () => {
    const anchor = anchorOf(reportA, EVIDENCE);
    expect(anchor.quote.exact).toBe(EVIDENCE);
    expect(anchor.quote.prefix.length).toBeGreaterThanOrEqual(32);
    expect(anchor.quote.suffix.startsWith("” Microsoft president Brad Smith")).toBe(true);
    expect(/^\p{L}/u.test(anchor.quote.suffix.slice(-1)) && /\p{L}/u.test(reportA[anchor.position.end + anchor.quote.suffix.length] ?? "")).toBe(false);
    expect(() => describeRange("abc", 2, 9)).toThrow(RangeError);
  });
});

describe("anchorIn", () => {
  it("finds the words where they were (exact), and after a paragraph added above (moved, same words)", () => {
    const anchor = anchorOf(reportA, EVIDENCE);
    expect(anchorIn(reportA, anchor)).toMatchObject({ status: "exact", changed: false, score: 1 });
    const take2 = `Updated at 18:00 with Microsoft's statement.\n\n${reportA}`;
    const result = anchorIn(take2, anchor);
    expect(result).toMatchObject({ status: "moved", changed: false });
    if (result.status === "orphan") throw new Error("lost");
    expect(take2.slice(result.start, result.end)).toBe(EVIDENCE);
  });

  it("flags a quote whose words changed in a corrected take (fuzzy, changed) and one that is gone (orphan)", () => {
    const anchor = anchorOf(reportA, EVIDENCE);
    const corrected = reportA.replace("We have found evidence that supports", "We found evidence that supported");
    const result = anchorIn(corrected, anchor);
    expect(result).toMatchObject({ status: "fuzzy", changed: true });
    if (result.status === "orphan") throw new Error("lost");
    expect(corrected.slice(result.start, result.end)).toContain("We found evidence that supported");

    const wider = anchorOf(reportA, WIDER);
    const without = reportA.replace(/“This does not impact[^\n]*\n\n/u, "");
    expect(anchorIn(without, wider).status).toBe("orphan");
    expect(anchorIn(without, anchor).status).toBe("exact");
  });

  it("tells two occurrences of the same words apart by their context and by where they were", () => {
    const body = "Smith said “yes” on Monday. Cohen said “yes” on Tuesday. Levi said “yes” on Friday.";
    const start = body.indexOf("yes", body.indexOf("Cohen"));
    const anchor = describeRange(body, start, start + 3);
    const edited = `Breaking. ${body}`;
    const result = anchorIn(edited, anchor);
    expect(result).toMatchObject({ status: "moved", start: start + 10 });
  });

  it("does not take other occurrences pushed to the old position for the quote", () => {
    const body = "Cohen said “yes” first. Then Levi said “yes” too.";
    const start = body.indexOf("yes", body.indexOf("Levi"));
    const anchor = describeRange(body, start, start + 3);
    // An edit moves the first "yes" exactly to where Levi's was.
    const shift = start - body.indexOf("yes");
    const edited = "x".repeat(shift) + body;
    const result = anchorIn(edited, anchor);
    expect(edited.startsWith("yes", start)).toBe(true);
    expect(result).toMatchObject({ status: "moved", start: start + shift });
  });

  it("re-anchors in Hebrew and Arabic text", () => {
    const he = "הדובר אמר: ״אנחנו בודקים את הדיווח ונגיב בהמשך״. עוד נמסר כי הבדיקה תימשך.";
    const words = "אנחנו בודקים את הדיווח ונגיב בהמשך";
    const anchor = anchorOf(he, words);
    expect(anchorIn(`עדכון: ${he}`, anchor)).toMatchObject({ status: "moved", changed: false });
    expect(anchorIn(he.replace("ונגיב", "ונגיב מחר"), anchor)).toMatchObject({ status: "fuzzy", changed: true });
  });
});

// Random documents of made-up words (Latin, Hebrew and Arabic letters, evenly drawn), a quote of
// 4–16 words in them, and one random edit.
const LETTERS = [..."abcdefghijklmnopqrstuvwxyzאבגדהוזחטיכלמנסעפצקרשתابتثجحخدذرزسشصضطظعغفقكلمنهوي"];
const word = fc.array(fc.constantFrom(...LETTERS), { minLength: 2, maxLength: 9 }).map((letters) => letters.join(""));
const doc = fc.array(word, { minLength: 80, maxLength: 300 }).map((words) => words.map((w, i) => (i % 17 === 16 ? `${w}.\n\n` : `${w} `)).join("").trim());
const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat({ max: 40 }), insert: fc.array(word, { maxLength: 6 }).map((w) => w.join(" ")) });

type Case = { body: string; start: number; end: number; edit: { at: number; remove: number; insert: string } };
const cases = fc
  .record({ body: doc, from: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 4, max: 16 }), edit })
  .map(({ body, from, length, edit }) => {
    const spaces = [...body.matchAll(/\s+/gu)].map((m) => m.index + m[0].length);
    const first = spaces[Math.floor(from * (spaces.length - length - 1))] ?? 0;
    const last = spaces[spaces.indexOf(first) + length]!;
    return { body, start: first, end: last - 1, edit } satisfies Case;
  });

describe("anchorIn under random edits (property, seeded)", () => {
  it("never loses a quote to an edit outside it, and never calls an edited quote unchanged", () => {
    fc.assert(
      fc.property(cases, fc.boolean(), ({ body, start, end, edit }, inside) => {
        const anchor = describeRange(body, start, end);
        const exact = anchor.quote.exact;
        // Outside: an edit wholly before or after the quote. Inside: one that overlaps it.
        let from: number;
        let to: number;
        if (inside) {
          from = start + Math.floor(edit.at * (end - start));
          to = Math.min(end, from + Math.max(1, edit.remove));
        } else {
          const before = edit.at < 0.5 && start > 0;
          from = before ? Math.floor((edit.at * 2) * start) : end + Math.floor((edit.at - 0.5) * 2 * (body.length - end));
          to = before ? Math.min(start, from + edit.remove) : Math.min(body.length, from + edit.remove);
        }
        const next = body.slice(0, from) + edit.insert + body.slice(to);
        const result = anchorIn(next, anchor);
        if (result.status !== "orphan" && !result.changed) expect(next.slice(result.start, result.end)).toBe(exact);
        if (!inside) {
          const shift = to <= start ? edit.insert.length - (to - from) : 0;
          expect(result).toMatchObject({ start: start + shift, end: end + shift, changed: false });
          expect(["exact", "moved"]).toContain(result.status);
        } else if (!next.includes(exact)) {
          expect(result.status === "orphan" || (result.status === "fuzzy" && result.changed)).toBe(true);
        }
      }),
      { seed: 17_2026, numRuns: 400 },
    );
  });
});

describe("reanchorAll", () => {
  it("re-anchors every anchor, in order", () => {
    const anchors = [anchorOf(reportA, EVIDENCE), anchorOf(reportA, WIDER)];
    const results = reanchorAll(`Note.\n\n${reportA}`, anchors);
    expect(results.map((r) => r.status)).toEqual(["moved", "moved"]);
  });
});
