import "server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// The one place that finds a Chromium for playwright-core: the PDF engine (lib/server/dossier/pdf.ts)
// and the e2e tests (tests/support/browser.ts) launch the same binary with the same flags.
// Found in this order: CHROMIUM_PATH, Debian's /usr/bin/chromium, then the binary shipped inside
// the @sparticuz/chromium npm package (extracted to the temp directory on first use), so a fresh
// machine with nothing but `npm install` has a browser. The PDF engine ("pdf") tries the packaged
// one before the system's: a headless-only build that printed the same dossier twice as fast as
// Debian's Chromium 156 in the same run (2026-11-30, docs/operations.md "Dossier PDF engine").

export const SYSTEM_CHROMIUM = "/usr/bin/chromium";

/**
 * Flags that avoid this network's refusals and background traffic (see STACK-NOTES, "Browsers
 * and PDF"). @sparticuz/chromium's own `args` are deliberately not used: its `--single-process`
 * and `--no-zygote` would stop one browser from serving many pages.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

type Found = { executablePath: string; packaged: boolean };

let packaged: Promise<string> | undefined;

/** What the browser is for: driving pages (the e2e tests) or printing dossiers. */
export type ChromiumUse = "pages" | "pdf";

async function findChromium(use: ChromiumUse): Promise<Found> {
  if (process.env.CHROMIUM_PATH) return { executablePath: process.env.CHROMIUM_PATH, packaged: false };
  const system = fs.existsSync(SYSTEM_CHROMIUM);
  if (system && use === "pages") return { executablePath: SYSTEM_CHROMIUM, packaged: false };
  // One extraction per process even when several launches ask at once.
  packaged ??= extractPackaged().catch((error: unknown) => {
    packaged = undefined;
    throw error;
  });
  try {
    return { executablePath: await packaged, packaged: true };
  } catch (error) {
    if (system) return { executablePath: SYSTEM_CHROMIUM, packaged: false };
    throw error;
  }
}

/**
 * @sparticuz/chromium extracts its binary into the temp directory, shared by every process on
 * the machine. Two processes extracting at once (parallel test workers, two app instances) make
 * one of them exec a file the other is still writing (ETXTBSY). A lock directory (mkdir is
 * atomic) lets one process extract while the others wait for it; a lock older than two
 * minutes belongs to a process that died mid-extraction and is taken over.
 */
async function extractPackaged(): Promise<string> {
  const lock = path.join(os.tmpdir(), "storydesk-chromium-extract.lock");
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) fs.rmSync(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    const { default: packagedChromium } = await import("@sparticuz/chromium");
    return await packagedChromium.executablePath();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** The Chromium executable to launch (see the order above). */
export async function chromiumPath(use: ChromiumUse = "pages"): Promise<string> {
  return (await findChromium(use)).executablePath;
}

/**
 * A fontconfig file for the packaged Chromium: the fonts that ship with it (extracted beside it,
 * in <tmp>/fonts) plus whatever the system has. A machine with no fonts at all — no
 * /etc/fonts/fonts.conf — otherwise leaves Chromium with no font manager: web fonts fail to load
 * and pages lay out no text (measured with Chromium 140). Undefined when it is not needed.
 */
function packagedFontConfig(): string | undefined {
  if (process.env.FONTCONFIG_FILE || process.env.FONTCONFIG_PATH) return undefined;
  const tmp = os.tmpdir();
  const fontsDir = path.join(tmp, "fonts");
  if (!fs.existsSync(fontsDir)) return undefined;
  const file = path.join(tmp, "storydesk-chromium-fonts.conf");
  const xml = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    "<fontconfig>",
    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
    `  <dir>${fontsDir}</dir>`,
    `  <cachedir>${path.join(tmp, "storydesk-fontconfig-cache")}</cachedir>`,
    "</fontconfig>",
    "",
  ].join("\n");
  try {
    if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== xml) {
      const partial = `${file}.${process.pid}`;
      fs.writeFileSync(partial, xml);
      fs.renameSync(partial, file);
    }
  } catch {
    return undefined;
  }
  return file;
}

/** Everything `chromium.launch()` needs: the executable, CHROMIUM_FLAGS and, if needed, an environment. */
export async function chromiumLaunchOptions(use: ChromiumUse = "pages"): Promise<{ executablePath: string; args: string[]; env?: Record<string, string> }> {
  const found = await findChromium(use);
  const fontConfig = found.packaged ? packagedFontConfig() : undefined;
  const env = fontConfig
    ? { ...(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined)) as Record<string, string>), FONTCONFIG_FILE: fontConfig }
    : undefined;
  return { executablePath: found.executablePath, args: [...CHROMIUM_FLAGS], ...(env ? { env } : {}) };
}
