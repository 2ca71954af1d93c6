// The quote proposals measured against the demo desk's own hand-logged quotes from the two seed
// reports (prisma/demo-story.ts, copied character for character from shared/seed-story/): each
// logged quote must be proposed verbatim with the speaker the desk gave it, the speakers being
// the demo story's sources (name, then affiliation).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { QUOTES, SOURCES } from "@/prisma/demo-story";
import { normaliseText } from "./parse";
import { proposeQuotes } from "./quotes";

// Copies of shared/seed-story/report-{a,b}.txt, byte for byte, so a clean clone has them.
const SEED = path.resolve(import.meta.dirname, "../../prisma/seed-story");

describe("quote proposals against the demo desk", () => {
  it("find ≥ 90 % of the hand-logged quotes verbatim with the right speaker", () => {
    const speakers = Object.entries(SOURCES).map(([id, source]) => ({ id, names: [source.name, source.affiliation] }));
    const proposals = ["report-a.txt", "report-b.txt"].flatMap((file) => proposeQuotes(normaliseText(readFileSync(path.join(SEED, file), "utf8")), speakers));
    const logged = Object.values(QUOTES);
    const right = (p: { text: string; speakerId: string | null }) => logged.some((q) => q.text === p.text && q.speaker === p.speakerId);
    const found = logged.filter((q) => proposals.some((p) => p.text === q.text && p.speakerId === q.speaker));
    const recall = found.length / logged.length;
    const precision = proposals.filter(right).length / proposals.length;
    console.log(`quote proposals vs the demo desk: recall ${found.length}/${logged.length} = ${recall.toFixed(2)}, precision ${proposals.filter(right).length}/${proposals.length} = ${precision.toFixed(2)}`);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});
