import "server-only";
import { once } from "node:events";
import type { Writable } from "node:stream";
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { appliedMigrations, listMigrations } from "@/lib/server/migrations";
import { END_PREFIX, FIRST_LINE, FORMAT, MANIFEST_PREFIX, VERSION, copyStatement, sectionLine, type BackupManifest } from "./format";

// A consistent online backup through an ordinary connection: one REPEATABLE READ, READ ONLY
// transaction sees a single snapshot of every table, however long the copy takes and whatever
// the desk writes meanwhile (writers are not blocked; only schema changes wait). Tables are
// enumerated from the catalog when the backup runs, so a table added by a later migration is in
// the next backup without anyone listing it. See ARCHITECTURE.md beside this file.

/** The migration log is not data: a restore rebuilds it by migrating (format.ts). */
const NOT_DATA = new Set(["_prisma_migrations"]);

type TableRow = { name: string; columns: string[]; parents: string[] };

/** The schema's tables, parents first (foreign keys), with their stored columns. */
export async function listTables(client: pg.ClientBase): Promise<{ name: string; columns: string[] }[]> {
  const { rows } = await client.query<TableRow>(`
    SELECT c.relname AS name,
           array(SELECT a.attname::text FROM pg_attribute a
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                  ORDER BY a.attnum) AS columns,
           array(SELECT DISTINCT p.relname::text FROM pg_constraint k JOIN pg_class p ON p.oid = k.confrelid
                  WHERE k.conrelid = c.oid AND k.contype = 'f' AND k.confrelid <> c.oid) AS parents
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
       -- UNLOGGED tables hold what a restart may lose anyway (who is on a story now): not data.
       AND c.relpersistence = 'p'
     ORDER BY c.relname`);
  const byName = new Map(rows.filter((row) => !NOT_DATA.has(row.name)).map((row) => [row.name, row]));
  const ordered: TableRow[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const place = (row: TableRow) => {
    if (placed.has(row.name) || visiting.has(row.name)) return; // a cycle keeps the order it has
    visiting.add(row.name);
    for (const parent of row.parents) {
      const parentRow = byName.get(parent);
      if (parentRow) place(parentRow);
    }
    visiting.delete(row.name);
    placed.add(row.name);
    ordered.push(row);
  };
  for (const row of byName.values()) place(row);
  return ordered.map(({ name, columns }) => ({ name, columns }));
}

async function write(output: Writable, text: string | Buffer): Promise<void> {
  if (!output.write(text)) await once(output, "drain");
}

export type BackupSummary = { manifest: BackupManifest; rows: Record<string, number> };

/** Writes the whole desk, as one snapshot, to `output` (uncompressed; the caller gzips). */
export async function backupDesk(client: pg.ClientBase, output: Writable): Promise<BackupSummary> {
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    const { rows: info } = await client.query<{ taken_at: Date; server: string }>("SELECT now() AS taken_at, current_setting('server_version') AS server");
    const applied = await appliedMigrations(client);
    const tables = await listTables(client);
    const { rows: chains } = await client.query<{ chain: string; seq: string; head_hash: string }>(
      "SELECT chain, seq::text, head_hash FROM revision_chains ORDER BY chain",
    );
    const known = new Map(listMigrations().map((migration) => [migration.name, migration.checksum]));
    const manifest: BackupManifest = {
      format: FORMAT,
      version: VERSION,
      takenAt: info[0]!.taken_at.toISOString(),
      server: info[0]!.server,
      migrations: [...applied].map(([name, checksum]) => ({ name, checksum })).sort((a, b) => a.name.localeCompare(b.name)),
      tables,
      chains: chains.map((row) => ({ chain: row.chain, seq: row.seq, headHash: row.head_hash })),
    };
    for (const migration of manifest.migrations) {
      if (known.get(migration.name) !== migration.checksum) throw new Error(`the database has migration ${migration.name}, which this version of Storydesk does not know`);
    }
    await write(output, `${FIRST_LINE}\n${MANIFEST_PREFIX}${JSON.stringify(manifest)}\n`);
    const rows: Record<string, number> = {};
    for (const table of tables) {
      await write(output, `${sectionLine(table)}\n`);
      const copy = client.query(copyTo(copyStatement(table, "TO STDOUT")));
      let count = 0;
      for await (const chunk of copy as AsyncIterable<Buffer>) {
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) count++;
        await write(output, chunk);
      }
      rows[table.name] = count;
      await write(output, "\\.\n");
    }
    await write(output, `${END_PREFIX}${JSON.stringify({ rows })}\n`);
    await client.query("COMMIT");
    return { manifest, rows };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}
