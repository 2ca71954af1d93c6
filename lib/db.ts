import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

// Created on first use, so that `next build` (which loads route modules) needs no database.
const globalForDb = globalThis as unknown as { storydeskDb?: PrismaClient };

export function db(): PrismaClient {
  if (!globalForDb.storydeskDb) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set");
    globalForDb.storydeskDb = new PrismaClient({
      adapter: new PrismaPg({ connectionString, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) }),
    });
  }
  return globalForDb.storydeskDb;
}

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
