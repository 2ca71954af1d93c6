"use client";
import { useEffect } from "react";
import { KINDS, isTrackedKind, kindOfPanel, type Panel } from "@/lib/entry-kinds/kinds";
import { useLive } from "./live-provider";

/** Where someone is on a story, in words: a panel's heading, or the story's history. */
function placeName(place: string): string {
  if (place === "overview") return "Overview";
  if (place === "history") return "History";
  const kind = kindOfPanel(place as Panel);
  return kind ? KINDS[kind].heading : "";
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join("");

/**
 * A story page's part of the live desk: it tells the connection which story this page shows
 * (and the sequence number it was rendered at), and shows who else is on the story now.
 */
export function LiveStory({ storyId, seq, place }: { storyId: string; seq: number; place: string }) {
  const live = useLive();
  const setScope = live?.setScope;
  useEffect(() => {
    setScope?.({ story: storyId, s: seq, place });
    return () => setScope?.(null);
    // The rendered sequence number only matters when the stream opens; a refresh must not reopen it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [setScope, storyId, place]);
  const others = live?.presence?.story === storyId ? live.presence.people.filter((person) => person.user.id !== live.userId) : [];
  if (others.length === 0) return null;
  return (
    <ul aria-label="Also on this story now" className="flex flex-wrap items-center gap-1.5 text-xs text-slate-600">
      {others.map((person) => {
        const where = person.panels.map(placeName).filter(Boolean).join(", ");
        const editing = person.editing.map((item) => (isTrackedKind(item.kind) ? (item.kind === "story" ? "the memo" : `a ${KINDS[item.kind].noun}`) : "")).filter(Boolean);
        const description = [where, editing.length ? `editing ${editing.join(", ")}` : ""].filter(Boolean).join(" · ");
        return (
          <li key={person.user.id} className="flex items-center gap-1 rounded-full border border-slate-200 bg-white py-0.5 pl-0.5 pr-2" title={description}>
            <span aria-hidden className="flex size-5 items-center justify-center rounded-full bg-indigo-600 text-[10px] font-semibold text-white">
              {initials(person.user.name)}
            </span>
            <span>
              {person.user.name}
              {description ? <span className="text-slate-500"> · {description}</span> : null}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

/** The desk home: every change of the user's stories refreshes it. */
export function LiveDesk() {
  const setScope = useLive()?.setScope;
  useEffect(() => {
    setScope?.({ desk: true });
    return () => setScope?.(null);
  }, [setScope]);
  return null;
}
