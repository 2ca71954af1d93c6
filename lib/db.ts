import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";

// Created on first use, so that `next build` (which loads route modules) needs no database.
const globalForDb = globalThis as unknown as { storydeskDb?: PrismaClient };

// Each client's node-postgres pool, which Prisma's adapter uses and sql() (below) shares.
const pools = new WeakMap<PrismaClient, pg.Pool>();

/** A Prisma client on a pool of its own (db() is one; a second role's client, e.g. the bench's, is another). */
export function createDb(connectionString: string): PrismaClient {
  const pool = new pg.Pool({ connectionString, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  // An idle connection the server drops (a restart) must not crash the process before Prisma,
  // which connects lazily, has added its own listener; the next query reports the outage.
  pool.on("error", () => {});
  // Disposed with the client ($disconnect), as the pool the adapter made itself was.
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(client, pool);
  return client;
}

export function db(): PrismaClient {
  if (!globalForDb.storydeskDb) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set");
    globalForDb.storydeskDb = createDb(connectionString);
  }
  return globalForDb.storydeskDb;
}

/**
 * One statement on the pool under `client` (db() by default), straight through node-postgres:
 * for the hottest path only (an entry's edit, `editWithRevision`), where Prisma's own work per
 * query cost ~0.6 ms beside a ~0.8 ms round trip at load 5 (docs/benchmarks.md, "Edits at the speed of the
 * database"). Parameters are bound ($1…), never interpolated. Values come back as
 * node-postgres parses them (jsonb as objects, as $queryRaw gives them). Once the client is
 * disconnected its pool is gone, and the statement goes through $queryRawUnsafe instead.
 */
export async function sql<Row>(text: string, values: unknown[], client: PrismaClient | Tx = db()): Promise<Row[]> {
  // A transaction has no pool of its own here: its statements go through it.
  const pool = pools.get(client as PrismaClient);
  if (!pool || pool.ending || pool.ended) return client.$queryRawUnsafe<Row[]>(text, ...values);
  return (await pool.query(text, values)).rows as Row[];
}

/**
 * A read written with Prisma.sql, the same way: on the pool straight through node-postgres
 * (parameters bound from the template), or, given a transaction, through its `$queryRaw`. For
 * the reads every page makes (the session, the live cursor, entries as snapshots, the sources'
 * keys): Prisma's own work per query (~0.3 ms of the server's CPU on this 2-core machine, a
 * third of a statement's cost; docs/benchmarks.md, issue 16 part 2) over ~30 statements a page.
 * Values come back as node-postgres parses them: jsonb as objects and timestamps as Dates, as
 * $queryRaw gives them, but int8 (count(*) without a cast, max(id)) as a string, not a BigInt.
 */
export function rawRows<Row>(statement: Prisma.Sql, client: PrismaClient | Tx = db()): Promise<Row[]> {
  return sql<Row>(statement.text, statement.values, client);
}

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
