/**
 * A best-effort request whose answer the page does not need (a visit, a presence heartbeat).
 * The answer's body is still read to its end: Chromium reports a fetch as finished only once its
 * body is consumed, so an unread one stayed "in flight" for the page's tools (Lighthouse waited out
 * its 45 s load limit on every story page for the visit's POST, issue 16). A failure is ignored:
 * the caller's next request or the next page view makes up for it.
 */
export function sendAndForget(url: string, init: RequestInit): void {
  fetch(url, init)
    .then((response) => response.arrayBuffer())
    .catch(() => {});
}
