import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";
import { authorizeDossier } from "@/lib/server/dossier/build";
import type { DossierOptionsInput } from "@/lib/validations/dossier";
import { renderQueue } from "./boss";
import { QUEUE_NAME, renderQueueConfig } from "./config";
import { isUuid } from "@/lib/validations/common";

// A PDF export as a job: checked as the export itself would be, stored as ids and options in
// dossier_exports, sent to pg-boss with only the export's id. Its status and its file are for
// the user who asked, while they are a member of the story, until the file expires.

/** A job not finished within this long is dropped with its row (the queue is stuck or down). */
const UNFINISHED_KEEP_MS = 60 * 60_000;

export type ExportJobStatus = {
  id: string;
  state: "queued" | "rendering" | "ready" | "failed";
  /** In plain words: "Waiting for a renderer", "Printing 12 sections", "Ready: 136 pages"… */
  stage: string;
  pages: number | null;
  error: string | null;
  filename: string | null;
  expiresAt: string;
};

export async function enqueueDossierPdf(user: SessionUser, storyId: string, raw: DossierOptionsInput, timeZone: string): Promise<ExportJobStatus> {
  const { options, access } = await authorizeDossier(user, storyId, raw, timeZone);
  if (options.format !== "pdf") throw new AppError("VALIDATION", { fieldErrors: { format: ["Only PDF exports are queued."] } });
  const config = renderQueueConfig();
  const id = randomUUID();
  const row = await db().dossierExport.create({
    data: {
      id,
      storyId: access.storyId,
      userId: user.id,
      // The options as the user sent them (re-checked when the job renders), never content.
      options: JSON.parse(JSON.stringify(raw)) as object,
      timeZone,
      stage: "Waiting for a renderer",
      expiresAt: new Date(Date.now() + UNFINISHED_KEEP_MS),
    },
  });
  try {
    const boss = await renderQueue();
    await boss.send(QUEUE_NAME, { exportId: id }, { id, retryLimit: config.retries, expireInSeconds: config.leaseSeconds });
  } catch {
    await db().dossierExport.delete({ where: { id } }).catch(() => {});
    throw new AppError("UNAVAILABLE", { message: "The PDF could not be queued just now. Try again in a moment; JSON and Markdown exports still work." });
  }
  return toStatus(row);
}

async function ownExport(user: SessionUser, storyId: string, id: string) {
  // A non-member gets the story's 404; a member who did not ask gets the job's.
  const access = await storyAccessFor(user, storyId, "reader");
  const uuid = isUuid(id);
  const row = uuid ? await db().dossierExport.findFirst({ where: { id, storyId: access.storyId, userId: user.id } }) : null;
  if (!row) throw new AppError("NOT_FOUND", { message: "No such export of yours: an export is kept only for the person who asked, for a short while." });
  if (row.expiresAt.getTime() <= Date.now()) throw new AppError("GONE", { message: "This export has expired. Export the dossier again." });
  return row;
}

export async function exportJobStatus(user: SessionUser, storyId: string, id: string): Promise<ExportJobStatus> {
  return toStatus(await ownExport(user, storyId, id));
}

export async function exportJobFile(user: SessionUser, storyId: string, id: string): Promise<{ filename: string; body: Uint8Array }> {
  const row = await ownExport(user, storyId, id);
  if (row.state !== "ready" || !row.pdf || !row.filename) throw new AppError("CONFLICT", { message: "This export is not ready yet." });
  return { filename: row.filename, body: row.pdf };
}

/** Deletes expired exports (their PDFs with them). Any process may run it. */
export async function deleteExpiredExports(now = new Date()): Promise<number> {
  return (await db().dossierExport.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}

type Row = { id: string; state: string; stage: string | null; pages: number | null; error: string | null; filename: string | null; expiresAt: Date };

function toStatus(row: Row): ExportJobStatus {
  return {
    id: row.id,
    state: row.state as ExportJobStatus["state"],
    stage: row.stage ?? "",
    pages: row.pages,
    error: row.error,
    filename: row.filename,
    expiresAt: row.expiresAt.toISOString(),
  };
}
