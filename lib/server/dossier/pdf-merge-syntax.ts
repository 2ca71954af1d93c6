// PDF object syntax for mergePrinted (pdf-merge.ts), read from the bytes: a small parser for the
// few objects the merge plans with (catalog, trees, outline items), and a rewriter that copies an
// object renumbering its references as it goes. Both skip literal strings "( … )" (escapes and
// nested parentheses) and hex strings "< … >" as wholes, so "12 0 R" inside /ActualText or /Alt is
// text, never a reference. Stream data is never read here: the caller copies it as bytes.

/** A parsed value: a name's and a dictionary key's text are without their "/"; strings and numbers keep their written text. */
export type PdfNode =
  | { kind: "dict"; entries: Map<string, PdfNode> }
  | { kind: "array"; items: PdfNode[] }
  | { kind: "ref"; num: number; gen: number }
  | { kind: "name"; text: string }
  | { kind: "atom"; text: string };

const isSpace = (byte: number | undefined) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0x0c || byte === 0x00;
const isDelimiter = (byte: number) =>
  byte === 0x28 || byte === 0x29 || byte === 0x3c || byte === 0x3e || byte === 0x5b || byte === 0x5d || byte === 0x7b || byte === 0x7d || byte === 0x2f || byte === 0x25;
const isDigit = (byte: number | undefined) => byte !== undefined && byte >= 0x30 && byte <= 0x39;

const latin1 = (bytes: Uint8Array, start: number, end: number) => Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString("latin1");

/** The index of the first byte at or after `i` that is neither white space nor in a comment. */
export function skipSpace(bytes: Uint8Array, i: number): number {
  for (;;) {
    while (isSpace(bytes[i])) i++;
    if (bytes[i] !== 0x25) return i;
    while (i < bytes.length && bytes[i] !== 0x0a && bytes[i] !== 0x0d) i++;
  }
}

/** The end of a regular token (a name's text, a number, a keyword) starting at `i`. */
function tokenEnd(bytes: Uint8Array, i: number): number {
  while (i < bytes.length && !isSpace(bytes[i]) && !isDelimiter(bytes[i]!)) i++;
  return i;
}

/** The end of the literal string opening at `i` (its "(" ), past its balanced ")". */
function literalEnd(bytes: Uint8Array, i: number): number {
  let depth = 0;
  for (; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === 0x5c) i++;
    else if (byte === 0x28) depth++;
    else if (byte === 0x29 && --depth === 0) return i + 1;
  }
  throw new Error("A PDF literal string does not end");
}

function hexEnd(bytes: Uint8Array, i: number): number {
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

/**
 * Where the rewritten bytes go: grows as needed. A copy that continues the last one (same source,
 * next byte) only extends it: an unchanged run of objects is copied in one piece.
 */
export class PdfWriter {
  private buffer: Buffer;
  private written = 0;
  private source: Buffer | undefined;
  private sourceStart = 0;
  private sourceEnd = 0;
  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }
  get length(): number {
    return this.written + this.sourceEnd - this.sourceStart;
  }
  private flush() {
    if (!this.source) return;
    const count = this.sourceEnd - this.sourceStart;
    this.reserve(count);
    this.written += this.source.copy(this.buffer, this.written, this.sourceStart, this.sourceEnd);
    this.source = undefined;
    this.sourceStart = this.sourceEnd = 0;
  }
  private reserve(count: number) {
    if (this.written + count <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.written + count));
    this.buffer.copy(grown, 0, 0, this.written);
    this.buffer = grown;
  }
  /** Copies `source` from `start` to `end`. */
  bytes(source: Buffer, start: number, end: number) {
    if (end <= start) return;
    if (source === this.source && start === this.sourceEnd) {
      this.sourceEnd = end;
      return;
    }
    this.flush();
    this.source = source;
    this.sourceStart = start;
    this.sourceEnd = end;
  }
  text(text: string) {
    this.flush();
    this.reserve(text.length);
    if (text.length > 32) this.written += this.buffer.write(text, this.written, "latin1");
    else for (let k = 0; k < text.length; k++) this.buffer[this.written++] = text.charCodeAt(k);
  }
  result(): Uint8Array {
    this.flush();
    return this.buffer.subarray(0, this.written);
  }
}

/** How one part's objects change as they are copied. */
export type RewriteRules = {
  renumber(num: number): number;
  /** Put before the text of every structure element's /ID and of every /Headers entry (table cells). */
  idPrefix: string;
  /** A page's /StructParents or an annotation's /StructParent key, moved into the merged parent tree. */
  structParent(key: number): number;
  /** Whether a link's /Dest (a named destination) still names one; if not, the /Dest entry is dropped. */
  keepsDest(name: string): boolean;
};

/** Entries of an object's own dictionary to set (written text) or, with null, to remove. */
export type KeyEdits = Map<string, string | null>;

const KEYS = { ID: "ID", Headers: "Headers", StructParents: "StructParents", StructParent: "StructParent", Dest: "Dest" } as const;

/** Whether the bytes from `start` to `end` are `text` (ASCII). */
function bytesAre(bytes: Uint8Array, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let k = 0; k < text.length; k++) if (bytes[start + k] !== text.charCodeAt(k)) return false;
  return true;
}

/** The unsigned integer written from `start` to `end`, or -1. */
function digitsAt(bytes: Uint8Array, start: number, end: number): number {
  if (end === start) return -1;
  let value = 0;
  for (let k = start; k < end; k++) {
    const byte = bytes[k]!;
    if (byte < 0x30 || byte > 0x39) return -1;
    value = value * 10 + byte - 0x30;
  }
  return value;
}

/**
 * Copies one part's objects into `out`, rewritten by `rules`: `rewrite` copies the value at
 * `start` (and applies `edits` to the object's own dictionary) and returns the index after it.
 * Unchanged stretches are copied as they are, in as few pieces as possible.
 */
export class ObjectRewriter {
  private from = 0;
  readonly bytes: Buffer;
  constructor(
    bytes: Uint8Array,
    private readonly out: PdfWriter,
    private readonly rules: RewriteRules,
  ) {
    this.bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  rewrite(start: number, edits: KeyEdits | undefined): number {
    this.from = start;
    const end = this.value(start, true, edits);
    this.out.bytes(this.bytes, this.from, end);
    return end;
  }

  private replace(at: number, end: number, text: string) {
    this.out.bytes(this.bytes, this.from, at);
    this.out.text(text);
    this.from = end;
  }

  private isString(i: number) {
    const byte = this.bytes[i];
    return byte === 0x28 || (byte === 0x3c && this.bytes[i + 1] !== 0x3c);
  }

  private renameString(i: number): number {
    const { bytes } = this;
    const end = bytes[i] === 0x28 ? literalEnd(bytes, i) : hexEnd(bytes, i);
    if (this.rules.idPrefix) this.replace(i, end, prefixString(latin1(bytes, i, end), this.rules.idPrefix));
    return end;
  }

  /** The value at `i`; `own` when it is the object itself (its dictionary's entries may be edited). */
  private value(i: number, own: boolean, edits?: KeyEdits): number {
    const { bytes } = this;
    i = skipSpace(bytes, i);
    const byte = bytes[i]!;
    if (byte === 0x3c) return bytes[i + 1] === 0x3c ? this.dict(i + 2, own, edits) : hexEnd(bytes, i);
    if (byte === 0x28) return literalEnd(bytes, i);
    if (byte === 0x5b) {
      i++;
      for (;;) {
        i = skipSpace(bytes, i);
        if (bytes[i] === 0x5d) return i + 1;
        if (i >= bytes.length) throw new Error("A PDF array does not end");
        i = this.value(i, false);
      }
    }
    const end = tokenEnd(bytes, byte === 0x2f ? i + 1 : i);
    if (end === i) throw new Error(`Unexpected byte ${byte} in a PDF object`);
    if (byte < 0x30 || byte > 0x39) return end;
    // "num gen R"?
    const num = digitsAt(bytes, i, end);
    if (num < 0) return end;
    const genStart = skipSpace(bytes, end);
    if (genStart === end || !isDigit(bytes[genStart])) return end;
    const genEnd = tokenEnd(bytes, genStart);
    if (digitsAt(bytes, genStart, genEnd) < 0) return end;
    const r = skipSpace(bytes, genEnd);
    if (r === genEnd || bytes[r] !== 0x52 || (r + 1 < bytes.length && !isSpace(bytes[r + 1]) && !isDelimiter(bytes[r + 1]!))) return end;
    const renumbered = this.rules.renumber(num);
    if (renumbered !== num) this.replace(i, end, String(renumbered));
    return r + 1;
  }

  private dict(i: number, own: boolean, edits?: KeyEdits): number {
    const { bytes, rules } = this;
    let done: Set<string> | undefined;
    for (;;) {
      i = skipSpace(bytes, i);
      if (bytes[i] === 0x3e && bytes[i + 1] === 0x3e) {
        const added = edits ? [...edits].filter(([key, text]) => text !== null && !done?.has(key)) : [];
        if (added.length) this.replace(i, i, added.map(([key, text]) => `\n/${key} ${text}`).join(""));
        return i + 2;
      }
      if (bytes[i] !== 0x2f) throw new Error("A PDF dictionary key is not a name");
      const keyStart = i;
      const keyEnd = tokenEnd(bytes, i + 1);
      const at = skipSpace(bytes, keyEnd);
      const edit = edits?.get(latin1(bytes, keyStart + 1, keyEnd));
      const first = bytes[keyStart + 1];
      if (edit !== undefined) {
        (done ??= new Set()).add(latin1(bytes, keyStart + 1, keyEnd));
        const end = parseValue(bytes, at).end;
        if (edit === null) this.replace(keyStart, end, "");
        else this.replace(at, end, edit);
        i = end;
      } else if (first === 0x49 && bytesAre(bytes, keyStart + 1, keyEnd, KEYS.ID) && this.isString(at)) {
        i = this.renameString(at);
      } else if (first === 0x48 && bytesAre(bytes, keyStart + 1, keyEnd, KEYS.Headers)) {
        if (this.isString(at)) i = this.renameString(at);
        else if (bytes[at] !== 0x5b) i = this.value(at, false);
        else {
          i = at + 1;
          for (;;) {
            i = skipSpace(bytes, i);
            if (bytes[i] === 0x5d) break;
            i = this.isString(i) ? this.renameString(i) : this.value(i, false);
          }
          i++;
        }
      } else if (first === 0x53 && (bytesAre(bytes, keyStart + 1, keyEnd, KEYS.StructParents) || bytesAre(bytes, keyStart + 1, keyEnd, KEYS.StructParent))) {
        const end = tokenEnd(bytes, at);
        const key = digitsAt(bytes, at, end);
        if (key >= 0) this.replace(at, end, String(rules.structParent(key)));
        i = key >= 0 ? end : this.value(at, false);
      } else if (own && first === 0x44 && bytes[at] === 0x2f && bytesAre(bytes, keyStart + 1, keyEnd, KEYS.Dest)) {
        const end = tokenEnd(bytes, at + 1);
        if (!rules.keepsDest(decodeName(latin1(bytes, at + 1, end)))) this.replace(keyStart, end, "");
        i = end;
      } else {
        i = this.value(at, false);
      }
    }
  }
}
