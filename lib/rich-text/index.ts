import { getSchema } from "@tiptap/core";
import { Node as ProseMirrorNode, type NodeType, type Schema } from "@tiptap/pm/model";
import { z } from "zod";
import { RICH_TEXT_HEADING_LEVELS, isAllowedLinkHref, richTextExtensions } from "./extensions";

/**
 * Rich text (overview memo, source and quote notes, answers) is stored as tiptap JSON.
 * Everything here derives from the one extensions list, so the editor, the validation,
 * the viewer and later the diff and the PDF agree on what a document may contain.
 */

export type RichTextScalar = string | number | boolean | null;
export type RichTextAttrs = { [name: string]: RichTextScalar };
export type RichTextMark = { type: string; attrs?: RichTextAttrs };
export type RichTextNode = {
  type: string;
  attrs?: RichTextAttrs;
  content?: RichTextNode[];
  marks?: RichTextMark[];
  text?: string;
};
export type RichTextDoc = { type: "doc"; content?: RichTextNode[] };

export const EMPTY_DOC: RichTextDoc = { type: "doc", content: [{ type: "paragraph" }] };

/** Upper bound on the serialized document (UTF-8 bytes). */
export const RICH_TEXT_MAX_BYTES = 100_000;
/** Lists in quotes in lists…: far deeper than any real note, shallow enough to walk safely. */
const MAX_DEPTH = 32;

export const richTextSchema: Schema = getSchema(richTextExtensions);

const MESSAGES = {
  invalid: "The text is not a valid document.",
  format: "The text contains formatting that is not allowed.",
  link: "Links must be web (http:// or https://) or e-mail (mailto:) addresses.",
  size: `The text is too long (at most ${RICH_TEXT_MAX_BYTES / 1000} kB).`,
  depth: "The text is nested too deeply.",
} as const;
type Problem = keyof typeof MESSAGES;

const NODE_KEYS = new Set(["type", "attrs", "content", "marks", "text"]);
const MARK_KEYS = new Set(["type", "attrs"]);
const ORDERED_LIST_TYPES: ReadonlySet<unknown> = new Set([null, "1", "a", "A", "i", "I"]);
const HEADING_LEVELS: ReadonlySet<unknown> = new Set(RICH_TEXT_HEADING_LEVELS);

const isScalar = (value: unknown): value is RichTextScalar =>
  value === null || typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));
const isNullableString = (value: unknown) => value === null || typeof value === "string";

/** Value rules for attributes ProseMirror would otherwise take as they come (it checks names, not values). */
const ATTRIBUTE_RULES: Record<string, Record<string, (value: unknown) => boolean>> = {
  heading: { level: (value) => HEADING_LEVELS.has(value) },
  orderedList: {
    start: (value) => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 1_000_000,
    type: (value) => ORDERED_LIST_TYPES.has(value),
  },
  link: { target: isNullableString, rel: isNullableString, class: isNullableString, title: isNullableString },
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function inspectAttrs(declared: Record<string, unknown>, attrs: unknown): Problem | null {
  if (attrs === undefined) return null;
  if (!isPlainObject(attrs)) return "invalid";
  for (const [name, value] of Object.entries(attrs)) {
    if (!Object.hasOwn(declared, name) || !isScalar(value)) return "format";
  }
  return null;
}

/**
 * Attribute values, checked on the parsed node so that defaults count too: a heading
 * without a level is a level-1 heading, a link without an href has href null.
 */
function inspectAttributeValues(root: ProseMirrorNode): Problem | null {
  let problem: Problem | null = null;
  const visit = (node: ProseMirrorNode) => {
    const rules = ATTRIBUTE_RULES[node.type.name] ?? {};
    for (const [name, rule] of Object.entries(rules)) {
      if (!rule(node.attrs[name])) problem ??= "format";
    }
    for (const mark of node.marks) {
      if (mark.type.name === "link" && !isAllowedLinkHref(mark.attrs.href)) problem ??= "link";
      const markRules = ATTRIBUTE_RULES[mark.type.name] ?? {};
      for (const [name, rule] of Object.entries(markRules)) {
        if (!rule(mark.attrs[name])) problem ??= "format";
      }
    }
    return problem === null;
  };
  visit(root);
  root.descendants(visit);
  return problem;
}

function inspectMark(mark: unknown): Problem | null {
  if (!isPlainObject(mark)) return "invalid";
  if (Object.keys(mark).some((key) => !MARK_KEYS.has(key))) return "format";
  const { type, attrs } = mark;
  if (typeof type !== "string" || !Object.hasOwn(richTextSchema.marks, type)) return "format";
  const markType = richTextSchema.marks[type];
  if (!markType) return "format";
  return inspectAttrs(markType.spec.attrs ?? {}, attrs);
}

/**
 * Checks the raw JSON for what Node.fromJSON and check() let through: unknown keys and
 * attribute names (fromJSON silently drops them), non-scalar attribute values, marks on
 * block nodes, and depth. Returns the first problem found.
 */
function inspectNode(node: unknown, depth: number): Problem | null {
  if (depth > MAX_DEPTH) return "depth";
  if (!isPlainObject(node)) return "invalid";
  if (Object.keys(node).some((key) => !NODE_KEYS.has(key))) return "format";
  const { type, attrs, content, marks, text } = node;
  if (typeof type !== "string" || !Object.hasOwn(richTextSchema.nodes, type)) return "format";
  const nodeType: NodeType | undefined = richTextSchema.nodes[type];
  if (!nodeType) return "format";

  if (nodeType.isText) {
    if (typeof text !== "string" || text === "") return "invalid";
  } else if (text !== undefined) {
    return "invalid";
  }

  const attrsProblem = inspectAttrs(nodeType.spec.attrs ?? {}, attrs);
  if (attrsProblem) return attrsProblem;

  if (marks !== undefined) {
    if (!Array.isArray(marks)) return "invalid";
    if (marks.length > 0 && !nodeType.isInline) return "format";
    for (const mark of marks) {
      const problem = inspectMark(mark);
      if (problem) return problem;
    }
  }

  if (content !== undefined) {
    if (!Array.isArray(content)) return "invalid";
    if (content.length > 0 && nodeType.isLeaf) return "format";
    for (const child of content) {
      const problem = inspectNode(child, depth + 1);
      if (problem) return problem;
    }
  }
  return null;
}

function serializedBytes(value: unknown): number | null {
  try {
    const json = JSON.stringify(value);
    return json === undefined ? null : new TextEncoder().encode(json).byteLength;
  } catch {
    return null; // cycles, BigInt: not JSON
  }
}

type ParsedRichText = { ok: true; doc: RichTextDoc } | { ok: false; problem: Problem };

function parseRichText(value: unknown): ParsedRichText {
  if (!isPlainObject(value) || value.type !== "doc") return { ok: false, problem: "invalid" };
  const bytes = serializedBytes(value);
  if (bytes === null) return { ok: false, problem: "invalid" };
  if (bytes > RICH_TEXT_MAX_BYTES) return { ok: false, problem: "size" };
  if (!Array.isArray(value.content) || value.content.length === 0) return { ok: false, problem: "invalid" };

  const problem = inspectNode(value, 0);
  if (problem) return { ok: false, problem };

  let node: ProseMirrorNode;
  try {
    node = ProseMirrorNode.fromJSON(richTextSchema, value);
    // Content expressions (a list holds list items, no text directly in the document…),
    // marks allowed where they are used, marks that exclude each other (code).
    node.check();
  } catch {
    return { ok: false, problem: "format" };
  }
  const valueProblem = inspectAttributeValues(node);
  if (valueProblem) return { ok: false, problem: valueProblem };
  // Stored in ProseMirror's canonical form: attribute defaults filled in, marks ordered.
  return { ok: true, doc: node.toJSON() as RichTextDoc };
}

/**
 * A tiptap document valid against the schema built from `richTextExtensions`. Strict:
 * a missing value is an error; use `richText.default(EMPTY_DOC)` where text is optional.
 * Outputs the document in canonical form.
 */
export const richText = z.custom<RichTextDoc>().transform((value, ctx): RichTextDoc => {
  const parsed = parseRichText(value);
  if (parsed.ok) return parsed.doc;
  ctx.addIssue({ code: "custom", message: MESSAGES[parsed.problem] });
  return z.NEVER;
});

export const LINK_REL = "noopener noreferrer nofollow";

/** Exactly the elements the extensions render; anything else is dropped, its text kept. */
function isTextblock(type: string): boolean {
  return Object.hasOwn(richTextSchema.nodes, type) && richTextSchema.nodes[type]?.isTextblock === true;
}

function inlineText(node: RichTextNode): string {
  if (node.type === "text") return node.text ?? "";
  if (node.type === "hardBreak") return "\n";
  return (node.content ?? []).map(inlineText).join("");
}

function collectBlocks(node: RichTextNode, blocks: string[]): void {
  const children = node.content ?? [];
  if (isTextblock(node.type) || children.some((child) => child.type === "text" || child.type === "hardBreak")) {
    blocks.push(children.map(inlineText).join(""));
    return;
  }
  for (const child of children) collectBlocks(child, blocks);
}

/** The words, one line per block (paragraph, heading, list item's paragraph), for search and word diffs. */
export function richTextToPlainText(doc: RichTextDoc): string {
  const blocks: string[] = [];
  collectBlocks(doc, blocks);
  return blocks.join("\n");
}

/** True when the document has no visible text (an empty paragraph, blank lines, empty list items). */
export function isEmptyRichText(doc: RichTextDoc | null | undefined): boolean {
  return !doc || richTextToPlainText(doc).trim() === "";
}
