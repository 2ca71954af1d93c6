import { Prisma } from "@/lib/generated/prisma/client";
import type { Snapshot } from "./snapshot";

// A panel's search: the words as typed, anywhere in the text, any case — the same on the live
// table (ILIKE, with % and _ taken literally) and on a snapshot as of a moment.

/** `%words%` for ILIKE, the wildcards in the words escaped. */
export const likePattern = (q: string) => Prisma.sql`${`%${q.replace(/[\\%_]/g, "\\$&")}%`}`;

export const includesWords = (q: string) => {
  const words = q.toLowerCase();
  return (value: unknown) => typeof value === "string" && value.toLowerCase().includes(words);
};

/** Search in these text columns. */
export function searchColumns(...columns: string[]) {
  return {
    sql: (pattern: Prisma.Sql) => Prisma.sql`(${Prisma.join(columns.map((column) => Prisma.sql`${Prisma.raw(`t."${column}"`)} ILIKE ${pattern}`), " OR ")})`,
    matches: (snapshot: Snapshot, q: string) => columns.some((column) => includesWords(q)(snapshot[column])),
  };
}
