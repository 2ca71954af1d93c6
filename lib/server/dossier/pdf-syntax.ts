// PDF object syntax read from the bytes: the byte classes and numbers the printed-file reader
// (pdf-printed.ts: its xref table) reads with, and for mergePrinted (pdf-merge.ts) a small parser
// for the few objects the merge plans with (catalog, trees, outline items) and the pieces the
// rewriter (pdf-merge-rewrite.ts) scans with. Both skip literal strings "( … )" (escapes and nested
// parentheses) and hex strings "< … >" as wholes, so "12 0 R" inside /ActualText or /Alt is text,
// never a reference. Stream data is never read here: the caller copies it as bytes.

import { latin1 } from "./pdf-text";

/** A parsed value: a name's and a dictionary key's text are without their "/"; strings and numbers keep their written text. */
export type PdfNode =
  | { kind: "dict"; entries: Map<string, PdfNode> }
  | { kind: "array"; items: PdfNode[] }
  | { kind: "ref"; num: number; gen: number }
  | { kind: "name"; text: string }
  | { kind: "atom"; text: string };

export const isSpace = (byte: number | undefined) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0x0c || byte === 0x00;
export const isDelimiter = (byte: number) =>
  byte === 0x28 || byte === 0x29 || byte === 0x3c || byte === 0x3e || byte === 0x5b || byte === 0x5d || byte === 0x7b || byte === 0x7d || byte === 0x2f || byte === 0x25;
export const isDigit = (byte: number | undefined) => byte !== undefined && byte >= 0x30 && byte <= 0x39;

/** The unsigned integer written from `start` to `end` (digits only), or -1. */
export function digitsAt(bytes: Uint8Array, start: number, end: number): number {
  if (end <= start) return -1;
  let value = 0;
  for (let k = start; k < end; k++) {
    const byte = bytes[k]!;
    if (byte < 0x30 || byte > 0x39) return -1;
    value = value * 10 + byte - 0x30;
  }
  return value;
}

/** The index of the first byte at or after `i` that is neither white space nor in a comment. */
export function skipSpace(bytes: Uint8Array, i: number): number {
  for (;;) {
    while (isSpace(bytes[i])) i++;
    if (bytes[i] !== 0x25) return i;
    while (i < bytes.length && bytes[i] !== 0x0a && bytes[i] !== 0x0d) i++;
  }
}

/** The end of a regular token (a name's text, a number, a keyword) starting at `i`. */
export function tokenEnd(bytes: Uint8Array, i: number): number {
  while (i < bytes.length && !isSpace(bytes[i]) && !isDelimiter(bytes[i]!)) i++;
  return i;
}

/** The end of the literal string opening at `i` (its "(" ), past its balanced ")". */
export function literalEnd(bytes: Uint8Array, i: number): number {
  let depth = 0;
  for (; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === 0x5c) i++;
    else if (byte === 0x28) depth++;
    else if (byte === 0x29 && --depth === 0) return i + 1;
  }
  throw new Error("A PDF literal string does not end");
}

export function hexEnd(bytes: Uint8Array, i: number): number {
  const end = bytes.indexOf(0x3e, i);
  if (end < 0) throw new Error("A PDF hex string does not end");
  return end + 1;
}

/** If an unsigned integer at `i` (ending at `end`) starts "num gen R", the reference and where it ends. */
function refAt(bytes: Uint8Array, i: number, end: number): { num: number; gen: number; end: number } | null {
  for (let k = i; k < end; k++) if (!isDigit(bytes[k])) return null;
  const genStart = skipSpace(bytes, end);
  if (genStart === end || !isDigit(bytes[genStart])) return null;
  const genEnd = tokenEnd(bytes, genStart);
  for (let k = genStart; k < genEnd; k++) if (!isDigit(bytes[k])) return null;
  const r = skipSpace(bytes, genEnd);
  if (r === genEnd || bytes[r] !== 0x52 || (r + 1 < bytes.length && !isSpace(bytes[r + 1]) && !isDelimiter(bytes[r + 1]!))) return null;
  return { num: Number(latin1(bytes, i, end)), gen: Number(latin1(bytes, genStart, genEnd)), end: r + 1 };
}

/** The value at `i` (after any white space) and the index after it. */
export function parseValue(bytes: Uint8Array, i: number): { node: PdfNode; end: number } {
  i = skipSpace(bytes, i);
  const byte = bytes[i];
  if (byte === 0x3c && bytes[i + 1] === 0x3c) {
    const entries = new Map<string, PdfNode>();
    i += 2;
    for (;;) {
      i = skipSpace(bytes, i);
      if (bytes[i] === 0x3e && bytes[i + 1] === 0x3e) return { node: { kind: "dict", entries }, end: i + 2 };
      if (bytes[i] !== 0x2f) throw new Error("A PDF dictionary key is not a name");
      const keyEnd = tokenEnd(bytes, i + 1);
      const value = parseValue(bytes, keyEnd);
      entries.set(latin1(bytes, i + 1, keyEnd), value.node);
      i = value.end;
    }
  }
  if (byte === 0x5b) {
    const items: PdfNode[] = [];
    i++;
    for (;;) {
      i = skipSpace(bytes, i);
      if (bytes[i] === 0x5d) return { node: { kind: "array", items }, end: i + 1 };
      if (i >= bytes.length) throw new Error("A PDF array does not end");
      const item = parseValue(bytes, i);
      items.push(item.node);
      i = item.end;
    }
  }
  if (byte === 0x28) {
    const end = literalEnd(bytes, i);
    return { node: { kind: "atom", text: latin1(bytes, i, end) }, end };
  }
  if (byte === 0x3c) {
    const end = hexEnd(bytes, i);
    return { node: { kind: "atom", text: latin1(bytes, i, end) }, end };
  }
  if (byte === 0x2f) {
    const end = tokenEnd(bytes, i + 1);
    return { node: { kind: "name", text: latin1(bytes, i + 1, end) }, end };
  }
  const end = tokenEnd(bytes, i);
  if (end === i) throw new Error(`Unexpected byte ${byte} in a PDF object`);
  const ref = refAt(bytes, i, end);
  if (ref) return { node: { kind: "ref", num: ref.num, gen: ref.gen }, end: ref.end };
  return { node: { kind: "atom", text: latin1(bytes, i, end) }, end };
}

/** A value written back, its references renumbered by `renumber`. */
export function serialize(node: PdfNode, renumber: (num: number) => number): string {
  switch (node.kind) {
    case "dict":
      return `<<${[...node.entries].map(([key, value]) => `/${key} ${serialize(value, renumber)}`).join(" ")}>>`;
    case "array":
      return `[${node.items.map((item) => serialize(item, renumber)).join(" ")}]`;
    case "ref":
      return `${renumber(node.num)} ${node.gen} R`;
    case "name":
      return `/${node.text}`;
    case "atom":
      return node.text;
  }
}

/** A name's text decoded (#xx escapes, then UTF-8): how an element's id is written as a destination's name. */
export function decodeName(text: string): string {
  if (!text.includes("#")) return text;
  return Buffer.from(text.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1").toString("utf8");
}

const ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" };

/** A string's bytes (as latin1 text) from its written form, literal or hex: for sorting name-tree keys. */
export function stringBytes(text: string): string {
  if (text.startsWith("<")) {
    const hex = text.slice(1, -1).replace(/\s+/g, "");
    return Buffer.from(hex.length % 2 ? `${hex}0` : hex, "hex").toString("latin1");
  }
  return text
    .slice(1, -1)
    .replace(/\\(\r\n|\r|\n|[0-7]{1,3}|.)/gs, (_, escaped: string) =>
      /^[\r\n]/.test(escaped) ? "" : /^[0-7]/.test(escaped) ? String.fromCharCode(parseInt(escaped, 8) & 0xff) : (ESCAPES[escaped] ?? escaped),
    );
}

/** A string's written form with `prefix` (ASCII) put before its text. */
export function prefixString(text: string, prefix: string): string {
  if (!prefix) return text;
  if (text.startsWith("<")) return `<${Buffer.from(prefix, "latin1").toString("hex")}${text.slice(1)}`;
  return `(${prefix}${text.slice(1)}`;
}
