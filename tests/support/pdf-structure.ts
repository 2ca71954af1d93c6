// What a tagged PDF's navigation says, read with pdf-lib (whole-file parsing is fine in tests):
// its outline (titles, depth and target pages), its links' named destinations and their pages, and
// whether every page's and annotation's parent-tree key is in the parent tree.
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFObject } from "@cantoo/pdf-lib";

export type PdfNavigation = {
  pages: number;
  /** "depth title → page" (1-based page), in outline order. */
  outline: string[];
  /** Each link with a named destination: "page: name → target page" (target "none" if the name is not defined). */
  links: string[];
  /** Parent-tree keys used by pages (/StructParents) and annotations (/StructParent) but missing from the tree. */
  missingKeys: number[];
  /** Parent-tree keys in the tree, in the order written. */
  treeKeys: number[];
  parentTreeNextKey: number | undefined;
  /** The ID tree's keys, in the order written (a name tree's are sorted). */
  idTreeKeys: string[];
  /** Every structure element's /ID, and every table cell's /Headers entry. */
  ids: string[];
  headers: string[];
};

const text = (object: PDFObject | undefined) => (object instanceof PDFString || object instanceof PDFHexString ? object.decodeText() : "");

export async function readNavigation(bytes: Uint8Array): Promise<PdfNavigation> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const { context, catalog } = doc;
  const lookup = (object: PDFObject | undefined) => (object instanceof PDFRef ? context.lookup(object) : object);
  const pages = doc.getPages();
  const pageIndex = new Map(pages.map((page, k) => [page.ref.toString(), k + 1]));
  const pageOf = (dest: PDFObject | undefined) => {
    const array = lookup(dest);
    const target = array instanceof PDFArray ? array.get(0) : undefined;
    return target instanceof PDFRef ? (pageIndex.get(target.toString()) ?? "?") : "none";
  };

  const outline: string[] = [];
  const walk = (first: PDFObject | undefined, depth: number) => {
    for (let item = lookup(first); item instanceof PDFDict; item = lookup(item.get(PDFName.of("Next")))) {
      outline.push(`${depth} ${text(lookup(item.get(PDFName.of("Title"))))} → ${pageOf(item.get(PDFName.of("Dest")))}`);
      walk(item.get(PDFName.of("First")), depth + 1);
    }
  };
  const outlines = lookup(catalog.get(PDFName.of("Outlines")));
  if (outlines instanceof PDFDict) walk(outlines.get(PDFName.of("First")), 0);

  const dests = lookup(catalog.get(PDFName.of("Dests")));
  const links: string[] = [];
  const usedKeys: number[] = [];
  pages.forEach((page, k) => {
    const key = page.node.get(PDFName.of("StructParents"));
    if (key instanceof PDFNumber) usedKeys.push(key.asNumber());
    const annots = lookup(page.node.get(PDFName.of("Annots")));
    if (!(annots instanceof PDFArray)) return;
    for (const annot of annots.asArray().map(lookup)) {
      if (!(annot instanceof PDFDict)) continue;
      const parentKey = annot.get(PDFName.of("StructParent"));
      if (parentKey instanceof PDFNumber) usedKeys.push(parentKey.asNumber());
      const dest = annot.get(PDFName.of("Dest"));
      if (dest instanceof PDFName) {
        const name = dest.decodeText();
        const target = dests instanceof PDFDict ? dests.get(PDFName.of(name)) : undefined;
        links.push(`${k + 1}: ${name} → ${target ? pageOf(target) : "none"}`);
      }
    }
  });

  const treeKeys: number[] = [];
  const structRoot = lookup(catalog.get(PDFName.of("StructTreeRoot")));
  const idTreeKeys: string[] = [];
  const collect = (node: PDFObject | undefined) => {
    const dict = lookup(node);
    if (!(dict instanceof PDFDict)) return;
    const kids = lookup(dict.get(PDFName.of("Kids")));
    if (kids instanceof PDFArray) kids.asArray().forEach(collect);
    const nums = lookup(dict.get(PDFName.of("Nums")));
    if (nums instanceof PDFArray) for (let k = 0; k < nums.size(); k += 2) treeKeys.push((nums.get(k) as PDFNumber).asNumber());
    const names = lookup(dict.get(PDFName.of("Names")));
    if (names instanceof PDFArray) for (let k = 0; k < names.size(); k += 2) idTreeKeys.push(text(names.get(k)));
  };
  let parentTreeNextKey: number | undefined;
  if (structRoot instanceof PDFDict) {
    collect(structRoot.get(PDFName.of("ParentTree")));
    collect(structRoot.get(PDFName.of("IDTree")));
    const next = structRoot.get(PDFName.of("ParentTreeNextKey"));
    parentTreeNextKey = next instanceof PDFNumber ? next.asNumber() : undefined;
  }
  const ids: string[] = [];
  const headers: string[] = [];
  for (const [, object] of context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of("Type")) !== PDFName.of("StructElem")) continue;
    const id = object.get(PDFName.of("ID"));
    if (id) ids.push(text(id));
    const attributes = lookup(object.get(PDFName.of("A")));
    for (const attribute of attributes instanceof PDFArray ? attributes.asArray().map(lookup) : [attributes]) {
      const cells = attribute instanceof PDFDict ? lookup(attribute.get(PDFName.of("Headers"))) : undefined;
      if (cells instanceof PDFArray) headers.push(...cells.asArray().map(text));
    }
  }
  const inTree = new Set(treeKeys);
  return { pages: pages.length, outline, links, missingKeys: usedKeys.filter((key) => !inTree.has(key)), treeKeys, parentTreeNextKey, idTreeKeys, ids, headers };
}
