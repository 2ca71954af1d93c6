/**
 * Runs `work` once the browser is idle after the page's load (requestIdleCallback, or a short
 * timeout where it is missing), as a task of its own rather than inside hydration's effects: a
 * page's first Intl.DateTimeFormat or keepalive fetch is ~10 ms of main thread, and inside the
 * effects' task it lengthens a long task (issue 16, TBT). Returns a cancel function for effects.
 */
export function whenIdle(work: () => void, timeout = 2_000): () => void {
  if (typeof window.requestIdleCallback === "function") {
    const handle = window.requestIdleCallback(work, { timeout });
    return () => window.cancelIdleCallback(handle);
  }
  const handle = window.setTimeout(work, 50);
  return () => window.clearTimeout(handle);
}
