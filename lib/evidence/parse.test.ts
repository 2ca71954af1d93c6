import { PDFDocument, StandardFonts } from "@cantoo/pdf-lib";
import { describe, expect, it } from "vitest";
import { EVIDENCE_LIMITS, EvidenceError, normaliseText, parseEvidence } from "./parse";

const refused = async (promise: Promise<unknown>, message: RegExp) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EvidenceError);
  expect((error as Error).message).toMatch(message);
};

describe("parseEvidence: text", () => {
  it("normalises pasted text: NFC, line ends, paragraphs one blank line apart", async () => {
    const parsed = await parseEvidence({ text: "  Cafe\u0301 opens.  \r\n\r\n\r\n\tSecond   \r\nline.\n" });
    expect(parsed.body).toBe("Café opens.\n\nSecond\nline.");
    expect(parsed).toMatchObject({ format: "text", title: "Café opens.", language: null, direction: "ltr", item: null });
    expect(normaliseText("a\n \n\nb")).toBe("a\n\nb");
  });

  it("detects Hebrew and Arabic from the script, with their direction", async () => {
    expect(await parseEvidence({ text: "משרד הבריאות מסר היום כי המצב יציב." })).toMatchObject({ language: "he", direction: "rtl" });
    expect(await parseEvidence({ text: "قالت وزارة الصحة إن الوضع مستقر. Microsoft" })).toMatchObject({ language: "ar", direction: "rtl" });
  });

  it("refuses a 10 MB paste, too many words, an empty paste and bytes that are not UTF-8, clearly", async () => {
    await refused(parseEvidence({ text: "word ".repeat(2_000_000) }), /^This document is 9\.5 MB; the desk takes up to 2 MB\. Split it/);
    await refused(parseEvidence({ text: "a ".repeat(EVIDENCE_LIMITS.maxWords + 1) }), /100,001 words; the desk takes up to 100,000/);
    await refused(parseEvidence({ text: " \n " }), /empty/);
    await refused(parseEvidence({ bytes: new Uint8Array([0x66, 0xff, 0xfe, 0x41]), filename: "x.txt" }), /not UTF-8/);
  });
});

describe("parseEvidence: HTML", () => {
  it("keeps the article's text and the page's own metadata, never scripts or navigation", async () => {
    const html = `<!doctype html><html lang="en-GB"><head><title>Site | Story</title>
      <meta property="og:title" content="Microsoft cuts unit's access">
      <meta name="author" content="Jane Doe"><meta property="og:site_name" content="The Wire">
      <meta property="article:published_time" content="2025-09-26T08:00:00Z"><link rel="canonical" href="https://example.org/story">
      <script>alert("x")</script><style>p{color:red}</style></head>
      <body><nav>Home · World</nav><article><h1>Microsoft cuts access</h1><p>First <a href="https://x.test">paragraph</a> &amp; more.</p>
      <p>“We have found evidence,” Smith said.</p><script>track()</script></article><footer>© 2025</footer></body></html>`;
    const parsed = await parseEvidence({ text: html });
    expect(parsed).toMatchObject({
      format: "html",
      title: "Microsoft cuts unit's access",
      byline: "Jane Doe",
      origin: "The Wire",
      url: "https://example.org/story",
      language: "en-GB",
      direction: "ltr",
    });
    expect(parsed.publishedAt?.toISOString()).toBe("2025-09-26T08:00:00.000Z");
    expect(parsed.body).toBe("Microsoft cuts access\n\nFirst paragraph & more.\n\n“We have found evidence,” Smith said.");
  });
});

/** Hebrew in windows-1255 (א = 0xE0 … ת = 0xFA), ASCII as is: how older Israeli pages and mail arrive. */
const windows1255 = (text: string) => Uint8Array.from(text, (ch) => (ch >= "א" && ch <= "ת" ? ch.charCodeAt(0) - 0x5d0 + 0xe0 : ch.charCodeAt(0)));

describe("parseEvidence: legacy charsets", () => {
  it("decodes a web page in the charset its <meta> names", async () => {
    const bytes = windows1255('<html><head><meta charset="windows-1255"><title>x</title></head><body><p>"שלום", אמר כהן.</p></body></html>');
    expect(await parseEvidence({ bytes, filename: "page.html" })).toMatchObject({ body: '"שלום", אמר כהן.', language: "he", direction: "rtl" });
  });

  it("decodes an 8-bit e-mail by its part's charset", async () => {
    const eml = ["From: a@b.example", "Subject: x", "Message-ID: <1@b.example>", "Content-Type: text/plain; charset=windows-1255", "Content-Transfer-Encoding: 8bit", "", "המצב קשה", ""].join("\r\n");
    expect(await parseEvidence({ bytes: windows1255(eml), filename: "m.eml" })).toMatchObject({ body: "המצב קשה", language: "he" });
  });
});

describe("parseEvidence: e-mail", () => {
  it("reads subject, sender, date, Message-ID and In-Reply-To, and the text part", async () => {
    const eml = [
      "From: Agency Desk <desk@wire.example>",
      "To: news@paper.example",
      "Subject: =?UTF-8?B?157Xmdeo15XXnyDXmNeZ16nXldeq?= take 2",
      "Date: Fri, 26 Sep 2025 10:15:00 +0300",
      "Message-ID: <take2@wire.example>",
      "In-Reply-To: <take1@wire.example>",
      "MIME-Version: 1.0",
      'Content-Type: multipart/alternative; boundary="b"',
      "",
      "--b",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "“It is over,” Smith said.",
      "--b",
      "Content-Type: text/html; charset=utf-8",
      "",
      "<p>“It is over,” Smith said.</p>",
      "--b--",
      "",
    ].join("\r\n");
    const parsed = await parseEvidence({ text: eml, filename: "take2.eml" });
    expect(parsed).toMatchObject({
      format: "eml",
      body: "“It is over,” Smith said.",
      byline: "Agency Desk",
      origin: "wire.example",
      item: { guid: "take2@wire.example", version: null, rewriteOf: "take1@wire.example", associations: [] },
    });
    expect(parsed.title).toContain("take 2");
    expect(parsed.publishedAt?.toISOString()).toBe("2025-09-26T07:15:00.000Z");
  });

  it("refuses a file with no headers", async () => {
    await refused(parseEvidence({ text: "just words", filename: "note.eml" }), /not an e-mail/);
  });
});

describe("parseEvidence: PDF", () => {
  it("reads the text layer, title and author", async () => {
    const pdf = await PDFDocument.create();
    pdf.setTitle("Ministry statement");
    pdf.setAuthor("Press office");
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const page = pdf.addPage([400, 300]);
    page.drawText("The ministry said the review continues.", { x: 20, y: 250, size: 12, font });
    const bytes = await pdf.save();
    const parsed = await parseEvidence({ bytes, filename: "statement.pdf", mimeType: "application/pdf" });
    expect(parsed).toMatchObject({ format: "pdf", title: "Ministry statement", byline: "Press office" });
    expect(parsed.body).toContain("The ministry said the review continues.");
  });

  it("refuses a file that is not a PDF, and a PDF with no text", async () => {
    await refused(parseEvidence({ bytes: new TextEncoder().encode("hello"), filename: "x.pdf" }), /not a PDF/);
    await refused(parseEvidence({ bytes: new TextEncoder().encode("%PDF-1.7\n garbage"), filename: "x.pdf" }), /could not be read/);
    const empty = await PDFDocument.create();
    empty.addPage();
    await refused(parseEvidence({ bytes: await empty.save(), filename: "scan.pdf" }), /no text layer/);
  });
});

describe("parseEvidence: NINJS", () => {
  const take = (version: number, body: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ uri: "urn:newsml:wire.example:20250926:ms-azure", version: String(version), versioncreated: `2025-09-26T0${version}:00:00Z`, headline: "Microsoft cuts unit's access", byline: "Wire staff", body_text: body, language: "en", ...extra });

  it("reads a 1.x item and gives two versions of it one identity", async () => {
    const one = await parseEvidence({ text: take(1, "First take."), filename: "ms.json" });
    const two = await parseEvidence({ text: take(2, "Second take, corrected.", { associations: { photo: { uri: "urn:photo:1" } } }) });
    expect(one).toMatchObject({ format: "ninjs", title: "Microsoft cuts unit's access", byline: "Wire staff", language: "en", body: "First take." });
    expect(one.item).toEqual({ guid: "urn:newsml:wire.example:20250926:ms-azure", version: "1", rewriteOf: null, associations: [] });
    expect(two.item).toMatchObject({ guid: one.item!.guid, version: "2", associations: [{ name: "photo", guid: "urn:photo:1" }] });
    expect(two.publishedAt?.toISOString()).toBe("2025-09-26T02:00:00.000Z");
  });

  it("reads 2.x (headlines, bodies, by, associations as a list) and Superdesk's rewrite_of", async () => {
    const item = {
      uri: "https://wire.example/items/42",
      guid: "tag:wire.example:42",
      version: 3,
      headlines: [{ role: "main", value: "وزارة الصحة: الوضع مستقر" }],
      bodies: [{ role: "main", contenttype: "text/html", value: "<p>«الوضع مستقر»، قالت الوزارة.</p><script>x()</script>" }],
      by: "مراسلنا",
      associations: [{ name: "featuremedia", uri: "urn:img:9" }],
      rewrite_of: "tag:wire.example:41",
    };
    const parsed = await parseEvidence({ text: JSON.stringify(item), mimeType: "application/json" });
    expect(parsed).toMatchObject({
      format: "ninjs",
      title: "وزارة الصحة: الوضع مستقر",
      body: "«الوضع مستقر»، قالت الوزارة.",
      byline: "مراسلنا",
      url: "https://wire.example/items/42",
      language: "ar",
      direction: "rtl",
      item: { guid: "tag:wire.example:42", version: "3", rewriteOf: "tag:wire.example:41", associations: [{ name: "featuremedia", guid: "urn:img:9" }] },
    });
  });

  it("refuses a malformed item with a message that says what is wrong", async () => {
    await refused(parseEvidence({ text: '{"uri": "x", "body_text": "a", ', filename: "a.json" }), /not valid JSON/);
    await refused(parseEvidence({ text: "[1, 2]", filename: "a.json" }), /not a NINJS news item/);
    await refused(parseEvidence({ text: JSON.stringify({ headline: "H", body_text: "B" }) }), /no "uri"/);
    await refused(parseEvidence({ text: JSON.stringify({ uri: "x", headline: 5, body_text: "B" }) }), /"headline"/);
    await refused(parseEvidence({ text: JSON.stringify({ uri: "x", headline: "H" }) }), /no text/);
  });
});
