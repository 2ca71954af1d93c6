// Reads the text layer of a Chromium (Skia) PDF the way poppler's pdftotext or Acrobat do: for
// the tests, and for Verify a copy (is every entry's text in this PDF?). pdf.js (unpdf) ignores
// two things Chromium relies on for right-to-left text — `/ReversedChars` runs and
// `/Span <</ActualText …>>` clusters (an Arabic letter drawn as a dotless base glyph plus its
// dots has no ToUnicode entry of its own; its ActualText names the letter) — so pdf.js returns
// presentation forms and NULs for shaped Arabic.
//
// This is a small reader for exactly that output: per page, the marked-content blocks (one per
// tagged paragraph or line), each a list of clusters — the Unicode text of one glyph or of one
// ActualText span — with the x position where it is drawn. Reading a block right to left
// (clusters by x, descending) gives the logical text of a right-to-left line.
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, decodePDFRawStream, type PDFObject } from "@cantoo/pdf-lib";

export type Cluster = { text: string; x: number; reversed: boolean };
export type TextBlock = { mcid: number | null; clusters: Cluster[] };

/**
 * A block's clusters in drawing order along x (ties in stream order), `direction` 1 or -1. Read
 * right to left, a cluster of several characters is read right to left too: the dossier labels
 * its right-to-left ligatures and spans in visual order (pdf-rtl.ts).
 */
const readAlongX = (block: TextBlock, direction: 1 | -1) =>
  block.clusters
    .map((c, i) => ({ c, i }))
    .sort((a, b) => direction * (a.c.x - b.c.x) || direction * (a.i - b.i))
    .map(({ c }) => (direction === -1 ? [...c.text].reverse().join("") : c.text))
    .join("");

/** Reads a block from right to left: the logical text of a right-to-left line. */
export const readRightToLeft = (block: TextBlock) => readAlongX(block, -1);

/** Reads a block from left to right (a left-to-right line). */
export const readLeftToRight = (block: TextBlock) => readAlongX(block, 1);

/** Bytes (from `start` to `end`) as a latin1 string, one character a byte (a view, not a copy): how the PDF files are read as text. */
export const latin1 = (bytes: Uint8Array, start = 0, end = bytes.byteLength) => Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString("latin1");

function utf16be(hex: string): string {
  let out = "";
  for (let i = 0; i + 4 <= hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return out;
}

/** A ToUnicode CMap: glyph code (hex, as written) → text. */
export function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const section of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, src, dst] of section[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>/g)) map.set(parseInt(src!, 16), utf16be(dst!));
  }
  for (const section of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, dst, list] of section[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]+)>|\[([^\]]*)\])/g)) {
      const start = parseInt(lo!, 16);
      const end = parseInt(hi!, 16);
      if (list !== undefined) {
        [...list.matchAll(/<([0-9A-Fa-f]*)>/g)].forEach((m, i) => map.set(start + i, utf16be(m[1]!)));
      } else {
        const first = utf16be(dst!);
        const last = first.charCodeAt(first.length - 1);
        for (let code = start; code <= end; code++) map.set(code, first.slice(0, -1) + String.fromCharCode(last + code - start));
      }
    }
  }
  return map;
}

type Token = { kind: "num"; value: number } | { kind: "name"; value: string } | { kind: "hex"; value: string } | { kind: "str"; value: string } | { kind: "op"; value: string };

function* tokenize(src: string): Generator<Token> {
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "%") {
      while (i < src.length && src[i] !== "\n" && src[i] !== "\r") i++;
    } else if (ch === "/") {
      const m = /^\/[^\s/<>[\]()%{}]*/.exec(src.slice(i, i + 128))!;
      yield { kind: "name", value: m[0].slice(1) };
      i += m[0].length;
    } else if (src.startsWith("<<", i) || src.startsWith(">>", i)) {
      yield { kind: "op", value: src.slice(i, i + 2) };
      i += 2;
    } else if (ch === "<") {
      const end = src.indexOf(">", i);
      yield { kind: "hex", value: src.slice(i + 1, end).replace(/\s/g, "") };
      i = end + 1;
    } else if (ch === "(") {
      let depth = 1;
      let out = "";
      i++;
      while (i < src.length && depth > 0) {
        const c = src[i]!;
        if (c === "\\") {
          const n = src[i + 1]!;
          const octal = /^[0-7]{1,3}/.exec(src.slice(i + 1, i + 4));
          if (octal) {
            out += String.fromCharCode(parseInt(octal[0], 8));
            i += 1 + octal[0].length;
            continue;
          }
          out += ({ n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" } as Record<string, string>)[n] ?? n;
          i += 2;
          continue;
        }
        if (c === "(") depth++;
        if (c === ")" && --depth === 0) break;
        out += c;
        i++;
      }
      yield { kind: "str", value: out };
      i++;
    } else if (ch === "[" || ch === "]" || ch === "{" || ch === "}") {
      yield { kind: "op", value: ch };
      i++;
    } else {
      const m = /^[^\s/<>[\]()%{}]+/.exec(src.slice(i, i + 64))!;
      const n = Number(m[0]);
      yield Number.isNaN(n) ? { kind: "op", value: m[0] } : { kind: "num", value: n };
      i += m[0].length;
    }
  }
}

type Value = number | string | { name: string } | { hex: string } | Value[] | Map<string, Value>;

function textOf(value: Value | undefined): string | undefined {
  if (value && typeof value === "object" && "hex" in value) {
    const hex = value.hex;
    return hex.toUpperCase().startsWith("FEFF") ? utf16be(hex.slice(4)) : Buffer.from(hex, "hex").toString("latin1");
  }
  if (typeof value === "string") {
    return value.startsWith("\u00fe\u00ff") ? Buffer.from(value.slice(2), "latin1").swap16().toString("utf16le") : value;
  }
  return undefined;
}

type Font = { toUnicode: Map<number, string>; bytesPerCode: 1 | 2 };

function pageFonts(resources: PDFDict | undefined): Map<string, Font> {
  const fonts = new Map<string, Font>();
  const dict = resources?.lookupMaybe(PDFName.of("Font"), PDFDict);
  if (!dict) return fonts;
  for (const [name, ref] of dict.entries()) {
    const font = dict.context.lookup(ref);
    if (!(font instanceof PDFDict)) continue;
    const stream = font.lookup(PDFName.of("ToUnicode"));
    const cmap = stream instanceof PDFRawStream ? latin1(decodePDFRawStream(stream).decode()) : "";
    const subtype = font.lookup(PDFName.of("Subtype"));
    fonts.set(name.decodeText(), { toUnicode: parseToUnicode(cmap), bytesPerCode: subtype === PDFName.of("Type0") ? 2 : 1 });
  }
  return fonts;
}

function contentOf(contents: PDFObject | undefined, doc: PDFDocument): string {
  if (contents instanceof PDFRawStream) return latin1(decodePDFRawStream(contents).decode());
  if (contents instanceof PDFArray) {
    return contents
      .asArray()
      .map((ref) => contentOf(doc.context.lookup(ref), doc))
      .join("\n");
  }
  return "";
}

/** The marked-content text blocks of every page (page content streams only, not form XObjects). */
export async function pdfTextBlocks(bytes: Uint8Array): Promise<TextBlock[][]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  return doc.getPages().map((page) => {
    const fonts = pageFonts(page.node.Resources());
    const blocks: TextBlock[] = [];
    const loose: TextBlock = { mcid: null, clusters: [] };
    type Marked = { mcid?: number; actual?: string; actualX?: number; reversed?: boolean; block?: TextBlock };
    const marked: Marked[] = [];
    let font: Font | undefined;
    let lineX = 0;
    let scaleX = 1;
    const operands: Value[] = [];
    const containers: (Value[] | Map<string, Value>)[] = [];
    const pendingKeys: (string | undefined)[] = [];

    const currentBlock = () => [...marked].reverse().find((m) => m.block)?.block ?? loose;
    const reversed = () => marked.some((m) => m.reversed);
    const inActual = () => marked.find((m) => m.actual !== undefined);

    const push = (value: Value) => {
      const top = containers.at(-1);
      if (!top) operands.push(value);
      else if (Array.isArray(top)) top.push(value);
      else {
        const key = pendingKeys.at(-1);
        if (key === undefined) pendingKeys[pendingKeys.length - 1] = (value as { name: string }).name;
        else {
          top.set(key, value);
          pendingKeys[pendingKeys.length - 1] = undefined;
        }
      }
    };

    const show = (codes: string) => {
      if (!font) return;
      const actual = inActual();
      if (actual) {
        actual.actualX ??= lineX;
        return;
      }
      const width = font.bytesPerCode;
      for (let i = 0; i + width <= codes.length; i += width) {
        const code = width === 2 ? (codes.charCodeAt(i) << 8) | codes.charCodeAt(i + 1) : codes.charCodeAt(i);
        currentBlock().clusters.push({ text: font.toUnicode.get(code) ?? "\uFFFD", x: lineX, reversed: reversed() });
      }
    };
    const bytesOf = (value: Value | undefined) =>
      value && typeof value === "object" && "hex" in value ? Buffer.from(value.hex, "hex").toString("latin1") : typeof value === "string" ? value : "";

    for (const token of tokenize(contentOf(page.node.Contents(), doc))) {
      if (token.kind === "num") push(token.value);
      else if (token.kind === "name") push({ name: token.value });
      else if (token.kind === "hex") push({ hex: token.value });
      else if (token.kind === "str") push(token.value);
      else if (token.value === "[" || token.value === "<<") {
        containers.push(token.value === "[" ? [] : new Map());
        pendingKeys.push(undefined);
      } else if (token.value === "]" || token.value === ">>") {
        const done = containers.pop()!;
        pendingKeys.pop();
        push(done);
      } else {
        const op = token.value;
        const args = operands.splice(0);
        if (op === "BT") lineX = 0;
        else if (op === "Tm") {
          scaleX = Number(args[0]);
          lineX = Number(args[4]);
        } else if (op === "Td" || op === "TD") lineX += scaleX * Number(args[0]);
        else if (op === "Tf") font = fonts.get((args[0] as { name: string }).name);
        else if (op === "Tj" || op === "'" || op === '"') show(bytesOf(args.at(-1)));
        else if (op === "TJ") {
          for (const part of (args[0] as Value[]) ?? []) if (typeof part !== "number") show(bytesOf(part));
        } else if (op === "BMC") marked.push({ reversed: (args[0] as { name: string }).name === "ReversedChars" });
        else if (op === "BDC") {
          const props = args[1] instanceof Map ? args[1] : new Map<string, Value>();
          const mcid = props.get("MCID");
          const entry: Marked = {};
          if (typeof mcid === "number") {
            entry.mcid = mcid;
            entry.block = { mcid, clusters: [] };
            blocks.push(entry.block);
          }
          const actual = textOf(props.get("ActualText"));
          if (actual !== undefined) entry.actual = actual;
          marked.push(entry);
        } else if (op === "EMC") {
          const entry = marked.pop();
          if (entry?.actual !== undefined && entry.actualX !== undefined) {
            currentBlock().clusters.push({ text: entry.actual, x: entry.actualX, reversed: reversed() });
          }
        }
      }
    }
    return loose.clusters.length ? [...blocks, loose] : blocks;
  });
}

/** Text as the UTF-16BE hex of a PDF string (`<FEFF…>` without its mark), and back. */
export const utf16Hex = (text: string) =>
  [...text]
    .flatMap((ch) => {
      const code = ch.codePointAt(0)!;
      if (code < 0x10000) return [code];
      const v = code - 0x10000;
      return [0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff)];
    })
    .map((unit) => unit.toString(16).padStart(4, "0").toUpperCase())
    .join("");
export const fromUtf16Hex = utf16be;
