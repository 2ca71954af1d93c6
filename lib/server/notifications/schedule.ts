import "server-only";
import { logUnexpected } from "@/lib/log";
import { startRepeating } from "@/lib/server/schedule";
import { kickEmailOutbox } from "./email";
import { sweepDueFollowUps } from "./sweep";

// Every minute, on every app instance: due-soon and overdue notifications (the dedupe keys keep
// instances from doubling them), then the e-mail outbox (its lease keeps them from sending one
// twice). Started by instrumentation.ts; the timer never keeps the process alive.

export const SCHEDULE_INTERVAL_MS = 60_000;

/** One tick: sweep, then kick the outbox (in the background). Never throws. */
export async function notificationTick(): Promise<void> {
  try {
    await sweepDueFollowUps();
  } catch (error) {
    logUnexpected("sweepDueFollowUps", error);
  }
  kickEmailOutbox();
}

/** Starts the minute timer once per process (a second call does nothing); a first run soon after start-up, not during it. */
export function startNotificationSchedule(): void {
  startRepeating("notifications", notificationTick, SCHEDULE_INTERVAL_MS, 5_000);
}
