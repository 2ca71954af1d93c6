import { getSchema } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { richTextExtensions } from "@/lib/rich-text/extensions";
import { inSanitizedForm, renderRichText, sanitizeRichHtml } from "@/lib/rich-text/html";
import {
  EMPTY_DOC,
  RICH_TEXT_MAX_BYTES,
  isEmptyRichText,
  richText,
  richTextToPlainText,
  type RichTextDoc,
  type RichTextNode,
} from "./index";

const text = (value: string, marks?: RichTextNode["marks"]): RichTextNode => ({ type: "text", text: value, ...(marks ? { marks } : {}) });
const paragraph = (...content: RichTextNode[]): RichTextNode => ({ type: "paragraph", content });
const doc = (...content: RichTextNode[]): RichTextDoc => ({ type: "doc", content });
const link = (href: string) => text("the source", [{ type: "link", attrs: { href } }]);

const memo = doc(
  { type: "heading", attrs: { level: 2 }, content: [text("What we know")] },
  paragraph(text("The mayor "), text("denied", [{ type: "bold" }]), text(" it, says "), link("https://example.org/report")),
  {
    type: "bulletList",
    content: [
      { type: "listItem", content: [paragraph(text("first"))] },
      { type: "listItem", content: [paragraph(text("second"), { type: "hardBreak" }, text("line"))] },
    ],
  },
  { type: "blockquote", content: [paragraph(text("A quote", [{ type: "italic" }]))] },
);

function messageOf(input: unknown): string | undefined {
  const result = richText.safeParse(input);
  return result.success ? undefined : result.error.issues[0]?.message;
}

describe("richText schema", () => {
  it("accepts a document with headings, paragraphs, marks, links, lists and quotes", () => {
    const result = richText.safeParse(memo);
    expect(result.success).toBe(true);
    // Canonical form: the link's default attributes are filled in.
    expect(JSON.stringify(result.data)).toContain('"href":"https://example.org/report"');
  });

  it("accepts the empty document and mailto links", () => {
    expect(richText.safeParse(EMPTY_DOC).success).toBe(true);
    expect(richText.safeParse(doc(paragraph(link("mailto:desk@example.org")))).success).toBe(true);
  });

  it("rejects unknown nodes, marks, attributes and keys", () => {
    const formatting = "The text contains formatting that is not allowed.";
    expect(messageOf(doc({ type: "image", attrs: { src: "https://example.org/a.png" } }))).toBe(formatting);
    expect(messageOf(doc(paragraph(text("x", [{ type: "highlight" }]))))).toBe(formatting);
    expect(messageOf(doc({ type: "paragraph", attrs: { style: "color:red" }, content: [text("x")] }))).toBe(formatting);
    expect(messageOf(doc({ ...paragraph(text("x")), onclick: "alert(1)" } as RichTextNode))).toBe(formatting);
    expect(messageOf(doc({ type: "codeBlock", content: [text("x")] }))).toBe(formatting);
    expect(messageOf(doc({ type: "horizontalRule" }))).toBe(formatting);
  });

  it("rejects structure the schema does not allow", () => {
    expect(richText.safeParse(doc(text("text directly in the document"))).success).toBe(false);
    expect(richText.safeParse(doc({ type: "bulletList", content: [paragraph(text("not in a list item"))] })).success).toBe(false);
    expect(richText.safeParse(doc({ type: "paragraph", marks: [{ type: "bold" }], content: [text("x")] })).success).toBe(false);
    expect(richText.safeParse(doc(paragraph(text("")))).success).toBe(false);
  });

  it("builds its schema from the shared extensions: only heading levels 2 and 3", () => {
    const schema = getSchema(richTextExtensions);
    expect(Object.keys(schema.marks).sort()).toEqual(["bold", "code", "italic", "link", "strike", "underline"]);
    expect(schema.nodes.codeBlock).toBeUndefined();

    const heading = (level: unknown) => doc({ type: "heading", attrs: { level } as RichTextNode["attrs"], content: [text("Title")] });
    expect(richText.safeParse(heading(2)).success).toBe(true);
    expect(richText.safeParse(heading(3)).success).toBe(true);
    expect(messageOf(heading(1))).toBe("The text contains formatting that is not allowed.");
    expect(richText.safeParse(heading(4)).success).toBe(false);
    expect(richText.safeParse(heading("2")).success).toBe(false);
    // No level at all means the schema's default, level 1.
    expect(richText.safeParse(doc({ type: "heading", content: [text("Title")] })).success).toBe(false);
  });

  it.each([
    "javascript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "/relative/path",
    "//example.org/protocol-relative",
    "ftp://example.org/file",
    "",
  ])("rejects the link target %j", (href) => {
    expect(messageOf(doc(paragraph(link(href))))).toBe("Links must be web (http:// or https://) or e-mail (mailto:) addresses.");
  });

  it("rejects a link without a target", () => {
    expect(richText.safeParse(doc(paragraph(text("x", [{ type: "link" }])))).success).toBe(false);
  });

  it.each([
    ["null", null],
    ["undefined", undefined],
    ["a string", "<p>hello</p>"],
    ["an array", [paragraph(text("x"))]],
    ["a paragraph root", paragraph(text("x"))],
    ["a doc without content", { type: "doc" }],
  ])("rejects %s as the root", (_label, input) => {
    expect(messageOf(input)).toBe("The text is not a valid document.");
  });

  it("rejects a document over the size limit", () => {
    const words = "word ".repeat(RICH_TEXT_MAX_BYTES / 5);
    expect(messageOf(doc(paragraph(text(words))))).toBe("The text is too long (at most 100 kB).");
  });

  it("rejects deeply nested documents without overflowing the stack", () => {
    let node: RichTextNode = paragraph(text("deep"));
    for (let i = 0; i < 200; i += 1) node = { type: "blockquote", content: [node] };
    expect(messageOf(doc(node))).toBe("The text is nested too deeply.");
  });

  it("is strict when the value is missing, and optional only with an explicit default", () => {
    expect(z.object({ notes: richText }).safeParse({}).success).toBe(false);
    expect(z.object({ notes: richText.default(EMPTY_DOC) }).parse({}).notes).toEqual(EMPTY_DOC);
  });
});

describe("renderRichText", () => {
  it("escapes text that looks like HTML", () => {
    const html = renderRichText(doc(paragraph(text("<script>alert(1)</script> & <b>bold</b>"))));
    expect(html).toBe("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;</p>");
  });

  it("renders links with rel noopener and a new tab", () => {
    const html = renderRichText(doc(paragraph(link("https://example.org/report?a=1&b=2"))));
    expect(html).toBe(
      '<p><a href="https://example.org/report?a=1&amp;b=2" rel="noopener noreferrer nofollow" target="_blank">the source</a></p>',
    );
  });

  it("renders the allowed formatting", () => {
    const html = renderRichText(memo);
    expect(html).toContain("<h2>What we know</h2>");
    expect(html).toContain("<strong>denied</strong>");
    expect(html).toContain("<ul><li><p>first</p></li><li><p>second<br />line</p></li></ul>");
    expect(html).toContain("<blockquote><p><em>A quote</em></p></blockquote>");
  });

  it("never emits a dangerous link or attribute, even from an unvalidated document", () => {
    const unsafe = {
      type: "doc",
      content: [paragraph({ type: "text", text: "click", marks: [{ type: "link", attrs: { href: "javascript:alert(1)", class: "x", title: "t" } }] })],
    } as RichTextDoc;
    const html = renderRichText(unsafe);
    expect(html).not.toContain("javascript");
    expect(html).not.toContain("class=");
    expect(html).toContain(">click</a>");
  });

  it("falls back to escaped text for a document the schema cannot read", () => {
    const unknown = doc({ type: "mystery", content: [text("<i>kept</i>")] });
    expect(renderRichText(unknown)).toBe("<p>&lt;i&gt;kept&lt;/i&gt;</p>");
  });
});

describe("inSanitizedForm (renderRichText skips sanitize-html for HTML already in its form)", () => {
  // Pieces of HTML, valid and not: plain tags, tags with attributes, <br>, tags outside the allow-list, entities, raw markup characters.
  const PIECES = [
    ...["p", "h2", "h3", "strong", "em", "s", "u", "code", "ul", "ol", "li", "blockquote"].flatMap((tag) => [`<${tag}>`, `</${tag}>`]),
    '<p class="x">', '<a href="https://example.org">', "</a>", "<br>", "<br />", "<h1>", "</h1>", "<script>", "</script>", "<img src=x onerror=alert(1)>",
    "<P>", "</p >", "<!-- c -->", "text", " ", "a & b", "&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&nbsp;", "&amp", '"', "'", "<", ">", "\0", "\r\n", "עברית", "\u00a0",
  ];
  // A small deterministic generator (mulberry32): the same strings every run.
  function random(seed: number) {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it("accepts only HTML that sanitize-html returns unchanged", () => {
    const next = random(16);
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      // Mostly well-nested plain structures (so that many are accepted), salted with every other piece.
      const parts: string[] = [];
      const open: string[] = [];
      for (let k = 0, n = 1 + Math.floor(next() * 12); k < n; k++) {
        const roll = next();
        if (roll < 0.3 && open.length) parts.push(`</${open.pop()}>`);
        else if (roll < 0.6) {
          const tag = ["p", "h2", "h3", "strong", "em", "ul", "ol", "li", "blockquote", "code", "s", "u"][Math.floor(next() * 12)]!;
          open.push(tag);
          parts.push(`<${tag}>`);
        } else parts.push(PIECES[Math.floor(next() * PIECES.length)]!);
      }
      if (next() < 0.8) while (open.length) parts.push(`</${open.pop()}>`);
      const html = parts.join("");
      if (!inSanitizedForm(html)) continue;
      accepted++;
      expect(sanitizeRichHtml(html), html).toBe(html);
    }
    expect(accepted).toBeGreaterThan(1_000);
  });

  it("takes the short way for plain notes, and renders exactly what sanitize-html would", () => {
    const plain = doc(
      { type: "heading", attrs: { level: 3 }, content: [text("Met at the port office")] },
      paragraph(text("Follow up on contract 12 & the <minutes>, "), text("soon", [{ type: "bold" }, { type: "italic" }]), { type: "hardBreak" }, text("then")),
      { type: "orderedList", content: [{ type: "listItem", content: [paragraph(text("one"))] }] },
      { type: "blockquote", content: [paragraph(text("“Quoted”", [{ type: "code" }]))] },
    );
    const html = renderRichText(plain);
    expect(inSanitizedForm(html)).toBe(true);
    expect(sanitizeRichHtml(html)).toBe(html);
    expect(html, html).toContain("<br />then</p>");
    // A link (attributes) goes through sanitize-html.
    expect(inSanitizedForm(renderRichText(memo))).toBe(false);
    expect(sanitizeRichHtml(renderRichText(memo))).toBe(renderRichText(memo));
  });

  it("refuses markup a parser would rearrange or that carries attributes", () => {
    for (const html of ["<p><ul><li>x</li></ul></p>", "<li>x</li>", "<ul><li><li>x</li></li></ul>", "<p>x", "</p>", "<strong><p>x</p></strong>", "<p>a &quot; b</p>", '<p class="x">x</p>', "<p>x<br></p>", "<ul><br /></ul>", "<ol> <li>x</li></ol>", "<script>x</script>"]) {
      expect(inSanitizedForm(html), html).toBe(false);
    }
  });
});

describe("richTextToPlainText and isEmptyRichText", () => {
  it("puts each block on its own line", () => {
    expect(richTextToPlainText(memo)).toBe(
      "What we know\nThe mayor denied it, says the source\nfirst\nsecond\nline\nA quote",
    );
  });

  it("keeps empty paragraphs as blank lines", () => {
    expect(richTextToPlainText(doc(paragraph(text("a")), paragraph(), paragraph(text("b"))))).toBe("a\n\nb");
  });

  it("knows an empty document", () => {
    expect(isEmptyRichText(EMPTY_DOC)).toBe(true);
    expect(isEmptyRichText({ type: "doc" })).toBe(true);
    expect(isEmptyRichText(doc(paragraph(text("   ")), { type: "bulletList", content: [{ type: "listItem", content: [paragraph()] }] }))).toBe(true);
    expect(isEmptyRichText(memo)).toBe(false);
  });
});
