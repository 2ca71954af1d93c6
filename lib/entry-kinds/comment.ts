import "server-only";
import { excerpt, str } from "./snapshot";
import type { KindModule } from "./types";

// Comments: each entry's editorial thread (lib/server/comments.ts). Tracked, so edits and
// deletions show in history; not an entry of a panel.

export const commentKind: KindModule<"comment"> = {
  kind: "comment",
  fields: [
    { key: "body", label: "Comment", type: "text" },
    { key: "resolved_at", label: "Resolved", type: "moment", precisionKey: "" },
  ],
  titleColumn: "body",
  label: (snapshot) => excerpt(str(snapshot.body), 120),
};
