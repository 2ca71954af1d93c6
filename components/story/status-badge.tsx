import { Badge } from "@/components/ui/badge";
import { STORY_STATUS_LABELS, type StoryStatusValue } from "@/lib/validations/story";

const TONES = { developing: "blue", on_hold: "amber", published: "green", archived: "slate" } as const;

export function StatusBadge({ status }: { status: StoryStatusValue }) {
  return <Badge tone={TONES[status]}>{STORY_STATUS_LABELS[status]}</Badge>;
}
