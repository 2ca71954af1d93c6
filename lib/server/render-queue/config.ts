import "server-only";
import { renderConcurrency } from "@/lib/server/dossier/pdf";

// The render queue's settings, from the environment (README "Running several instances").

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

export const QUEUE_NAME = "dossier-pdf";
/** pg-boss's schema, created by the migration 20261202120000_i16_render_queue (the owner's). */
export const QUEUE_SCHEMA = "pgboss";

export const renderQueueConfig = () => ({
  /** STORYDESK_RENDER=off: this process enqueues but never renders (a web instance beside `npm run worker`). */
  renders: (process.env.STORYDESK_RENDER ?? "on").toLowerCase() !== "off",
  /** Renders at once in this process: one pg-boss worker each (default DOSSIER_RENDER_CONCURRENCY, 2). */
  concurrency: Math.floor(positive(process.env.STORYDESK_RENDER_WORKERS, renderConcurrency())),
  /**
   * The lease: a job still active this long after it started is failed by the next maintenance
   * pass and retried by another process (its renderer died). Longer than a render may take.
   */
  leaseSeconds: Math.floor(positive(process.env.STORYDESK_RENDER_LEASE_SECONDS, 120)),
  /** How often each process looks for expired leases (pg-boss maintenance). */
  maintenanceSeconds: Math.floor(positive(process.env.STORYDESK_RENDER_MAINTENANCE_SECONDS, 30)),
  /** How often an idle worker asks for a job. */
  pollingSeconds: positive(process.env.STORYDESK_RENDER_POLL_SECONDS, 1),
  /** Attempts after the first when the browser crashes or the process dies. */
  retries: Math.floor(positive(process.env.STORYDESK_RENDER_RETRIES, 2)),
  /** How long a finished PDF is kept for its download. */
  keepMinutes: positive(process.env.STORYDESK_RENDER_KEEP_MINUTES, 15),
});
