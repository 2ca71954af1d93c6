import { createHash } from "node:crypto";
import { planOutline } from "./pdf-merge-outline";
import { objectBody, openPart, PACK, readLayout, ref, refNum, integer, type PrintedPart } from "./pdf-merge-parts";
import { ObjectRewriter, PdfWriter, type KeyEdits, type RewriteRules } from "./pdf-merge-rewrite";
import { prefixString, serialize, stringBytes, type PdfNode } from "./pdf-syntax";

// A dossier printed as parts at once (one Chromium page each), joined into one tagged PDF, read
// and written from the bytes: a fresh file (header, objects, one classic xref table, trailer) that
// finishPdf reads as it reads Chromium's own. Part k's objects keep their order and are numbered
// after part k-1's; each is copied as it is but for its references (renumbered) and a few entries
// (the structure's /ID and /Headers strings renamed, /StructParent(s) keys moved, a link's /Dest
// to a name no part holds dropped). Stream data is copied as bytes. Each part's catalog, page-tree
// root's place, structure root, parent tree, ID tree, outline root and /Dests are replaced by one
// merged object each; the later parts' /Document elements and /Info dictionaries are dropped (the
// first /Document takes their children). Fonts are not merged: each part keeps its subsets.

export type { PrintedPart } from "./pdf-merge-parts";

/** Skia numbers the parent-tree keys of annotations from here; pages' keys count from 0. */
const ANNOTATION_KEYS = 100_000;
/** Names in one leaf of the merged ID tree. */
const ID_TREE_LEAF = 2048;

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
    let [lastPage, lastAnnotation] = [-1, ANNOTATION_KEYS - 1];
    for (const key of keys) {
      if (key < ANNOTATION_KEYS) lastPage = Math.max(lastPage, key);
      else lastAnnotation = Math.max(lastAnnotation, key);
    }
    pageKeys += lastPage + 1;
    annotationKeys += lastAnnotation - ANNOTATION_KEYS + 1;
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
      // Chromium's tags are a letter per font and "AAAAA" (AAAAAA, BAAAAA…): a later part's end in its own letter.
      subsetTag: (tag) => (k === 0 ? tag : tag.slice(0, 5) + String.fromCharCode(0x41 + ((tag.charCodeAt(5) - 0x41 + k) % 26))),
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
