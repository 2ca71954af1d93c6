import { describe, expect, it } from "vitest";
import { asciiHtml, documentParts, primedDocument, printOnly } from "./pdf-layout";

describe("printOnly", () => {
  it("hides the body on screen only, in the document's head", () => {
    const html = `<!doctype html><html><head><title>x</title></head><body><p>Text</p></body></html>`;
    expect(printOnly(html)).toBe(`<!doctype html><html><head><title>x</title><style>@media screen { body { display: none !important; } }</style></head><body><p>Text</p></body></html>`);
  });

  it("leaves a document without a head as it is (a style before its doctype would change its mode)", () => {
    expect(printOnly("<!doctype html><p>Text</p>")).toBe("<!doctype html><p>Text</p>");
  });
});

describe("documentParts", () => {
  const doc = (title: string, author: string, body: string) =>
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n<title>${title}</title>\n<meta name="author" content="${author}">\n<style>p { color: red; }</style>\n</head><body>\n${body}\n</body></html>`;

  it("takes the title and metadata out of the frame, so two dossiers with the same head but those share it", () => {
    const one = documentParts(doc("Harbour &amp; port — dossier", "Ana", "<p>One</p>"))!;
    const two = documentParts(doc("שלום — dossier", "Ben &quot;B&quot;", "<p>Two</p>"))!;
    expect(one.frame).toBe(`<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n<style>p { color: red; }</style>\n</head><body>`);
    expect(two.frame).toBe(one.frame);
    expect(one.extras).toBe(`<title>Harbour &amp; port — dossier</title>\n<meta name="author" content="Ana">\n`);
    expect(two.body).toBe("\n<p>Two</p>\n");
    expect(primedDocument(one.frame)).not.toContain("Harbour");
  });

  it("keeps anything else of the head in the frame (another stylesheet, another language: another frame)", () => {
    const base = documentParts(doc("T", "A", "<p>x</p>"))!;
    expect(documentParts(doc("T", "A", "<p>x</p>").replace('lang="en"', 'lang="he" dir="rtl"'))!.frame).not.toBe(base.frame);
    expect(documentParts(doc("T", "A", "<p>x</p>").replace("red", "blue"))!.frame).not.toBe(base.frame);
  });

  it("is null for a document not in that shape (loaded as it is)", () => {
    expect(documentParts("<!doctype html><p>Text</p>")).toBeNull();
    expect(documentParts("<html><head></head><p>no body tag</p></html>")).toBeNull();
    expect(documentParts(`${doc("T", "A", "<p>x</p>")}<p>after the end</p>`)).toBeNull();
    // setContent waits for what these load; a primed page would not.
    for (const element of [`<img src="data:image/png;base64,AA==" alt="">`, `<IFRAME src="x"></IFRAME>`, `<object data="x"></object>`, `<link rel="stylesheet" href="x">`, `<svg><image href="x"/></svg>`])
      expect(documentParts(doc("T", "A", `<p>x</p>${element}`))).toBeNull();
    expect(documentParts(doc("T", "A", "<p>An <em>image</em> of the <b>frame</b>: &lt;img&gt;</p>"))).not.toBeNull();
  });
});

describe("asciiHtml", () => {
  it("writes each character outside ASCII as a character reference, in text and attributes", () => {
    expect(asciiHtml(`<p dir="auto" title="שלום">Port — שלום, مرحبا 😀 &amp; x</p>`)).toBe(
      `<p dir="auto" title="&#1513;&#1500;&#1493;&#1501;">Port &#8212; &#1513;&#1500;&#1493;&#1501;, &#1605;&#1585;&#1581;&#1576;&#1575; &#128512; &amp; x</p>`,
    );
  });

  it("leaves HTML with text that is not parsed as HTML as it is (a style, a comment)", () => {
    for (const html of [`<style>p::before { content: "—"; }</style><p>—</p>`, `<!-- — --><p>—</p>`]) expect(asciiHtml(html)).toBe(html);
  });
});
