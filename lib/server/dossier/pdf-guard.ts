import "server-only";
import zlib from "node:zlib";

// A PDF someone uploads is read (Verify a copy) by pdf-lib, which inflates every compressed
// stream in memory: a few megabytes of crafted zeros can inflate to gigabytes and take the
// server down. Before any of that, each Flate stream is inflated here with a ceiling, and the
// file is refused if one stream, or all of them together, would be larger than any dossier.

const MAX_STREAM_BYTES = 64 * 1024 * 1024;
const MAX_TOTAL_BYTES = 256 * 1024 * 1024;

/** True when no compressed stream of the file inflates past the ceilings. */
export function pdfWithinLimits(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  let total = 0;
  for (const match of text.matchAll(/stream\r?\n/g)) {
    // The keyword `stream` ends its dictionary; `endstream` is not one (it follows the data).
    if (text.slice(Math.max(0, match.index - 3), match.index) === "end") continue;
    const start = match.index + match[0].length;
    const end = text.indexOf("endstream", start);
    if (end < 0) break;
    let inflated: Buffer;
    try {
      // A truncated stream inflates as far as it goes (as pdf-lib's inflater does), not an error.
      inflated = zlib.inflateSync(bytes.subarray(start, end), { maxOutputLength: MAX_STREAM_BYTES, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    } catch (error) {
      // Too large: refused. Not Flate data at all (an image, a font in another filter): skipped.
      if (error instanceof RangeError) return false;
      continue;
    }
    total += inflated.byteLength;
    if (total > MAX_TOTAL_BYTES) return false;
  }
  return true;
}
