// The evidence desk's text engine (issue 17): importing a 5,000-word document with its quote
// proposals, and re-anchoring 1,000 quotes in a new take of it. Pure computation, no database:
// `--only evidence` runs it without starting PostgreSQL.
//
// Baselines, from the same run on the same text:
// - import + proposals vs import alone (parseEvidence of the pasted text: NFC, paragraphs, word
//   count, language): what finding quotations, attributions and speakers adds;
// - re-anchoring vs an exact `indexOf` of the same 1,000 quotes in the new take: the floor any
//   re-anchoring has to pay to find the words at all.
import { readFileSync } from "node:fs";
import path from "node:path";
import { reanchorAll } from "@/lib/evidence/anchor";
import { parseEvidence } from "@/lib/evidence/parse";
import { proposeQuotes, type SpeakerCandidate } from "@/lib/evidence/quotes";
import { describeRange, type Anchor } from "@/lib/evidence/selectors";
import type { Scale } from "./config";
import { machineInfo, metric, say, since, summarize, type Metric } from "./stats";

export const EVIDENCE_BUDGETS = { importP95Ms: 300, reanchorMs: 1_000 } as const;

/** A small seeded generator (mulberry32): the same document every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SPEAKERS = ["Brad Smith", "Maya Cohen", "Imraan Siddiqi", "David Levi", "Ashraf al-Qudra", "Dana Weiss", "Omar Haddad", "Lena Park", "Tom Reyes", "Noa Peretz"];
const HEBREW = ["אנחנו בודקים את הדיווח ונגיב בהמשך", "המצב בשטח קשה מאוד", "לא נמסרו פרטים נוספים על הבדיקה"];
const ARABIC = ["المستشفيات ممتلئة ولا توجد كهرباء", "الوضع الإنساني كارثي", "لم نتلق أي رد رسمي حتى الآن"];

/** Wire-like copy of about `words` words: the seed reports' vocabulary, quotes with attributions in three languages. */
export function wireCopy(words: number, seed = 17): string {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const reports = ["report-a.txt", "report-b.txt"].map((file) => readFileSync(path.resolve("prisma/seed-story", file), "utf8"));
  const vocabulary = reports.join(" ").match(/[\p{L}’]+/gu)!.filter((w) => !/^[’]/u.test(w));
  const sentence = (n: number) => {
    const text = Array.from({ length: n }, () => pick(vocabulary)).join(" ");
    return text[0]!.toUpperCase() + text.slice(1);
  };
  const paragraphs: string[] = [];
  let count = 0;
  for (let i = 0; count < words; i++) {
    const kind = next();
    let paragraph: string;
    if (kind < 0.35) paragraph = `“${sentence(8 + Math.floor(next() * 20))},” ${pick(SPEAKERS)} said. ${sentence(10 + Math.floor(next() * 15))}.`;
    else if (kind < 0.45) paragraph = `${pick(SPEAKERS)} said: “${sentence(8 + Math.floor(next() * 15))}.”`;
    else if (kind < 0.5) paragraph = `״${pick(HEBREW)}״, אמר ${pick(["כהן", "לוי", "פרץ"])}. ${sentence(6)}.`;
    else if (kind < 0.55) paragraph = `وقال ${pick(["القدرة", "حداد"])}: «${pick(ARABIC)}». ${sentence(6)}.`;
    else paragraph = `${sentence(12 + Math.floor(next() * 20))}. ${sentence(8 + Math.floor(next() * 15))}.`;
    paragraphs.push(paragraph);
    count += paragraph.split(/\s+/u).length;
  }
  return paragraphs.join("\n\n");
}

/** A second take: a paragraph above, one paragraph in 20 reworded, one in 50 removed, a sentence appended. */
export function secondTake(body: string): string {
  const paragraphs = body.split("\n\n").flatMap((paragraph, i) => {
    if (i % 50 === 25) return [];
    if (i % 20 === 10) return [paragraph.replace(/ (the|a|of|to|and) /u, " THE ")];
    return [paragraph];
  });
  return `UPDATED with the ministry's response.\n\n${paragraphs.join("\n\n")}\n\nThe ministry did not respond to further questions.`;
}

function time(work: () => void, warmup: number, rounds: number): number[] {
  for (let i = 0; i < warmup; i++) work();
  return Array.from({ length: rounds }, () => {
    const start = performance.now();
    work();
    return performance.now() - start;
  });
}

async function timeAsync(work: () => Promise<unknown>, warmup: number, rounds: number): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return samples;
}

export async function measureEvidence(options: { rounds?: number } = {}): Promise<{ metrics: Metric[]; section: Record<string, unknown> }> {
  const rounds = options.rounds ?? 40;
  const text = wireCopy(5_000);
  const speakers: SpeakerCandidate[] = [
    ...SPEAKERS.map((name, i) => ({ id: `s${i}`, names: [name, "Official"] })),
    { id: "he1", names: ["מאיה כהן"] },
    { id: "he2", names: ["דוד לוי"] },
    { id: "ar1", names: ["أشرف القدرة"] },
    ...Array.from({ length: 37 }, (_, i) => ({ id: `x${i}`, names: [`Source ${i} Example`, `Affiliation ${i}`] })),
  ];
  const parsed = await parseEvidence({ text });
  const words = parsed.body.split(/\s+/u).length;
  const proposals = proposeQuotes(parsed.body, speakers);
  say(`evidence: a ${words.toLocaleString("en")}-word document, ${proposals.length} quotes proposed (${proposals.filter((p) => p.speakerId).length} with a speaker), ${speakers.length} sources`);

  // Interleaved so both see the same machine load.
  const imports: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < rounds + 3; i++) {
    const [withQuotes] = await timeAsync(async () => proposeQuotes((await parseEvidence({ text })).body, speakers), 0, 1);
    const [alone] = await timeAsync(() => parseEvidence({ text }), 0, 1);
    if (i >= 3) {
      imports.push(withQuotes!);
      baseline.push(alone!);
    }
  }
  const importSummary = summarize(imports);
  const metrics: Metric[] = [
    metric("evidence: import + quote proposals, 5,000 words", importSummary, summarize(baseline), `p95 ≤ ${EVIDENCE_BUDGETS.importP95Ms} ms`, importSummary.p95 <= EVIDENCE_BUDGETS.importP95Ms, {
      baseline: "parseEvidence alone (normalise, count, detect)",
      proposals: proposals.length,
      rounds,
    }),
  ];

  // 1,000 anchors: the proposals, then passages of 5–25 words a reader might select, spread over the text.
  const body = parsed.body;
  const anchors: Anchor[] = proposals.map((p) => p.anchor);
  const next = random(19);
  const starts = [...body.matchAll(/(?<=\s)\S/gu)].map((m) => m.index);
  while (anchors.length < 1_000) {
    const first = Math.floor(next() * (starts.length - 30));
    const start = starts[first]!;
    const end = starts[first + 5 + Math.floor(next() * 20)]! - 1;
    anchors.push(describeRange(body, start, end));
  }
  const take2 = secondTake(body);
  const statuses: Record<string, number> = {};
  for (const result of reanchorAll(take2, anchors)) {
    const key = result.status === "orphan" ? "orphan" : `${result.status}${result.changed ? " (changed)" : ""}`;
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  say(`evidence: 1,000 anchors in take 2: ${Object.entries(statuses).map(([k, v]) => `${v} ${k}`).join(", ")}`);
  const reanchorRounds = Math.max(5, Math.round(rounds / 4));
  const reanchor = summarize(time(() => reanchorAll(take2, anchors), 1, reanchorRounds));
  const indexOf = summarize(time(() => anchors.forEach((a) => take2.indexOf(a.quote.exact)), 1, reanchorRounds));
  metrics.push(
    metric("evidence: re-anchor 1,000 quotes in a new take", reanchor, indexOf, `≤ ${EVIDENCE_BUDGETS.reanchorMs} ms`, reanchor.max <= EVIDENCE_BUDGETS.reanchorMs, {
      baseline: "exact indexOf of the same 1,000 quotes",
      rounds: reanchorRounds,
      maxMs: Math.round(reanchor.max),
      ...statuses,
    }),
  );
  return { metrics, section: { document: { words, proposals: proposals.length, speakers: speakers.length }, anchors: { count: anchors.length, statuses } } };
}

/** The part as `npm run bench` runs it: figures, problems (a check that failed), and its results section. */
export async function evidencePart(scale: Scale): Promise<{ metrics: Metric[]; problems: string[]; section: Record<string, unknown> & { missed: string[] } }> {
  const start = performance.now();
  const problems: string[] = [];
  let measured: Awaited<ReturnType<typeof measureEvidence>> | null = null;
  try {
    measured = await measureEvidence({ rounds: scale.name === "small" ? 12 : 40 });
  } catch (error) {
    problems.push(`evidence FAILED: ${error instanceof Error ? error.message : String(error)}`);
  }
  const metrics = measured?.metrics ?? [];
  const missed = metrics.filter((m) => m.met === false).map((m) => m.metric);
  const section = { timestamp: new Date().toISOString(), scale: scale.name, machine: machineInfo(), seconds: Math.round(since(start) / 100) / 10, ...measured?.section, metrics, missed, problems };
  return { metrics, problems, section };
}
