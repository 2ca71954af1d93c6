// Runs once when a Next.js server starts (not during `next build`). The Node.js runtime starts
// the notification schedule (due-soon and overdue notifications, the e-mail outbox) and the
// ledger's checkpoint schedule; and it ends the live streams when the process is asked to stop. The module
// is imported at run time inside the runtime check, so nothing touches the database at import
// and an edge bundle never includes it. A failure here is logged, never fatal: the app serves
// without the schedule (the inbox still sweeps when opened).

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    if (process.env.NEXT_PHASE === "phase-production-build" || !process.env.DATABASE_URL) return;
    try {
      const { startNotificationSchedule } = await import("./lib/server/notifications/schedule");
      startNotificationSchedule();
      const { startCheckpointSchedule } = await import("./lib/server/ledger/schedule");
      startCheckpointSchedule();
      const { endLiveStreamsOnShutdown } = await import("./lib/server/live/hub");
      endLiveStreamsOnShutdown();
      const { captureLiveResponses } = await import("./lib/server/live/raw-response");
      captureLiveResponses();
      // Dossier PDFs: this instance renders queued exports unless STORYDESK_RENDER=off.
      const { startRenderWorkers } = await import("./lib/server/render-queue/worker");
      await startRenderWorkers();
    } catch (error) {
      const { logUnexpected } = await import("./lib/log");
      logUnexpected("instrumentation.register", error);
    }
  }
}

/**
 * Any request that failed because the database is unreachable (a page's render, wherever the
 * query was) tells this process so: page views then get the 503 page from proxy.ts until the
 * database answers again (lib/server/database-probe.ts).
 */
export async function onRequestError(error: unknown): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ isDatabaseUnavailable }, { noteDatabaseDown }] = await Promise.all([
    import("./lib/server/prisma-errors"),
    import("./lib/server/database-state"),
  ]);
  if (isDatabaseUnavailable(error)) noteDatabaseDown();
}
