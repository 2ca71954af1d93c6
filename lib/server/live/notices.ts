import "server-only";
import { z } from "zod";

// What the database says on the channel `storydesk_live` (migration 20261202100000_i14_live):
// ids, sequence numbers and kinds, written by its triggers at commit. Parsed strictly: a payload
// this version does not know is ignored, never half-read.

export const LIVE_CHANNEL = "storydesk_live";

const uuid = z.uuid();
const bigint = z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number);

const revisionNotice = z.object({
  t: z.literal("r"),
  id: bigint,
  c: z.string(),
  s: bigint,
  k: z.string(),
  e: uuid,
  a: z.enum(["create", "update", "delete", "restore"]),
  u: uuid,
});
const notificationNotice = z.object({ t: z.literal("n"), u: uuid, q: bigint.nullable() });
const sessionNotice = z.object({ t: z.literal("x"), id: uuid, u: uuid });
const presenceNotice = z.object({ t: z.literal("p"), s: uuid });

const noticeSchema = z.discriminatedUnion("t", [revisionNotice, notificationNotice, sessionNotice, presenceNotice]);

export type Notice = z.infer<typeof noticeSchema>;
export type RevisionNotice = z.infer<typeof revisionNotice>;

export function parseNotice(payload: string | undefined): Notice | null {
  if (!payload) return null;
  try {
    const parsed = noticeSchema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A revision row as the catch-up reads it, in the notice's shape. */
export type RevisionRow = { id: bigint | number; chain: string; seq: bigint | number; entity_type: string; entity_id: string; action: RevisionNotice["a"]; actor_id: string };

export const noticeOfRow = (row: RevisionRow): RevisionNotice => ({
  t: "r",
  id: Number(row.id),
  c: row.chain,
  s: Number(row.seq),
  k: row.entity_type,
  e: row.entity_id,
  a: row.action,
  u: row.actor_id,
});
