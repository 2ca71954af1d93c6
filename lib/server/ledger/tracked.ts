import "server-only";
import { db } from "@/lib/db";

// The tracked tables, as the database itself declares them: every table with a
// record_revision() trigger, with the trigger's arguments (entity type, the column naming the
// story — '' for the desk chain —, the columns kept out of snapshots). Read from the catalog on
// every verification, so a new kind of entry is covered the day its trigger exists.

export type TrackedTable = {
  /** Schema-qualified and quoted, ready for SQL. */
  sql: string;
  name: string;
  entityType: string;
  /** The column that names the story; null: the desk chain. */
  storyColumn: string | null;
  hidden: string[];
  /** Every column, in order. */
  columns: string[];
  /** 'O' (origin, the default), 'A' (always), 'R' (replica only) or 'D' (disabled). */
  enabled: string;
};

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

type TriggerRow = { schema: string; name: string; enabled: string; args: Buffer; columns: string[] };

export async function trackedTables(): Promise<TrackedTable[]> {
  const rows = await db().$queryRaw<TriggerRow[]>`
    SELECT n.nspname AS schema, c.relname AS name, t.tgenabled::text AS enabled, t.tgargs AS args,
           array(SELECT a.attname::text FROM pg_attribute a
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS columns
      FROM pg_trigger t
      JOIN pg_class c ON c.oid = t.tgrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE t.tgfoid = to_regproc('record_revision') AND NOT t.tgisinternal
     ORDER BY c.relname`;
  return rows.map((row) => {
    // tgargs: each argument followed by a NUL byte.
    const [entityType = "", storyColumn = "", ...hidden] = Buffer.from(row.args).toString("utf8").split("\0").slice(0, -1);
    return {
      sql: `${quoteIdent(row.schema)}.${quoteIdent(row.name)}`,
      name: row.name,
      entityType,
      storyColumn: storyColumn || null,
      hidden,
      columns: row.columns,
      enabled: row.enabled,
    };
  });
}

/** Columns an update may change without a revision (the trigger ignores them). */
const UNRECORDED = new Set(["updated_at", "version"]);

export type LiveRowMismatch = {
  entityType: string;
  entityId: string;
  /** The entity's latest revision in the chain; null: none at all. */
  seq: number | null;
  /** Columns whose live value differs from the snapshot. */
  fields: string[];
  live: Record<string, unknown>;
  recorded: Record<string, unknown> | null;
};

type MismatchRow = { entity_id: string; seq: bigint | null; fields: string[]; live: Record<string, unknown>; recorded: Record<string, unknown> | null };

/**
 * The rows of `table` on `chain` that differ from the snapshot of their latest revision there,
 * or have none. Values are compared typed (the snapshot read back into the table's row type),
 * so the session's time zone or a JSON key order cannot make a false difference. A column the
 * snapshot does not have was added by a later migration: it is not compared.
 */
export async function liveRowMismatches(table: TrackedTable, chain: string): Promise<LiveRowMismatch[]> {
  const compared = table.columns.filter((column) => !table.hidden.includes(column) && !UNRECORDED.has(column));
  const literal = (column: string) => `'${column.replaceAll("'", "''")}'`;
  const differs = (column: string) => `(l.snapshot ? ${literal(column)} AND t.${quoteIdent(column)} IS DISTINCT FROM p.${quoteIdent(column)})`;
  const scope = table.storyColumn ? `t.${quoteIdent(table.storyColumn)}::text = $1` : `$1 = 'desk'`;
  const sql = `
    SELECT t.id::text AS entity_id, l.seq,
           array_remove(ARRAY[${compared.map((column) => `CASE WHEN ${differs(column)} THEN ${literal(column)} END`).join(", ")}]::text[], NULL) AS fields,
           to_jsonb(t) - $2::text[] AS live, l.snapshot AS recorded
      FROM ${table.sql} t
      LEFT JOIN LATERAL (SELECT r.seq, r.snapshot FROM revisions r
                          WHERE r.entity_id = t.id AND r.chain = $1 ORDER BY r.seq DESC LIMIT 1) l ON true
      LEFT JOIN LATERAL jsonb_populate_record(NULL::${table.sql}, l.snapshot) p ON true
     WHERE ${scope}
       AND (l.seq IS NULL OR ${compared.map(differs).join(" OR ") || "false"})
     LIMIT 100`;
  const rows = await db().$queryRawUnsafe<MismatchRow[]>(sql, chain, table.hidden);
  return rows.map((row) => ({
    entityType: table.entityType,
    entityId: row.entity_id,
    seq: row.seq === null ? null : Number(row.seq),
    fields: row.fields,
    live: row.live,
    recorded: row.recorded,
  }));
}
