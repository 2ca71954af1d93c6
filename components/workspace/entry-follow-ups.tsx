/** One open follow-up under an entry, said in words on the server (the due moment in the reader's zone). */
export type FollowUpLine = {
  id: string;
  title: string;
  /** The assignee, and "(declined)" or "(not yet accepted)". */
  who: string;
  /** "due …" or "overdue since …". */
  due?: string;
  overdue?: 1;
};

/** An entry's open follow-ups, under it in its panel (EntryRows: its list makes a click on a link a client navigation, followLink). */
export function EntryFollowUps({ storyId, items }: { storyId: string; items: FollowUpLine[] }) {
  return (
    <ul aria-label="Open follow-ups" className="mt-1 flex flex-col gap-0.5 border-l-2 border-amber-300 pl-2 text-xs text-slate-700">
      {items.map((followUp) => (
        <li key={followUp.id}>
          <a href={`/stories/${storyId}?tab=follow-ups&focus=${followUp.id}`} className="font-medium hover:underline">
            {followUp.title}
          </a>
          {` — ${followUp.who}`}
          {followUp.due ? <span className={followUp.overdue ? "font-medium text-red-700" : "text-slate-500"}>{`, ${followUp.due}`}</span> : null}
        </li>
      ))}
    </ul>
  );
}
