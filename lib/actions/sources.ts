"use server";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { revealContact } from "@/lib/server/sources/protection";
import { burnSource, createSource, lowerSourceProtection, updateSource } from "@/lib/server/sources/write";
import { id } from "@/lib/validations/common";
import { burnSourceSchema, createSourceSchema, lowerProtectionSchema, updateSourceSchema } from "@/lib/validations/sources";
import { pagesOf } from "./revalidate";

export const createSourceAction = defineAction("createSource", createSourceSchema, (input, user) => createSource(user, input), pagesOf("source"));
export const updateSourceAction = defineAction("updateSource", updateSourceSchema, (input, user) => updateSource(user, input), pagesOf("source"));
export const lowerSourceProtectionAction = defineAction("lowerSourceProtection", lowerProtectionSchema, (input, user) => lowerSourceProtection(user, input), pagesOf("source"));
export const burnSourceAction = defineAction("burnSource", burnSourceSchema, (input, user) => burnSource(user, input), pagesOf("source"));

// Reading changes no page.
export const revealContactAction = defineAction("revealContact", z.object({ storyId: id, sourceId: id }), (input, user) => revealContact(user, input.storyId, input.sourceId));
