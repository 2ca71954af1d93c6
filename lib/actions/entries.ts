"use server";
import { defineAction } from "@/lib/actions/define-action";
import { pagesShowing } from "@/lib/entry-kinds/kinds";
import { deleteEntry, restoreEntry } from "@/lib/server/entries";
import { entryRefSchema } from "@/lib/validations/entries";

const pages = { revalidate: (input: { storyId: string; kind: Parameters<typeof pagesShowing>[0] }) => pagesShowing(input.kind, input.storyId) };

export const deleteEntryAction = defineAction("deleteEntry", entryRefSchema, (input, user) => deleteEntry(user, input), pages);
export const restoreEntryAction = defineAction("restoreEntry", entryRefSchema, (input, user) => restoreEntry(user, input), pages);
