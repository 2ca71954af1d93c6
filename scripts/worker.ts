// npm run worker — a process that only renders queued dossier PDFs (no web server). It uses
// DATABASE_URL like `npm start`; without it, the embedded database of a running `npm start` in
// this checkout (as the app's runtime role). STORYDESK_RENDER_WORKERS renders at once (default
// 2); the queue's other settings are in the README ("Running several instances").
import { runningRuntimeDatabase, withDatabase } from "./lib/database";

if (!process.env.DATABASE_URL) {
  const running = runningRuntimeDatabase();
  if (!running) {
    console.error("No database to render for: set DATABASE_URL (the app's role), or start the desk with `npm start` in this checkout first.");
    process.exit(1);
  }
  process.env.DATABASE_URL = running;
}
process.env.STORYDESK_RENDER = "on";

await withDatabase(async () => {
  const { startRenderWorkers } = await import("@/lib/server/render-queue/worker");
  const { stopRenderQueue } = await import("@/lib/server/render-queue/boss");
  const { renderQueueConfig } = await import("@/lib/server/render-queue/config");
  await startRenderWorkers();
  console.log(`Rendering dossier PDFs, ${renderQueueConfig().concurrency} at a time (pid ${process.pid}). Ctrl-C to stop.`);
  await new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
  });
  // A job in hand is finished (up to 10 s); otherwise its lease runs out and another process takes it.
  await stopRenderQueue(10_000);
});
process.exit(0);
