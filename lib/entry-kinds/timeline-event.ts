import "server-only";
import type { TimelineEvent } from "@/lib/generated/prisma/client";
import type { SourceOption } from "@/lib/server/sources/protection";
import { searchColumns } from "./search";
import { excerpt, rowWithout, str } from "./snapshot";
import { approximateDateKeys } from "./order";
import type { EntryModule } from "./types";

const WHEN = { at: "occurred_at", precision: "precision", until: "occurred_until" };

// The timeline: what happened when (a year, a month, part of one, a day or a minute — or a range
// of them: lib/approximate-date.ts), and from whom we know it.

export type TimelineEventView = Omit<TimelineEvent, "storyId"> & { loggedByName: string; sources: SourceOption[] };

export const timelineEventKind: EntryModule<TimelineEventView, "timeline_event"> = {
  kind: "timeline_event",
  fields: [
    { key: "occurred_at", label: "When", type: "moment", precisionKey: "precision", untilKey: "occurred_until" },
    { key: "what", label: "What happened", type: "text" },
    { key: "source_ids", label: "According to", type: "sources" },
  ],
  titleColumn: "what",
  people: ["logged_by_id"],
  orders: {
    asc: { label: "Earliest first", keys: [...approximateDateKeys(WHEN), { column: "created_at" }] },
    desc: { label: "Latest first", keys: [...approximateDateKeys(WHEN, "desc"), { column: "created_at", direction: "desc" }] },
  },
  pickOrder: { label: "Latest first", keys: [{ column: "occurred_at", direction: "desc" }] },
  search: searchColumns("what"),
  label: (snapshot) => excerpt(str(snapshot.what), 120),
  describe: (event) => event.what,

  async present(_access, snapshots, { names }) {
    return snapshots.map((snapshot): TimelineEventView => {
      const row = rowWithout<TimelineEvent, "storyId">(snapshot, "storyId");
      return Object.assign(row, { loggedByName: names.user(row.loggedById), sources: names.sources(row.sourceIds) });
    });
  },
};
