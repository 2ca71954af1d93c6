import "server-only";
import type { FollowUp } from "@/lib/generated/prisma/client";
import { assertMayChange } from "@/lib/server/follow-ups/rules";
import { PRIORITY_LABELS } from "@/lib/validations/common";
import { FOLLOW_UP_RESPONSE_LABELS, FOLLOW_UP_STATUS_LABELS, OPEN_FOLLOW_UP_STATUSES } from "@/lib/validations/follow-ups";
import { searchColumns } from "./search";
import { excerpt, rowWithout, str } from "./snapshot";
import type { EntryModule, LinkedEntry } from "./types";

// Follow-ups: who chases what, by when, about which entry. "Overdue" is decided here, on the
// server's clock (or the moment a past state is shown as of), never in the browser.

export type FollowUpView = Omit<FollowUp, "linkKind" | "linkId"> & {
  assigneeName: string;
  assignedByName: string;
  link: LinkedEntry | null;
  open: boolean;
  overdue: boolean;
};

export const isOpenFollowUp = (status: string) => (OPEN_FOLLOW_UP_STATUSES as readonly string[]).includes(status);

export const followUpKind: EntryModule<FollowUpView, "follow_up"> = {
  kind: "follow_up",
  fields: [
    { key: "title", label: "Title", type: "text" },
    { key: "details", label: "Details", type: "text" },
    { key: "assignee_id", label: "Assignee", type: "user" },
    { key: "assigned_by_id", label: "Assigned by", type: "user" },
    { key: "due_at", label: "Due", type: "moment", precisionKey: "" },
    { key: "priority", label: "Priority", type: "enum", labels: PRIORITY_LABELS },
    { key: "status", label: "Status", type: "enum", labels: FOLLOW_UP_STATUS_LABELS },
    { key: "response", label: "Accepted or declined", type: "enum", labels: FOLLOW_UP_RESPONSE_LABELS },
    { key: "response_note", label: "Reason for declining", type: "text" },
    { key: "completion_note", label: "Completion note", type: "text" },
    { key: "link_id", label: "About", type: "entry", kindKey: "link_kind" },
  ],
  titleColumn: "title",
  people: [],
  open: OPEN_FOLLOW_UP_STATUSES,
  orders: {
    due: {
      label: "Open first, soonest due",
      keys: [
        { column: "status", ranks: [OPEN_FOLLOW_UP_STATUSES, "done", "cancelled"] },
        { column: "due_at", nulls: "last" },
        { column: "priority", ranks: ["urgent", "high", "normal", "low"] },
        { column: "created_at", direction: "desc" },
      ],
    },
  },
  search: searchColumns("title", "details"),
  label: (snapshot) => excerpt(str(snapshot.title), 120),
  describe: (followUp) => followUp.title,
  assertMayChange: (access, snapshot) => assertMayChange(access, { assigneeId: str(snapshot.assignee_id), assignedById: str(snapshot.assigned_by_id) }),

  async present(_access, snapshots, { names, now }) {
    return snapshots.map((snapshot): FollowUpView => {
      const row = rowWithout<FollowUp, "linkKind" | "linkId">(snapshot, "linkKind", "linkId");
      const open = isOpenFollowUp(row.status);
      return Object.assign(row, {
        assigneeName: names.user(row.assigneeId),
        assignedByName: names.user(row.assignedById),
        link: snapshot.link_id ? names.entry(snapshot.link_kind, snapshot.link_id) : null,
        open,
        overdue: open && row.dueAt !== null && row.dueAt.getTime() < now.getTime(),
      });
    });
  },
};
