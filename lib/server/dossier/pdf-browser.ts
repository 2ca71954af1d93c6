import "server-only";
import pLimit, { type LimitFunction } from "p-limit";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { chromiumLaunchOptions } from "@/lib/server/browser";
import { loadAllFonts, primedDocument } from "./pdf-layout";

// The PDF engine's browser: one warm Chromium per server process, launched on first use,
// relaunched if it dies, closed on exit; the render limit and timeout it was started with.
const DEFAULT_CONCURRENCY = 2;
const DEFAULT_TIMEOUT_MS = 30_000;
/** How long closing a timed-out render's context may take before the whole browser is dropped. */
export const CLOSE_GRACE_MS = 5_000;

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

/**
 * A render's own context and page: JavaScript off, offline, service workers blocked, and every
 * request refused but data: URLs and the fonts `serve` is given (by URL: pdf.ts serves the
 * document's fonts from memory). `primed` is the frame its document is already loaded with, fonts
 * and all (see Prime), if it was primed.
 */
export type PrintPage = { context: BrowserContext; page: Page; serve(fonts: ReadonlyMap<string, Buffer>): void; primed?: string };

/**
 * What a spare page is primed with: the last render's frame (pdf-layout.ts, documentParts: its
 * head without its title and metadata, and its <body> tag) and the fonts it serves. The page loads
 * it with an empty body and every font face while no render waits, so that a next document with
 * the same frame has only its body put in (pdf.ts).
 */
export type Prime = { frame: string; fonts: ReadonlyMap<string, Buffer> };

/**
 * The next render's context and page, made (and primed) ahead on `browser` once a render ends
 * (see makeSpare()); `startNow` starts it at once if it still waits for the spare before it.
 */
type Spare = { browser: Browser; made: Promise<PrintPage>; context?: BrowserContext; startNow(): void };

/** Spares kept at most: one per part of a split print (pdf-split.ts), so both parts find one. */
export const SPARES = 2;

// Both are read once, when the engine starts (the first render in the process).
export type Engine = {
  browser: Promise<Browser> | undefined;
  current: Browser | undefined;
  pid: number | undefined;
  limit: LimitFunction;
  launches: number;
  renders: number;
  /** Renders that found their page primed with their document's frame (pdf.ts). */
  primed: number;
  active: number;
  peakActive: number;
  exitHooks: boolean;
  /** Renders printed as parts at once and merged (pdf-split.ts). */
  split: number;
  spares: Spare[];
};

// On globalThis: Next's dev server re-evaluates modules on edits, which must not leak browsers.
const ENGINE = Symbol.for("storydesk.dossier.pdfEngine");

export function engine(): Engine {
  const holder = globalThis as typeof globalThis & { [ENGINE]?: Engine };
  holder[ENGINE] ??= {
    browser: undefined,
    current: undefined,
    pid: undefined,
    limit: pLimit(renderConcurrency()),
    launches: 0,
    renders: 0,
    primed: 0,
    active: 0,
    peakActive: 0,
    exitHooks: false,
    split: 0,
    spares: [],
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
  const options = await chromiumLaunchOptions("pdf");
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
    state.spares = [];
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

export async function warmBrowser(state: Engine): Promise<Browser> {
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
  state.spares = [];
  const browser = await pending?.catch(() => undefined);
  await browser?.close().catch(() => {});
}

async function newPrintPage(browser: Browser, prime?: Prime, onContext?: (context: BrowserContext) => void): Promise<PrintPage> {
  const context = await browser.newContext({ javaScriptEnabled: false, offline: true, serviceWorkers: "block", locale: "en-US" });
  onContext?.(context);
  try {
    let served: ReadonlyMap<string, Buffer> = new Map();
    await context.route("**/*", (route) => {
      const url = route.request().url();
      const body = served.get(url);
      if (body) return route.fulfill({ body, contentType: "font/woff2" });
      return url.startsWith("data:") ? route.continue() : route.abort("blockedbyclient");
    });
    const page = await context.newPage();
    if (prime) {
      served = prime.fonts;
      await page.setContent(primedDocument(prime.frame), { waitUntil: "load", timeout: 0 });
      await loadAllFonts(page);
    }
    return {
      context,
      page,
      serve: (fonts) => {
        served = fonts;
      },
      primed: prime?.frame,
    };
  } catch (error) {
    await context.close().catch(() => {});
    throw error;
  }
}

/**
 * A fresh context and page for one render: the one made ahead after the last render when there
 * is one on this browser (never used: nothing is shared between renders; primed with the last
 * render's frame, which holds nothing of its dossier), else made now. Making them is ~50 ms of a
 * render (measured 2026-12-01), a fifth of a small dossier's; priming saves ~40–75 ms more of a small
 * dossier's (docs/benchmarks.md, "The primed page").
 */
export async function printPage(state: Engine, browser: Browser): Promise<PrintPage> {
  const at = state.spares.findIndex((spare) => spare.browser === browser);
  if (at >= 0) {
    const [spare] = state.spares.splice(at, 1);
    // A render waits for no other spare's priming: this one starts now if it was still queued
    // behind another (a big print's second part, after a small print took the first spare).
    spare!.startNow();
    const made = await spare!.made.catch(() => undefined);
    if (made) return made;
  }
  return newPrintPage(browser);
}

/** Makes (and primes, given `prime`) a next render's context and page ahead, unless SPARES are made or being made (call when a render ends). */
export function makeSpare(state: Engine, browser: Browser, prime?: Prime): void {
  if (state.spares.length >= SPARES || !browser.isConnected() || state.current !== browser) return;
  // Made one after the other while no render waits: the first is ready as soon as it can be (a
  // small render after a big one waits for it), and the priming of two pages does not compete
  // for the two cores. A render that takes a spare still queued starts it (printPage): after a
  // big print and a small one, a big print's second part waited for two primings in a row
  // (228–456 ms, against 73–122 for its first part; docs/benchmarks.md, "A queued spare starts
  // when taken").
  const before = state.spares.at(-1)?.made.catch(() => undefined);
  let startNow = () => {};
  const now = new Promise<void>((resolve) => {
    startNow = resolve;
  });
  // Known as the spare's from the start: a context being primed is no render's either.
  const spare: Spare = {
    browser,
    startNow,
    made: (async () => {
      await Promise.race([before, now]);
      return newPrintPage(browser, prime, (context) => {
        spare.context = context;
      });
    })(),
  };
  state.spares.push(spare);
  spare.made.catch(() => {
    state.spares = state.spares.filter((other) => other !== spare);
  });
}

/** The warm browser's process id (for memory readings), if one is running. */
export function pdfBrowserPid(): number | undefined {
  return engine().pid;
}

/** Counters for tests and the bench. */
export function pdfEngineStats(): { launches: number; renders: number; primed: number; split: number; active: number; peakActive: number; concurrency: number; pending: number; openContexts: number } {
  const state = engine();
  const spares = new Set(state.spares.map((spare) => spare.context));
  return {
    // The spare contexts (made ahead, unused) are no render's.
    openContexts: state.current?.contexts().filter((context) => !spares.has(context)).length ?? 0,
    launches: state.launches,
    renders: state.renders,
    primed: state.primed,
    split: state.split,
    active: state.active,
    peakActive: state.peakActive,
    concurrency: state.limit.concurrency,
    pending: state.limit.pendingCount,
  };
}


export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
