import { createHash } from "node:crypto";
import {
  decodeName,
  parseValue,
  PdfWriter,
  prefixString,
  ObjectRewriter,
  serialize,
  stringBytes,
  type KeyEdits,
  type PdfNode,
  type RewriteRules,
} from "./pdf-merge-syntax";
import { printedXref } from "./pdf-printed";

// A dossier printed as parts at once (one Chromium page each), joined into one tagged PDF, read
// and written from the bytes: a fresh file (header, objects, one classic xref table, trailer) that
// finishPdf reads as it reads Chromium's own. Part k's objects keep their order and are numbered
// after part k-1's; each is copied as it is but for its references (renumbered) and a few entries
// (the structure's /ID and /Headers strings renamed, /StructParent(s) keys moved, a link's /Dest
// to a name no part holds dropped). Stream data is copied as bytes. Each part's catalog, page-tree
// root's place, structure root, parent tree, ID tree, outline root and /Dests are replaced by one
// merged object each; the later parts' /Document elements and /Info dictionaries are dropped (the
// first /Document takes their children). Fonts are not merged: each part keeps its subsets.

/** A part as Chromium printed it, and the destination names it really holds (ids of its elements). */
export type PrintedPart = { pdf: Uint8Array; anchors: ReadonlySet<string> };

/** Skia numbers the parent-tree keys of annotations from here; pages' keys count from 0. */
const ANNOTATION_KEYS = 100_000;
/** Object numbers are below this (packed with their offsets in one float, see openPart). */
const PACK = 2 ** 22;
/** Names in one leaf of the merged ID tree. */
const ID_TREE_LEAF = 2048;

type Part = {
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

type Layout = {
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
function objectBody(bytes: Uint8Array, offset: number, num: number): number {
  let i = offset;
  let value = 0;
  for (; bytes[i]! >= 0x30 && bytes[i]! <= 0x39; i++) value = value * 10 + bytes[i]! - 0x30;
  if (i === offset || value !== num || bytes[i] !== 0x20 || bytes[i + 1] !== 0x30 || bytes[i + 2] !== 0x20) return -1;
  return bytes[i + 3] === 0x6f && bytes[i + 4] === 0x62 && bytes[i + 5] === 0x6a ? i + 6 : -1;
}

function openPart({ pdf, anchors }: PrintedPart, index: number): Part {
  const xref = printedXref(pdf);
  if (!xref) throw new Error(`Part ${index + 1} is not laid out as Chromium writes a PDF`);
  // In file order (Chromium writes them out of number order): offset and number packed in one
  // float, sorted as numbers (a comparator over 6,000 objects cost ~5 ms).
  const order = new Float64Array(xref.offsets.size);
  let count = 0;
  let largest = 0;
  for (const [num, { offset, generation }] of xref.offsets) {
    if (generation !== 0) throw new Error(`Part ${index + 1} has an object of generation ${generation}`);
    if (num >= PACK) throw new Error(`Part ${index + 1} has too many objects`);
    order[count++] = offset * PACK + num;
    largest = Math.max(largest, num);
  }
  order.sort();
  const cache = new Map<number, PdfNode>();
  const read = (num: number): PdfNode => {
    const cached = cache.get(num);
    if (cached) return cached;
    const start = objectBody(pdf, xref.offsets.get(num)?.offset ?? -1, num);
    if (start < 0) throw new Error(`Part ${index + 1}: object ${num} is not where its xref table says`);
    const { node } = parseValue(pdf, start);
    cache.set(num, node);
    return node;
  };
  const root = Number(xref.trailer.root.split(/\s+/)[0]);
  return { bytes: pdf, anchors, order, xrefAt: xref.trailer.prev, largest, root, info: xref.trailer.info?.objectNumber, base: 0, read };
}

const refNum = (node: PdfNode | undefined) => (node?.kind === "ref" ? node.num : undefined);
const integer = (node: PdfNode | undefined) => (node?.kind === "atom" && /^-?\d+$/.test(node.text) ? Number(node.text) : undefined);
const ref = (num: number) => `${num} 0 R`;

function dictOf(part: Part, node: PdfNode | undefined): Map<string, PdfNode> | undefined {
  const value = node?.kind === "ref" ? part.read(node.num) : node;
  return value?.kind === "dict" ? value.entries : undefined;
}

/** An array's items (read through a reference), or the one value that stands for an array of one. */
function itemsOf(part: Part, node: PdfNode | undefined): PdfNode[] {
  const value = node?.kind === "ref" ? part.read(node.num) : node;
  return value?.kind === "array" ? value.items : node ? [node] : [];
}

function required<T>(value: T | undefined, what: string): T {
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

function readLayout(part: Part, index: number): Layout {
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

type OutlineEntry = { part: Part; local: number; num: number; level: number; count: number; first?: number; last?: number };

/**
 * The parts' outlines as one: each part's top-level items in order, each put where it would be in
 * one document — under the last item before it of a lower heading level (its structure element's
 * /S, H1…H6), else at the top. Part 2's "Open questions" (an H2) goes under part 1's H1, as in a
 * whole print. Returns the root's /First, /Last and /Count, or null if no part has an outline.
 */
function planOutline(parts: Part[], layouts: Layout[], rootNum: number, edit: (num: number, key: string, text: string | null) => void) {
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

/** The parts, in order, as one PDF: pages, tagged structure, outline, links and named destinations joined. */
export function mergePrinted(printed: readonly PrintedPart[]): Uint8Array {
  if (printed.length === 0) throw new Error("No part to merge");
  const parts = printed.map(openPart);
  let next = 1;
  for (const part of parts) {
    part.base = next - 1;
    next += part.largest;
  }
  const layouts = parts.map(readLayout);
  const [catalogNum, pagesNum, structNum, parentTreeNum, destsNum, outlineNum] = [next++, next++, next++, next++, next++, next++] as const;
  const firstDocument = layouts[0]!.document;

  const edits = new Map<number, KeyEdits>();
  const edit = (num: number, key: string, text: string | null) => {
    let own = edits.get(num);
    if (!own) edits.set(num, (own = new Map()));
    own.set(key, text);
  };

  // Numbers, and what replaces what: a reference to a replaced object names its replacement.
  const renumbers = parts.map((part, k) => {
    const layout = layouts[k]!;
    const replaced = new Map<number, number>([
      [part.root, catalogNum],
      [refNum(layout.catalog.get("StructTreeRoot"))!, structNum],
    ]);
    if (layout.outlines !== undefined) replaced.set(layout.outlines, outlineNum);
    if (k > 0) replaced.set(layout.document, firstDocument);
    return (num: number) => replaced.get(num) ?? num + part.base;
  });

  // Parent-tree keys: each part's page keys after the previous parts' pages, its annotations' after theirs.
  let pageKeys = 0;
  let annotationKeys = 0;
  const moveKeys = layouts.map(({ parentTree }) => {
    const keys = parentTree.map(([key]) => integer(key) ?? Number.NaN);
    if (keys.some(Number.isNaN)) throw new Error("A printed part's parent tree has a key that is not an integer");
    const [pages, annotations] = [pageKeys, annotationKeys];
    pageKeys += Math.max(-1, ...keys.filter((key) => key < ANNOTATION_KEYS)) + 1;
    annotationKeys += Math.max(ANNOTATION_KEYS - 1, ...keys) - ANNOTATION_KEYS + 1;
    return (key: number) => (key < ANNOTATION_KEYS ? key + pages : key + annotations);
  });

  // Named destinations: each name from the part that holds its element.
  const dests = new Map<string, string>();
  parts.forEach((part, k) => {
    for (const { name, key, value } of layouts[k]!.dests) {
      if (part.anchors.has(name) && !dests.has(name)) dests.set(name, `/${key} ${serialize(value, renumbers[k]!)}`);
    }
  });

  const pageRoots = parts.map((part, k) => renumbers[k]!(layouts[k]!.pagesRoot));
  for (const pageRoot of pageRoots) edit(pageRoot, "Parent", ref(pagesNum));
  const documentKids = layouts.flatMap((layout, k) => layout.documentKids.map((kid) => serialize(kid, renumbers[k]!)));
  edit(firstDocument, "K", `[${documentKids.join(" ")}]`);
  const outline = planOutline(parts, layouts, outlineNum, edit);

  const total = parts.reduce((sum, part) => sum + part.bytes.byteLength, 0);
  const out = new PdfWriter(Math.ceil(total * 1.1) + 65_536);
  const firstObject = Math.floor(parts[0]!.order[0]! / PACK);
  const head = parts[0]!.bytes;
  out.bytes(Buffer.from(head.buffer, head.byteOffset, head.byteLength), 0, firstObject);
  const offsets = new Int32Array(next + Math.ceil(parts.reduce((sum, _, k) => sum + layouts[k]!.ids.length, 0) / ID_TREE_LEAF) + 1).fill(-1);

  parts.forEach((part, k) => {
    const { dropped } = layouts[k]!;
    const rules: RewriteRules = {
      renumber: renumbers[k]!,
      idPrefix: k === 0 ? "" : `p${k + 1}-`,
      structParent: moveKeys[k]!,
      keepsDest: (name) => dests.has(name),
    };
    const rewriter = new ObjectRewriter(part.bytes, out, rules);
    const { order } = part;
    for (let at = 0; at < order.length; at++) {
      const offset = Math.floor(order[at]! / PACK);
      const num = order[at]! - offset * PACK;
      if (dropped.has(num)) continue;
      const end = at + 1 < order.length ? Math.floor(order[at + 1]! / PACK) : part.xrefAt;
      const valueStart = objectBody(part.bytes, offset, num);
      if (valueStart < 0) throw new Error(`Part ${k + 1}: object ${num} is not where its xref table says`);
      const merged = num + part.base;
      offsets[merged] = out.length;
      if (merged === num) out.bytes(rewriter.bytes, offset, valueStart);
      else out.text(`${merged} 0 obj`);
      const valueEnd = rewriter.rewrite(valueStart, edits.get(merged));
      out.bytes(rewriter.bytes, valueEnd, end);
    }
  });

  const write = (num: number, text: string) => {
    offsets[num] = out.length;
    out.text(`${num} 0 obj\n${text}\nendobj\n`);
  };
  const first = layouts[0]!;
  const catalogRest = [...first.catalog].filter(([key]) => !["Type", "Pages", "StructTreeRoot", "Outlines", "Dests"].includes(key));
  write(
    catalogNum,
    `<</Type /Catalog\n/Pages ${ref(pagesNum)}\n/StructTreeRoot ${ref(structNum)}` +
      (outline ? `\n/Outlines ${ref(outlineNum)}` : "") +
      (dests.size ? `\n/Dests ${ref(destsNum)}` : "") +
      catalogRest.map(([key, value]) => `\n/${key} ${serialize(value, renumbers[0]!)}`).join("") +
      ">>",
  );
  write(pagesNum, `<</Type /Pages\n/Kids [${pageRoots.map(ref).join(" ")}]\n/Count ${layouts.reduce((sum, layout) => sum + layout.pageCount, 0)}>>`);
  if (outline) write(outlineNum, `<</Type /Outlines\n/First ${ref(outline.first)}\n/Last ${ref(outline.last)}\n/Count ${outline.count}>>`);
  if (dests.size) write(destsNum, `<<${[...dests.values()].join("\n")}>>`);

  const nums = layouts
    .flatMap((layout, k) => layout.parentTree.map(([key, value]) => [moveKeys[k]!(integer(key)!), serialize(value, renumbers[k]!)] as const))
    .sort((a, b) => a[0] - b[0]);
  write(parentTreeNum, `<</Nums [${nums.map(([key, value]) => `${key} ${value}`).join(" ")}]>>`);

  const ids = layouts
    .flatMap((layout, k) =>
      layout.ids.map(([key, value]) => {
        const text = prefixString(key.kind === "atom" ? key.text : "()", k === 0 ? "" : `p${k + 1}-`);
        return { sort: stringBytes(text), text, value: serialize(value, renumbers[k]!) };
      }),
    )
    .sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0));
  let idTree: number | undefined;
  if (ids.length) {
    const leaves: number[] = [];
    for (let k = 0; k < ids.length; k += ID_TREE_LEAF) {
      const leaf = ids.slice(k, k + ID_TREE_LEAF);
      leaves.push(next);
      write(next++, `<</Limits [${leaf[0]!.text} ${leaf.at(-1)!.text}]\n/Names [${leaf.map(({ text, value }) => `${text} ${value}`).join(" ")}]>>`);
    }
    idTree = next++;
    write(idTree, `<</Kids [${leaves.map(ref).join(" ")}]>>`);
  }
  const merge = (maps: (Map<string, PdfNode> | undefined)[]) => {
    const entries = new Map<string, string>();
    maps.forEach((map, k) => map?.forEach((value, key) => entries.has(key) || entries.set(key, serialize(value, renumbers[k]!))));
    return entries.size ? `<<${[...entries].map(([key, value]) => `/${key} ${value}`).join(" ")}>>` : undefined;
  };
  const roleMap = merge(layouts.map((layout) => layout.roleMap));
  const classMap = merge(layouts.map((layout) => layout.classMap));
  write(
    structNum,
    `<</Type /StructTreeRoot\n/K ${ref(firstDocument)}\n/ParentTree ${ref(parentTreeNum)}\n/ParentTreeNextKey ${pageKeys}` +
      (idTree === undefined ? "" : `\n/IDTree ${ref(idTree)}`) +
      (roleMap ? `\n/RoleMap ${roleMap}` : "") +
      (classMap ? `\n/ClassMap ${classMap}` : "") +
      ">>",
  );

  // One classic xref section, 20 bytes an entry, as Chromium writes it; a replaced object's number is free.
  const xrefAt = out.length;
  let table = `xref\n0 ${next}\n0000000000 65535 f \n`;
  for (let num = 1; num < next; num++) {
    const at = offsets[num]!;
    table += at < 0 ? "0000000000 65535 f \n" : `${String(at).padStart(10, "0")} 00000 n \n`;
  }
  out.text(table);
  const id = createHash("md5");
  for (const part of parts) id.update(part.bytes.subarray(Math.max(0, part.bytes.byteLength - 4096)));
  const hex = id.digest("hex").toUpperCase();
  const info = parts[0]!.info === undefined ? "" : `\n/Info ${ref(parts[0]!.info)}`;
  out.text(`trailer\n<</Size ${next}\n/Root ${ref(catalogNum)}${info}\n/ID [<${hex}> <${hex}>]>>\nstartxref\n${xrefAt}\n%%EOF\n`);
  return out.result();
}
