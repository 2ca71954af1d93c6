import "server-only";
import type { Tx } from "@/lib/db";
import { anchorOf } from "@/lib/entry-kinds/passages";
import { Prisma } from "@/lib/generated/prisma/client";
import type { StoryAccess } from "@/lib/server/access";
import { saveChanges } from "@/lib/server/edits";
import { notify } from "@/lib/server/notifications/notify";
import { describeAnchor, fromStored, reanchorAll, toStored } from "./engine";

// A new take arrives: every live quote checked against the take it replaces is found again in
// the new text (lib/evidence: exact, then fuzzy) inside the import's transaction. Each quote's
// provenance moves to the new take — anchored, changed (its words differ now) or orphan (gone) —
// as a revision of the quote, and its logger is told when the words changed or vanished.

export type AnchorStatus = "anchored" | "changed" | "orphan";
export type Reanchored = { quoteId: string; status: AnchorStatus };

type AnchoredQuote = { id: string; version: number; anchor: Prisma.JsonValue; anchor_status: string; anchor_checked_id: string; logged_by_id: string };

export async function reanchorQuotes(
  tx: Tx,
  access: StoryAccess,
  actorId: string,
  oldTakeId: string,
  take: { id: string; title: string; body: string; number: number },
): Promise<Reanchored[]> {
  const quotes = await tx.$queryRaw<AnchoredQuote[]>`
    SELECT id::text, version, anchor, anchor_status, anchor_checked_id::text, logged_by_id::text FROM quotes
     WHERE story_id = ${access.storyId}::uuid AND anchor_checked_id = ${oldTakeId}::uuid AND deleted_at IS NULL
     ORDER BY created_at, id`;
  const anchored = quotes.flatMap((quote) => {
    const anchor = anchorOf(quote.anchor);
    return anchor ? [{ quote, anchor }] : [];
  });
  const results = reanchorAll(
    take.body,
    anchored.map(({ anchor }) => fromStored(anchor)),
  );
  const out: Reanchored[] = [];
  for (const [index, { quote, anchor }] of anchored.entries()) {
    const result = results[index]!;
    const status: AnchorStatus = result.status === "orphan" ? "orphan" : result.changed ? "changed" : "anchored";
    // An orphan keeps the words it was logged from; a found quote points at where they are now.
    const next = result.status === "orphan" ? anchor : toStored(describeAnchor(take.body, result.start, result.end));
    await saveChanges(
      tx,
      "quote",
      { id: quote.id, version: quote.version, anchor: quote.anchor, anchorStatus: quote.anchor_status, anchorCheckedId: quote.anchor_checked_id },
      { anchor: next as unknown as Prisma.JsonValue, anchorStatus: status, anchorCheckedId: take.id },
    );
    if (status !== "anchored") {
      await notify(tx, [quote.logged_by_id], {
        storyId: access.storyId,
        kind: "anchor_changed",
        actorId,
        entityType: "quote",
        entityId: quote.id,
        title: `Take ${take.number} of “${take.title}” ${status === "orphan" ? "no longer has" : "changed"} {entry}`,
        eventKey: `anchor:${quote.id}:${take.id}`,
      });
    }
    out.push({ quoteId: quote.id, status });
  }
  return out;
}
