import "server-only";
import { db, rawRows, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

// Reads that start side by side, sent as ONE statement: each module keeps its own SQL (a
// fragment: a scalar subquery giving one json value, scoped as its module scopes it) and its
// own parser; readTogether makes them the columns of one SELECT. Every statement costs the
// server ~0.3–0.5 ms of its CPU here, far more than PostgreSQL takes to run a small one
// (docs/benchmarks.md, "writev"); a panel's reads after its page were four.

/** One json value read by a scalar subquery (`sql`), and how its module reads that value. */
export type Fragment<T> = { name: string; sql: Prisma.Sql; parse: (value: unknown) => T };

/** Asks for a fragment's value: in the statement being composed, or in one of its own. */
export type Read = <T>(fragment: Fragment<T>) => Promise<T>;

/** A row-set SELECT as one json array (its rows as objects; '[]' when none). */
export const jsonRows = (rows: Prisma.Sql, order?: Prisma.Sql) =>
  Prisma.sql`(SELECT coalesce(json_agg(r${order ? Prisma.sql` ORDER BY ${order}` : Prisma.empty}), '[]'::json) FROM (${rows}) r)`;

type Asked = { fragment: Fragment<unknown>; resolve: (value: unknown) => void; reject: (error: unknown) => void };

async function send(asked: Asked[], client: Tx) {
  // Named for whoever reads the statement in a log: the fragment's name, numbered (a name may repeat).
  const names = asked.map(({ fragment }, index) => `${fragment.name.replace(/\W/g, "_")}_${index}`);
  const columns = asked.map(({ fragment }, index) => Prisma.sql`${fragment.sql} AS ${Prisma.raw(`"${names[index]}"`)}`);
  try {
    const [row] = await rawRows<Record<string, unknown>>(Prisma.sql`SELECT ${Prisma.join(columns, ", ")}`, client);
    asked.forEach(({ fragment, resolve, reject }, index) => {
      try {
        resolve(fragment.parse(row?.[names[index]!]));
      } catch (error) {
        reject(error);
      }
    });
  } catch (error) {
    asked.forEach(({ reject }) => reject(error));
  }
}

/**
 * Starts readers side by side (`start`, given a `read`): the fragments they ask for before
 * `start` returns — before their first await — are read as the columns of one SELECT, sent once
 * `start` has returned; a fragment asked for later is read in a statement of its own (still
 * right, one round trip more). Returns what `start` returned.
 */
export function readTogether<R>(start: (read: Read) => R, client: Tx = db()): R {
  const asked: Asked[] = [];
  let composing = true;
  const read: Read = <T>(fragment: Fragment<T>) =>
    composing ? new Promise<T>((resolve, reject) => void asked.push({ fragment, resolve: resolve as (value: unknown) => void, reject })) : readAlone(fragment, client);
  const started = start(read);
  composing = false;
  if (asked.length) void send(asked, client);
  return started;
}

/** Starts readers in the statement being composed (`read`, a caller's readTogether), or in one of their own. */
export const readTogetherIn = <R>(read: Read | undefined, start: (read: Read) => R, client: Tx = db()): R => (read ? start(read) : readTogether(start, client));

/** One fragment in a statement of its own. */
export const readAlone = <T>(fragment: Fragment<T>, client: Tx = db()): Promise<T> => readTogether((read) => read(fragment), client);

/** A `Read` on this client, each fragment alone: the default of a module's reader called by itself. */
export const alone = (client: Tx = db()): Read => (fragment) => readAlone(fragment, client);
