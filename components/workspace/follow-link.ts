import type { MouseEvent } from "react";

type Router = { push: (href: string) => void };

/**
 * One click handler for all the links of a list (EntryRows): its rows' links are plain `<a href>`,
 * not a `next/link` each (a component with the router's context and an observer per link: ~0.2–0.5
 * ms of the server's render for a panel of 50; issue 16, rows28). A plain left click on a link to
 * this site becomes a client navigation, as next/link makes it; anything else — a middle click,
 * Ctrl/Cmd/Shift/Alt, a link with a target or a download, another site, a click something else
 * handled (a next/link inside, such as a menu's History) — is left to the browser.
 */
export function followLink(event: MouseEvent<HTMLElement>, router: Router): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
  if (!(link instanceof HTMLAnchorElement) || !event.currentTarget.contains(link)) return;
  if ((link.target && link.target !== "_self") || link.hasAttribute("download")) return;
  const url = new URL(link.href);
  if (url.origin !== window.location.origin) return;
  event.preventDefault();
  router.push(`${url.pathname}${url.search}${url.hash}`);
}
