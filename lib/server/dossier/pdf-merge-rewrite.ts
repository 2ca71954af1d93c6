// Copies a printed part's objects into the merged file (pdf-merge.ts), rewritten as they go:
// references renumbered, the structure's /ID and /Headers strings renamed, parent-tree keys moved,
// a /Dest to a name no part holds dropped, and the entries the merge sets. What is unchanged is
// copied as it is, in as few pieces as possible.
import { decodeName, digitsAt, hexEnd, isDelimiter, isDigit, isSpace, literalEnd, parseValue, prefixString, skipSpace, tokenEnd } from "./pdf-syntax";
import { latin1 } from "./pdf-text";

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
  /**
   * The tag to give an embedded font subset (the six capitals before "+" in its /BaseFont and
   * /FontName), or the same tag. "Different subsets in the same PDF file shall have different
   * tags" (PDF 32000-1 §9.6.4), and each part's Chromium numbers its subsets from AAAAAA.
   */
  subsetTag(tag: string): string;
};

/** Entries of an object's own dictionary to set (written text) or, with null, to remove. */
export type KeyEdits = Map<string, string | null>;

const KEYS = { ID: "ID", Headers: "Headers", StructParents: "StructParents", StructParent: "StructParent", Dest: "Dest", BaseFont: "BaseFont", FontName: "FontName" } as const;

/** Whether the name token at `at` ("/" first) starts with a subset tag: six capitals and "+". */
function hasSubsetTag(bytes: Uint8Array, at: number): boolean {
  if (bytes[at] !== 0x2f || bytes[at + 7] !== 0x2b) return false;
  for (let k = at + 1; k < at + 7; k++) if (bytes[k]! < 0x41 || bytes[k]! > 0x5a) return false;
  return true;
}

/** Whether the bytes from `start` to `end` are `text` (ASCII). */
function bytesAre(bytes: Uint8Array, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let k = 0; k < text.length; k++) if (bytes[start + k] !== text.charCodeAt(k)) return false;
  return true;
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
      } else if ((first === 0x42 || first === 0x46) && hasSubsetTag(bytes, at) && (bytesAre(bytes, keyStart + 1, keyEnd, KEYS.BaseFont) || bytesAre(bytes, keyStart + 1, keyEnd, KEYS.FontName))) {
        const tag = latin1(bytes, at + 1, at + 7);
        const renamed = rules.subsetTag(tag);
        if (renamed !== tag) this.replace(at + 1, at + 7, renamed);
        i = tokenEnd(bytes, at + 1);
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
