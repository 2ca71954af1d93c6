import "server-only";
import { logUnexpected } from "@/lib/log";
import { kickEmailOutbox } from "./email";
import { sweepDueFollowUps } from "./sweep";

// Every minute, on every app instance: due-soon and overdue notifications (the dedupe keys keep
// instances from doubling them), then the e-mail outbox (its lease keeps them from sending one
// twice). Started by instrumentation.ts; the timer never keeps the process alive.

export const SCHEDULE_INTERVAL_MS = 60_000;

const state = globalThis as unknown as { storydeskNotificationTimer?: NodeJS.Timeout };

/** One tick: sweep, then kick the outbox (in the background). Never throws. */
export async function notificationTick(): Promise<void> {
  try {
    await sweepDueFollowUps();
  } catch (error) {
    logUnexpected("sweepDueFollowUps", error);
  }
  kickEmailOutbox();
}

/** Starts the minute timer once per process (a second call does nothing). */
export function startNotificationSchedule(): void {
  if (state.storydeskNotificationTimer) return;
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    void notificationTick().finally(() => {
      running = false;
    });
  };
  state.storydeskNotificationTimer = setInterval(tick, SCHEDULE_INTERVAL_MS);
  state.storydeskNotificationTimer.unref();
  // A first run soon after start-up, not during it.
  setTimeout(tick, 5_000).unref();
}
