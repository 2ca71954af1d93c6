// What `npm run bench` generates and measures, at each scale.
//   npm run bench                      full scale (the figures PRODUCT.md's budgets refer to)
//   npm run bench -- --scale=small     a quick run while developing (~1/20 of the data)
//   npm run bench -- --skip-render     no `next build` / `next start` (edits and writers only)
//   npm run bench -- --markdown        also print the table in Markdown (for the README)
//   npm run bench -- --only=history    only the history reads (issue 4): its own stories, ~1.5 min
//   npm run bench -- --skip-history    everything but the history reads

export type Scale = {
  name: "full" | "small";
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
  render: { warmup: number; requests: number };
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
};

const FULL: Scale = {
  name: "full",
  stories: 50,
  big: { sources: 1000, quotes: 2000, questions: 1000, timeline: 1000 },
  bigRevisions: 100_000,
  small: { sources: 5, quotes: 5, questions: 5, timeline: 5 },
  confidentialShare: 0.05,
  updateBatch: 500,
  render: { warmup: 15, requests: 100 },
  edits: { warmup: 20, count: 300, entries: 50 },
  writers: { writers: 20, updatesEach: 25, timeLimitMs: 60_000 },
  history: {
    entries: { sources: 100, quotes: 200, questions: 100, timeline: 100 },
    revisions: [1_000, 10_000, 100_000],
    churn: 60,
    warmup: 10,
    iterations: 100,
  },
};

const SMALL: Scale = {
  ...FULL,
  name: "small",
  stories: 6,
  big: { sources: 50, quotes: 100, questions: 50, timeline: 50 },
  bigRevisions: 5_000,
  render: { warmup: 5, requests: 20 },
  edits: { warmup: 5, count: 60, entries: 20 },
  writers: { writers: 20, updatesEach: 5, timeLimitMs: 30_000 },
  history: { ...FULL.history, revisions: [1_000, 2_000, 5_000], warmup: 3, iterations: 20 },
};

export type Options = { scale: Scale; skipRender: boolean; markdown: boolean; history: "skip" | "also" | "only" };

export function parseOptions(argv: string[]): Options {
  let scale = FULL;
  let skipRender = false;
  let markdown = false;
  let history: Options["history"] = "also";
  // `--only history` and `--only=history` alike.
  const args = argv.flatMap((arg, i) => (arg === "--only" ? [] : argv[i - 1] === "--only" ? [`--only=${arg}`] : [arg]));
  for (const arg of args) {
    if (arg === "--scale=small" || arg === "--small") scale = SMALL;
    else if (arg === "--scale=full") scale = FULL;
    else if (arg === "--skip-render") skipRender = true;
    else if (arg === "--markdown") markdown = true;
    else if (arg === "--only=history") history = "only";
    else if (arg === "--skip-history") history = "skip";
    else if (arg === "--help" || arg === "-h") {
      console.log("npm run bench [-- --scale=small|full] [--skip-render] [--markdown] [--only=history | --skip-history]");
      process.exit(0);
    } else {
      console.error(`[bench] unknown option ${arg}; try --help`);
      process.exit(2);
    }
  }
  return { scale, skipRender, markdown, history };
}

export const BUDGETS = {
  renderP95Ms: 150,
  editP95Ms: 25,
  editRatio: 3,
  /** History feed page and "as of" reconstruction, at the longest history. */
  historyP95Ms: 100,
  /** …and at most this many times the same figure at the shortest history. */
  historyGrowth: 2,
} as const;

/** The big story's title: every rendered page must contain it (no characters React escapes). */
export const BIG_TITLE = "Bench: the harbour contracts inquiry";
