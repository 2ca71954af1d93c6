import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { pdfWithinLimits } from "./pdf-guard";

const pdfWith = (...streams: Buffer[]) =>
  new Uint8Array(
    Buffer.concat([
      Buffer.from("%PDF-1.7\n"),
      ...streams.flatMap((data, i) => [Buffer.from(`${i + 1} 0 obj\n<< /Filter /FlateDecode /Length ${data.length} >>\nstream\n`), data, Buffer.from("\nendstream\nendobj\n")]),
      Buffer.from("%%EOF\n"),
    ]),
  );

describe("an uploaded PDF's compressed streams", () => {
  it("are accepted at a dossier's sizes, and when they are not Flate data at all", () => {
    expect(pdfWithinLimits(pdfWith(zlib.deflateSync(Buffer.from("BT /F1 12 Tf (Hello) Tj ET".repeat(1000))), Buffer.from("not compressed")))).toBe(true);
  });

  it("are refused when one would inflate past the ceiling — also cut short, as a crafted file would be", () => {
    const bomb = zlib.deflateSync(Buffer.alloc(80 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(200_000);
    expect(pdfWithinLimits(pdfWith(bomb))).toBe(false);
    expect(pdfWithinLimits(pdfWith(bomb.subarray(0, bomb.length - 10)))).toBe(false);
  });
});
