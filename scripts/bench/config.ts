// What `npm run bench` generates and measures, at each scale.
//   npm run bench                      full scale (the figures PRODUCT.md's budgets refer to)
//   npm run bench -- --scale=small     a quick run while developing (~1/20 of the data)
//   npm run bench -- --scale=large     10× the stories and entries, 1,000,000 revisions: every
//                                      figure and its growth over the last full run, no budgets
//                                      (bench/results-large.json; generation alone takes long)
//   npm run bench -- --revisions=N     no chain longer than N revisions (a trial of a scale)
//   npm run bench -- --skip-render     no `next build` / `next start` (edits and writers only)
//   npm run bench -- --skip-lighthouse the render figures without Lighthouse (~2 min less)
//   npm run bench -- --markdown        also print the table in Markdown (for docs/benchmarks.md)
//   npm run bench -- --only=history    only the history reads (issue 4): its own stories, ~1.5 min
//   npm run bench -- --skip-history    everything but the history reads
//   npm run bench -- --only=dossier    only the dossier export (issue 6): its own stories, ~2 min
//   npm run bench -- --skip-dossier    everything but the dossier export
//   npm run bench -- --only=ledger     only the ledger's protections (issue 12): its own big story
//   npm run bench -- --skip-ledger     everything but them
//   npm run bench -- --only=sources    only the sealed sources (issue 13): panel, decryption, keys:rotate
//   npm run bench -- --skip-sources    everything but them
//   npm run bench -- --only=live       only the live desk (issue 14): two app instances, SSE clients
//   npm run bench -- --skip-live       everything but it
//   npm run bench -- --only=evidence   only the evidence engine (issue 17): import + quote proposals, re-anchoring; no database
//   npm run bench -- --skip-evidence   everything but it
//   (--only may be given twice: --only history --only dossier runs both parts and nothing else)

export type Scale = {
  name: "full" | "small" | "large";
  /** Stories in all, the big one included. */
  stories: number;
  /** Entries of the big story, per table. */
  big: { sources: number; quotes: number; questions: number; timeline: number };
  /** Revisions in the big story's chain after generation (creates + updates). */
  bigRevisions: number;
  /** Entries of each small story, per table. */
  small: { sources: number; quotes: number; questions: number; timeline: number };
  /** Share of sources that are confidential (name encrypted, shown by alias). */
  confidentialShare: number;
  /** Rows updated per transaction while building the history. */
  updateBatch: number;
  /** lighthouseRounds: Lighthouse runs of each page (sign-in, story, quotes), in turns. */
  render: { warmup: number; requests: number; lighthouseRounds: number };
  edits: { warmup: number; count: number; entries: number };
  /** timeLimitMs: no new write starts after this (a stalled run still ends). */
  writers: { writers: number; updatesEach: number; timeLimitMs: number };
  /**
   * The history reads (issue 4): stories with the same entries and growing histories, so that
   * a figure's growth is the history's alone. `revisions[0]` is every figure's baseline.
   * churn: delete/restore events spread over each history (the action filter's rare rows).
   */
  history: {
    entries: { sources: number; quotes: number; questions: number; timeline: number };
    revisions: number[];
    churn: number;
    warmup: number;
    iterations: number;
  };
  /**
   * The dossier export (issue 6): one story with these entries (quotes: rtlShare of them in
   * Hebrew or Arabic; sources: confidentialShare confidential), follow-ups and comments on top,
   * and a tiny story (1 source, 1 quote) for the baseline. rounds: warm PDF exports of each,
   * interleaved; breakdownRounds: rounds of the steps alone. minPages: the big PDF's least.
   */
  dossier: {
    entries: { sources: number; quotes: number; questions: number; timeline: number };
    rtlShare: number;
    followUps: number;
    comments: number;
    warmup: number;
    rounds: number;
    breakdownRounds: number;
    minPages: number;
  };
  /**
   * The ledger's protections (issue 12): signRounds checkpoints as an export makes them;
   * verifyRounds of the big story's full verification beside verifyChain, with `checkpoints`
   * spread over its chain; `blocks` alternating blocks of `blockSize` edits as the runtime role
   * and as before issue 12.
   */
  ledger: { warmup: number; signRounds: number; verifyRounds: number; checkpoints: number; blocks: number; blockSize: number };
};

const FULL: Scale = {
  name: "full",
  stories: 50,
  big: { sources: 1000, quotes: 2000, questions: 1000, timeline: 1000 },
  bigRevisions: 100_000,
  small: { sources: 5, quotes: 5, questions: 5, timeline: 5 },
  confidentialShare: 0.05,
  updateBatch: 500,
  render: { warmup: 15, requests: 100, lighthouseRounds: 3 },
  edits: { warmup: 20, count: 300, entries: 50 },
  writers: { writers: 20, updatesEach: 25, timeLimitMs: 60_000 },
  history: {
    entries: { sources: 100, quotes: 200, questions: 100, timeline: 100 },
    revisions: [1_000, 10_000, 100_000],
    churn: 60,
    warmup: 10,
    iterations: 100,
  },
  dossier: {
    entries: { sources: 200, quotes: 400, questions: 200, timeline: 200 },
    rtlShare: 0.1,
    followUps: 50,
    comments: 50,
    // 20 rounds: the p95 of 10 samples is their maximum (nearest rank), so one GC pause or one
    // hiccup of the host decided the budget's row, the export's and the bare print's alike.
    warmup: 2,
    rounds: 20,
    breakdownRounds: 5,
    minPages: 50,
  },
  ledger: { warmup: 10, signRounds: 200, verifyRounds: 3, checkpoints: 100, blocks: 24, blockSize: 21 },
};

const SMALL: Scale = {
  ...FULL,
  name: "small",
  stories: 6,
  big: { sources: 50, quotes: 100, questions: 50, timeline: 50 },
  bigRevisions: 5_000,
  render: { warmup: 5, requests: 20, lighthouseRounds: 1 },
  edits: { warmup: 5, count: 60, entries: 20 },
  writers: { writers: 20, updatesEach: 5, timeLimitMs: 30_000 },
  history: { ...FULL.history, revisions: [1_000, 2_000, 5_000], warmup: 3, iterations: 20 },
  // 1/10 of the entries: the budget is for 1,000, so a small run's figures are not held to it.
  dossier: {
    entries: { sources: 20, quotes: 40, questions: 20, timeline: 20 },
    rtlShare: 0.1,
    followUps: 5,
    comments: 5,
    warmup: 1,
    rounds: 4,
    breakdownRounds: 3,
    minPages: 5,
  },
  ledger: { warmup: 5, signRounds: 60, verifyRounds: 3, checkpoints: 20, blocks: 8, blockSize: 11 },
};

/**
 * 10× the desk (stories, entries) and the longest histories at 1,000,000 revisions (issue 16):
 * not held to budgets — every figure is reported with its growth over the last full-scale run.
 * The dossier and the live desk keep their full-scale sizes: a PDF of 10,000 entries and
 * 1,000 streams are figures of their own (the full scale has them as info rows).
 */
const LARGE: Scale = {
  ...FULL,
  name: "large",
  stories: 500,
  big: { sources: 10_000, quotes: 20_000, questions: 10_000, timeline: 10_000 },
  bigRevisions: 1_000_000,
  small: { sources: 50, quotes: 50, questions: 50, timeline: 50 },
  // The edits and writers use their own quotes of the big story: as many as at full scale.
  history: { ...FULL.history, revisions: [1_000, 100_000, 1_000_000], iterations: 50 },
};

/** `--revisions=N`: no chain longer than N (the big story, the history stories above N dropped, at least two kept). */
function capRevisions(scale: Scale, most: number): Scale {
  const kept = scale.history.revisions.filter((n) => n <= most);
  const revisions = kept.length >= 2 ? kept : [scale.history.revisions[0]!, Math.max(most, scale.history.revisions[0]! + 1)];
  return { ...scale, bigRevisions: Math.min(scale.bigRevisions, most), history: { ...scale.history, revisions } };
}

/** The parts `--only` and `--skip-…` name; the desk (render, edits, writers) runs when no --only is given. */
const PARTS = ["history", "dossier", "ledger", "sources", "live", "evidence"] as const;
type Part = (typeof PARTS)[number];
type PartMode = "skip" | "also" | "only";

export type Options = {
  scale: Scale;
  skipRender: boolean;
  skipLighthouse: boolean;
  markdown: boolean;
  history: PartMode;
  dossier: PartMode;
  ledger: PartMode;
  sources: PartMode;
  live: PartMode;
  evidence: PartMode;
};

export function parseOptions(argv: string[]): Options {
  let scale = FULL;
  let skipRender = false;
  let skipLighthouse = false;
  let markdown = false;
  let most: number | null = null;
  const only = new Set<Part>();
  const skip = new Set<Part>();
  // `--only history` and `--only=history` alike.
  const args = argv.flatMap((arg, i) => (arg === "--only" ? [] : argv[i - 1] === "--only" ? [`--only=${arg}`] : [arg]));
  for (const arg of args) {
    if (arg === "--scale=small" || arg === "--small") scale = SMALL;
    else if (arg === "--scale=full") scale = FULL;
    else if (arg === "--scale=large") scale = LARGE;
    else if (/^--revisions=\d+$/.test(arg)) most = Number(arg.slice("--revisions=".length));
    else if (arg === "--skip-render") skipRender = true;
    else if (arg === "--skip-lighthouse") skipLighthouse = true;
    else if (arg === "--markdown") markdown = true;
    else if (PARTS.some((part) => arg === `--only=${part}`)) only.add(arg.slice("--only=".length) as Part);
    else if (PARTS.some((part) => arg === `--skip-${part}`)) skip.add(arg.slice("--skip-".length) as Part);
    else if (arg === "--help" || arg === "-h") {
      console.log("npm run bench [-- --scale=small|full|large] [--revisions=N] [--skip-render] [--skip-lighthouse] [--markdown] [--only=history|dossier|ledger|sources|live|evidence (repeatable) | --skip-history] [--skip-dossier] [--skip-ledger] [--skip-sources] [--skip-live] [--skip-evidence]");
      process.exit(0);
    } else {
      console.error(`[bench] unknown option ${arg}; try --help`);
      process.exit(2);
    }
  }
  const mode = (part: Part): PartMode => (only.size ? (only.has(part) ? "only" : "skip") : skip.has(part) ? "skip" : "also");
  if (most !== null) scale = capRevisions(scale, most);
  return { scale, skipRender, skipLighthouse, markdown, history: mode("history"), dossier: mode("dossier"), ledger: mode("ledger"), sources: mode("sources"), live: mode("live"), evidence: mode("evidence") };
}

export const BUDGETS = {
  renderP95Ms: 150,
  /** The evidence viewer of a 5,000-word document (issue 17). */
  viewerP95Ms: 150,
  /** A panel of 50 entries (?tab=quotes, ?tab=sources; issue 16): p95, and against /api/ping's p95. */
  panelP95Ms: 60,
  panelPingRatio: 5,
  /** The panel page's HTML over its entries (issue 16). */
  htmlPerEntryKiB: 3,
  editP95Ms: 25,
  editRatio: 3,
  /** History feed page and "as of" reconstruction, at the longest history. */
  historyP95Ms: 100,
  /** …and at most this many times the same figure at the shortest history: the medians' ratio (issue 16; the p95s' is reported). */
  historyGrowth: 2,
  /** A warm PDF export of a 1,000-entry dossier (issue 6). */
  dossierPdfP95Ms: 3_000,
  /** …and at most this many times a bare Chromium print of the same entries as plain HTML (issue 16, p95 ratio). */
  dossierPdfBareRatio: 1.5,
  /** A warm PDF export of a tiny story (1 source, 1 quote): the fixed cost of an export (issue 16). */
  dossierTinyPdfP95Ms: 250,
  /** What signing adds to an export, p95 (issue 12). */
  signMs: 1,
  /** The full verification of a 100,000-revision chain against verifyChain alone (p50 ratio). */
  verifyRatio: 2,
  /** An edit as the runtime role against the same edit before issue 12 (p50 ratio). */
  roleEditRatio: 1.05,
} as const;

/** The big story's title: every rendered page must contain it (no characters React escapes). */
export const BIG_TITLE = "Bench: the harbour contracts inquiry";
