import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";
import { recordSensitiveRead } from "@/lib/server/audit";
import { readCheckpoint } from "@/lib/server/ledger/checkpoint-note";
import { trustedVerifiers } from "@/lib/server/ledger/keys";
import { verifyLedgerChain, type LedgerProblem } from "@/lib/server/ledger";
import { formatMoment } from "@/lib/time-zone";
import { buildDossier } from "./build";
import { compareJson, compareMarkdown, type CopyDifference } from "./compare";
import { readCopy, type CopyFormat, type DossierCopy } from "./copy";
import type { DossierManifest } from "./manifest";
import { MARKDOWN_CHECKPOINT_HEADING, renderDossierMarkdown } from "./markdown";
import { missingFromPdf } from "./pdf-check";
import type { Dossier } from "./types";

// Verify a copy: someone holds a dossier (PDF, JSON or Markdown) and asks whether it is what
// the desk's ledger says. Three questions, each answered in words:
//   1. Is its checkpoint signed by this desk's key, for the story and revision it shows?
//   2. Does the ledger still hold that checkpoint (and verify on its own: links, coverage, live rows)?
//   3. Is its content what the ledger gives for that revision, with the same options? This exact
//      file, byte for byte, if the desk recorded exporting it; else rebuilt through the asker's
//      access and compared: JSON entry by entry, Markdown line by line, a PDF's visible text.

export type CopyReport = {
  format: CopyFormat;
  story: { id: string; title: string };
  revision: number;
  asOfLabel: string;
  exported: { atLabel: string; by: string };
  signature: { ok: boolean; message: string };
  ledger: { ok: boolean; message: string; changesSince: number | null; problems: Pick<LedgerProblem, "problem" | "seq" | "expected" | "found">[] };
  content: { ok: boolean | null; message: string; exactFile: boolean; differences: CopyDifference[] };
  matched: boolean;
  summary: string;
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function checkSignature(copy: Extract<DossierCopy, { ok: true }>, timeZone: string): CopyReport["signature"] {
  const { manifest, checkpointNote } = copy;
  if (!checkpointNote) return { ok: false, message: "This copy carries no signed checkpoint: it cannot be tied to the ledger." };
  if (manifest.checkpoint && manifest.checkpoint !== checkpointNote) {
    return { ok: false, message: "The checkpoint shown in this copy is not the one it was exported with: it was edited." };
  }
  const read = readCheckpoint(checkpointNote, trustedVerifiers());
  if (!read.ok) {
    const messages = {
      "invalid-signature": "The signature on this copy's checkpoint does not verify: the checkpoint was altered or forged.",
      "unknown-key": `This copy's checkpoint is signed by ${read.keyName ?? "a key"} this desk does not trust.`,
      malformed: "This copy's checkpoint cannot be read.",
    } as const;
    return { ok: false, message: messages[read.reason] };
  }
  const { checkpoint } = read;
  if (checkpoint.chain !== manifest.story.id || checkpoint.seq !== manifest.asOf.revision) {
    return { ok: false, message: `The checkpoint signs revision #${checkpoint.seq} of another moment or story than the copy says it shows (revision #${manifest.asOf.revision}).` };
  }
  return { ok: true, message: `Signed by this desk's key (${checkpoint.keyName}) on ${formatMoment(checkpoint.signedAt, timeZone)}: revision #${checkpoint.seq} had hash ${checkpoint.headHash.slice(0, 16)}…` };
}

async function checkLedger(manifest: DossierManifest, note: string | null, showValues: boolean): Promise<CopyReport["ledger"]> {
  const result = await verifyLedgerChain(manifest.story.id, { external: note ? [note] : [] });
  const head = await db().revisionChain.findUnique({ where: { chain: manifest.story.id }, select: { seq: true } });
  const problems = result.problems.map(({ problem, seq, expected, found }) => (showValues ? { problem, seq, expected, found } : { problem, seq, expected: "", found: "" }));
  if (!result.ok) {
    return { ok: false, changesSince: null, problems, message: `The story's ledger does not verify: ${plural(problems.length, "problem")} (below).` };
  }
  const changesSince = head ? Number(head.seq) - manifest.asOf.revision : null;
  return { ok: true, changesSince, problems, message: `The ledger holds this checkpoint and verifies (links, checkpoints, every entry's current state); ${plural(changesSince ?? 0, "change was", "changes were")} made since.` };
}

/** The same dossier, rebuilt from the ledger through the asker's access, as the copy was made. */
async function rebuild(user: SessionUser, manifest: DossierManifest): Promise<Dossier> {
  const { dossier } = await buildDossier(
    // The exporter's name is part of the dossier (cover, redaction statement), not of the ledger.
    { ...user, name: manifest.generated.by },
    manifest.story.id,
    { format: "json", profile: manifest.profile, sections: manifest.sections.join(","), unredacted: manifest.redacted ? "0" : "1" },
    manifest.generated.timeZone,
    new Date(manifest.generated.at),
    {
      moment: manifest.asOf.now ? { instant: new Date(manifest.asOf.at) } : { rev: manifest.asOf.revision },
      sinceAt: manifest.changesSince ? new Date(manifest.changesSince) : null,
    },
  );
  if (dossier.asOf.revision !== manifest.asOf.revision) {
    throw new AppError("VALIDATION", { message: `The copy's moment (${manifest.asOf.at}) is revision #${dossier.asOf.revision}, not #${manifest.asOf.revision} as it says.` });
  }
  return { ...dossier, generated: manifest.generated, asOf: { ...dossier.asOf, now: manifest.asOf.now } };
}

async function exportedFile(storyId: string, bytes: Uint8Array): Promise<boolean> {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const [row] = await db().$queryRaw<{ id: bigint }[]>`
    SELECT id FROM sensitive_reads WHERE kind = 'export' AND story_id = ${storyId}::uuid AND details ->> 'sha256' = ${sha256} LIMIT 1`;
  return Boolean(row);
}

async function checkContent(user: SessionUser, copy: Extract<DossierCopy, { ok: true }>): Promise<CopyReport["content"]> {
  const { manifest } = copy;
  if (copy.format === "pdf" && (await exportedFile(manifest.story.id, copy.bytes))) {
    return { ok: true, exactFile: true, differences: [], message: "This is, byte for byte, a file the desk exported." };
  }
  let rebuilt: Dossier;
  try {
    rebuilt = await rebuild(user, manifest);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const message =
      error.code === "FORBIDDEN"
        ? "This copy is unredacted: only the story's leads can compare its contents with the ledger."
        : `Its contents could not be compared: ${error.userMessage}`;
    return { ok: null, exactFile: false, differences: [], message };
  }
  if (!manifest.redacted) {
    // A lead compared an unredacted copy: the ledger's protected fields were read for it.
    await recordSensitiveRead(db(), {
      kind: "export",
      storyId: manifest.story.id,
      actorId: user.id,
      details: { format: copy.format, profile: manifest.profile, asOfRevision: manifest.asOf.revision, unredacted: true, purpose: "verify" },
    });
  }
  const differences =
    copy.format === "json"
      ? compareJson(copy.json!, rebuilt)
      : copy.format === "md"
        ? compareMarkdown(copy.text!.split(`\n${MARKDOWN_CHECKPOINT_HEADING}\n`)[0]!, renderDossierMarkdown(rebuilt))
        : await missingFromPdf(copy.bytes, rebuilt);
  if (!differences.length) {
    const how = copy.format === "pdf" ? "Every entry's text in the ledger is in this PDF (it is not a file the desk recorded exporting: it was re-saved or changed since)." : "Its contents are exactly what the ledger gives for that revision.";
    return { ok: true, exactFile: false, differences, message: how };
  }
  return { ok: false, exactFile: false, differences, message: `Its contents differ from the ledger in ${plural(differences.length, "place")}${differences.length >= 50 ? " or more" : ""} (below).` };
}

/** Checks a copy of a dossier against the ledger, for someone who may see the story. */
export async function verifyCopy(user: SessionUser, bytes: Uint8Array, timeZone: string): Promise<CopyReport> {
  const copy = await readCopy(bytes);
  if (!copy.ok) throw new AppError("VALIDATION", { message: copy.message });
  const { manifest } = copy;
  const access = await storyAccessFor(user, manifest.story.id, "reader");
  const story = await db().story.findUniqueOrThrow({ where: { id: access.storyId }, select: { id: true, title: true } });

  const signature = checkSignature(copy, timeZone);
  const ledger = await checkLedger(manifest, signature.ok ? copy.checkpointNote : null, user.role === "admin");
  const content = await checkContent(user, copy);
  const matched = signature.ok && ledger.ok && content.ok === true;
  const asOfLabel = formatMoment(new Date(manifest.asOf.at), timeZone);
  const summary = matched
    ? `This copy is the story as of revision #${manifest.asOf.revision} (${asOfLabel}), signed by this desk's key; ${plural(ledger.changesSince ?? 0, "change was", "changes were")} made since.`
    : `This copy does not match the ledger. ${[!signature.ok && signature.message, !ledger.ok && ledger.message, content.ok === false && content.message, content.ok === null && content.message].filter(Boolean).join(" ")}`;
  return {
    format: copy.format,
    story,
    revision: manifest.asOf.revision,
    asOfLabel,
    exported: { atLabel: formatMoment(new Date(manifest.generated.at), timeZone), by: manifest.generated.by },
    signature,
    ledger,
    content,
    matched,
    summary,
  };
}
