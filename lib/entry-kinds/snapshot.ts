import "server-only";
import { db, rawRows, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { KINDS, type TrackedKind } from "./kinds";

// Every read of an entry goes through the same shape: its row as JSON, keyed by column — what
// the ledger stores in each revision, and what `to_jsonb` gives for the row as it is now. So
// the live panels and the panels as of a moment present entries the same way.

/** A row as JSON: column names (snake_case) as keys, timestamps as ISO strings. */
export type Snapshot = Record<string, unknown>;

// Column names are few and fixed: each is camel-cased, and told a timestamp or not, once per
// process (a panel converts fifteen-odd keys of fifty rows on every render, a dossier twenty of a
// thousand).
type Column = { name: string; timestamp: boolean };
const columns = new Map<string, Column>();
function columnOf(key: string): Column {
  let column = columns.get(key);
  if (column === undefined) {
    // Timestamps: the *_at columns and the ends of approximate dates' ranges (*_until).
    column = { name: key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()), timestamp: key.endsWith("_at") || key.endsWith("_until") };
    columns.set(key, column);
  }
  return column;
}

/** A snapshot as the row Prisma returns: camelCase keys, timestamps (`…_at`) as Dates. */
export function rowFromSnapshot<T>(snapshot: Snapshot): T {
  // One object filled in place (no entries array, no copy): a dossier makes ~1,000 of them.
  const row: Record<string, unknown> = {};
  for (const key in snapshot) {
    const value = snapshot[key];
    const column = columnOf(key);
    row[column.name] = column.timestamp && typeof value === "string" ? new Date(value) : value;
  }
  return row as T;
}

/**
 * The row (rowFromSnapshot) without the columns `omit` names (as the row names them): the start
 * of a kind's view, which its presenter completes in place (`Object.assign(row, { … })`) rather
 * than copying. A row is filled by keyed stores, so V8 keeps it as a dictionary, and copying one
 * (`{ a, ...row }` then `{ ...row, b }`) cost ~7 µs a row: ~0.4 ms of a 50-entry panel's render
 * (docs/benchmarks.md, present28). Its own loop, not rowFromSnapshot's with a check: that one
 * stays as it was for the sources panel and the dossier.
 */
export function rowWithout<T, K extends keyof T & string>(snapshot: Snapshot, ...omit: K[]): Omit<T, K> {
  const row: Record<string, unknown> = {};
  for (const key in snapshot) {
    const column = columnOf(key);
    if (omit.includes(column.name as K)) continue;
    const value = snapshot[key];
    row[column.name] = column.timestamp && typeof value === "string" ? new Date(value) : value;
  }
  return row as Omit<T, K>;
}

export const str = (value: unknown): string => (typeof value === "string" ? value : "");
export const ids = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);
export const excerpt = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const tableOf = (kind: TrackedKind) => Prisma.raw(KINDS[kind].table);

/**
 * Rows of a story's entries as they are now, as snapshots: `where` (on alias `t`) and `tail`
 * (ORDER BY, LIMIT…) are SQL. Inside a write, pass its transaction.
 */
export async function snapshotsWhere(client: Tx, kind: TrackedKind, storyId: string, where: Prisma.Sql[] = [], tail: Prisma.Sql = Prisma.empty): Promise<Snapshot[]> {
  const conditions = Prisma.join([Prisma.sql`t.story_id = ${storyId}::uuid`, ...where], " AND ");
  const rows = await rawRows<{ snapshot: Snapshot }>(Prisma.sql`SELECT to_jsonb(t) AS snapshot FROM ${tableOf(kind)} t WHERE ${conditions} ${tail}`, client);
  return rows.map((row) => row.snapshot);
}

/**
 * A page of a story's entries as snapshots, in `order` (orderSql on alias `t`): the page's rows
 * are chosen on their keys first, and only they are made JSON. In one SELECT with the ORDER BY
 * and LIMIT, PostgreSQL makes every matching row JSON before the sort keeps the page (to_jsonb
 * is too cheap a function for it to postpone): 34 ms in PostgreSQL for a page of a story with
 * 2,000 quotes, against ~1 ms (issue 16). Inside a write, pass its transaction.
 */
export async function snapshotsPage(
  client: Tx,
  kind: TrackedKind,
  storyId: string,
  where: Prisma.Sql[],
  order: Prisma.Sql,
  page: { limit: number; offset?: number },
): Promise<Snapshot[]> {
  const rows = await rawRows<{ snapshot: Snapshot }>(Prisma.sql`SELECT to_jsonb(t) AS snapshot FROM ${pageRows(kind, storyId, where, order, page)} ${order}`, client);
  return rows.map((row) => row.snapshot);
}

/** `<table> t WHERE …`: the rows of a page (snapshotsPage), chosen on their keys first. */
function pageRows(kind: TrackedKind, storyId: string, where: Prisma.Sql[], order: Prisma.Sql, page: { limit: number; offset?: number }): Prisma.Sql {
  const table = tableOf(kind);
  const conditions = Prisma.join([Prisma.sql`t.story_id = ${storyId}::uuid`, ...where], " AND ");
  return Prisma.sql`${table} t
      WHERE t.story_id = ${storyId}::uuid
        AND t.id = ANY(ARRAY(SELECT t.id FROM ${table} t WHERE ${conditions} ${order} LIMIT ${page.limit} OFFSET ${page.offset ?? 0}))`;
}

/**
 * A panel's page (as snapshotsPage chooses it: keys first, then JSON of those rows only) and how
 * many rows match in all (as countWhere counts them), in one statement: as two statements side by
 * side they cost the server two round trips' work (~0.5–1 ms of its CPU each) for a count that
 * takes PostgreSQL ~0.03 ms (docs/benchmarks.md, panel26).
 */
export async function snapshotsPageAndCount(
  kind: TrackedKind,
  storyId: string,
  where: Prisma.Sql[],
  order: Prisma.Sql,
  page: { limit: number; offset?: number },
): Promise<{ total: number; snapshots: Snapshot[] }> {
  const conditions = Prisma.join([Prisma.sql`t.story_id = ${storyId}::uuid`, ...where], " AND ");
  const [row] = await rawRows<{ total: number; snapshots: Snapshot[] }>(Prisma.sql`
    SELECT (SELECT count(*)::int FROM ${tableOf(kind)} t WHERE ${conditions}) AS total,
           coalesce((SELECT json_agg(to_jsonb(t) ${order}) FROM ${pageRows(kind, storyId, where, order, page)}), '[]'::json) AS snapshots`);
  return { total: row?.total ?? 0, snapshots: row?.snapshots ?? [] };
}

/** Entries by id, as snapshots, in the order of `ids` (unknown ids left out). */
export async function snapshotsById(kind: TrackedKind, storyId: string, wanted: readonly string[], client: Tx = db()): Promise<Snapshot[]> {
  const unique = [...new Set(wanted)].filter(Boolean);
  if (unique.length === 0) return [];
  const rows = await snapshotsWhere(client, kind, storyId, [Prisma.sql`t.id = ANY(${unique}::uuid[])`]);
  const byId = new Map(rows.map((row) => [str(row.id), row]));
  return unique.flatMap((id): Snapshot[] => {
    const snapshot = byId.get(id);
    return snapshot ? [snapshot] : [];
  });
}

/**
 * Entries of a story by id as they stood at a position in its chain (each one's latest
 * revision at or before `seq`), by id; an entry with no revision by then is left out.
 */
export async function snapshotsAt(storyId: string, wanted: readonly string[], seq: number, client: Tx = db()): Promise<Map<string, Snapshot>> {
  const unique = [...new Set(wanted)].filter(Boolean);
  if (unique.length === 0) return new Map();
  const rows = await rawRows<{ id: string; snapshot: Snapshot }>(
    // One probe of the (entity_id, seq) index per entry: its latest revision by then. (A
    // DISTINCT ON over the entries' revisions read every one of them up to `seq`, so the cost
    // grew with the length of the history: the quotes panel as of half a 100k chain took 2–2.7×
    // its time at 1k, issue 16 part 5.)
    Prisma.sql`
    SELECT wanted.id::text AS id, r.snapshot FROM unnest(${unique}::uuid[]) AS wanted(id)
     CROSS JOIN LATERAL (
       SELECT snapshot FROM revisions
        WHERE entity_id = wanted.id AND seq <= ${seq} AND chain = ${storyId}
        ORDER BY seq DESC LIMIT 1
     ) r`,
    client,
  );
  return new Map(rows.map((row) => [row.id, row.snapshot]));
}

/** How many rows of a story match (the same `where` as snapshotsWhere). */
export async function countWhere(kind: TrackedKind, storyId: string, where: Prisma.Sql[] = [], client: Tx = db()): Promise<number> {
  const conditions = Prisma.join([Prisma.sql`t.story_id = ${storyId}::uuid`, ...where], " AND ");
  const [row] = await rawRows<{ n: number }>(Prisma.sql`SELECT count(*)::int AS n FROM ${tableOf(kind)} t WHERE ${conditions}`, client);
  return row?.n ?? 0;
}

/** Names of people from rows read already ("Former account" for anyone not among them). */
export function namesOf(users: readonly { id: string; name: string }[]): (id: unknown) => string {
  const names = new Map(users.map((user) => [user.id, user.name]));
  return (id) => names.get(str(id)) ?? "Former account";
}
