// How many pieces of tagged structure a dossier PDF holds, by role (/S): what tagging costs grows
// with it (docs/benchmarks.md, "The change log as lines"). On a PDF file, or on a saved document
// (`BENCH_DOSSIER_SAVE_DIR=dir npm run bench -- --only=dossier` writes dir/big.json), printed by
// the PDF engine first:
//   npx tsx --conditions=react-server scripts/bench/pdf-structure.ts dir/big.json|file.pdf [out.pdf]
// `pdfinfo -struct-text file.pdf` (poppler) shows what each element holds.
import fs from "node:fs";
import { PDFDict, PDFDocument, PDFName, PDFRawStream } from "@cantoo/pdf-lib";
import { closePdfBrowser, renderPdf, type PdfMeta } from "@/lib/server/dossier/pdf";

/** Structure elements (every dictionary with a role /S and a parent /P) by role, most first. */
function structureRoles(pdf: PDFDocument): { total: number; roles: Record<string, number> } {
  const roles = new Map<string, number>();
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object instanceof PDFRawStream) continue;
    const role = object.get(PDFName.of("S"));
    if (!(role instanceof PDFName) || !object.get(PDFName.of("P"))) continue;
    roles.set(role.asString(), (roles.get(role.asString()) ?? 0) + 1);
  }
  const sorted = [...roles].sort((a, b) => b[1] - a[1]);
  return { total: sorted.reduce((sum, [, n]) => sum + n, 0), roles: Object.fromEntries(sorted) };
}

async function main() {
  const [file, out] = process.argv.slice(2);
  if (!file) throw new Error("usage: pdf-structure.ts saved.json|file.pdf [out.pdf]");
  let bytes: Uint8Array;
  if (file.endsWith(".pdf")) bytes = fs.readFileSync(file);
  else {
    const { html, meta } = JSON.parse(fs.readFileSync(file, "utf8")) as { html: string; meta: PdfMeta & { createdAt: string } };
    try {
      bytes = await renderPdf(html, { ...meta, createdAt: new Date(meta.createdAt) });
    } finally {
      await closePdfBrowser();
    }
    if (out) fs.writeFileSync(out, bytes);
  }
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const { total, roles } = structureRoles(pdf);
  console.log(`${pdf.getPageCount()} pages, ${bytes.length.toLocaleString("en")} bytes, ${total.toLocaleString("en")} structure elements`);
  console.log(Object.entries(roles).map(([role, n]) => `${role} ${n.toLocaleString("en")}`).join(" · "));
}

await main();
