// Content changed above what the reader is looking at must not move it. Chromium and Firefox
// anchor the scroll position themselves (CSS scroll anchoring); elsewhere (Safari) the entry
// at the top of the view is kept where it was by hand.

/** Call before the page changes; call what it returns after: the top entry stays put. */
export function keepScrollPosition(): () => void {
  if (typeof CSS !== "undefined" && CSS.supports("overflow-anchor", "auto")) return () => {};
  const anchor = [...document.querySelectorAll<HTMLElement>("[id^='entry-']")].find((element) => element.getBoundingClientRect().bottom > 0);
  if (!anchor) return () => {};
  const { id } = anchor;
  const top = anchor.getBoundingClientRect().top;
  return () => {
    const again = document.getElementById(id);
    if (again) window.scrollBy(0, again.getBoundingClientRect().top - top);
  };
}
