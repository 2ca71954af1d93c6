import "server-only";
import { type Mark, Node as ProseMirrorNode } from "@tiptap/pm/model";
import { getAttributesFromExtensions, resolveExtensions, splitExtensions } from "@tiptap/core";
import { escapeHTML, renderJSONContentToString } from "@tiptap/static-renderer/json/html-string";
import {
  domOutputSpecToHTMLString,
  mapMarkExtensionToReactNode,
  mapNodeExtensionToReactNode,
  serializeChildrenToHTMLString,
} from "@tiptap/static-renderer/pm/html-string";
import sanitizeHtml from "sanitize-html";
import { isAllowedLinkHref, richTextExtensions } from "./extensions";
import { LINK_REL, richTextSchema, richTextToPlainText, type RichTextDoc } from "./index";

// Rich text to HTML, on the server only (sanitize-html stays out of the browser bundle).

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ["p", "h2", "h3", "strong", "em", "s", "u", "a", "ul", "ol", "li", "blockquote", "br", "code"],
  allowedAttributes: { a: ["href", "rel", "target"], ol: ["start", "type"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: {
        ...(isAllowedLinkHref(attribs.href) ? { href: attribs.href } : {}),
        rel: LINK_REL,
        target: "_blank",
      },
    }),
  },
};

/**
 * The static renderer, built once from the extensions. (renderToHTMLString rebuilds these
 * mappings on every call — about 0.8 ms a document, 40 ms for a panel of 50 notes.)
 */
const renderToHtml = (() => {
  const extensions = resolveExtensions(richTextExtensions);
  const attributes = getAttributesFromExtensions(extensions);
  const { nodeExtensions, markExtensions } = splitExtensions(extensions);
  return renderJSONContentToString<Mark, ProseMirrorNode>({
    nodeMapping: {
      ...Object.fromEntries(
        nodeExtensions
          .filter((extension) => extension.name !== "doc" && extension.name !== "text")
          .map((extension) => mapNodeExtensionToReactNode(domOutputSpecToHTMLString, extension, attributes)),
      ),
      doc: ({ children }) => serializeChildrenToHTMLString(children),
      // A line break as sanitize-html writes it (it would turn <br> into <br />): a note with one stays in its form (inSanitizedForm).
      hardBreak: () => "<br />",
      text: ({ node }) => escapeHTML(typeof node.text === "string" ? node.text : ""),
    },
    markMapping: Object.fromEntries(markExtensions.map((extension) => mapMarkExtensionToReactNode(domOutputSpecToHTMLString, extension, attributes))),
  });
})();

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * HTML for reading, rendered without a DOM by tiptap's static renderer from the same
 * extensions, then sanitized with an allow-list of exactly those elements.
 */
export function renderRichText(doc: RichTextDoc): string {
  let html: string;
  try {
    const content = ProseMirrorNode.fromJSON(richTextSchema, doc);
    html = renderToHtml({ content });
  } catch {
    // A document the schema cannot read (written before a schema change?) still shows its words.
    html = richTextToPlainText(doc)
      .split("\n")
      .map((line) => `<p>${escapeHtml(line)}</p>`)
      .join("");
  }
  return inSanitizedForm(html) ? html : sanitizeRichHtml(html);
}

/** sanitize-html with the allow-list above (renderRichText skips it for HTML already in its form). */
export const sanitizeRichHtml = (html: string) => sanitizeHtml(html, SANITIZE_OPTIONS);

// Tags that are kept with no attribute (a link or a list's start is not: it goes through sanitize-html).
const PLAIN_TAGS = "p|h2|h3|strong|em|s|u|ul|ol|li|blockquote|code";
const INLINE = new Set(["strong", "em", "s", "u", "code"]);
const TEXT_BLOCKS = new Set(["p", "h2", "h3"]);
// One token: a plain tag, opening or closing; a line break; one of the three entities the renderer writes; or text with no markup at all.
const TOKEN = new RegExp(`<(/?)(${PLAIN_TAGS})>|<br />|&(?:amp|lt|gt);|[^<>&\\0\\r]+`, "y");
const LISTS = new Set(["ul", "ol"]);

/**
 * Is this HTML already as sanitize-html would return it? Only tags of the allow-list without any
 * attribute and `<br />`, properly nested and closed (a block never opens inside a paragraph, heading or mark,
 * where the parser would close it on its own; a list item only in a list), and text holding no
 * markup but the `&amp;` `&lt;` `&gt;` the renderer escapes with. sanitize-html returns such HTML
 * unchanged (html.test.ts checks that on every string this accepts, generated), at ~50 µs a call
 * for a one-line note — a Sources panel's 50 notes were ~2.5 ms of each render — where this scan
 * takes a microsecond or two. Anything else, or anything it is unsure of, is sanitized.
 */
export function inSanitizedForm(html: string): boolean {
  const open: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < html.length) {
    const at = TOKEN.lastIndex;
    const token = TOKEN.exec(html);
    if (!token || token.index !== at) return false;
    const name = token[2];
    const top = open.at(-1);
    if (name === undefined) {
      // Text, an entity or a line break: not directly in a list, where only items go.
      if (top !== undefined && LISTS.has(top)) return false;
      continue;
    }
    if (token[1]) {
      if (open.pop() !== name) return false;
    } else {
      if (top !== undefined && (TEXT_BLOCKS.has(top) || INLINE.has(top)) && !INLINE.has(name)) return false;
      if ((name === "li") !== (top !== undefined && LISTS.has(top))) return false;
      open.push(name);
    }
  }
  return open.length === 0;
}

