import { isComposed } from "@/lib/bidi";

/**
 * User text (or a label made of it) inside a UI sentence, isolated from it: its own direction
 * from its first letter (<bdi>), or left to right when it is a label composed around isolated
 * pieces ("Speaker: “…”"), whose colon and quote marks belong to the English sentence.
 */
export function UserText({ text, className }: { text: string; className?: string }) {
  return (
    <bdi dir={isComposed(text) ? "ltr" : undefined} className={className}>
      {text}
    </bdi>
  );
}
