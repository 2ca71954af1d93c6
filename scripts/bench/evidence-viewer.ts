// 3b. The evidence viewer's document (issue 17): a 5,000-word wire report in the big story,
// built from the demo's report A (its quotations and attributions repeated through the text,
// so the viewer proposes quotes and matches speakers as it would for real copy).
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { asActor } from "./cluster";
import type { Desk } from "./generate";

export const VIEWER_TITLE = "Bench wire report, 5,000 words";
const WORDS = 5_000;

/** Report A's paragraphs, repeated (numbered, so no two are the same) until the text has WORDS words. */
function longReport(): string {
  const report = fs.readFileSync(path.join(process.cwd(), "prisma/seed-story/report-a.txt"), "utf8");
  const paragraphs = report.split(/\n\s*\n/).map((paragraph) => paragraph.replace(/\s+/g, " ").trim()).filter(Boolean);
  const out: string[] = [];
  let words = 0;
  for (let round = 1; words < WORDS; round++) {
    for (const paragraph of paragraphs) {
      if (words >= WORDS) break;
      const text = `(${round}) ${paragraph}`;
      out.push(text);
      words += text.split(" ").length;
    }
  }
  return out.join("\n\n");
}

/** Adds the document to the big story as its lead (a revision, as the app writes one); returns its id. */
export async function addViewerDocument(databaseUrl: string, desk: Desk): Promise<{ id: string; words: number }> {
  const body = longReport();
  const sha256 = createHash("sha256").update(body, "utf8").digest("hex");
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const id = await asActor(client, desk.lead.id, async () => {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO documents (story_id, title, format, body, sha256, body_sha256, origin, added_by_id)
         VALUES ($1, $2, 'text', $3, $4, $4, 'Bench wire', $5) RETURNING id`,
        [desk.bigStoryId, VIEWER_TITLE, body, sha256, desk.lead.id],
      );
      return rows[0]!.id;
    });
    return { id, words: body.split(/\s+/).length };
  } finally {
    await client.end();
  }
}
