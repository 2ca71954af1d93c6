import { z } from "zod";
import { id, idList, moment, reason, text, version } from "./common";

const eventFields = {
  storyId: id,
  when: moment,
  what: text("What happened", 3, 1000),
  sourceIds: idList("sources"),
};

export const createTimelineEventSchema = z.object(eventFields);
export const updateTimelineEventSchema = z.object({ ...eventFields, eventId: id, version, reason });

export type CreateTimelineEventInput = z.input<typeof createTimelineEventSchema>;
export type UpdateTimelineEventInput = z.input<typeof updateTimelineEventSchema>;
