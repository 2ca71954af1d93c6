// The ledger's protections (issue 12), each beside what it protects, in the same run:
//   - signing on export: the time an export spends on its checkpoint (signing it, and storing
//     it with the export's record beyond the record alone) beside the render, PDF and JSON;
//   - verification of the big story's chain (100,000 revisions at full scale) with its signed
//     checkpoints and the live-row check beside the plain hash-chain recomputation (verifyChain),
//     rounds interleaved; then each extra step alone;
//   - an edit (`updateQuote`) as the runtime role, as shipped, beside the same edit as before
//     issue 12 — the superuser, record_revision() and the chain lock running as the caller —
//     blocks interleaved (the functions switched between blocks).
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { createDb } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { BUDGETS, type Scale } from "./config";
import { editQuote, loadQuotes } from "./edits";
import type { Desk } from "./generate";
import { metric, say, summarize, timed, type Metric, type Summary } from "./stats";

export class LedgerCheckError extends Error {}

/** A ratio of medians (p50): what the budgets of this part are about. */
const medianRatio = (own: Summary, base: Summary) => own.p50 / base.p50;
const round = (value: number) => Math.round(value * 100) / 100;

type ExportFormat = "json" | "pdf";

/**
 * Exports of the small story: what each spent on its checkpoint, and on its render. An export
 * records itself whether signed or not; a signed JSON copy stores its checkpoint in the same
 * statement, a PDF during its render (sign.ts). So signing adds the signature, plus the time
 * beyond the record alone of what comes after the render — both written in each round, in
 * turns, with the same record.
 */
async function sampleExports(desk: Desk, smallStoryId: string, format: ExportFormat, rounds: number, warmup: number) {
  const { buildDossier } = await import("@/lib/server/dossier/build");
  const { renderDossierHtml } = await import("@/lib/server/dossier/html");
  const { renderPdf } = await import("@/lib/server/dossier/pdf");
  const { signDossier, storeDuringRender, storeSignedExport } = await import("@/lib/server/dossier/sign");
  const { recordSensitiveRead } = await import("@/lib/server/audit");
  const { db } = await import("@/lib/db");
  const meta = { title: "Bench", author: "Bench", createdAt: new Date(), headerTitle: "Bench", marking: "Bench" };
  const signing: number[] = [];
  const before: number[] = [];
  const rendering: number[] = [];
  for (let i = 0; i < warmup + rounds; i++) {
    const { dossier, revisionHash } = await buildDossier(desk.lead, smallStoryId, { format }, "UTC");
    const sign = await timed(() => signDossier(dossier, revisionHash, desk.lead, "UTC"));
    if (format === "pdf") storeDuringRender(sign.value); // as exportDossier does
    const render = await timed(async () => (format === "json" ? `${JSON.stringify(dossier, null, 2)}\n` : renderPdf(renderDossierHtml(dossier), meta)));
    const record = { kind: "export", storyId: smallStoryId, actorId: desk.lead.id, details: { format, bench: true } } as const;
    const store = () => timed(() => storeSignedExport(sign.value, record));
    const alone = () => timed(() => recordSensitiveRead(db(), record));
    const [stored, recorded] = i % 2 === 0 ? [await store(), await alone()] : await alone().then(async (r) => [await store(), r] as const);
    if (stored.value !== null) throw new LedgerCheckError(`an export's checkpoint was refused: ${stored.value}`);
    if (i < warmup) continue;
    signing.push(sign.ms + stored.ms - recorded.ms);
    before.push(sign.ms);
    rendering.push(render.ms);
  }
  return { signing: summarize(signing), before: summarize(before), rendering: summarize(rendering) };
}

/**
 * What signing adds to an export: the time an export spends on its checkpoint — signing it
 * before the render, and storing it with the export's record after (beyond the record alone)
 * — for a PDF and for JSON, of a small story.
 */
async function measureSigning(desk: Desk, smallStoryId: string, scale: Scale): Promise<Metric[]> {
  const { closePdfBrowser } = await import("@/lib/server/dossier/pdf");
  const { signCheckpoint } = await import("@/lib/server/ledger/checkpoint-note");
  const { deskSigner } = await import("@/lib/server/ledger/keys");
  const { warmup, signRounds } = scale.ledger;
  const pdfRounds = Math.max(5, Math.round(signRounds / 10));
  say(`ledger: what signing adds to an export — ${signRounds} JSON and ${pdfRounds} PDF exports of a small story…`);
  const json = await sampleExports(desk, smallStoryId, "json", signRounds, warmup);
  let pdf: Awaited<ReturnType<typeof sampleExports>>;
  try {
    pdf = await sampleExports(desk, smallStoryId, "pdf", pdfRounds, 2);
  } finally {
    await closePdfBrowser();
  }
  const signer = deskSigner();
  const signature: number[] = [];
  for (let i = 0; i < signRounds; i++) {
    const start = performance.now();
    signCheckpoint(signer, { chain: desk.bigStoryId, seq: 1, headHash: randomBytes(32).toString("hex"), signedAt: new Date() });
    signature.push(performance.now() - start);
  }
  const budget = `≤ ${BUDGETS.signMs} ms (p50)`;
  return [
    metric("signing adds to a PDF export (small story)", pdf.signing, pdf.rendering, budget, pdf.signing.p50 <= BUDGETS.signMs, { n: pdf.signing.n }),
    metric("signing adds to a JSON export (small story)", json.signing, json.rendering, budget, json.signing.p50 <= BUDGETS.signMs, { n: json.signing.n }),
    metric("  of which: before the render (the checkpoint signed; no round trip)", json.before, null, "info", null),
    metric("  of which: the Ed25519 signature alone", summarize(signature), null, "info", null),
  ];
}

async function measureVerification(desk: Desk, scale: Scale): Promise<Metric[]> {
  const { verifyChain, verifyLedgerChain } = await import("@/lib/server/ledger");
  const { makeCheckpoint } = await import("@/lib/server/ledger/checkpoints");
  const { db } = await import("@/lib/db");
  const head = Number((await db().revisionChain.findUniqueOrThrow({ where: { chain: desk.bigStoryId } })).seq);
  // Checkpoints spread over the chain, as an hourly schedule and exports leave them.
  const count = scale.ledger.checkpoints;
  for (let k = 1; k <= count; k++) await makeCheckpoint(desk.bigStoryId, Math.max(1, Math.floor((head * k) / count)), "schedule", null);
  const [distinct] = await db().$queryRaw<{ stored: number }[]>`
    SELECT count(DISTINCT (seq, head_hash))::int AS stored FROM ledger_checkpoints WHERE chain = ${desk.bigStoryId}`;
  const stored = distinct?.stored ?? 0;
  say(`ledger: verifying ${head.toLocaleString("en")} revisions with ${stored} checkpoints, ${scale.ledger.verifyRounds} rounds of each, interleaved…`);
  const plain: number[] = [];
  const full: number[] = [];
  for (let round = 0; round < scale.ledger.verifyRounds; round++) {
    const a = await timed(() => verifyChain(desk.bigStoryId));
    const b = await timed(() => verifyLedgerChain(desk.bigStoryId));
    if (!a.value.ok || !b.value.ok) throw new LedgerCheckError(`the big story's ledger did not verify: ${(b.value.problems[0] ?? a.value.problems[0])?.problem}`);
    if (b.value.checkpoints?.verified !== stored) throw new LedgerCheckError(`${b.value.checkpoints?.verified} of ${stored} checkpoints verified`);
    plain.push(a.ms);
    full.push(b.ms);
  }
  const steps: Record<string, number[]> = { checkpoints: [], coverage: [], rows: [] };
  for (let round = 0; round < scale.ledger.verifyRounds; round++) {
    for (const step of ["checkpoints", "coverage", "rows"] as const) steps[step]!.push((await timed(() => verifyLedgerChain(desk.bigStoryId, { steps: [step] }))).ms);
  }
  const base = summarize(plain);
  const all = summarize(full);
  const ratio = medianRatio(all, base);
  return [
    metric(`verify ${head.toLocaleString("en")} revisions: every step (links, ${stored} checkpoints, coverage, live rows)`, all, base, `≤ ${BUDGETS.verifyRatio}× verifyChain`, ratio <= BUDGETS.verifyRatio, {
      p50Ratio: round(ratio),
      revisionsPerSecond: Math.round((head * 1000) / all.p50),
    }),
    metric("  of which: signed checkpoints alone", summarize(steps.checkpoints!), base, "info", null),
    metric("  of which: coverage alone", summarize(steps.coverage!), base, "info", null),
    metric(`  of which: live rows alone (${Object.values(scale.big).reduce((a, b) => a + b, 0).toLocaleString("en")} entries)`, summarize(steps.rows!), base, "info", null),
    metric("baseline: verifyChain (links only, as before issue 12)", base, null, "info", null, { revisionsPerSecond: Math.round((head * 1000) / base.p50) }),
  ];
}

/** Switches the ledger's functions between as shipped (owner's rights) and as before issue 12. */
async function ledgerFunctionsAsCaller(client: pg.Client, asCaller: boolean): Promise<void> {
  if (asCaller) {
    await client.query("ALTER FUNCTION record_revision() SECURITY INVOKER RESET search_path");
    await client.query("ALTER FUNCTION ledger_lock_chain(TEXT) SECURITY INVOKER RESET search_path");
  } else {
    await client.query("ALTER FUNCTION record_revision() SECURITY DEFINER SET search_path = public, pg_temp");
    await client.query("ALTER FUNCTION ledger_lock_chain(TEXT) SECURITY DEFINER SET search_path = public, pg_temp");
  }
}

async function measureRoleSwitch(client: pg.Client, desk: Desk, scale: Scale, ownerUrl: string, offset: number): Promise<Metric[]> {
  const { updateQuote } = await import("@/lib/server/quotes");
  const holder = globalThis as unknown as { storydeskDb?: PrismaClient };
  const runtime = holder.storydeskDb!;
  // As db() is made (its edits take the same path: sql() on the client's own pool).
  const owner = createDb(ownerUrl);
  const { blocks, blockSize } = scale.ledger;
  const seedsRuntime = await loadQuotes(client, desk.bigStoryId, offset, blockSize);
  const seedsOwner = await loadQuotes(client, desk.bigStoryId, offset + blockSize, blockSize);
  const samples = { runtime: [] as number[], owner: [] as number[] };
  say(`ledger: edits as the runtime role and as before issue 12 (superuser, functions as the caller), ${blocks} blocks of ${blockSize} each, interleaved…`);
  try {
    for (let block = 0; block < blocks; block++) {
      // db() is lib/db.ts's process-wide client: the domain function runs as whichever is set.
      for (const series of block % 2 === 0 ? (["runtime", "owner"] as const) : (["owner", "runtime"] as const)) {
        await ledgerFunctionsAsCaller(client, series === "owner");
        holder.storydeskDb = series === "owner" ? owner : runtime;
        const seeds = series === "owner" ? seedsOwner : seedsRuntime;
        // The first edit after the switch re-plans the functions: a warm-up, not a sample.
        await editQuote(updateQuote, desk.lead, seeds[0]!, `${seeds[0]!.text} [w${block}]`, "bench warm-up");
        for (const seed of seeds.slice(1)) {
          samples[series].push((await timed(() => editQuote(updateQuote, desk.lead, seed, `${seed.text} [${block}]`, "bench: role switch"))).ms);
        }
      }
    }
  } finally {
    holder.storydeskDb = runtime;
    await ledgerFunctionsAsCaller(client, false);
    await owner.$disconnect();
  }
  const asRuntime = summarize(samples.runtime);
  const before = summarize(samples.owner);
  const ratio = medianRatio(asRuntime, before);
  return [
    metric("edit: updateQuote as the runtime role (as shipped)", asRuntime, before, `≤ ${BUDGETS.roleEditRatio}× (p50)`, ratio <= BUDGETS.roleEditRatio, { n: asRuntime.n, p50Ratio: round(ratio) }),
    metric("baseline: the same edit as before issue 12 (superuser, functions as caller)", before, null, "info", null, { n: before.n }),
  ];
}

export async function measureLedger(client: pg.Client, desk: Desk, smallStoryId: string, scale: Scale, ownerUrl: string, quoteOffset: number): Promise<Metric[]> {
  const verification = await measureVerification(desk, scale);
  const signing = await measureSigning(desk, smallStoryId, scale);
  return [...signing, ...verification, ...(await measureRoleSwitch(client, desk, scale, ownerUrl, quoteOffset))];
}
