import { splitMentions } from "@/lib/mentions";

/** A comment's words, with @mentions of the story's members highlighted. */
export function MentionText({ text, handles }: { text: string; handles: ReadonlySet<string> }) {
  return (
    <p className="whitespace-pre-wrap break-words text-sm text-slate-900">
      {splitMentions(text, handles).map((segment, index) =>
        segment.handle ? (
          <strong key={index} className="rounded bg-blue-50 px-0.5 font-medium text-blue-800">
            {segment.text}
          </strong>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </p>
  );
}
