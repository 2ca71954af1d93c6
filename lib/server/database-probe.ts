// For proxy.ts: while this process has found the database down (database-state.ts), each page
// view first asks the database itself — at most once a second, with a short timeout — and gets
// the "database unavailable" page (503) until it answers. Nothing is probed while all is well.
import pg from "pg";
import { databaseDownSince, noteDatabaseUp } from "@/lib/server/database-state";

const PROBE_EVERY_MS = 1000;
let lastProbe: { at: number; up: Promise<boolean> } | undefined;

async function probe(): Promise<boolean> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 1000, query_timeout: 1000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** True while the database is known to be down and still does not answer. */
export async function pageWhileDatabaseDown(): Promise<boolean> {
  if (databaseDownSince() === undefined) return false;
  if (!lastProbe || Date.now() - lastProbe.at >= PROBE_EVERY_MS) lastProbe = { at: Date.now(), up: probe() };
  const up = await lastProbe.up;
  if (up) noteDatabaseUp();
  return !up;
}

/** A page that says what is going on and reloads itself every few seconds. */
export function databaseUnavailablePage(): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>Storydesk — database unavailable</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#0f172a}p{color:#475569}</style></head>
<body><main><h1>The desk's database is unavailable</h1><p>Storydesk cannot reach its database just now. Everything already saved is kept. This page tries again every few seconds and opens the desk as soon as the database is back.</p></main></body></html>`;
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Retry-After": "5" } });
}
