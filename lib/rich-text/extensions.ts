import type { Extensions } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";

/** Heading levels a story text may use: h1 is the page's own title. */
export const RICH_TEXT_HEADING_LEVELS = [2, 3] as const;

const ALLOWED_LINK_PROTOCOLS: ReadonlySet<string> = new Set(["http:", "https:", "mailto:"]);

/**
 * Whether a link target is an absolute http:, https: or mailto: URL. Relative links and
 * every other scheme (javascript:, data:, vbscript:, file:…) are refused. The URL parser
 * strips the whitespace and control characters browsers ignore, so "java\tscript:" and
 * " javascript:" are caught as well.
 */
export function isAllowedLinkHref(href: unknown): href is string {
  if (typeof href !== "string" || href.trim() === "") return false;
  if (!URL.canParse(href)) return false;
  return ALLOWED_LINK_PROTOCOLS.has(new URL(href).protocol);
}

/**
 * The one tiptap extensions list: the editor, the viewer, server-side validation (the
 * ProseMirror schema is built from it), diffs and the dossier PDF all use this.
 * No React here: it loads on the server and in the browser.
 */
export const richTextExtensions: Extensions = [
  StarterKit.configure({
    heading: { levels: [...RICH_TEXT_HEADING_LEVELS] },
    codeBlock: false,
    horizontalRule: false,
    link: {
      openOnClick: false,
      autolink: true,
      // `protocols` only registers *extra* schemes with linkify (http, https and mailto are
      // built in), so it stays empty. The restriction is isAllowedUri, which tiptap checks on
      // autolink, paste, setLink/toggleLink, parseHTML and renderHTML. Autolink checks the
      // text as typed, so a bare "example.com" is not linked; "https://example.com" is.
      isAllowedUri: (url) => isAllowedLinkHref(url),
      HTMLAttributes: { rel: "noopener noreferrer nofollow", target: "_blank" },
    },
  }),
];
