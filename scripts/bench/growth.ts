// `--scale=large` (issue 16): 10× the desk and 1,000,000-revision histories, held to no budget —
// each figure is reported as measured and beside the same figure of the last full-scale run
// (bench/results.json), so the table says how every figure grows with the data.
import type { Scale } from "./config";
import { markdownTable, printTable, readResults, say, type Metric } from "./stats";

const SECTIONS = ["history", "dossier", "ledger", "live", "sources"] as const;

/** A large run's figures are information, not verdicts: the budget each figure has at full scale is kept in its detail. */
export function unbudgeted(scale: Scale, metrics: Metric[]): void {
  if (scale.name !== "large") return;
  for (const m of metrics) {
    m.detail = { ...m.detail, fullScaleBudget: m.budget };
    m.budget = "info (large scale)";
    m.met = null;
  }
}

/** Every metric of a results file, by name (the desk's and each part's). */
function metricsOf(results: Record<string, unknown>): Map<string, Metric> {
  const lists = [results.metrics, ...SECTIONS.map((key) => (results[key] as { metrics?: unknown } | undefined)?.metrics)];
  return new Map(lists.flatMap((list) => (Array.isArray(list) ? (list as Metric[]) : [])).map((m) => [m.metric, m]));
}

export type Growth = { metric: string; unit?: Metric["unit"]; fullP50: number; largeP50: number; p50: number; fullP95: number; largeP95: number; p95: number };

/** Each figure of this run over the same figure of the last full-scale run (those both runs have). */
export function growthOverFull(fullResultsFile: string, metrics: Metric[], markdown: boolean): { against: string | null; rows: Growth[] } {
  const full = readResults(fullResultsFile);
  if (full.scale !== "full") {
    say(`growth: no full-scale results in ${fullResultsFile} to compare with (run npm run bench first); figures only`);
    return { against: null, rows: [] };
  }
  const before = metricsOf(full);
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  const rows = metrics.flatMap((m): Growth[] => {
    const old = before.get(m.metric);
    if (!old || m.p50 === null || m.p95 === null || !old.p50 || !old.p95) return [];
    return [{ metric: m.metric, unit: m.unit, fullP50: old.p50, largeP50: m.p50, p50: ratio(m.p50, old.p50), fullP95: old.p95, largeP95: m.p95, p95: ratio(m.p95, old.p95) }];
  });
  const against = String(full.timestamp ?? "unknown time");
  if (rows.length === 0) {
    say(`growth: no figure in common with the full-scale run of ${against} (run the same parts at full scale first)`);
    return { against, rows };
  }
  // The table's columns, reused: p50/p95 of this run, the full run's p95 as the baseline, the p95s' ratio (and the medians').
  const table: Metric[] = rows.map((row) => ({
    metric: row.metric,
    p50: row.largeP50,
    p95: row.largeP95,
    baselineP95: row.fullP95,
    ratio: row.p95,
    budget: `full run: p50 ${row.fullP50.toFixed(1)} ${row.unit ?? "ms"}`,
    met: null,
    unit: row.unit,
    detail: { p50Ratio: row.p50 },
  }));
  say(`growth over the full-scale run of ${against} (baseline = that run's p95; ratio = large / full):`);
  printTable(table);
  if (markdown) console.log(`${markdownTable(table)}\n`);
  return { against, rows };
}
