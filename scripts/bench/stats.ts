// Timing, percentiles and the results table of `npm run bench`.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const say = (line: string) => console.log(`[bench] ${line}`);

/** Milliseconds since `start` (a performance.now() reading). */
export const since = (start: number) => performance.now() - start;

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: since(start), value };
}

/** Nearest-rank percentile of the samples (ms). */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export type Summary = { n: number; p50: number; p95: number; max: number };

export function summarize(samples: number[]): Summary {
  return { n: samples.length, p50: percentile(samples, 50), p95: percentile(samples, 95), max: percentile(samples, 100) };
}

export type Metric = {
  metric: string;
  p50: number | null;
  p95: number | null;
  baselineP95: number | null;
  /** p95 / baseline p95. */
  ratio: number | null;
  budget: string;
  /** null: informational, no budget. */
  met: boolean | null;
  /** Anything else worth keeping (sample count, throughput, errors…). */
  detail?: Record<string, number | string | boolean>;
  /** What p50, p95 and the baseline are in, when not milliseconds (bytes per entry, a browser's figures). */
  unit?: "KiB";
};

/** Two decimals; null for no value (no samples). */
const figure = (value: number | null | undefined) => (value === null || value === undefined || !Number.isFinite(value) ? null : Math.round(value * 100) / 100);

export function metric(name: string, own: Summary | null, baseline: Summary | null, budget: string, met: boolean | null, detail?: Metric["detail"]): Metric {
  const ratio = own && baseline && own.n > 0 && baseline.p95 > 0 ? own.p95 / baseline.p95 : null;
  return {
    metric: name,
    p50: figure(own?.p50),
    p95: figure(own?.p95),
    baselineP95: figure(baseline?.p95),
    ratio: figure(ratio),
    budget,
    met,
    ...(detail ? { detail } : {}),
  };
}

const ms = (value: number | null, unit = "ms") => (value === null ? "—" : `${value.toFixed(1)} ${unit}`);
const times = (value: number | null) => (value === null ? "—" : `${value.toFixed(1)}×`);
const verdict = (met: boolean | null) => (met === null ? "—" : met ? "yes" : "MISSED");

/** The p95s' ratio, and the medians' beside it where a part keeps it (detail.p50Ratio). */
const ratios = (m: Metric) => (typeof m.detail?.p50Ratio === "number" && m.ratio !== null ? `${times(m.ratio)} (p50 ${times(m.detail.p50Ratio)})` : times(m.ratio));

export function tableRows(metrics: Metric[]): string[][] {
  return metrics.map((m) => [m.metric, ms(m.p50, m.unit), ms(m.p95, m.unit), ms(m.baselineP95, m.unit), ratios(m), m.budget, verdict(m.met)]);
}

export const HEADER = ["metric", "p50", "p95", "baseline p95", "ratio", "budget", "met?"];

/** A plain-text table for the terminal. */
export function printTable(metrics: Metric[]): void {
  const rows = [HEADER, ...tableRows(metrics)];
  const widths = HEADER.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join(" | ");
  console.log("");
  console.log(line(rows[0]!));
  console.log(widths.map((width) => "-".repeat(width)).join("-|-"));
  for (const row of rows.slice(1)) console.log(line(row));
  console.log("");
}

/** The same table in Markdown, for docs/benchmarks.md. */
export function markdownTable(metrics: Metric[]): string {
  const line = (row: string[]) => `| ${row.join(" | ")} |`;
  return [line(HEADER), line(HEADER.map(() => "---")), ...tableRows(metrics).map(line)].join("\n");
}

export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    loadAverageAtEnd: os.loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

export function writeResults(file: string, results: Record<string, unknown>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}

/** The results of an earlier run ({} if none, or unreadable): a partial run keeps the rest. */
export function readResults(file: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
