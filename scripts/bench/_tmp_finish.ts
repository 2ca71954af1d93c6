import fs from "node:fs";
import { openPrintedPdf } from "@/lib/server/dossier/pdf-printed";
import { relabelRtlText } from "@/lib/server/dossier/pdf-rtl";
const bytes = new Uint8Array(fs.readFileSync(`/tmp/pdf16/big-printed.pdf`));
for (let i = 0; i < 3; i++) {
  let t = performance.now();
  const p = openPrintedPdf(bytes);
  console.log("open", (performance.now() - t).toFixed(1), !!p);
  t = performance.now();
  const pages = p!.pages();
  console.log("pages", pages.length, (performance.now() - t).toFixed(1));
  t = performance.now();
  const r = relabelRtlText(p!);
  console.log("relabel", r.length, (performance.now() - t).toFixed(1));
}
