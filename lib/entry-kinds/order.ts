import { Prisma } from "@/lib/generated/prisma/client";
import type { Snapshot } from "./snapshot";

// A panel's order, defined once and used twice: as SQL for the live panel, and as a comparator
// over snapshots for the panel as of a moment (where the rows come from the ledger). Both end
// on the id, so the two agree on every tie (tests/integration/entry-orders.test.ts).

export type OrderKey = {
  /** The column, as in SQL and in the ledger's snapshots. */
  column: string;
  direction?: "asc" | "desc";
  nulls?: "first" | "last";
  /**
   * For an enum: its values in the order they sort, first first; values in one inner list
   * tie. Spelled out rather than left to the enum's declared order, which the comparator
   * cannot see.
   */
  ranks?: ReadonlyArray<string | readonly string[]>;
};

export type EntryOrder = {
  label: string;
  keys: readonly OrderKey[];
  /**
   * Sorted first by the entry's label as each reader names it (a source's name through the
   * protection lens: sealed, so never in SQL), then by the keys. read.ts sorts these in memory.
   */
  byLabel?: true;
};

/**
 * An approximate date's keys (lib/approximate-date.ts): by its start; of two that start
 * together, the more precise first ("1 March", then "early March", "March", "2025"), then the
 * shorter range — all reversed for "latest first". Undated rows last either way.
 */
export function approximateDateKeys(columns: { at: string; precision: string; until: string }, direction: "asc" | "desc" = "asc"): OrderKey[] {
  return [
    { column: columns.at, direction, nulls: "last" },
    { column: columns.precision, direction, ranks: ["minute", "day", "early_month", "mid_month", "late_month", "month", "year"] },
    { column: columns.until, direction, nulls: direction === "asc" ? "first" : "last" },
  ];
}

/** A kind's orders by the `sort` value in the URL; the first is the panel's default. */
export type EntryOrders = Readonly<Record<string, EntryOrder>>;

/** Each value's rank; a value not listed sorts after all listed ones (rank = ranks.length). */
const rankMap = (ranks: NonNullable<OrderKey["ranks"]>) =>
  new Map(ranks.flatMap((rank, index) => (typeof rank === "string" ? [[rank, index] as const] : rank.map((value) => [value, index] as const))));

/** `ORDER BY …` for rows of the table aliased `alias`. */
export function orderSql(order: EntryOrder, alias = "t"): Prisma.Sql {
  const terms = order.keys.map((key) => {
    const column = Prisma.raw(`${alias}."${key.column}"`);
    const value = key.ranks
      ? Prisma.sql`CASE ${column}::text ${Prisma.join([...rankMap(key.ranks)].map(([name, rank]) => Prisma.sql`WHEN ${name} THEN ${rank}::int`), " ")} ELSE ${key.ranks.length}::int END`
      : column;
    const direction = Prisma.raw(key.direction === "desc" ? "DESC" : "ASC");
    const nulls = key.nulls ? Prisma.raw(key.nulls === "first" ? " NULLS FIRST" : " NULLS LAST") : Prisma.empty;
    return Prisma.sql`${value} ${direction}${nulls}`;
  });
  return Prisma.sql`ORDER BY ${Prisma.join([...terms, Prisma.raw(`${alias}.id ASC`)], ", ")}`;
}

/**
 * A snapshot's timestamp in microseconds since the epoch: PostgreSQL keeps microseconds, a JS
 * Date only milliseconds, and two rows written within one millisecond must sort as in SQL.
 */
export function instantOf(value: string): number {
  const match = /^(.*?)(?:\.(\d{1,6}))?(Z|[+-]\d{2}(?::?\d{2})?)$/.exec(value);
  if (!match) return Date.parse(value) * 1000;
  return Date.parse(`${match[1]}${match[3]}`) * 1000 + Number((match[2] ?? "").padEnd(6, "0"));
}

type Sortable = number | string | null;

function sortValue(key: OrderKey, snapshot: Snapshot, ranks: Map<string, number> | null): Sortable {
  const value = snapshot[key.column];
  if (value === null || value === undefined) return null;
  if (ranks) return ranks.get(String(value)) ?? key.ranks!.length;
  if (typeof value === "number") return value;
  return /_(at|until)$/.test(key.column) ? instantOf(String(value)) : String(value);
}

function compareValues(a: Sortable, b: Sortable): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b));
}

/**
 * The same order over snapshots (as of a moment). Each snapshot's sort values are worked out
 * once per comparator, not at every comparison (a timestamp is parsed by a regular expression):
 * a sort of n snapshots compares ~n log n times.
 */
export function snapshotComparator(order: EntryOrder): (a: Snapshot, b: Snapshot) => number {
  const keys = order.keys.map((key) => ({ key, ranks: key.ranks ? rankMap(key.ranks) : null }));
  const memo = new WeakMap<Snapshot, Sortable[]>();
  const valuesOf = (snapshot: Snapshot) => {
    let values = memo.get(snapshot);
    if (!values) {
      values = keys.map(({ key, ranks }) => sortValue(key, snapshot, ranks));
      memo.set(snapshot, values);
    }
    return values;
  };
  return (a, b) => {
    const [xs, ys] = [valuesOf(a), valuesOf(b)];
    for (let index = 0; index < keys.length; index++) {
      const { key } = keys[index]!;
      const [x, y] = [xs[index] as Sortable, ys[index] as Sortable];
      if (x === y) continue;
      // PostgreSQL puts nulls last ascending and first descending unless told otherwise.
      const nullsLast = key.nulls ? key.nulls === "last" : key.direction !== "desc";
      if (x === null) return nullsLast ? 1 : -1;
      if (y === null) return nullsLast ? -1 : 1;
      const difference = compareValues(x, y);
      if (difference !== 0) return key.direction === "desc" ? -difference : difference;
    }
    const [idA, idB] = [String(a.id), String(b.id)];
    return idA < idB ? -1 : idA > idB ? 1 : 0;
  };
}
