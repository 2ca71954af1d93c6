// The printed parts' outlines as one (mergePrinted, pdf-merge.ts).
import { dictOf, integer, ref, refNum, required, type Layout, type Part } from "./pdf-merge-parts";

type OutlineEntry = { part: Part; local: number; num: number; level: number; count: number; first?: number; last?: number };

/**
 * The parts' outlines as one: each part's top-level items in order, each put where it would be in
 * one document — under the last item before it of a lower heading level (its structure element's
 * /S, H1…H6), else at the top. Part 2's "Open questions" (an H2) goes under part 1's H1, as in a
 * whole print. Returns the root's /First, /Last and /Count, or null if no part has an outline.
 */
export function planOutline(parts: Part[], layouts: Layout[], rootNum: number, edit: (num: number, key: string, text: string | null) => void) {
  const root: OutlineEntry = { part: parts[0]!, local: 0, num: rootNum, level: 0, count: 0 };
  let chain: OutlineEntry[] = [root];
  const entry = (part: Part, local: number): OutlineEntry => {
    const dict = required(dictOf(part, part.read(local)), "outline item");
    const heading = dictOf(part, dict.get("SE"))?.get("S");
    const level = heading?.kind === "name" && /^H[1-6]$/.test(heading.text) ? Number(heading.text[1]) : 1;
    const count = integer(dict.get("Count")) ?? 0;
    const first = refNum(dict.get("First"));
    const last = refNum(dict.get("Last"));
    return { part, local, num: part.base + local, level, count, first: first && part.base + first, last: last && part.base + last };
  };
  const attach = (item: OutlineEntry) => {
    let at = chain.length - 1;
    while (at > 0 && chain[at]!.level >= item.level) at--;
    const parent = chain[at]!;
    if (parent.last !== undefined) {
      edit(parent.last, "Next", ref(item.num));
      edit(item.num, "Prev", ref(parent.last));
    } else {
      parent.first = item.num;
      edit(item.num, "Prev", null);
      if (parent !== root) edit(parent.num, "First", ref(item.num));
    }
    parent.last = item.num;
    edit(item.num, "Next", null);
    edit(item.num, "Parent", ref(parent.num));
    if (parent !== root) edit(parent.num, "Last", ref(item.num));
    // An open item counts all its visible descendants; a closed one (negative) those it would show.
    const visible = 1 + Math.max(0, item.count);
    for (let k = at; k >= 0; k--) {
      const above = chain[k]!;
      above.count += above.count < 0 ? -visible : visible;
      if (above !== root) edit(above.num, "Count", String(above.count));
      if (above.count < 0) break;
    }
    chain = chain.slice(0, at + 1);
    // The item's last descendants, where a later part's deeper heading would go.
    for (let down: OutlineEntry | undefined = item; down; ) {
      chain.push(down);
      const lastLocal: number | undefined = down.last === undefined ? undefined : down.last - down.part.base;
      down = lastLocal === undefined ? undefined : entry(down.part, lastLocal);
    }
  };
  parts.forEach((part, k) => {
    const outlines = layouts[k]!.outlines;
    if (outlines === undefined) return;
    const seen = new Set<number>();
    for (let item = refNum(dictOf(part, part.read(outlines))?.get("First")); item !== undefined && !seen.has(item); ) {
      seen.add(item);
      const next = refNum(dictOf(part, part.read(item))?.get("Next"));
      attach(entry(part, item));
      item = next;
    }
  });
  return root.first === undefined ? null : { first: root.first, last: root.last!, count: root.count };
}
