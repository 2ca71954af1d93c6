import { z } from "zod";
import { PANELS, TRACKED_KINDS } from "@/lib/entry-kinds/kinds";
import { id } from "./common";

// The live stream's query and a tab's presence, as the browser sends them (lib/live/protocol.ts).

/** Where in a story a tab is: a workspace panel, or one of the story's other pages. */
export const LIVE_PLACES = [...PANELS, "history", "other"] as const;
export type LivePlace = (typeof LIVE_PLACES)[number];

export const liveQuerySchema = z.object({
  story: id.optional(),
  desk: z.literal("1").optional(),
  tab: id.optional(),
  panel: z.enum(LIVE_PLACES).default("other").catch("other"),
  cursor: z.string().max(60).optional(),
});

export const liveEditingSchema = z.object({ kind: z.enum(TRACKED_KINDS), id });

export const presenceSchema = z.discriminatedUnion("leave", [
  z.object({ leave: z.literal(false).default(false), tabId: id, storyId: id, panel: z.enum(LIVE_PLACES), editing: liveEditingSchema.nullable().default(null) }),
  z.object({ leave: z.literal(true), tabId: id }),
]);
export type PresenceInput = z.input<typeof presenceSchema>;
