import "server-only";
import { once } from "node:events";
import type { Readable } from "node:stream";
import readline from "node:readline";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { appliedMigrations, listMigrations, migrate } from "@/lib/server/migrations";
import { END_OF_DATA, END_PREFIX, FIRST_LINE, FORMAT, MANIFEST_PREFIX, VERSION, copyStatement, quoteIdent, sectionLine, type BackupManifest, type BackupTrailer } from "./format";

// Restore into an empty database: migrate it to exactly the backup's migrations, then copy every
// table back in ONE transaction, as the tables' owner (the role that runs migrations). The
// ledger's triggers are switched off for that transaction only (ALTER TABLE … DISABLE TRIGGER
// USER): the revisions are restored as they were, not re-recorded, and the append-only guards
// would refuse any insert into the ledger that does not come from the recording trigger. Foreign
// keys stay on (tables come parents first). Nothing is visible to anyone before COMMIT, a failure
// anywhere rolls all of it back, and the caller then verifies every chain (scripts/restore.ts).

export class RestoreError extends Error {}

export type RestoreSummary = { manifest: BackupManifest; rows: Record<string, number>; migrationsAppliedAfter: string[] };

/** The archive's lines, one at a time (the caller has gunzipped it). */
function lines(input: Readable): AsyncIterator<string> {
  return readline.createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
}

async function next(reader: AsyncIterator<string>, what: string): Promise<string> {
  const line = await reader.next();
  if (line.done) throw new RestoreError(`The archive ends early (before ${what}): it was cut off, or is not a Storydesk backup.`);
  return line.value;
}

async function readManifest(reader: AsyncIterator<string>): Promise<BackupManifest> {
  if ((await next(reader, "its header")) !== FIRST_LINE) throw new RestoreError(`That is not a ${FORMAT} archive of version ${VERSION}.`);
  const line = await next(reader, "its manifest");
  if (!line.startsWith(MANIFEST_PREFIX)) throw new RestoreError("The archive has no manifest.");
  const manifest = JSON.parse(line.slice(MANIFEST_PREFIX.length)) as BackupManifest;
  if (manifest.format !== FORMAT || manifest.version !== VERSION) throw new RestoreError(`That is not a ${FORMAT} archive of version ${VERSION}.`);
  // The backup's migrations must be this version's first ones, unchanged.
  const known = listMigrations();
  manifest.migrations.forEach((migration, index) => {
    if (known[index]?.name !== migration.name || known[index]?.checksum !== migration.checksum) {
      throw new RestoreError(`The backup was made with migration ${migration.name}, which this version of Storydesk does not have as it was. Restore with the version that made it.`);
    }
  });
  return manifest;
}

/** Refuses a database that holds anything: a restore never merges into, or overwrites, a desk. */
async function assertEmpty(client: pg.ClientBase, manifest: BackupManifest): Promise<void> {
  for (const table of manifest.tables) {
    const { rows } = await client.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${quoteIdent(table.name)}) AS any`);
    if (rows[0]?.any) {
      throw new RestoreError(
        `The database is not empty (table ${table.name} has rows). Restore into a new database, or an empty data dir: stop Storydesk and move the old one aside first.`,
      );
    }
  }
}

async function copyIn(client: pg.ClientBase, table: { name: string; columns: string[] }, reader: AsyncIterator<string>): Promise<number> {
  const stream = client.query(copyFrom(copyStatement(table, "FROM STDIN")));
  const done = new Promise<void>((resolve, reject) => {
    stream.on("finish", resolve);
    stream.on("error", reject);
  });
  done.catch(() => {}); // awaited below; a server error meanwhile must not go unhandled
  let count = 0;
  let batch = "";
  try {
    for (;;) {
      const line = await next(reader, `the end of table ${table.name}`);
      if (line === END_OF_DATA) break;
      batch += `${line}\n`;
      count++;
      if (batch.length >= 256 * 1024) {
        if (!stream.write(batch)) await Promise.race([once(stream, "drain"), done]);
        batch = "";
      }
    }
  } catch (error) {
    // Tell the server the copy failed (CopyFail), so the connection leaves COPY and can roll back.
    stream.destroy(error instanceof Error ? error : new Error(String(error)));
    await done.catch(() => {});
    throw error;
  }
  stream.end(batch);
  await done;
  return count;
}

/** Serial columns continue after the restored rows, not from 1. */
async function resetSequences(client: pg.ClientBase, tables: { name: string; columns: string[] }[]): Promise<void> {
  for (const table of tables) {
    for (const column of table.columns) {
      const { rows } = await client.query<{ sequence: string | null }>("SELECT pg_get_serial_sequence($1, $2) AS sequence", [quoteIdent(table.name), column]);
      const sequence = rows[0]?.sequence;
      if (!sequence) continue;
      await client.query(`SELECT setval($1, coalesce((SELECT max(${quoteIdent(column)}) FROM ${quoteIdent(table.name)}), 0) + 1, false)`, [sequence]);
    }
  }
}

/** Restores the archive read from `input` (gunzipped) into the empty database at `url`. */
export async function restoreDesk(url: string, input: Readable): Promise<RestoreSummary> {
  const reader = lines(input);
  const manifest = await readManifest(reader);
  const last = manifest.migrations.at(-1)?.name;
  if (!last) throw new RestoreError("The backup names no migrations.");

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // A database with a newer schema than the backup's cannot take its rows as they are.
    const present = await appliedMigrations(client);
    const ahead = [...present.keys()].filter((name) => name > last);
    if (ahead.length > 0) throw new RestoreError(`The database is already migrated past the backup (${ahead[0]}). Restore into a new, empty database.`);
    await migrate(url, undefined, { upTo: last });
    await assertEmpty(client, manifest);

    await client.query("BEGIN");
    const rows: Record<string, number> = {};
    try {
      for (const table of manifest.tables) await client.query(`ALTER TABLE ${quoteIdent(table.name)} DISABLE TRIGGER USER`);
      for (const table of manifest.tables) {
        const header = await next(reader, `table ${table.name}`);
        if (header !== sectionLine(table)) throw new RestoreError(`The archive does not match its manifest at table ${table.name}.`);
        rows[table.name] = await copyIn(client, table, reader);
      }
      const end = await next(reader, "its last line");
      if (!end.startsWith(END_PREFIX)) throw new RestoreError("The archive has data after its last table.");
      const trailer = JSON.parse(end.slice(END_PREFIX.length)) as BackupTrailer;
      for (const table of manifest.tables) {
        if (trailer.rows[table.name] !== rows[table.name]) {
          throw new RestoreError(`Table ${table.name} has ${rows[table.name]} rows in the archive, but its backup wrote ${trailer.rows[table.name]}.`);
        }
      }
      // Deferred foreign keys (a source's key is written before its row) check now: ALTER TABLE refuses pending checks.
      await client.query("SET CONSTRAINTS ALL IMMEDIATE");
      for (const table of manifest.tables) await client.query(`ALTER TABLE ${quoteIdent(table.name)} ENABLE TRIGGER USER`);
      await resetSequences(client, manifest.tables);
      // Sessions of the old desk do not carry over: everyone signs in again.
      if (manifest.tables.some((table) => table.name === "sessions")) {
        await client.query("UPDATE sessions SET ended_at = now(), end_reason = 'restore' WHERE ended_at IS NULL");
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    }
    // Migrations that came after the backup run now, on the restored data.
    const migrationsAppliedAfter = await migrate(url);
    return { manifest, rows, migrationsAppliedAfter };
  } finally {
    await client.end();
  }
}
