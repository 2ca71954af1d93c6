import "server-only";
import { MEMBER_ROLE_LABELS } from "@/lib/validations/member";
import type { KindModule } from "./types";

// The story's team: who joined, left, or changed role (history only).

export const memberKind: KindModule<"member"> = {
  kind: "member",
  fields: [
    { key: "user_id", label: "Person", type: "user" },
    { key: "role", label: "Role", type: "enum", labels: MEMBER_ROLE_LABELS },
  ],
  titleColumn: "user_id",
  label: (snapshot, names) => names.user(snapshot.user_id),
};
