import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { Tx } from "@/lib/db";
import type { ClaimView } from "@/lib/entry-kinds/claim";
import { listEntries, columnIs, type Beside, type PanelFilters } from "@/lib/entry-kinds/read";
import type { Claim, Prisma } from "@/lib/generated/prisma/client";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";
import { loadEntryForEdit, saveChanges, writeEntry } from "@/lib/server/edits";
import type { Page } from "@/lib/server/paging";
import { createClaimSchema, updateClaimSchema, type CreateClaimInput, type UpdateClaimInput } from "@/lib/validations/evidence";
import { parseInput } from "@/lib/validations/parse";
import { passagesOf, type StoredPassage } from "@/lib/entry-kinds/passages";
import { resolvePassage } from "./passages";

// Claims: one contested detail and each report's version of it (an anchored passage of one of
// the story's documents), with a status and the reason for it.

type Versions = { passage: { documentId: string; start?: number; end?: number; words?: string } }[];

/** The versions as stored. An edit keeps a version whose passage is unchanged as it was (its anchor stays the one first made). */
async function storedVersions(tx: Tx, storyId: string, versions: Versions, before: StoredPassage[] = []): Promise<StoredPassage[]> {
  const out: StoredPassage[] = [];
  for (const { passage } of versions) {
    const same = before.find(
      (old) => old.documentId === passage.documentId && old.anchor[1].start === passage.start && old.anchor[1].end === passage.end && (!passage.words || passage.words === old.text),
    );
    out.push(same ?? (await resolvePassage(tx, storyId, passage)));
  }
  return out;
}

/** The columns a claim's form sets, as stored. */
const columnsOf = (input: z.output<typeof createClaimSchema>, versions: StoredPassage[]) => ({
  detail: input.detail,
  kind: input.kind,
  status: input.status,
  resolvedFor: input.status === "resolved_for" ? input.resolvedFor : null,
  reason: input.reason,
  versions: versions as unknown as Prisma.JsonValue,
});

export async function createClaim(user: SessionUser, raw: CreateClaimInput): Promise<ClaimView> {
  const input = parseInput(createClaimSchema, raw);
  return writeEntry(user, input.storyId, "claim", null, async (tx, access) => {
    const versions = await storedVersions(tx, access.storyId, input.versions);
    return tx.claim.create({
      data: {
        id: randomUUID(),
        storyId: access.storyId,
        ...columnsOf(input, versions),
        versions: versions as unknown as Prisma.InputJsonValue,
        loggedById: user.id,
      },
      select: { id: true },
    });
  });
}

export async function updateClaim(user: SessionUser, raw: UpdateClaimInput): Promise<ClaimView> {
  const input = parseInput(updateClaimSchema, raw);
  return writeEntry(user, input.storyId, "claim", input.editReason || null, async (tx, access) => {
    const current = await loadEntryForEdit<Claim>(tx, access, "claim", input.claimId, input.version);
    const versions = await storedVersions(tx, access.storyId, input.versions, passagesOf(current.versions));
    await saveChanges(tx, "claim", current, columnsOf(input, versions));
    return { id: current.id, before: current };
  });
}

export type ClaimFilters = PanelFilters & { status?: string };

export async function listClaims(user: SessionUser, storyId: string, filters: ClaimFilters, beside?: Beside): Promise<Page<ClaimView>> {
  const access = await storyAccessFor(user, storyId, "reader");
  return listEntries(access, "claim", filters, [columnIs("status", filters.status)], beside);
}
