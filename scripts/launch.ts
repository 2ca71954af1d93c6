// npm start / npm run dev: everything a fresh machine needs to serve the desk.
// Embedded PostgreSQL (unless DATABASE_URL is set) → migrations → demo seed (once)
// → build if needed → Next on PORT (default 3000). Ctrl-C stops all of it.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { buildIfNeeded, nextBin, nextServerEnv } from "./lib/build";
import { publishRunningDatabase, publishRuntimeDatabase, unpublishRunningDatabase } from "./lib/database";
import { LauncherError, startEmbeddedPostgres, type RunningPostgres, type Supervision } from "./lib/embedded-postgres";
import { claimDataDir } from "./lib/single-instance";
import { DEFAULT_RUNTIME_ROLE, ensureRuntimeRole, newRolePassword, urlAs } from "./lib/roles";
import { ledgerBypass } from "../lib/server/ledger/privileges";
import { generateSignerKey } from "../lib/server/ledger/note";
import { migrate, MigrationError } from "../lib/server/migrations";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../prisma/demo-accounts";

const mode = process.argv[2] === "dev" ? "dev" : "start";
const root = process.cwd();
const dataDir = path.resolve(process.env.STORYDESK_DATA_DIR ?? ".data");
const port = Number.parseInt(process.env.PORT ?? "3000", 10);
const say = (line: string) => console.log(`[storydesk] ${line}`);

let postgres: RunningPostgres | undefined;
let next: ChildProcess | undefined;
let stopping = false;
let shuttingDown: Promise<never> | undefined;

/** Stops what we started (Next, then PostgreSQL) and exits; repeated signals join the same shutdown. */
function shutdown(code: number): Promise<never> {
  shuttingDown ??= (async () => {
    stopping = true;
    if (next && next.exitCode === null && next.signalCode === null) {
      const exited = new Promise((resolve) => next!.once("exit", resolve));
      next.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 8000))]);
      if (next.exitCode === null && next.signalCode === null) next.kill("SIGKILL");
    }
    if (postgres) {
      unpublishRunningDatabase();
      await Promise.race([postgres.stop(), new Promise((resolve) => setTimeout(resolve, 10_000))]);
      say("PostgreSQL stopped.");
    }
    process.exit(code);
  })();
  return shuttingDown;
}

function fail(message: string): Promise<never> {
  console.error(`[storydesk] Error: ${message}`);
  return shutdown(1);
}

async function portIsFree(candidate: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(candidate, () => server.close(() => resolve(true)));
  });
}

/** The auth secret: from the environment, or generated once into .data/ in demo mode. */
function authSecret(demo: boolean): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  if (!demo) throw new LauncherError("NEXTAUTH_SECRET is not set. Set it to a random string of 32+ characters (e.g. `openssl rand -base64 32`).");
  const file = path.join(dataDir, "auth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
    say(`Warning: generated a local auth secret in ${path.relative(root, file)} (demo mode only; set NEXTAUTH_SECRET in production).`);
  }
  return fs.readFileSync(file, "utf8").trim();
}

/** The field-encryption keys: from the environment, or generated once into .data/ in demo mode. */
function encryptionKeys(demo: boolean): string {
  if (process.env.STORYDESK_ENCRYPTION_KEYS) return process.env.STORYDESK_ENCRYPTION_KEYS;
  if (!demo) {
    throw new LauncherError(
      'STORYDESK_ENCRYPTION_KEYS is not set. Set it to "k1:" followed by 32 random bytes in base64 (e.g. `echo k1:$(openssl rand -base64 32)`).',
    );
  }
  const file = path.join(dataDir, "encryption-keys");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, `k1:${randomBytes(32).toString("base64")}`, { mode: 0o600 });
    say(`Warning: generated a local field-encryption key in ${path.relative(root, file)} (demo mode only; back it up, or set STORYDESK_ENCRYPTION_KEYS).`);
  }
  return fs.readFileSync(file, "utf8").trim();
}

/** The checkpoint signing key: from the environment, or generated once into .data/ in demo mode. */
function signingKey(demo: boolean): string {
  if (process.env.STORYDESK_SIGNING_KEY) return process.env.STORYDESK_SIGNING_KEY;
  if (!demo) {
    throw new LauncherError(
      "STORYDESK_SIGNING_KEY is not set. Make one with `npm run audit:key -- --new <name>` (e.g. newsroom.example/storydesk), keep it secret, and publish the verifier key it prints.",
    );
  }
  const file = path.join(dataDir, "signing-key");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, generateSignerKey("storydesk.localhost/demo").signerKey, { mode: 0o600 });
    say(`Warning: generated a local checkpoint signing key in ${path.relative(root, file)} (demo mode only; set STORYDESK_SIGNING_KEY in production).`);
  }
  return fs.readFileSync(file, "utf8").trim();
}

/**
 * Embedded PostgreSQL: the app runs as the runtime role (it cannot bypass the ledger), with a
 * fresh password every start; the cluster's superuser, which owns everything, only migrates
 * and seeds.
 */
async function embeddedRuntimeUrl(ownerUrl: string, database: string): Promise<string> {
  const password = newRolePassword();
  await ensureRuntimeRole(ownerUrl, { role: DEFAULT_RUNTIME_ROLE, password, database });
  return urlAs(ownerUrl, DEFAULT_RUNTIME_ROLE, password);
}

/** Says loudly when the app's database role could get around the ledger. */
async function warnIfLedgerBypassable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { canBypass, reasons } = await ledgerBypass(client);
    if (!canBypass) {
      say("The app's database role cannot bypass the ledger.");
      return;
    }
    const rule = "=".repeat(78);
    console.warn(
      [
        rule,
        "WARNING: the app's database role (DATABASE_URL) can bypass the revision ledger:",
        ...reasons.map((reason) => `  - ${reason}`),
        "Whoever holds DATABASE_URL could rewrite history without a trace in the database;",
        "only signed checkpoints kept elsewhere would reveal it. Run the app as a runtime role:",
        "`npm run db:roles` prints the SQL (README → Database roles), and migrate with",
        "MIGRATION_DATABASE_URL set to the owner. /api/health reports this too.",
        rule,
      ]
        .map((line) => `[storydesk] ${line}`)
        .join("\n"),
    );
  } finally {
    await client.end();
  }
}

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return "the address in DATABASE_URL";
  }
}

async function checkReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    const reason = error instanceof Error && "code" in error ? ` (${String((error as { code: unknown }).code)})` : "";
    throw new LauncherError(`The database at ${describeUrl(url)} is unreachable${reason}. Check that PostgreSQL is running and DATABASE_URL is right.`);
  } finally {
    await client.end().catch(() => {});
  }
}

async function needsSeed(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query("SELECT 1 FROM users LIMIT 1");
    return result.rowCount === 0;
  } finally {
    await client.end();
  }
}

/**
 * Sources from before issue 13 (no data key yet): their identity is still plaintext, or sealed
 * with the desk key itself. Sealing needs the desk key, which SQL migrations never see, so it is
 * this step after them (npm run keys:seal), not a migration. The same step builds the keyed search
 * index of sources sealed before it existed (deriving tokens needs the desk key too).
 */
async function needsSealing(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(
      `SELECT 1 FROM sources s WHERE NOT EXISTS (SELECT 1 FROM source_keys k WHERE k.source_id = s.id)
          -- …or sealed before the keyed search index existed (keys:seal builds it).
          OR (s.burned_at IS NULL AND NOT EXISTS (SELECT 1 FROM source_search_index x WHERE x.source_id = s.id)) LIMIT 1`,
    );
    return (result.rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: "inherit", env });
    child.on("exit", resolve);
  });
}

async function waitForHealth(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (next?.exitCode !== null && next?.exitCode !== undefined) return false;
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

function banner(url: string, demo: boolean): void {
  const lines = [``, `Storydesk is running at ${url}`];
  if (demo) {
    lines.push(``, `Demo sign-ins (demo mode only; every password is "${DEMO_PASSWORD}"):`);
    for (const account of DEMO_ACCOUNTS) {
      const onStory = account.storyRole ? `${account.storyRole} on the demo story` : "sees every story";
      lines.push(`  ${account.email.padEnd(26)} ${account.name.padEnd(13)} ${account.role.padEnd(9)} ${onStory}`);
    }
  }
  lines.push(``, `Press Ctrl-C to stop.`, ``);
  console.log(lines.join("\n"));
}

/** Our ancestors up to npm (tsx, npm's shell, npm): from /proc on Linux, empty elsewhere. */
function ancestors(): number[] {
  const pids: number[] = [];
  let pid = process.ppid;
  while (pid > 1 && pids.length < 3) {
    pids.push(pid);
    try {
      if (/(^|\/)npm(-cli\.js)?\0/.test(fs.readFileSync(`/proc/${pid}/cmdline`, "utf8"))) break;
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      pid = Number.parseInt(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1] ?? "0", 10);
    } catch {
      break;
    }
  }
  return pids;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** npm start keeps the embedded PostgreSQL running: a crash is recovered, with a line in the log. */
function supervision(): Supervision {
  return {
    onCrash: (how) => say(`PostgreSQL stopped unexpectedly (${how}); starting it again (crash recovery)…`),
    onRecovered: (seconds) => say(`PostgreSQL is running again after ${seconds.toFixed(1)} s; the app reconnects by itself.`),
    onGiveUp: (reason) => void fail(`${reason}. Check disk space and the data directory, then start again.`),
  };
}

async function main(): Promise<void> {
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  // `npm start` runs us through a shell that does not pass a supervisor's SIGTERM on;
  // when npm goes away, we stop too instead of leaving Next and PostgreSQL orphaned.
  const parents = ancestors();
  setInterval(() => {
    if (parents.some((pid) => !isAlive(pid))) void shutdown(0);
  }, 1000).unref();

  if (!Number.isInteger(port) || port <= 0 || port > 65535) return void (await fail(`PORT must be a number between 1 and 65535 (got "${process.env.PORT}").`));
  const external = process.env.DATABASE_URL || undefined; // set but empty counts as unset
  // Before the port: a second desk on the same data would otherwise report a busy port, or a busy PostgreSQL.
  if (!external) claimDataDir(dataDir, port, dataDir.startsWith(`${root}${path.sep}`) ? path.relative(root, dataDir) : dataDir);
  if (!(await portIsFree(port))) {
    return void (await fail(`Port ${port} is already in use. Stop what is using it, or start on another port: PORT=${port + 1} npm start`));
  }

  const demo = external ? process.env.STORYDESK_DEMO === "1" : true;
  // The owner's URL (migrations, the demo seed's setup); the app's (its runtime role) below.
  let ownerUrl: string;
  if (external) {
    await checkReachable(external);
    ownerUrl = process.env.MIGRATION_DATABASE_URL ?? external;
    if (ownerUrl !== external) await checkReachable(ownerUrl);
    say(`Using the database at ${describeUrl(external)}.`);
  } else {
    say(`Starting the embedded PostgreSQL (data in ${path.relative(root, dataDir) || "."}/postgres)…`);
    postgres = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), log: say, supervise: supervision() });
    await postgres.ensureDatabase("storydesk");
    ownerUrl = postgres.url("storydesk");
    publishRunningDatabase(ownerUrl);
  }

  const applied = await migrate(ownerUrl);
  say(applied.length ? `Applied migrations: ${applied.join(", ")}.` : "Database schema is up to date.");
  const databaseUrl = external ?? (await embeddedRuntimeUrl(ownerUrl, "storydesk"));
  if (!external) publishRuntimeDatabase(databaseUrl); // for `npm run worker` beside this desk
  await warnIfLedgerBypassable(databaseUrl);

  const { MIGRATION_DATABASE_URL: _owner, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    // The app never holds the owner's credentials.
    ...inherited,
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: authSecret(demo),
    STORYDESK_ENCRYPTION_KEYS: encryptionKeys(demo),
    STORYDESK_SIGNING_KEY: signingKey(demo),
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    STORYDESK_DEMO: demo ? "1" : "0",
    NEXT_TELEMETRY_DISABLED: "1",
  };

  if (await needsSealing(databaseUrl)) {
    say("Sealing the identity of sources from before this version with their own keys, and indexing them for search…");
    const code = await runNode(["--conditions=react-server", "--import", "tsx", "scripts/keys-seal.ts"], env);
    if (code !== 0) return void (await fail("Sealing the sources' identities failed; see the output above. Nothing was half-sealed: run npm start again."));
  }

  if (demo && (await needsSeed(databaseUrl))) {
    say("Seeding the demo desk…");
    // The seed writes as the app does, and marks the database as a demo one as its owner.
    const code = await runNode(["--conditions=react-server", "--import", "tsx", "scripts/seed.ts"], { ...env, MIGRATION_DATABASE_URL: ownerUrl });
    if (code !== 0) return void (await fail("Seeding the demo desk failed; see the output above."));
  }

  if (mode === "start") await buildIfNeeded(say, root);

  next = spawn(process.execPath, [nextBin(root), mode, "--port", String(port)], {
    cwd: root,
    stdio: "inherit",
    env: nextServerEnv({ ...env, NODE_ENV: mode === "dev" ? "development" : "production" }, root),
  });
  next.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`[storydesk] Next.js exited (${signal ?? `code ${code}`}).`);
      void shutdown(code ?? 1);
    }
  });

  const url = `http://localhost:${port}`;
  if (await waitForHealth(url, mode === "dev" ? 120_000 : 60_000)) banner(url, demo);
  else if (!stopping) return void (await fail(`The app did not become healthy at ${url}/api/health; see the output above.`));
}

main().catch((error: unknown) => {
  if (error instanceof LauncherError || error instanceof MigrationError) return void fail(error.message);
  return void fail(error instanceof Error ? error.message : String(error));
});
