// A web page: its main text (html-to-text: the article or main element when there is one, no
// scripts, styles, navigation, images or link targets) and what its head says about it.
import { compile } from "html-to-text";
import { Parser } from "htmlparser2";
import type { ParsedFields } from "../types";

type Head = { title: string; lang: string | null; meta: Map<string, string>; canonical: string | null };

/** <title>, <html lang>, <meta name|property=… content=…> and <link rel=canonical>. */
function readHead(html: string): Head {
  const head: Head = { title: "", lang: null, meta: new Map(), canonical: null };
  let inTitle = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === "html" && attrs.lang) head.lang = attrs.lang;
        if (name === "title") inTitle = true;
        const key = (attrs.name ?? attrs.property ?? attrs.itemprop)?.toLowerCase();
        if (name === "meta" && key && attrs.content && !head.meta.has(key)) head.meta.set(key, attrs.content);
        if (name === "link" && attrs.rel?.toLowerCase() === "canonical" && attrs.href) head.canonical = attrs.href;
      },
      ontext(text) {
        if (inTitle) head.title += text;
      },
      onclosetag(name) {
        if (name === "title") inTitle = false;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return head;
}

const SKIP = ["script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button", "svg", "iframe", "img", "figure"];

// Compiled once: html-to-text builds its selector tree per call otherwise.
const toText = compile({
  wordwrap: false,
  baseElements: { selectors: ["article", "main", "body"], returnDomByDefault: true },
  selectors: [
    ...SKIP.map((selector) => ({ selector, format: "skip" as const })),
    { selector: "a", options: { ignoreHref: true } },
    { selector: "h1", options: { uppercase: false } },
    { selector: "h2", options: { uppercase: false } },
    { selector: "h3", options: { uppercase: false } },
    { selector: "h4", options: { uppercase: false } },
    { selector: "h5", options: { uppercase: false } },
    { selector: "h6", options: { uppercase: false } },
    { selector: "table", format: "dataTable", options: { uppercaseHeaderCells: false } },
    { selector: "ul", options: { itemPrefix: "• " } },
  ],
});

/** The readable text of an HTML page or fragment, paragraphs a blank line apart. */
export function htmlBody(html: string): string {
  return toText(html);
}

export function parseHtml(html: string): ParsedFields {
  const head = readHead(html);
  const meta = (...keys: string[]) => keys.map((key) => head.meta.get(key)).find(Boolean) ?? null;
  const published = meta("article:published_time", "datepublished", "date", "dc.date", "pubdate");
  return {
    body: htmlBody(html),
    title: meta("og:title", "twitter:title") ?? head.title.replace(/\s+/g, " ").trim(),
    origin: meta("og:site_name", "publisher", "dc.publisher"),
    byline: meta("author", "article:author", "byl", "dc.creator"),
    url: meta("og:url") ?? head.canonical,
    publishedAt: published ? new Date(published) : null,
    language: head.lang ?? meta("content-language", "og:locale")?.replace("_", "-") ?? null,
  };
}
