// Backup → wipe → restore on the demo desk, with writes made while the backup runs: the archive
// holds exactly the snapshot it started from (every table the schema has, found in the catalog),
// a restore brings it all back into an empty database and every chain verifies; a second backup
// after the writes brings them back too. A non-empty target or a cut-off archive restores nothing.
import { Readable, Writable } from "node:stream";
import pg from "pg";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import type { SessionUser } from "@/lib/server/access";
import { backupDesk, listTables } from "@/lib/server/backup/backup";
import { checkRestoredDesk } from "@/lib/server/backup/check";
import { restoreDesk, RestoreError } from "@/lib/server/backup/restore";
import { createQuestion } from "@/lib/server/questions";
import { updateQuote } from "@/lib/server/quotes";
import { seedDemoDesk } from "@/prisma/seed";
import { withRawClient } from "../support/db";

// As the owner, as `npm run restore` does (the app's runtime role may not write the ledger back).
const url = process.env.MIGRATION_DATABASE_URL!;
const databaseName = new URL(url).pathname.slice(1);

/** A Writable that collects the archive; it holds the backup at its first write until `release`. */
function gatedSink() {
  const chunks: Buffer[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let reached!: () => void;
  const atGate = new Promise<void>((resolve) => (reached = resolve));
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      if (chunks.length === 1) {
        reached();
        void gate.then(() => callback());
      } else callback();
    },
  });
  return { sink, release, atGate, archive: () => Buffer.concat(chunks) };
}

async function backup(): Promise<{ archive: Buffer; manifest: Awaited<ReturnType<typeof backupDesk>>["manifest"] }> {
  const { sink, release, archive } = gatedSink();
  release();
  const summary = await withRawClient((client) => backupDesk(client, sink));
  return { archive: archive(), manifest: summary.manifest };
}

/** Every table's rows, as text, in a stable order (sessions apart: a restore ends them). */
async function fingerprint(): Promise<Record<string, { rows: number; md5: string }>> {
  return withRawClient(async (client) => {
    const result: Record<string, { rows: number; md5: string }> = {};
    for (const table of await listTables(client)) {
      if (table.name === "sessions") continue;
      const { rows } = await client.query<{ rows: number; md5: string }>(
        `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5 FROM "${table.name}" t`,
      );
      result[table.name] = rows[0]!;
    }
    return result;
  });
}

/** Drops this file's database and creates it again, empty: the desk is gone. */
async function wipe(): Promise<void> {
  // As the superuser: FORCE ends the runtime role's connections, which only a superuser (or a
  // member of pg_signal_backend) may do where the owner is not one — an operator's job anyway.
  const admin = new pg.Client({ connectionString: inject("postgresSuperuserUrl") });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE "${databaseName}" WITH (FORCE)`);
    // Owned by the desk's owner role, as the original was (on PostgreSQL 15 only the database's
    // owner may create in its public schema).
    const owner = decodeURIComponent(new URL(inject("postgresAdminUrl")).username);
    await admin.query(`CREATE DATABASE "${databaseName}" OWNER "${owner}"`);
  } finally {
    await admin.end();
  }
  await db().$disconnect(); // its connections were to the dropped database
}

const restoreFrom = (archive: Buffer) => restoreDesk(url, Readable.from([archive]));

let maya: SessionUser;
let storyId: string;

beforeAll(async () => {
  await seedDemoDesk();
  maya = await db().user.findUniqueOrThrow({ where: { email: "maya@storydesk.example" }, select: { id: true, email: true, name: true, role: true } });
  storyId = (await db().story.findFirstOrThrow({ select: { id: true } })).id;
  // A live session: a restore must not bring it back to life.
  await db().session.create({ data: { userId: maya.id, deviceId: "00000000-0000-4000-8000-000000000001" } });
}, 120_000);

describe("backup and restore", () => {
  let during: Buffer;
  let duringManifest: Awaited<ReturnType<typeof backup>>["manifest"];
  let before: Awaited<ReturnType<typeof fingerprint>>;
  let after: Awaited<ReturnType<typeof fingerprint>>;

  it("takes one snapshot while the desk keeps writing: writes made during the backup are not half in it", async () => {
    before = await fingerprint();
    const { sink, release, atGate, archive } = gatedSink();
    const running = withRawClient((client) => backupDesk(client, sink));
    await atGate; // the snapshot is taken and the manifest written; the copy waits
    const quotes = await db().quote.findMany({ where: { storyId, deletedAt: null }, take: 4 });
    await Promise.all([
      ...quotes.map((quote, i) =>
        updateQuote(maya, { storyId, quoteId: quote.id, version: quote.version, speakerId: quote.speakerId, text: `${quote.text} (checked ${i})`, reason: "written during the backup" }),
      ),
      createQuestion(maya, { storyId, text: "Written while the backup ran?" }),
    ]);
    release();
    const summary = await running;
    during = archive();
    duringManifest = summary.manifest;
    after = await fingerprint();
    expect(after.revisions!.rows).toBe(before.revisions!.rows + quotes.length + 1);
    expect(summary.rows.revisions).toBe(before.revisions!.rows);
    expect(summary.manifest.tables.map((table) => table.name)).toEqual(expect.arrayContaining(Object.keys(before)));
    expect(summary.manifest.tables.map((table) => table.name)).not.toContain("_prisma_migrations");
    expect(during.toString("utf8")).not.toContain("Written while the backup ran?");
  });

  it("restores exactly that snapshot into a wiped database, every chain verifying against the backup's heads", async () => {
    const latest = await backup(); // after the writes, for the next test
    await wipe();
    expect(await restoreFrom(during)).toMatchObject({ migrationsAppliedAfter: [] });
    expect(await fingerprint()).toEqual(before);
    const check = await checkRestoredDesk(duringManifest);
    expect(check.ledger.chains.length).toBeGreaterThanOrEqual(2);
    expect(check.ledger.ok).toBe(true);
    expect(check).toMatchObject({ headMismatches: [], unreadableKeys: [] });
    expect(await db().session.count({ where: { endedAt: null } })).toBe(0);
    expect(await db().session.count({ where: { endReason: "restore" } })).toBe(1);

    await wipe();
    await restoreFrom(latest.archive);
    expect(await fingerprint()).toEqual(after);
    expect((await checkRestoredDesk(latest.manifest)).ledger.ok).toBe(true);
    // The restored desk takes new writes: its serial columns continue after the restored rows.
    await createQuestion(maya, { storyId, text: "Asked after the restore" });
    expect((await checkRestoredDesk(latest.manifest)).headMismatches).toEqual([storyId]);
  });

  it("refuses a database that holds a desk, and a cut-off archive, restoring nothing", async () => {
    const { archive } = await backup();
    const rowsBefore = await fingerprint();
    await expect(restoreFrom(archive)).rejects.toThrow(/not empty/);
    expect(await fingerprint()).toEqual(rowsBefore);

    await wipe();
    const cut = Buffer.from(archive.toString("utf8").split("\n").slice(0, -40).join("\n"));
    await expect(restoreFrom(cut)).rejects.toThrow(RestoreError);
    expect(await db().user.count()).toBe(0);
    expect(await db().revision.count()).toBe(0);
  });
});
