// E2E: the real app (`next start` on the production build) against its own embedded
// PostgreSQL with the demo desk seeded, exactly as `npm start` serves it.
import { spawn, type ChildProcess } from "node:child_process";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { buildIfNeeded, nextBin, nextServerEnv } from "../../scripts/lib/build";
import { freePort } from "../../scripts/lib/embedded-postgres";
import { startTestPostgres, TEMPLATE_DB } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    e2eDatabaseUrl: string;
  }
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "ignore", "inherit"] });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(" ")} exited with ${code}`))));
  });
}

/** The environment of the e2e app server (a test starting a second instance on the same database uses it too). */
export function appServerEnv(databaseUrl: string, baseUrl: string) {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123456",
    NEXTAUTH_URL: baseUrl,
    STORYDESK_DEMO: "1",
    STORYDESK_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 9).toString("base64")}`,
    STORYDESK_SIGNING_KEY: "PRIVATE+KEY+storydesk.e2e/desk+4ab07d1e+AQYGBgYGBgYGBgYGBgYGBgYGBgYGBgYGBgYGBgYGBgYG",
    NODE_ENV: "production" as const,
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
  };
}

/** `next start` on the production build. */
export function startAppServer(port: number, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [nextBin(), "start", "--port", String(port)], { env: nextServerEnv(env), stdio: ["ignore", "ignore", "inherit"] });
}

export async function waitForHealth(url: string, server: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 240; attempt++) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the app server did not become healthy");
}

export default async function setup(project: TestProject) {
  await buildIfNeeded((line) => console.log(line));
  const database = await startTestPostgres("e2e");
  const admin = new pg.Client({ connectionString: database.server.url("postgres") });
  await admin.connect();
  await admin.query(`CREATE DATABASE storydesk_e2e TEMPLATE ${TEMPLATE_DB}`);
  await admin.end();
  // The app runs as the runtime role, as in production; the seed marks the demo database as its owner.
  const databaseUrl = database.appUrl("storydesk_e2e");
  const ownerUrl = database.server.url("storydesk_e2e");

  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const env = appServerEnv(databaseUrl, baseUrl);
  await run(["--conditions=react-server", "--import", "tsx", "scripts/seed.ts"], { ...env, MIGRATION_DATABASE_URL: ownerUrl });
  const server = startAppServer(port, env);
  try {
    await waitForHealth(baseUrl, server);
  } catch (error) {
    server.kill("SIGKILL");
    await database.stop();
    throw error;
  }
  project.provide("baseUrl", baseUrl);
  project.provide("e2eDatabaseUrl", databaseUrl);

  return async () => {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
    await database.stop();
  };
}
