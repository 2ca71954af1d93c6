// The printed parts as mergePrinted (pdf-merge.ts) reads them: each object found by its xref
// table's offset and parsed only when asked for (catalog, trees, outline items: a few hundred of
// a part's ~6,000 objects), and what the merge replaces or joins (its layout).
import { decodeName, parseValue, type PdfNode } from "./pdf-syntax";
import { printedXref } from "./pdf-printed";

/** A part as Chromium printed it, and the destination names it really holds (ids of its elements). */
export type PrintedPart = { pdf: Uint8Array; anchors: ReadonlySet<string> };

/** Object numbers are below this (packed with their offsets in one float, see openPart). */
export const PACK = 2 ** 22;

export type Part = {
  bytes: Uint8Array;
  anchors: ReadonlySet<string>;
  /** The objects in file order: offset × PACK + number, each ending where the next starts (the last at the xref table). */
  order: Float64Array;
  xrefAt: number;
  largest: number;
  root: number;
  info: number | undefined;
  /** Added to the part's object numbers in the merged file. */
  base: number;
  read(num: number): PdfNode;
};

export type Layout = {
  catalog: Map<string, PdfNode>;
  pagesRoot: number;
  pageCount: number;
  document: number;
  documentKids: PdfNode[];
  parentTree: [PdfNode, PdfNode][];
  ids: [PdfNode, PdfNode][];
  roleMap: Map<string, PdfNode> | undefined;
  classMap: Map<string, PdfNode> | undefined;
  outlines: number | undefined;
  dests: { name: string; key: string; value: PdfNode }[];
  /** The objects the merged file replaces. */
  dropped: Set<number>;
};

/** Where the value of object `num` starts, after its "num 0 obj" at `offset`; -1 if that is not there. */
export function objectBody(bytes: Uint8Array, offset: number, num: number): number {
  let i = offset;
  let value = 0;
  for (; bytes[i]! >= 0x30 && bytes[i]! <= 0x39; i++) value = value * 10 + bytes[i]! - 0x30;
  if (i === offset || value !== num || bytes[i] !== 0x20 || bytes[i + 1] !== 0x30 || bytes[i + 2] !== 0x20) return -1;
  return bytes[i + 3] === 0x6f && bytes[i + 4] === 0x62 && bytes[i + 5] === 0x6a ? i + 6 : -1;
}

export function openPart({ pdf, anchors }: PrintedPart, index: number): Part {
  const xref = printedXref(pdf);
  if (!xref) throw new Error(`Part ${index + 1} is not laid out as Chromium writes a PDF`);
  // In file order (Chromium writes them out of number order): offset and number packed in one
  // float, sorted as numbers (a comparator over 6,000 objects cost ~5 ms).
  const { offset: offsets, generation: generations } = xref.offsets;
  let inUse = 0;
  for (let num = 0; num < offsets.length; num++) if (offsets[num]! >= 0) inUse++;
  const order = new Float64Array(inUse);
  let count = 0;
  let largest = 0;
  for (let num = 0; num < offsets.length; num++) {
    const offset = offsets[num]!;
    if (offset < 0) continue;
    if (generations[num] !== 0) throw new Error(`Part ${index + 1} has an object of generation ${generations[num]}`);
    if (num >= PACK) throw new Error(`Part ${index + 1} has too many objects`);
    order[count++] = offset * PACK + num;
    largest = num;
  }
  order.sort();
  const cache = new Map<number, PdfNode>();
  const read = (num: number): PdfNode => {
    const cached = cache.get(num);
    if (cached) return cached;
    const start = objectBody(pdf, offsets[num] ?? -1, num);
    if (start < 0) throw new Error(`Part ${index + 1}: object ${num} is not where its xref table says`);
    const { node } = parseValue(pdf, start);
    cache.set(num, node);
    return node;
  };
  const root = Number(xref.trailer.root.split(/\s+/)[0]);
  return { bytes: pdf, anchors, order, xrefAt: xref.trailer.prev, largest, root, info: xref.trailer.info?.objectNumber, base: 0, read };
}

export const refNum = (node: PdfNode | undefined) => (node?.kind === "ref" ? node.num : undefined);
export const integer = (node: PdfNode | undefined) => (node?.kind === "atom" && /^-?\d+$/.test(node.text) ? Number(node.text) : undefined);
export const ref = (num: number) => `${num} 0 R`;

export function dictOf(part: Part, node: PdfNode | undefined): Map<string, PdfNode> | undefined {
  const value = node?.kind === "ref" ? part.read(node.num) : node;
  return value?.kind === "dict" ? value.entries : undefined;
}

/** An array's items (read through a reference), or the one value that stands for an array of one. */
export function itemsOf(part: Part, node: PdfNode | undefined): PdfNode[] {
  const value = node?.kind === "ref" ? part.read(node.num) : node;
  return value?.kind === "array" ? value.items : node ? [node] : [];
}

export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`A printed part has no ${what}`);
  return value;
}

/** The pairs of a number tree (/Nums) or name tree (/Names), and the tree's own objects. */
function treePairs(part: Part, node: PdfNode | undefined, key: "Nums" | "Names", dropped: Set<number>, out: [PdfNode, PdfNode][] = []) {
  if (node?.kind === "ref") {
    if (dropped.has(node.num)) return out;
    dropped.add(node.num);
  }
  const dict = required(dictOf(part, node), `${key} tree node`);
  for (const kid of itemsOf(part, dict.get("Kids"))) treePairs(part, kid, key, dropped, out);
  const pairs = itemsOf(part, dict.get(key));
  for (let k = 0; k + 1 < pairs.length; k += 2) out.push([pairs[k]!, pairs[k + 1]!]);
  return out;
}

export function readLayout(part: Part, index: number): Layout {
  const dropped = new Set<number>([part.root]);
  const catalog = required(dictOf(part, part.read(part.root)), "catalog");
  if (dictOf(part, catalog.get("Names"))?.has("Dests")) throw new Error("A printed part names its destinations in a name tree");
  const pagesRoot = required(refNum(catalog.get("Pages")), "page tree");
  const pageCount = integer(dictOf(part, part.read(pagesRoot))?.get("Count"));
  if (pageCount === undefined) throw new Error("A printed part's page tree has no /Count");
  const structRoot = required(refNum(catalog.get("StructTreeRoot")), "structure tree");
  dropped.add(structRoot);
  const tree = required(dictOf(part, part.read(structRoot)), "structure tree root");
  const documents = itemsOf(part, tree.get("K"));
  const document = documents.length === 1 ? refNum(documents[0]) : undefined;
  if (document === undefined) throw new Error("A printed part's structure is not one /Document element");
  const documentKids = itemsOf(part, required(dictOf(part, part.read(document)), "document element").get("K"));
  if (index > 0) {
    dropped.add(document);
    if (part.info !== undefined) dropped.add(part.info);
    if (documentKids.some((kid) => kid.kind !== "ref")) throw new Error("A later part's /Document element holds content of its own");
  }
  const parentTree = treePairs(part, tree.get("ParentTree"), "Nums", dropped);
  const ids = tree.has("IDTree") ? treePairs(part, tree.get("IDTree"), "Names", dropped) : [];
  const mapOf = (key: string) => {
    const num = refNum(tree.get(key));
    if (num !== undefined) dropped.add(num);
    return dictOf(part, tree.get(key));
  };
  const outlines = refNum(catalog.get("Outlines"));
  if (outlines !== undefined) dropped.add(outlines);
  const destsRef = refNum(catalog.get("Dests"));
  if (destsRef !== undefined) dropped.add(destsRef);
  const dests = [...(dictOf(part, catalog.get("Dests")) ?? [])].map(([key, value]) => ({ name: decodeName(key), key, value }));
  return { catalog, pagesRoot, pageCount, document, documentKids, parentTree, ids, roleMap: mapOf("RoleMap"), classMap: mapOf("ClassMap"), outlines, dests, dropped };
}
