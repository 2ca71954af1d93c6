import "server-only";
import type { Tx } from "@/lib/db";
import { LINKABLE_KINDS, kindTitle, type LinkableKind } from "@/lib/entry-kinds/kinds";
import { entryOptions } from "@/lib/entry-kinds/read";
import { countWhere } from "@/lib/entry-kinds/snapshot";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { StoryAccess } from "@/lib/server/access";

// What a follow-up is about: an entry of a linkable kind (kinds.ts) of the same story, named
// as this user may name it (a confidential source by its alias, unless they may see it).

export async function assertLink(tx: Tx, storyId: string, link: { kind: LinkableKind; id: string } | null): Promise<void> {
  if (!link) return;
  const found = await countWhere(link.kind, storyId, [Prisma.sql`t.id = ${link.id}::uuid`], tx);
  if (found === 0) throw new AppError("VALIDATION", { fieldErrors: { link: ["Link an entry of this story, or none."] } });
}

export type LinkOption = { value: string; label: string };

/** Every live entry a follow-up can link to, for the form's picker ("question:<id>"), kind by kind. */
export async function linkOptions(access: StoryAccess): Promise<LinkOption[]> {
  const groups = await Promise.all(LINKABLE_KINDS.map(async (kind) => (await entryOptions(access, kind)).map((option) => ({ value: `${kind}:${option.id}`, label: `${kindTitle(kind)}: ${option.label}` }))));
  return groups.flat();
}
