import "server-only";
import { db } from "@/lib/db";
import { readCheckpoint, type SignedCheckpoint } from "./checkpoint-note";
import { hex8, type Verifier } from "./note";
import type { LedgerProblem } from "./verify";

// The checkpoint step of a verification (verify-ledger.ts): every checkpoint given for a chain —
// from the table, files kept elsewhere, dossiers — must be signed by a trusted key, and the chain
// must still have the signed hash at the signed sequence. A failure is named at the first
// checkpoint that no longer holds, with the span since the last one that does.

const when = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
const truncate = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export type GivenNote = { note: string; from: "the checkpoint table" | "a checkpoint given" };

export function unreadable(read: Exclude<ReturnType<typeof readCheckpoint>, { ok: true }>, from: string, verifiers: Verifier[]): LedgerProblem {
  const revision = read.facts ? `revision #${read.facts.seq}` : "this story";
  const trusted = verifiers.map((v) => `${v.name}+${hex8(v.keyId)}`).join(", ") || "none configured";
  if (read.reason === "invalid-signature") {
    return {
      step: "checkpoints",
      seq: read.facts?.seq,
      problem: `A checkpoint of ${revision} (${from}) claims to be signed by ${read.keyName ?? "the desk"}, but its signature does not verify: it was altered or forged.`,
      expected: "a valid signature by the desk's key",
      found: "an invalid signature",
    };
  }
  if (read.reason === "unknown-key") {
    return {
      step: "checkpoints",
      seq: read.facts?.seq,
      problem: `A checkpoint of ${revision} (${from}) is signed by ${read.keyName ?? "an unknown key"}, which this desk does not trust, so it cannot vouch for the ledger. After a key rotation, list the old verifier key in STORYDESK_VERIFIER_KEYS.`,
      expected: `a signature by ${trusted}`,
      found: `a signature by ${read.keyName ?? "an unknown key"}`,
    };
  }
  return {
    step: "checkpoints",
    problem: `A checkpoint (${from}) is not a readable Storydesk checkpoint.`,
    expected: "a signed checkpoint note",
    found: `“${truncate(read.note.split("\n")[0] ?? "")}”`,
  };
}

export async function checkpointProblems(chain: string, notes: GivenNote[], verifiers: Verifier[]) {
  const problems: LedgerProblem[] = [];
  const good = new Map<string, SignedCheckpoint>();
  for (const { note, from } of notes) {
    const read = readCheckpoint(note, verifiers);
    if (!read.ok) problems.push(unreadable(read, from, verifiers));
    else if (read.checkpoint.chain !== chain) {
      problems.push({
        step: "checkpoints",
        seq: read.checkpoint.seq,
        problem: `A checkpoint stored for this chain signs another chain (${read.checkpoint.chain}): the checkpoint table was altered.`,
        expected: chain,
        found: read.checkpoint.chain,
      });
    } else good.set(`${read.checkpoint.seq}:${read.checkpoint.headHash}`, read.checkpoint);
  }
  const checkpoints = [...good.values()].sort((a, b) => a.seq - b.seq || a.signedAt.getTime() - b.signedAt.getTime());
  if (!checkpoints.length) return { problems, verified: 0, latest: null };

  const seqs = [...new Set(checkpoints.map((c) => c.seq))];
  const [hashes, [last]] = await Promise.all([
    db().$queryRaw<{ seq: bigint; hash: string }[]>`SELECT seq, hash FROM revisions WHERE chain = ${chain} AND seq = ANY(${seqs.map(BigInt)}::bigint[])`,
    db().$queryRaw<{ seq: bigint | null }[]>`SELECT max(seq) AS seq FROM revisions WHERE chain = ${chain}`,
  ]);
  const hashAt = new Map(hashes.map((row) => [Number(row.seq), row.hash]));
  const length = Number(last?.seq ?? 0);

  let lastGood = 0;
  let verified = 0;
  let latest: SignedCheckpoint | null = null;
  const failing: { checkpoint: SignedCheckpoint; window: number }[] = [];
  for (const checkpoint of checkpoints) {
    if (hashAt.get(checkpoint.seq) === checkpoint.headHash) {
      verified += 1;
      lastGood = Math.max(lastGood, checkpoint.seq);
      if (!latest || checkpoint.seq >= latest.seq) latest = checkpoint;
    } else failing.push({ checkpoint, window: lastGood });
  }
  const [first, ...others] = failing;
  if (first) {
    const { checkpoint, window } = first;
    const more = others.length ? ` ${others.length} later checkpoint${others.length === 1 ? " disagrees" : "s disagree"} too.` : "";
    const signed = `${checkpoint.keyName} on ${when(checkpoint.signedAt)}`;
    if (checkpoint.seq > length) {
      problems.push({
        step: "checkpoints",
        seq: checkpoint.seq,
        problem: `The desk signed (${signed}) that this story had ${checkpoint.seq} revisions; the ledger now has ${length}: revisions were removed after they were signed.${more}`,
        expected: `revision #${checkpoint.seq} with hash ${checkpoint.headHash}`,
        found: length ? `the ledger ends at revision #${length}` : "no revisions at all",
      });
    } else {
      const span = window ? `between revisions #${window + 1} and #${checkpoint.seq}` : `up to revision #${checkpoint.seq}`;
      problems.push({
        step: "checkpoints",
        seq: checkpoint.seq,
        problem: `Revision #${checkpoint.seq} is not the one the desk signed (${signed}): the history ${span} was changed after it was signed.${more}`,
        expected: checkpoint.headHash,
        found: hashAt.get(checkpoint.seq) ?? "none",
      });
    }
  }
  return { problems, verified, latest: latest ? { seq: latest.seq, signedAt: latest.signedAt.toISOString() } : null };
}
