import "server-only";

// A background job on a timer, once per process (instrumentation.ts starts them): a tick never
// overlaps the previous one, and the timer never keeps the process alive.

const timers = globalThis as unknown as { storydeskTimers?: Map<string, NodeJS.Timeout> };

/** Runs `tick` every `everyMs`, first after `firstAfterMs`; a second call with the same name does nothing. */
export function startRepeating(name: string, tick: () => Promise<void>, everyMs: number, firstAfterMs: number): void {
  timers.storydeskTimers ??= new Map();
  if (timers.storydeskTimers.has(name)) return;
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    void tick().finally(() => {
      running = false;
    });
  };
  const timer = setInterval(run, everyMs);
  timer.unref();
  timers.storydeskTimers.set(name, timer);
  setTimeout(run, firstAfterMs).unref();
}
