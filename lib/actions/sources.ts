"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { createSource, updateSource } from "@/lib/server/sources/write";
import { revealContact } from "@/lib/server/sources/protection";
import { id } from "@/lib/validations/common";
import { createSourceSchema, updateSourceSchema } from "@/lib/validations/sources";

export const createSourceAction = defineAction("createSource", createSourceSchema, async (input, user) => {
  const source = await createSource(user, input);
  revalidatePath(`/stories/${input.storyId}`);
  return source;
});

export const updateSourceAction = defineAction("updateSource", updateSourceSchema, async (input, user) => {
  const source = await updateSource(user, input);
  revalidatePath(`/stories/${input.storyId}`);
  return source;
});

export const revealContactAction = defineAction("revealContact", z.object({ storyId: id, sourceId: id }), async (input, user) =>
  revealContact(user, input.storyId, input.sourceId),
);
