import "server-only";
import type PgBoss from "pg-boss";
import { PDFDocument } from "@cantoo/pdf-lib";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { logUnexpected } from "@/lib/log";
import { exportDossier, type ExportStage } from "@/lib/server/dossier/export";
import { startRepeating } from "@/lib/server/schedule";
import type { DossierOptionsInput } from "@/lib/validations/dossier";
import { renderQueue } from "./boss";
import { QUEUE_NAME, renderQueueConfig } from "./config";
import { deleteExpiredExports } from "./jobs";

// The renderer: `concurrency` pg-boss workers in this process, each taking one job at a time.
// A job is rendered as its user, with today's access (a member removed since asking gets a
// refusal, not a PDF). Each attempt claims the row (attempt + 1) and writes only while it is
// still the latest attempt, so a render that outlived its lease cannot overwrite a retry.

type JobData = { exportId: string };

const STAGE_WORDS: Record<ExportStage["stage"], (stage: ExportStage) => string> = {
  building: () => "Building the dossier",
  printing: (stage) => (stage.stage === "printing" ? `Laying out and printing ${stage.sections} section${stage.sections === 1 ? "" : "s"}` : "Printing"),
  recording: () => "Signing and recording the export",
};

export async function renderJob(job: PgBoss.JobWithMetadata<JobData>): Promise<void> {
  const { exportId } = job.data;
  const stage = job.retryCount > 0 ? "Starting again (the last attempt stopped)" : "Starting";
  // One statement: the attempt this render owns is the one it set.
  const [claimed] = await db().$queryRaw<{ attempt: number; storyId: string; userId: string; options: unknown; timeZone: string }[]>`
    UPDATE dossier_exports SET state = 'rendering', stage = ${stage}, attempt = attempt + 1, started_at = now()
     WHERE id = ${exportId}::uuid AND finished_at IS NULL
    RETURNING attempt, story_id AS "storyId", user_id AS "userId", options, time_zone AS "timeZone"`;
  // Deleted (expired) or finished meanwhile: nothing to do.
  if (!claimed) return;
  const mine = { id: exportId, attempt: claimed.attempt };
  const write = (data: Parameters<ReturnType<typeof db>["dossierExport"]["updateMany"]>[0]["data"]) => db().dossierExport.updateMany({ where: mine, data });
  const user = await db().user.findUnique({ where: { id: claimed.userId }, select: { id: true, email: true, name: true, role: true } });
  try {
    if (!user) throw new AppError("NOT_FOUND");
    const file = await exportDossier(user, claimed.storyId, claimed.options as DossierOptionsInput, claimed.timeZone, new Date(), async (stage) => {
      await write({ stage: STAGE_WORDS[stage.stage](stage) });
    });
    const body = typeof file.body === "string" ? new TextEncoder().encode(file.body) : file.body;
    const pages = (await PDFDocument.load(body, { updateMetadata: false })).getPageCount();
    const { keepMinutes } = renderQueueConfig();
    const now = new Date();
    await write({
      state: "ready",
      stage: `Ready: ${pages} page${pages === 1 ? "" : "s"}`,
      pages,
      pdf: new Uint8Array(body),
      filename: file.filename,
      finishedAt: now,
      expiresAt: new Date(now.getTime() + keepMinutes * 60_000),
    });
  } catch (error) {
    const last = job.retryCount >= job.retryLimit;
    // The user's own problem (access lost, bad options, a moment that no longer exists): no retry.
    if (error instanceof AppError && error.code !== "UNAVAILABLE" && error.code !== "DATABASE_UNAVAILABLE") {
      await write({ state: "failed", stage: "Failed", error: error.userMessage, finishedAt: new Date() });
      return;
    }
    if (!(error instanceof AppError)) logUnexpected("renderJob", error);
    if (last) {
      const message = error instanceof AppError ? error.userMessage : "The PDF could not be made just now. Try again in a moment; JSON and Markdown exports still work.";
      await write({ state: "failed", stage: "Failed", error: message, finishedAt: new Date() });
      return;
    }
    await write({ state: "queued", stage: "Waiting to try again (the renderer failed)" });
    throw error; // pg-boss retries it
  }
}

/**
 * Starts rendering in this process, unless STORYDESK_RENDER=off: `concurrency` workers, and
 * the sweep of expired exports. Called by instrumentation.ts (web) and scripts/worker.ts.
 */
export async function startRenderWorkers(): Promise<boolean> {
  const config = renderQueueConfig();
  if (!config.renders) return false;
  const boss = await renderQueue();
  for (let i = 0; i < config.concurrency; i += 1) {
    await boss.work<JobData>(QUEUE_NAME, { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: config.pollingSeconds }, async ([job]) => {
      if (job) await renderJob(job);
    });
  }
  startRepeating(
    "render-queue-sweep",
    async () => {
      await deleteExpiredExports().catch((error: unknown) => logUnexpected("deleteExpiredExports", error));
    },
    60_000,
    5_000,
  );
  return true;
}
