import "server-only";
import PgBoss from "pg-boss";
import { logUnexpected } from "@/lib/log";
import { QUEUE_SCHEMA, renderQueueConfig } from "./config";

// One pg-boss per process, started on first use. It never migrates (the runtime role may not
// create anything: the migration made its schema and queue) and keeps no cron schedule.
// Maintenance (failing jobs whose lease ran out, so they are retried elsewhere) runs only in a
// process that renders.

const HOLDER = Symbol.for("storydesk.renderQueue");
type Holder = typeof globalThis & { [HOLDER]?: Promise<PgBoss> };

export function renderQueue(): Promise<PgBoss> {
  const holder = globalThis as Holder;
  holder[HOLDER] ??= start().catch((error: unknown) => {
    holder[HOLDER] = undefined;
    throw error;
  });
  return holder[HOLDER];
}

async function start(): Promise<PgBoss> {
  const config = renderQueueConfig();
  const boss = new PgBoss({
    connectionString: process.env.DATABASE_URL,
    schema: QUEUE_SCHEMA,
    application_name: "storydesk-render-queue",
    max: config.concurrency + 2,
    migrate: false,
    schedule: false,
    supervise: config.renders,
    maintenanceIntervalSeconds: config.maintenanceSeconds,
  });
  // Without a listener pg-boss's errors would end the process; they are logged (no content).
  boss.on("error", (error) => logUnexpected("renderQueue", error));
  await boss.start();
  return boss;
}

/** Stops this process's queue (tests, the worker's shutdown): workers finish their job first, up to `graceMs`. */
export async function stopRenderQueue(graceMs = 10_000): Promise<void> {
  const holder = globalThis as Holder;
  const pending = holder[HOLDER];
  holder[HOLDER] = undefined;
  const boss = await pending?.catch(() => undefined);
  await boss?.stop({ graceful: true, wait: true, timeout: graceMs });
}
