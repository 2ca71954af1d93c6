// A document's paragraph cut into runs of plain text and highlights, for the viewer. Highlights
// may overlap (a proposal that was logged, the passage asked for): each character belongs to the
// one of highest priority — the passage asked for, then logged quotes, then proposals.

export type Mark = { start: number; end: number; kind: "passage" | "quote" | "proposal"; ref: string };
export type Run = { start: number; end: number; mark: Mark | null };

const PRIORITY: Record<Mark["kind"], number> = { passage: 3, quote: 2, proposal: 1 };

export function runsOf(paragraph: { start: number; end: number }, marks: readonly Mark[]): Run[] {
  const length = paragraph.end - paragraph.start;
  const owner: (Mark | null)[] = new Array<Mark | null>(length).fill(null);
  for (const mark of marks) {
    const from = Math.max(mark.start, paragraph.start);
    const to = Math.min(mark.end, paragraph.end);
    for (let at = from; at < to; at++) {
      const current = owner[at - paragraph.start];
      if (!current || PRIORITY[current.kind] < PRIORITY[mark.kind]) owner[at - paragraph.start] = mark;
    }
  }
  const runs: Run[] = [];
  for (let index = 0; index < length; index++) {
    const last = runs.at(-1);
    if (last && last.mark === owner[index]) last.end++;
    else runs.push({ start: paragraph.start + index, end: paragraph.start + index + 1, mark: owner[index] ?? null });
  }
  return runs;
}

/** The body offset of a point of a DOM selection inside the viewer (text nodes sit in elements carrying data-offset). */
export function offsetOfPoint(node: Node, offset: number): number | null {
  if (node.nodeType === Node.TEXT_NODE) {
    const holder = node.parentElement?.closest<HTMLElement>("[data-offset]");
    return holder ? Number(holder.dataset.offset) + offset : null;
  }
  const element = node as HTMLElement;
  const child = element.childNodes[offset];
  const target = (child as HTMLElement | undefined)?.closest?.("[data-offset]") ?? (child as HTMLElement | undefined)?.querySelector?.("[data-offset]");
  if (target instanceof HTMLElement) return Number(target.dataset.offset);
  const holder = element.closest<HTMLElement>("[data-offset]");
  return holder ? Number(holder.dataset.offset) + (holder.textContent?.length ?? 0) : null;
}
