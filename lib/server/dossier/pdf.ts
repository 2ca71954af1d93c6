import "server-only";
import pLimit, { type LimitFunction } from "p-limit";
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { chromiumLaunchOptions } from "@/lib/server/browser";
import { setPdfMetadata } from "@/lib/server/dossier/pdf-metadata";

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
  /** Left in the running header of every page (Latin-safe: the header cannot load web fonts). */
  headerTitle: string;
  /** Right in the running header, e.g. "Internal — confidential". */
  marking: string;
};

export type RenderPdfOptions = {
  /** Overrides DOSSIER_RENDER_TIMEOUT_MS for this render. */
  timeoutMs?: number;
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

const DEFAULT_CONCURRENCY = 2;
const DEFAULT_TIMEOUT_MS = 30_000;
/** How long closing a timed-out render's context may take before the whole browser is dropped. */
const CLOSE_GRACE_MS = 5_000;

function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function renderConcurrency(): number {
  return positiveInt(process.env.DOSSIER_RENDER_CONCURRENCY, DEFAULT_CONCURRENCY);
}

export function renderTimeoutMs(): number {
  return positiveInt(process.env.DOSSIER_RENDER_TIMEOUT_MS, DEFAULT_TIMEOUT_MS);
}

// Both are read once, when the engine starts (the first render in the process).
type Engine = {
  browser: Promise<Browser> | undefined;
  current: Browser | undefined;
  pid: number | undefined;
  limit: LimitFunction;
  launches: number;
  renders: number;
  active: number;
  peakActive: number;
  exitHooks: boolean;
};

// On globalThis: Next's dev server re-evaluates modules on edits, which must not leak browsers.
const ENGINE = Symbol.for("storydesk.dossier.pdfEngine");

function engine(): Engine {
  const holder = globalThis as typeof globalThis & { [ENGINE]?: Engine };
  holder[ENGINE] ??= {
    browser: undefined,
    current: undefined,
    pid: undefined,
    limit: pLimit(renderConcurrency()),
    launches: 0,
    renders: 0,
    active: 0,
    peakActive: 0,
    exitHooks: false,
  };
  return holder[ENGINE];
}

/**
 * Closes the browser when the process is asked to stop, without keeping it alive: if nothing
 * else listens for the signal, it is raised again after the browser is gone, so the default
 * (exit) still happens. Playwright itself kills the browser on process exit.
 */
function installExitHooks(state: Engine): void {
  if (state.exitHooks) return;
  state.exitHooks = true;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const onSignal = () => {
      const others = process.listenerCount(signal) > 0;
      void Promise.race([closePdfBrowser(), sleep(2_000)]).finally(() => {
        if (!others) process.kill(process.pid, signal);
      });
    };
    process.once(signal, onSignal);
  }
}

async function launch(state: Engine): Promise<Browser> {
  state.launches += 1;
  const options = await chromiumLaunchOptions();
  const browser = await chromium.launch({
    ...options,
    timeout: renderTimeoutMs(),
    // Playwright's own handlers would exit the process (SIGINT) or swallow the signal (SIGTERM).
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  state.current = browser;
  browser.on("disconnected", () => {
    // Crashed, killed or closed: the next render launches a new one.
    if (state.current !== browser) return;
    state.current = undefined;
    state.browser = undefined;
    state.pid = undefined;
  });
  state.pid = await browserPid(browser);
  installExitHooks(state);
  return browser;
}

/** The browser process id, asked of Chromium itself (playwright's Browser has no process()). */
async function browserPid(browser: Browser): Promise<number | undefined> {
  try {
    const session = await browser.newBrowserCDPSession();
    const { processInfo } = (await session.send("SystemInfo.getProcessInfo")) as { processInfo: { type: string; id: number }[] };
    await session.detach().catch(() => {});
    return processInfo.find((p) => p.type === "browser")?.id;
  } catch {
    return undefined;
  }
}

async function warmBrowser(state: Engine): Promise<Browser> {
  const pending = state.browser;
  if (pending) {
    const browser = await pending.catch(() => undefined);
    if (browser?.isConnected()) return browser;
    if (state.browser === pending) {
      state.browser = undefined;
      state.current = undefined;
      state.pid = undefined;
    }
  }
  const launching = launch(state);
  state.browser = launching;
  launching.catch(() => {
    if (state.browser === launching) state.browser = undefined;
  });
  return launching;
}

/** Closes the warm browser (tests, the bench, process shutdown). The next render launches a new one. */
export async function closePdfBrowser(): Promise<void> {
  const state = engine();
  const pending = state.browser;
  state.browser = undefined;
  state.current = undefined;
  state.pid = undefined;
  const browser = await pending?.catch(() => undefined);
  await browser?.close().catch(() => {});
}

/** The warm browser's process id (for memory readings), if one is running. */
export function pdfBrowserPid(): number | undefined {
  return engine().pid;
}

/** Counters for tests and the bench. */
export function pdfEngineStats(): { launches: number; renders: number; active: number; peakActive: number; concurrency: number; pending: number; openContexts: number } {
  const state = engine();
  return {
    openContexts: state.current?.contexts().length ?? 0,
    launches: state.launches,
    renders: state.renders,
    active: state.active,
    peakActive: state.peakActive,
    concurrency: state.limit.concurrency,
    pending: state.limit.pendingCount,
  };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

// Header and footer are separate little documents: no page styles and no web fonts (a data: font
// is not loaded in time to be drawn), so they use the system's sans-serif — on a machine without
// fonts, the Open Sans that ships with @sparticuz/chromium (lib/server/browser.ts). Keep them
// Latin: a Hebrew or Arabic title there shows only if the system has a font for it.
const HEADER_FOOTER_STYLE = "box-sizing:border-box;width:100%;padding:0 15mm;font-family:sans-serif;font-size:8px;line-height:1.2;color:#666";

export function headerTemplate(headerTitle: string, marking: string): string {
  return (
    `<div style="${HEADER_FOOTER_STYLE};display:flex;justify-content:space-between;gap:6mm">` +
    `<span dir="auto" style="min-width:0;overflow:hidden;white-space:nowrap;text-overflow:ellipsis">${escapeHtml(headerTitle)}</span>` +
    `<span dir="auto" style="flex:none;white-space:nowrap">${escapeHtml(marking)}</span>` +
    `</div>`
  );
}

export const FOOTER_TEMPLATE = `<div style="${HEADER_FOOTER_STYLE};text-align:center">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`;

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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** One print in its own context; the context is closed when it ends, however it ends. */
async function print(browser: Browser, html: string, meta: PdfMeta, deadline: Deadline, onPage: (context: BrowserContext) => void): Promise<Uint8Array> {
  const context = await browser.newContext({ javaScriptEnabled: false, offline: true, serviceWorkers: "block", locale: "en-US" });
  try {
    if (deadline.expired) throw deadline.error();
    // data: URLs never reach the router; anything else (http, https, file, ws…) is refused.
    await context.route("**/*", (route) => (route.request().url().startsWith("data:") ? route.continue() : route.abort("blockedbyclient")));
    const page = await context.newPage();
    if (deadline.expired) throw deadline.error();
    // From here on a time-out may close the context under the page (see windDown).
    onPage(context);
    // The document's own scripts stay off (javaScriptEnabled: false); playwright's evaluate
    // still works. "load" has in practice waited for the inline fonts; fonts.ready also covers
    // fonts a later layout would request, so nothing prints in a fallback font.
    await page.setContent(html, { waitUntil: "load", timeout: 0 });
    await page.evaluate(async () => {
      await document.fonts.ready;
    });
    const pdf = await page.pdf({
      format: "A4",
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: headerTemplate(meta.headerTitle, meta.marking),
      footerTemplate: FOOTER_TEMPLATE,
      margin: { top: "18mm", bottom: "18mm", left: "15mm", right: "15mm" },
      tagged: true,
      outline: true,
    });
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  } finally {
    await Promise.race([context.close().catch(() => {}), sleep(CLOSE_GRACE_MS)]);
  }
}

/**
 * After a time-out: close the abandoned render's context once it has a page (its pending calls
 * then fail; before that, print() stops by itself after the step it is in — closing a context
 * during newPage() leaves newPage() pending forever, measured with playwright 1.65). If the
 * render has still not ended after CLOSE_GRACE_MS, the browser is replaced, which ends every
 * call still waiting on it.
 */
async function windDown(state: Engine, browser: Browser | undefined, work: Promise<unknown>, context: BrowserContext | undefined): Promise<void> {
  void context?.close().catch(() => {});
  const ended = await Promise.race([work.then(() => true, () => true), sleep(CLOSE_GRACE_MS).then(() => false)]);
  if (!ended && browser && state.current === browser) await closePdfBrowser();
}

async function renderInSlot(state: Engine, html: string, meta: PdfMeta, deadline: Deadline): Promise<Uint8Array> {
  if (deadline.expired) throw deadline.error("waiting for a slot");
  state.active += 1;
  state.peakActive = Math.max(state.peakActive, state.active);
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  const work = (async () => {
    try {
      browser = await warmBrowser(state);
    } catch (error) {
      throw new PdfRenderError("browser", `Could not launch Chromium: ${message(error)}`, { cause: error });
    }
    const current = browser;
    let printed: Uint8Array;
    try {
      printed = await print(current, html, meta, deadline, (printing) => {
        context = printing;
      });
    } catch (error) {
      if (deadline.expired) throw deadline.error(undefined, error);
      if (!current.isConnected()) throw new PdfRenderError("browser", `Chromium went away during the render: ${message(error)}`, { cause: error });
      throw new PdfRenderError("render", `PDF render failed: ${message(error)}`, { cause: error });
    }
    try {
      return await setPdfMetadata(printed, meta);
    } catch (error) {
      throw new PdfRenderError("metadata", `Could not set the PDF metadata: ${message(error)}`, { cause: error });
    }
  })();
  work.catch(() => {});
  try {
    // The slot is given back at the deadline even if a playwright call never returns.
    return await Promise.race([work, deadline.promise]);
  } catch (error) {
    if (deadline.expired) void windDown(state, browser, work, context);
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
    const pdf = await Promise.race([state.limit(() => renderInSlot(state, html, meta, deadline)), deadline.promise]);
    state.renders += 1;
    return pdf;
  } finally {
    deadline.cancel();
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}
