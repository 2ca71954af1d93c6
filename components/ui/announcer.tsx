"use client";
import { useEffect, useState } from "react";

// One polite live region for the whole desk: results of actions whose own form or control goes
// away when they succeed (an edit form closes, a deleted entry leaves the list) are announced
// here, where nothing unmounts them.

const EVENT = "storydesk:announce";

/** Says `message` to screen-reader users (politely, after what they are hearing). */
export function announce(message: string): void {
  window.dispatchEvent(new CustomEvent<string>(EVENT, { detail: message }));
}

export function Announcer() {
  const [message, setMessage] = useState("");
  useEffect(() => {
    let frame = 0;
    const onAnnounce = (event: Event) => {
      // Cleared first, then set on the next frame: the same message twice is announced twice.
      setMessage("");
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setMessage((event as CustomEvent<string>).detail));
    };
    window.addEventListener(EVENT, onAnnounce);
    return () => {
      window.removeEventListener(EVENT, onAnnounce);
      cancelAnimationFrame(frame);
    };
  }, []);
  return (
    <div role="status" aria-live="polite" aria-atomic="true" className="sr-only" data-testid="announcer">
      {message}
    </div>
  );
}
