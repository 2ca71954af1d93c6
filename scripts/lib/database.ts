// For the one-off commands (db:seed, db:migrate, audit:verify, admin:create): the database
// is DATABASE_URL if set; else the embedded one `npm start` is running (it leaves its URL
// in .data/run/); else the embedded one is started just for the command.
import fs from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres } from "./embedded-postgres";

const dataDir = path.resolve(process.env.STORYDESK_DATA_DIR ?? ".data");
const runFile = path.join(dataDir, "run", "database.json");

export function publishRunningDatabase(url: string): void {
  fs.mkdirSync(path.dirname(runFile), { recursive: true });
  fs.writeFileSync(runFile, JSON.stringify({ pid: process.pid, url }), { mode: 0o600 });
}

export function unpublishRunningDatabase(): void {
  fs.rmSync(runFile, { force: true });
  fs.rmSync(runtimeRunFile, { force: true });
}

// The app's own URL (the runtime role, with this start's password), for `npm run worker`: a
// renderer runs with the app's rights, never the owner's.
const runtimeRunFile = path.join(dataDir, "run", "runtime-database.json");

export function publishRuntimeDatabase(url: string): void {
  fs.writeFileSync(runtimeRunFile, JSON.stringify({ pid: process.pid, url }), { mode: 0o600 });
}

/** The running embedded desk's runtime URL, or null when no `npm start` runs here. */
export function runningRuntimeDatabase(): string | null {
  return publishedUrl(runtimeRunFile);
}

function runningDatabase(): string | null {
  return publishedUrl(runFile);
}

/** A URL a running `npm start` published, if that process still runs. */
function publishedUrl(file: string): string | null {
  if (!fs.existsSync(file)) return null;
  try {
    const { pid, url } = JSON.parse(fs.readFileSync(file, "utf8")) as { pid: number; url: string };
    process.kill(pid, 0);
    return url;
  } catch {
    return null;
  }
}

/** Sets DATABASE_URL for the duration of `work`, starting the embedded database if needed. */
export async function withDatabase<T>(work: () => Promise<T>): Promise<T> {
  // Local demo mode keeps its generated field-encryption key beside the data.
  const keyFile = path.join(dataDir, "encryption-keys");
  if (!process.env.STORYDESK_ENCRYPTION_KEYS && fs.existsSync(keyFile)) {
    process.env.STORYDESK_ENCRYPTION_KEYS = fs.readFileSync(keyFile, "utf8").trim();
  }
  // …and its checkpoint signing key (audit:checkpoint signs, audit:verify checks with it).
  const signingKeyFile = path.join(dataDir, "signing-key");
  if (!process.env.STORYDESK_SIGNING_KEY && fs.existsSync(signingKeyFile)) {
    process.env.STORYDESK_SIGNING_KEY = fs.readFileSync(signingKeyFile, "utf8").trim();
  }
  if (process.env.DATABASE_URL) return work();
  const running = runningDatabase();
  if (running) {
    process.env.DATABASE_URL = running;
    return work();
  }
  const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres") });
  await server.ensureDatabase("storydesk");
  process.env.DATABASE_URL = server.url("storydesk");
  try {
    return await work();
  } finally {
    await server.stop();
  }
}
