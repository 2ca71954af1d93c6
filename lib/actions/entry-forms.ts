"use server";
import { defineAction } from "@/lib/actions/define-action";
import { entryFormData } from "@/lib/server/entry-forms";
import { entryFormSchema } from "@/lib/validations/entry-forms";

/** An entry's form, loaded when opened: the entry as it is now and its pickers' choices. Reads only. */
export const entryFormAction = defineAction("entryForm", entryFormSchema, (input, user) => entryFormData(user, input));
