import "server-only";
import { isolate } from "@/lib/bidi";
import type { Claim } from "@/lib/generated/prisma/client";
import { CLAIM_KIND_LABELS, CLAIM_STATUS_LABELS } from "@/lib/validations/evidence";
import { passagesOf, type StoredPassage } from "./passages";
import { searchColumns } from "./search";
import { excerpt, rowWithout, str } from "./snapshot";
import type { EntryModule } from "./types";

// Claims (issue 17): one contested detail — who acted, a number, a time, a place, an
// attribution — and each report's version of it, an anchored passage of one of the story's
// documents, with a status and the reason for it. Its own panel (not a section of Questions):
// the registry gives each kind one panel, and a claim is evidence-backed, not a to-do.

export type ClaimVersionView = StoredPassage & { document: { id: string; label: string; deleted: boolean } | null };

export type ClaimView = Omit<Claim, "versions" | "storyId"> & { loggedByName: string; versions: ClaimVersionView[] };

export const claimKind: EntryModule<ClaimView, "claim"> = {
  kind: "claim",
  fields: [
    { key: "detail", label: "Detail", type: "text" },
    { key: "kind", label: "Kind", type: "enum", labels: CLAIM_KIND_LABELS },
    { key: "versions", label: "Versions", type: "passages" },
    { key: "status", label: "Status", type: "enum", labels: CLAIM_STATUS_LABELS },
    { key: "resolved_for", label: "Resolved for version", type: "text" },
    { key: "reason", label: "Reason", type: "text" },
  ],
  titleColumn: "detail",
  people: ["logged_by_id"],
  open: ["open"],
  orders: {
    open: {
      label: "Open first",
      keys: [
        { column: "status", ranks: ["open", ["resolved_for", "both_stand", "unresolvable"]] },
        { column: "created_at", direction: "desc" },
      ],
    },
    recent: { label: "Newest first", keys: [{ column: "created_at", direction: "desc" }] },
  },
  search: searchColumns("detail", "reason"),
  label: (snapshot) => isolate(excerpt(str(snapshot.detail), 120)),
  describe: (claim) => isolate(claim.detail),

  async present(_access, snapshots, { names }) {
    return snapshots.map((snapshot): ClaimView => {
      const row = rowWithout<Claim, "versions" | "storyId">(snapshot, "versions", "storyId");
      return Object.assign(row, {
        loggedByName: names.user(row.loggedById),
        versions: passagesOf(snapshot.versions).map((passage) => {
          const document = names.entry("document", passage.documentId);
          return { ...passage, document: document ? { id: document.id, label: document.label, deleted: document.deleted } : null };
        }),
      });
    });
  },
};
