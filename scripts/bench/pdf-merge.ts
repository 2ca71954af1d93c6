// What joining a dossier printed as parts costs (lib/server/dossier/pdf-merge.ts), on parts
// Chromium printed (e.g. the bench's document cut before a section, each half printed alone):
//   npx tsx --conditions=react-server scripts/bench/pdf-merge.ts A.pdf B.pdf [rounds] [whole.pdf]
// Paired, alternating in one process: mergePrinted against copying the parts' bytes into one
// buffer (the floor of any merge); with whole.pdf, finishPdf (right-to-left relabelling and
// metadata) on the merged file against on the whole print. Each part's anchors are the names of
// its own /Dests (parts printed without placeholders hold every destination they define).
import fs from "node:fs";
import os from "node:os";
import { finishPdf } from "@/lib/server/dossier/pdf-finish";
import { mergePrinted, type PrintedPart } from "@/lib/server/dossier/pdf-merge";

const destNames = (pdf: Uint8Array) => {
  const text = Buffer.from(pdf).toString("latin1");
  const ref = /\/Dests (\d+) 0 R/.exec(text);
  if (!ref) return new Set<string>();
  const at = text.indexOf(`\n${ref[1]} 0 obj`);
  return new Set([...text.slice(at, text.indexOf("endobj", at)).matchAll(/\/([^\s/[\]<>()]+) \[/g)].map((match) => match[1]!));
};

const [first, second, roundsArg, wholeFile] = process.argv.slice(2);
if (!first || !second) throw new Error("usage: pdf-merge.ts A.pdf B.pdf [rounds] [whole.pdf]");
const parts: PrintedPart[] = [first, second].map((file) => {
  const pdf = new Uint8Array(fs.readFileSync(file));
  return { pdf, anchors: destNames(pdf) };
});
const whole = wholeFile ? new Uint8Array(fs.readFileSync(wholeFile)) : undefined;
const rounds = Number(roundsArg ?? 12);
const info = { title: "Bench", author: "Bench", createdAt: new Date("2026-12-01T00:00:00Z") };

// Wall time, and the process's CPU time (all its threads): on a busy machine the CPU time moves
// less with the load than the wall time does.
const times = new Map<string, { wall: number[]; cpu: number[] }>();
const time = async (name: string, run: () => unknown) => {
  const [start, cpu] = [performance.now(), process.cpuUsage()];
  await run();
  const used = process.cpuUsage(cpu);
  const entry = times.get(name) ?? times.set(name, { wall: [], cpu: [] }).get(name)!;
  entry.wall.push(performance.now() - start);
  entry.cpu.push((used.user + used.system) / 1000);
};
let merged = mergePrinted(parts);
for (let round = 0; round < rounds + 2; round++) {
  if (round === 2) times.clear(); // two rounds of warm-up
  await time("mergePrinted", () => (merged = mergePrinted(parts)));
  await time("copy the parts' bytes", () => Buffer.concat(parts.map((part) => part.pdf)));
  if (whole) {
    await time("finishPdf(merged, rtl)", () => finishPdf(merged, info, { rtl: true }));
    await time("finishPdf(whole, rtl)", () => finishPdf(whole, info, { rtl: true }));
  }
}
console.log(`${parts.map((part) => `${(part.pdf.byteLength / 1e6).toFixed(2)} MB`).join(" + ")} → ${(merged.byteLength / 1e6).toFixed(2)} MB; ${rounds} rounds; load ${os.loadavg().map((load) => load.toFixed(2)).join(" ")}`);
const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1).padStart(7)} ms  min ${sorted[0]!.toFixed(1).padStart(7)} ms`;
};
for (const [name, { wall, cpu }] of times) console.log(`${name.padEnd(24)} wall ${stats(wall)}   CPU ${stats(cpu)}`);
