import "server-only";
import type { Browser, BrowserContext } from "playwright-core";
import { logUnexpected } from "@/lib/log";
import { finishPdf } from "@/lib/server/dossier/pdf-finish";
import { documentParts, fillPrimedPage, loadDocumentFonts, printOnly, type DocumentParts } from "./pdf-layout";
import { mergePrinted } from "./pdf-merge";
import { addRunningHeaderFooter } from "./pdf-running";
import { splitForPrint } from "./pdf-split";
import { CLOSE_GRACE_MS, closePdfBrowser, engine, makeSpare, printPage, renderTimeoutMs, sleep, warmBrowser, type Engine } from "./pdf-browser";

export { closePdfBrowser, pdfBrowserPid, pdfEngineStats, renderConcurrency, renderTimeoutMs } from "./pdf-browser";

// The PDF engine: a complete HTML document (print CSS, fonts inlined — see fonts.ts) printed by
// Chromium. One warm browser per server process, launched on first use and relaunched if it
// dies; at most DOSSIER_RENDER_CONCURRENCY renders at once (default 2), each in its own
// throw-away browser context with JavaScript off and every network request refused, so a
// dossier can neither run nor fetch anything. A render that takes longer than
// DOSSIER_RENDER_TIMEOUT_MS (default 30 s, counted from the call, so time waiting for a slot
// counts) is abandoned: its context is closed and PdfRenderError("timeout") is thrown.
// Chromium writes Title, Creator, Producer and dates; the document information is then replaced
// by `meta`'s as an incremental update (pdf-metadata.ts).

export type PdfMeta = {
  title: string;
  author: string;
  subject?: string;
  keywords?: string[];
  createdAt: Date;
  /** Left in the running header of every page (pdf-running.ts: cut with an ellipsis if too long). */
  headerTitle: string;
  /** Right in the running header, e.g. "Internal — confidential". */
  marking: string;
  /** More Info dictionary entries (pdf-metadata.ts). */
  custom?: Record<string, string>;
};

export type RenderPdfOptions = {
  /** Overrides DOSSIER_RENDER_TIMEOUT_MS for this render. */
  timeoutMs?: number;
  /** Print the document whole even when it is big (pdf-split.ts): tests and the bench compare the two. */
  whole?: boolean;
};

export type PdfRenderErrorReason = "timeout" | "browser" | "render" | "metadata";

export class PdfRenderError extends Error {
  override readonly name = "PdfRenderError";
  constructor(
    readonly reason: PdfRenderErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Hebrew or Arabic letters (the fonts' data: URLs are base64, so they never match). */
const RTL_TEXT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

type Deadline = { readonly expired: boolean; readonly promise: Promise<never>; cancel(): void; error(stage?: string, cause?: unknown): PdfRenderError };

function startDeadline(ms: number): Deadline {
  let expired = false;
  let timer: NodeJS.Timeout | undefined;
  const error = (stage?: string, cause?: unknown) =>
    new PdfRenderError("timeout", `PDF render timed out after ${ms} ms${stage ? ` (${stage})` : ""}`, cause === undefined ? undefined : { cause });
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      expired = true;
      reject(error());
    }, ms);
  });
  promise.catch(() => {}); // raced, never awaited alone
  return {
    get expired() {
      return expired;
    },
    promise,
    cancel: () => clearTimeout(timer),
    error,
  };
}


/** Where the document's inline fonts are served from during its print (a name that never resolves). */
const FONT_ORIGIN = "https://dossier-fonts.invalid/";

/**
 * The document with its inline woff2 fonts (data: URLs, fonts.ts) moved out to FONT_ORIGIN, and
 * their bytes by URL. Served from memory by the print's router, the same fonts cost the renderer
 * ~0.1 s less per print than as base64 in the document (measured on the tiny story's dossier,
 * 2026-12-01: 238 vs 353 ms from setContent to the PDF, medians of 8 interleaved prints): it no
 * longer tokenises ~0.36 MB of CSS and decodes base64. The document itself keeps the data: URLs
 * (the HTML preview and any other reader need no server).
 */
function servedFonts(html: string): { html: string; fonts: Map<string, Buffer> } {
  const fonts = new Map<string, Buffer>();
  const served = html.replace(/url\(data:font\/woff2;base64,([A-Za-z0-9+/=]+)\)/g, (_, base64: string) => {
    const url = `${FONT_ORIGIN}${fonts.size}.woff2`;
    fonts.set(url, Buffer.from(base64, "base64"));
    return `url(${url})`;
  });
  return { html: served, fonts };
}

/** page.pdf()'s margins (the bench's breakdown prints with the same). */
export const PAGE_MARGIN = { top: "18mm", bottom: "18mm", left: "15mm", right: "15mm" };

/** One print in its own context; the context is closed when it ends, however it ends. */
async function print(state: Engine, browser: Browser, html: string, meta: PdfMeta, deadline: Deadline, onPage: (context: BrowserContext) => void): Promise<Uint8Array> {
  const { context, page, serve, primed } = await printPage(state, browser);
  let parts: DocumentParts | null = null;
  let fonts: ReadonlyMap<string, Buffer> = new Map();
  try {
    if (deadline.expired) throw deadline.error();
    // From here on a time-out may close the context under the page (see windDown).
    onPage(context);
    // The document's own fonts are served from memory; data: URLs never reach the router;
    // anything else (http, https, file, ws…) is refused (pdf-browser.ts, newPrintPage).
    const served = servedFonts(html);
    fonts = served.fonts;
    serve(fonts);
    // The document's own scripts stay off (javaScriptEnabled: false); playwright's evaluate
    // still works. It is laid out for print only, its fonts loaded first (pdf-layout.ts), so
    // nothing prints in a fallback font; the running header and footer are the page's own @page
    // margin boxes (pdf-running.ts). A page primed with the same frame (the same head but its
    // title and metadata: pdf-browser.ts, Prime) has its stylesheet parsed and every font face
    // loaded already: it is given the rest in one call, sent with the header's (the page runs
    // them in order; one round trip less). Any other document is loaded as it is.
    const source = printOnly(served.html);
    parts = documentParts(source);
    if (parts && primed === parts.frame) {
      await Promise.all([fillPrimedPage(page, parts), addRunningHeaderFooter(page, meta.headerTitle, meta.marking)]);
      state.primed += 1;
    } else {
      await page.setContent(source, { waitUntil: "load", timeout: 0 });
      // Sent together: the page runs them in order, so the document's fonts are loading before the
      // header waits on document.fonts.ready, which then waits for them too (one round trip less).
      await Promise.all([loadDocumentFonts(page), addRunningHeaderFooter(page, meta.headerTitle, meta.marking)]);
    }
    const pdf = await page.pdf({
      format: "A4",
      printBackground: true,
      margin: PAGE_MARGIN,
      tagged: true,
      outline: true,
    });
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  } finally {
    // Not awaited: the PDF is ready, closing is the browser's work (~10 ms), and a close that
    // hangs cannot hold the render.
    void context.close().catch(() => {});
    // The next render's context and page, made and primed with this document's frame (which
    // holds none of its dossier) now, so that it finds them ready (pdf-browser.ts).
    makeSpare(state, browser, parts ? { frame: parts.frame, fonts } : undefined);
  }
}

/**
 * The document printed whole, or, when it is big, as two parts printed at once on two pages and
 * merged (pdf-split.ts). A split print whose parts the merge cannot read as Chromium writes them
 * is printed again whole and logged (never seen; the merge refuses rather than guesses).
 */
async function printDocument(state: Engine, browser: Browser, html: string, meta: PdfMeta, deadline: Deadline, onPage: (context: BrowserContext) => void, whole: boolean): Promise<Uint8Array> {
  const parts = whole ? null : splitForPrint(html);
  if (!parts) return print(state, browser, html, meta, deadline, onPage);
  const printed = await Promise.all(parts.map((part) => print(state, browser, part.html, meta, deadline, onPage)));
  let merged: Uint8Array;
  try {
    merged = mergePrinted(parts.map((part, k) => ({ pdf: printed[k]!, anchors: part.anchors })));
  } catch (error) {
    // Kind and stack only (logUnexpected): a split print that has to be printed again is a bug to see.
    logUnexpected("pdf merge of a split print", error);
    return print(state, browser, html, meta, deadline, onPage);
  }
  state.split += 1;
  return merged;
}

/**
 * After a time-out: close the abandoned render's context once it has a page (its pending calls
 * then fail; before that, print() stops by itself after the step it is in — closing a context
 * during newPage() leaves newPage() pending forever, measured with playwright 1.65). If the
 * render has still not ended after CLOSE_GRACE_MS, the browser is replaced, which ends every
 * call still waiting on it.
 */
async function windDown(state: Engine, browser: Browser | undefined, work: Promise<unknown>, contexts: readonly BrowserContext[]): Promise<void> {
  for (const context of contexts) void context.close().catch(() => {});
  const ended = await Promise.race([work.then(() => true, () => true), sleep(CLOSE_GRACE_MS).then(() => false)]);
  if (!ended && browser && state.current === browser) await closePdfBrowser();
}

async function renderInSlot(state: Engine, html: string, meta: PdfMeta, deadline: Deadline, whole: boolean): Promise<Uint8Array> {
  if (deadline.expired) throw deadline.error("waiting for a slot");
  state.active += 1;
  state.peakActive = Math.max(state.peakActive, state.active);
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const onPage = (context: BrowserContext) => {
    contexts.push(context);
  };
  const work = (async () => {
    try {
      browser = await warmBrowser(state);
    } catch (error) {
      throw new PdfRenderError("browser", `Could not launch Chromium: ${message(error)}`, { cause: error });
    }
    const current = browser;
    let printed: Uint8Array;
    // A call in flight when Chromium dies does not always fail (a newPage() then can stay pending):
    // the browser's going away ends the render at once, rather than at the deadline.
    let onGone = () => {};
    const gone = new Promise<never>((_, reject) => {
      onGone = () => reject(new Error("the browser disconnected"));
      current.once("disconnected", onGone);
    });
    gone.catch(() => {});
    try {
      printed = await Promise.race([printDocument(state, current, html, meta, deadline, onPage, whole), gone]);
    } catch (error) {
      if (deadline.expired) throw deadline.error(undefined, error);
      if (!current.isConnected()) throw new PdfRenderError("browser", `Chromium went away during the render: ${message(error)}`, { cause: error });
      throw new PdfRenderError("render", `PDF render failed: ${message(error)}`, { cause: error });
    } finally {
      current.off("disconnected", onGone);
    }
    // The document information and, for Hebrew or Arabic text, its text layer relabelled in
    // reading order (pdf-rtl.ts): one incremental update, one parse at most (pdf-finish.ts).
    const rtl = RTL_TEXT.test(html);
    try {
      return await finishPdf(printed, meta, { rtl });
    } catch (error) {
      const what = rtl ? "relabel the right-to-left text or set the PDF metadata" : "set the PDF metadata";
      throw new PdfRenderError("metadata", `Could not ${what}: ${message(error)}`, { cause: error });
    }
  })();
  work.catch(() => {});
  try {
    // The slot is given back at the deadline even if a playwright call never returns.
    return await Promise.race([work, deadline.promise]);
  } catch (error) {
    if (deadline.expired) void windDown(state, browser, work, contexts);
    throw error;
  } finally {
    state.active -= 1;
  }
}

/**
 * Prints a complete HTML document to an A4 PDF with the running header (headerTitle left,
 * marking right), "Page X of Y" footer, clickable links, tagged structure and outline, and the
 * document information from `meta`. Throws PdfRenderError: "timeout" (DOSSIER_RENDER_TIMEOUT_MS
 * or options.timeoutMs, counted from this call), "browser" (Chromium could not start or died),
 * "render" or "metadata".
 */
export async function renderPdf(html: string, meta: PdfMeta, options: RenderPdfOptions = {}): Promise<Uint8Array> {
  const state = engine();
  const deadline = startDeadline(options.timeoutMs ?? renderTimeoutMs());
  try {
    const pdf = await Promise.race([state.limit(() => renderInSlot(state, html, meta, deadline, options.whole ?? false)), deadline.promise]);
    state.renders += 1;
    return pdf;
  } finally {
    deadline.cancel();
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}
