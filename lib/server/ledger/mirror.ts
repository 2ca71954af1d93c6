import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { log, logUnexpected } from "@/lib/log";
import type { SignedCheckpoint } from "./checkpoint-note";

// Every new checkpoint also leaves the database, so that someone who can rewrite the database
// cannot rewrite them too:
//   STORYDESK_CHECKPOINT_DIR      appended to <dir>/<chain>.notes (a file `npm run audit:verify
//                                 -- --checkpoints <file or dir>` reads), e.g. a mounted volume
//                                 another machine backs up, or a write-only share;
//   STORYDESK_CHECKPOINT_WEBHOOK  POSTed as text/plain (the note), e.g. to a witness service or
//                                 a chat channel of the newsroom's.
// A checkpoint holds no content (a chain id, a length, a hash, a time), so it may go anywhere.
// Mirroring never delays or fails what made the checkpoint: a failure is logged.

const WEBHOOK_TIMEOUT_MS = 5_000;

async function appendToDirectory(dir: string, checkpoint: SignedCheckpoint): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  // One note per write with O_APPEND: concurrent writers (several app instances on one share)
  // never interleave within a note.
  await fs.appendFile(path.join(dir, `${checkpoint.chain}.notes`), `${checkpoint.note}\n`, { encoding: "utf8" });
}

async function postToWebhook(url: string, checkpoint: SignedCheckpoint): Promise<void> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "text/plain; charset=utf-8" },
    body: checkpoint.note,
    signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`webhook answered ${response.status}`);
}

const pending = new Set<Promise<void>>();

/** Sends a new checkpoint to the configured places, in the background. */
export function mirrorCheckpoint(checkpoint: SignedCheckpoint): void {
  const dir = process.env.STORYDESK_CHECKPOINT_DIR;
  const webhook = process.env.STORYDESK_CHECKPOINT_WEBHOOK;
  const jobs: [string, () => Promise<void>][] = [];
  if (dir) jobs.push(["directory", () => appendToDirectory(dir, checkpoint)]);
  if (webhook) jobs.push(["webhook", () => postToWebhook(webhook, checkpoint)]);
  for (const [target, job] of jobs) {
    const run = job().then(
      () => log.debug({ event: "checkpoint_mirrored", target, chain: checkpoint.chain, seq: checkpoint.seq }),
      (error: unknown) => logUnexpected(`mirrorCheckpoint.${target}`, error),
    );
    pending.add(run);
    void run.finally(() => pending.delete(run));
  }
}

/** Waits for the mirroring under way (commands that exit right after signing; tests). */
export async function mirrorsSettled(): Promise<void> {
  await Promise.all([...pending]);
}
