import "server-only";
import { STORY_STATUS_LABELS } from "@/lib/validations/story";
import { str } from "./snapshot";
import type { KindModule } from "./types";

// The story itself: its title, summary, status and memo have a history and can be restored.

export const storyKind: KindModule<"story"> = {
  kind: "story",
  fields: [
    { key: "title", label: "Title", type: "text" },
    { key: "summary", label: "Summary", type: "text" },
    { key: "status", label: "Status", type: "enum", labels: STORY_STATUS_LABELS },
    { key: "memo", label: "Memo", type: "rich" },
  ],
  titleColumn: "title",
  label: (snapshot) => str(snapshot.title),
};
