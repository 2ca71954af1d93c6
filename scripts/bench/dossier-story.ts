// The stories of the dossier export (issue 6): one with Scale.dossier's entries (1,000 at full
// scale: 200 sources, 5% confidential; 400 quotes, 10% in Hebrew or Arabic; 200 questions; 200
// timeline events) plus follow-ups and comments, and a tiny one (1 source, 1 quote) for the
// baseline. Built like the others: bulk SQL through the ledger trigger, with the actor set.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { asActor } from "./cluster";
import type { Scale } from "./config";
import { inBatches, INSERTS, makeConfidential, TRACKED_TABLES, type BenchUser, type DeskUsers } from "./generate";
import { say, since } from "./stats";

/** The big dossier story's title: every export of it must contain it (no characters HTML or Markdown escape). */
export const DOSSIER_TITLE = "Bench: the port authority dossier";
export const TINY_TITLE = "Bench: a one-quote dossier";

/** What a story holds, as the checks expect to find it in every export. */
export type DossierStory = {
  id: string;
  title: string;
  sources: number;
  confidential: number;
  quotes: number;
  rtlQuotes: number;
  questions: number;
  timeline: number;
  followUps: number;
  comments: number;
  /** Sources + quotes + questions + timeline events. */
  entries: number;
};

export type DossierDesk = { lead: BenchUser; big: DossierStory; tiny: DossierStory; timings: Record<string, number> };

// Quotes with language "he" or "ar" (every 1/rtlShare-th, alternating), the rest in English.
const QUOTES = `INSERT INTO quotes (story_id, speaker_id, text, said_at, medium, language, verification, logged_by_id, updated_at)
  SELECT $1::uuid, sp.ids[1 + g % cardinality(sp.ids)],
         CASE WHEN g % $5::int <> 0 THEN format('Quote %s: "We followed every rule on contract %s, and the minutes will show it."', g, g)
              WHEN (g / $5::int) % 2 = 0 THEN format('ציטוט %s: "פעלנו לפי כל הכללים בחוזה %s, והפרוטוקול יראה זאת."', g, g)
              ELSE format('اقتباس %s: "اتبعنا كل القواعد في العقد %s، وسيُظهر المحضر ذلك."', g, g) END,
         date_trunc('day', timestamptz '2026-06-01 00:00Z' + g * interval '3 hours'),
         (ARRAY['interview','statement','email','publication','other']::"QuoteMedium"[])[1 + g % 5],
         CASE WHEN g % $5::int <> 0 THEN 'en' WHEN (g / $5::int) % 2 = 0 THEN 'he' ELSE 'ar' END,
         (ARRAY['unverified','verified','disputed']::"Verification"[])[1 + g % 3], $4, clock_timestamp()
    FROM (SELECT array_agg(id ORDER BY id) AS ids FROM sources WHERE story_id = $1::uuid) sp,
         generate_series($2::int, $3::int) g`;

// Follow-ups on the questions, assigned to the story's members in turn ($5), some overdue.
const FOLLOW_UPS = `INSERT INTO follow_ups (story_id, title, details, assignee_id, assigned_by_id, due_at, priority, status, response,
                        completion_note, link_kind, link_id, updated_at)
  SELECT $1::uuid, format('Follow-up %s: get the signed minutes for contract %s', g, g), 'Ask the harbour board''s secretary; copy the lead.',
         ($5::uuid[])[1 + g % cardinality($5::uuid[])], $4,
         timestamptz '2026-11-20 09:00Z' + g * interval '1 day',
         (ARRAY['low','normal','high','urgent']::"Priority"[])[1 + g % 4],
         (ARRAY['todo','in_progress','done','todo']::"FollowUpStatus"[])[1 + g % 4],
         (ARRAY['pending','accepted']::"FollowUpResponse"[])[1 + g % 2],
         CASE WHEN g % 4 = 2 THEN 'Minutes received and filed.' ELSE '' END,
         'question', q.ids[1 + (g * 7) % cardinality(q.ids)], clock_timestamp()
    FROM (SELECT array_agg(id ORDER BY id) AS ids FROM questions WHERE story_id = $1::uuid) q,
         generate_series($2::int, $3::int) g`;

// Comments on quotes and sources, a third of them resolved.
const COMMENTS = `INSERT INTO comments (story_id, entity_type, entity_id, author_id, body, resolved_at, resolved_by_id, updated_at)
  SELECT $1::uuid, CASE WHEN g % 2 = 0 THEN 'quote' ELSE 'source' END,
         CASE WHEN g % 2 = 0 THEN qu.ids[1 + (g * 13) % cardinality(qu.ids)] ELSE so.ids[1 + (g * 11) % cardinality(so.ids)] END,
         $4, format('Comment %s: check this against the board minutes before we run it.', g),
         CASE WHEN g % 3 = 0 THEN clock_timestamp() END, CASE WHEN g % 3 = 0 THEN $4::uuid END, clock_timestamp()
    FROM (SELECT array_agg(id ORDER BY id) AS ids FROM quotes WHERE story_id = $1::uuid) qu,
         (SELECT array_agg(id ORDER BY id) AS ids FROM sources WHERE story_id = $1::uuid) so,
         generate_series($2::int, $3::int) g`;

async function insertStory(client: pg.Client, id: string, slug: string, title: string, lead: BenchUser, contributors: BenchUser[]): Promise<void> {
  await asActor(client, lead.id, async () => {
    await client.query(
      `INSERT INTO stories (id, slug, title, summary, created_by_id, updated_at)
       VALUES ($1, $2, $3, 'Who won the port contracts, and what the board was told: everything we hold, for the lawyers.', $4, clock_timestamp())`,
      [id, slug, title, lead.id],
    );
    await client.query(
      `INSERT INTO story_members (story_id, user_id, role, added_by_id, updated_at)
       SELECT $1::uuid, $2::uuid, 'lead'::"MemberRole", $2::uuid, clock_timestamp()
       UNION ALL
       SELECT $1::uuid, w, 'contributor'::"MemberRole", $2::uuid, clock_timestamp() FROM unnest($3::uuid[]) w`,
      [id, lead.id, contributors.map((user) => user.id)],
    );
  });
}

async function countOf(client: pg.Client, id: string, title: string): Promise<DossierStory> {
  const { rows } = await client.query<Omit<DossierStory, "id" | "title" | "entries">>(
    `SELECT (SELECT count(*)::int FROM sources WHERE story_id = $1) AS sources,
            (SELECT count(*)::int FROM sources WHERE story_id = $1 AND protection = 'confidential') AS confidential,
            (SELECT count(*)::int FROM quotes WHERE story_id = $1) AS quotes,
            (SELECT count(*)::int FROM quotes WHERE story_id = $1 AND language IN ('he', 'ar')) AS "rtlQuotes",
            (SELECT count(*)::int FROM questions WHERE story_id = $1) AS questions,
            (SELECT count(*)::int FROM timeline_events WHERE story_id = $1) AS timeline,
            (SELECT count(*)::int FROM follow_ups WHERE story_id = $1) AS "followUps",
            (SELECT count(*)::int FROM comments WHERE story_id = $1) AS comments`,
    [id],
  );
  const counts = rows[0]!;
  return { id, title, ...counts, entries: counts.sources + counts.quotes + counts.questions + counts.timeline };
}

export async function generateDossierStories(client: pg.Client, scale: Scale, users: DeskUsers): Promise<DossierDesk> {
  const { entries, rtlShare, followUps, comments } = scale.dossier;
  const { lead } = users;
  const contributors = users.writers.slice(0, 3);
  const timings: Record<string, number> = {};
  const big = randomUUID();
  const tiny = randomUUID();
  let start = performance.now();
  await insertStory(client, big, "bench-port-authority-dossier", DOSSIER_TITLE, lead, contributors);
  await insertStory(client, tiny, "bench-one-quote-dossier", TINY_TITLE, lead, []);

  const every = Math.max(1, Math.round(1 / rtlShare));
  const batch = scale.updateBatch;
  await inBatches(entries.sources, batch, (from, to) => asActor(client, lead.id, async () => void (await client.query(INSERTS.sources, [[big], from, to, lead.id]))));
  await inBatches(entries.quotes, batch, (from, to) => asActor(client, lead.id, async () => void (await client.query(QUOTES, [big, from, to, lead.id, every]))));
  await inBatches(entries.questions, batch, (from, to) => asActor(client, lead.id, async () => void (await client.query(INSERTS.questions, [[big], from, to, lead.id]))));
  await inBatches(entries.timeline, batch, (from, to) => asActor(client, lead.id, async () => void (await client.query(INSERTS.timeline, [[big], from, to, lead.id]))));
  const assignees = [lead, ...contributors].map((user) => user.id);
  await inBatches(followUps, batch, (from, to) => asActor(client, lead.id, async () => void (await client.query(FOLLOW_UPS, [big, from, to, lead.id, assignees]))));
  await inBatches(comments, batch, (from, to) => asActor(client, lead.id, async () => void (await client.query(COMMENTS, [big, from, to, lead.id]))));
  await makeConfidential(client, big, scale.confidentialShare, lead.id);
  // The baseline: one on-record source and one English quote of it.
  await asActor(client, lead.id, async () => {
    await client.query(INSERTS.sources, [[tiny], 1, 1, lead.id]);
    await client.query(QUOTES, [tiny, 1, 1, lead.id, every]);
  });
  timings.entriesMs = since(start);

  start = performance.now();
  await client.query(`VACUUM ANALYZE ${TRACKED_TABLES}`);
  timings.vacuumAnalyzeMs = since(start);

  const stories = { lead, big: await countOf(client, big, DOSSIER_TITLE), tiny: await countOf(client, tiny, TINY_TITLE), timings };
  const b = stories.big;
  say(
    `dossier story: ${b.entries.toLocaleString("en")} entries (${b.sources} sources, ${b.confidential} confidential; ${b.quotes} quotes, ${b.rtlQuotes} in Hebrew or Arabic; ` +
      `${b.questions} questions; ${b.timeline} timeline events), ${b.followUps} follow-ups, ${b.comments} comments; baseline story: ${stories.tiny.entries} entries ` +
      `(${Math.round(timings.entriesMs)} ms; VACUUM ANALYZE ${Math.round(timings.vacuumAnalyzeMs)} ms)`,
  );
  return stories;
}
