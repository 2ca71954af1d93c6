import "server-only";
import { loadEntry, entryOptions } from "@/lib/entry-kinds/read";
import type { ViewOf } from "@/lib/entry-kinds";
import type { EntryKind } from "@/lib/entry-kinds/kinds";
import { storyAccessFor, type SessionUser, type StoryAccess } from "@/lib/server/access";
import { followUpFormOptions } from "@/lib/server/follow-ups/form";
import type { LinkOption } from "@/lib/server/follow-ups/links";
import { recentSourceOptions } from "@/lib/server/sources/protection";
import { parseInput } from "@/lib/validations/parse";
import { entryFormSchema, type EntryFormInput } from "@/lib/validations/entry-forms";

// What an entry's edit form needs, loaded when the user opens it rather than shipped with every
// entry of the panel (issue 16): the entry as it is now — so an edit starts from the latest
// version — and the choices its pickers offer this user, named through the protection lens.

export type PickOption = { id: string; label: string };

export type FormOptions = {
  sources: PickOption[];
  quotes: PickOption[];
  documents: PickOption[];
  assignees: { id: string; name: string }[];
  links: LinkOption[];
  currentUserId: string;
};

const NONE = { sources: [], quotes: [], documents: [], assignees: [], links: [] };
const pick = (options: { id: string; label: string }[]): PickOption[] => options.map(({ id, label }) => ({ id, label }));

/**
 * Each kind's pickers, for its entry as it is now (none: a new one). Sources: the story's newest
 * and those the entry names — a search in the picker finds any other (issue 16).
 */
const OPTIONS: { [K in EntryKind]: (access: StoryAccess, entry: ViewOf<K> | null, sourceId?: string) => Promise<Omit<FormOptions, "currentUserId">> } = {
  source: async () => NONE,
  quote: async (access, quote, sourceId) => ({ ...NONE, sources: pick(await recentSourceOptions(access, quote ? [quote.speakerId] : sourceId ? [sourceId] : [])) }),
  question: async (access, question) => {
    const [quotes, sources] = await Promise.all([entryOptions(access, "quote"), recentSourceOptions(access, question?.answerSourceIds ?? [])]);
    return { ...NONE, quotes: pick(quotes), sources: pick(sources) };
  },
  timeline_event: async (access, event) => ({ ...NONE, sources: pick(await recentSourceOptions(access, event?.sourceIds ?? [])) }),
  follow_up: async (access) => ({ ...NONE, ...(await followUpFormOptions(access)) }),
  // A new document may be a later take of one already there.
  document: async (access, document) => (document ? NONE : { ...NONE, documents: pick(await entryOptions(access, "document")) }),
  claim: async (access) => ({ ...NONE, documents: pick(await entryOptions(access, "document")) }),
};

export type EntryFormData<K extends EntryKind = EntryKind> = { entry: ViewOf<K> | null; options: FormOptions };

/** A writer's form for a new entry of `kind`, or for the entry `entryId` as it is now. */
export async function entryFormData(user: SessionUser, raw: EntryFormInput): Promise<EntryFormData> {
  const input = parseInput(entryFormSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "contributor");
  const entry = input.entryId ? await loadEntry(access, input.kind, input.entryId) : null;
  const options = await (OPTIONS[input.kind] as (access: StoryAccess, entry: ViewOf<EntryKind> | null, sourceId?: string) => Promise<Omit<FormOptions, "currentUserId">>)(access, entry, input.sourceId);
  return { entry, options: { ...options, currentUserId: user.id } };
}
