import "server-only";
import { DOSSIER_SECTIONS } from "@/lib/validations/dossier";
import type { CopyDifference } from "./compare";
import { pdfTextBlocks, type Cluster, type TextBlock } from "./pdf-text";
import type { Dossier } from "./types";

// A PDF copy that is not byte for byte a file the desk exported (re-saved, printed to PDF
// again, or edited): is each entry's text, as the ledger gives it, still in its visible text?
// Compared without whitespace and in Unicode compatibility form, so line breaks, page breaks
// and shaping do not count — changed words do. Right-to-left runs are read right to left.

/** One visual line in logical order: each right-to-left run (drawn left to right) read backwards. */
function readLine(line: Cluster[]): string {
  const out: string[] = [];
  let run: string[] = [];
  for (const cluster of line) {
    // Spaces between right-to-left letters belong to their run.
    // A cluster of several characters in a right-to-left run is labelled in drawing order too
    // (a ligature, a letter with its marks, a run labelled whole: pdf-rtl.ts): read backwards.
    if (cluster.reversed) run.push([...cluster.text].reverse().join(""));
    else if (run.length && !cluster.text.trim()) run.push(cluster.text);
    else {
      out.push(...run.reverse(), cluster.text);
      run = [];
    }
  }
  return [...out, ...run.reverse()].join("");
}

/** A block (a paragraph, a heading) in logical order: its lines in drawing order, each read as above. */
function logicalText(block: TextBlock): string {
  const lines: Cluster[][] = [];
  let line: Cluster[] = [];
  for (const cluster of block.clusters) {
    // A line starts back at the left: x goes down.
    if (line.length && cluster.x < line.at(-1)!.x - 1) {
      lines.push(line);
      line = [];
    }
    line.push(cluster);
  }
  return [...lines, line].map(readLine).join("");
}

const comparable = (text: string) => text.normalize("NFKC").replace(/[\s\u00ad\u200b-\u200f\u202a-\u202e\u2066-\u2069“”]/g, "");

/** The entries whose text the ledger has and the PDF does not. */
export async function missingFromPdf(bytes: Uint8Array, d: Dossier): Promise<CopyDifference[]> {
  let text: string;
  try {
    const pages = await pdfTextBlocks(bytes);
    text = comparable(pages.flat().map(logicalText).join(""));
  } catch {
    return [{ where: "the whole PDF", field: "text", copy: "its text cannot be read", ledger: null }];
  }
  const expected: { where: string; field: string; value: string }[] = [
    { where: "Cover", field: "title", value: d.story.title },
    ...(d.sources ?? []).map((s) => ({ where: `${DOSSIER_SECTIONS.sources} › ${s.name}`, field: "name", value: s.name })),
    ...(d.quotes ?? []).flatMap((g) => g.quotes.map((q) => ({ where: `${DOSSIER_SECTIONS.quotes} › ${g.speaker}`, field: "words", value: q.text }))),
    ...(d.questions ?? []).map((q) => ({ where: DOSSIER_SECTIONS.questions, field: "question", value: q.text })),
    ...(d.timeline ?? []).map((e) => ({ where: `${DOSSIER_SECTIONS.timeline} › ${e.atLabel}`, field: "what happened", value: e.what })),
    ...(d.followUps ?? []).map((f) => ({ where: DOSSIER_SECTIONS.followUps, field: "title", value: f.title })),
  ];
  return expected
    .filter(({ value }) => comparable(value) && !text.includes(comparable(value)))
    .map(({ where, field, value }) => ({ where, field, copy: "not in this PDF", ledger: value }));
}
