// A database that dies mid-write. `npm start` (the launcher itself, on its own embedded cluster
// in a temporary directory — never the shared test cluster) serves the demo desk; 20 writers
// create and edit entries of one story over HTTP; PostgreSQL is killed with SIGKILL in the
// middle of it. The launcher starts it again (crash recovery) and the same app process answers
// 503 meanwhile and normally afterwards. Then: no entry without its revision, no revision
// without its entry, every entry equal to its latest revision, and every chain verifies.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/scripts/lib/embedded-postgres";
import { builtServerActions, pageUrl, postAction, signedIn, type CookieJar } from "../support/http";

const WRITERS = 20;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "storydesk-faults-"));
fs.chmodSync(dir, 0o755); // PostgreSQL runs as its own user when we are root
const dataDir = path.join(dir, "data");

let launcher: ChildProcess;
let output = "";
let baseUrl: string;
let databaseUrl: string;
let storyId: string;
let maya: CookieJar;

function runScript(script: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", script], {
      env: { ...process.env, DATABASE_URL: "", STORYDESK_DATA_DIR: dataDir },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.on("exit", (code) => resolve({ code, stdout }));
  });
}

/** The app server the launcher started (its child running Next, which renames itself "next-server"), by pid. */
function nextServerPid(): number | undefined {
  for (const entry of fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === launcher.pid && /next-server|next\/dist\/bin\/next/.test(fs.readFileSync(`/proc/${entry}/cmdline`, "utf8"))) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${output.slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  const port = await freePort();
  baseUrl = `http://localhost:${port}`;
  launcher = spawn(process.execPath, ["--import", "tsx", "scripts/launch.ts", "start"], {
    env: { ...process.env, DATABASE_URL: "", STORYDESK_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  launcher.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  launcher.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await until(() => output.includes("Storydesk is running at") || launcher.exitCode !== null, 110_000, "npm start");
  expect(launcher.exitCode).toBeNull();
  databaseUrl = (JSON.parse(fs.readFileSync(path.join(dataDir, "run", "database.json"), "utf8")) as { url: string }).url;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  storyId = (await client.query<{ id: string }>("SELECT id FROM stories ORDER BY created_at LIMIT 1")).rows[0]!.id;
  await client.end();
  maya = await signedIn(baseUrl, "maya@storydesk.example", "storydesk-demo");
}, 120_000);

afterAll(async () => {
  if (launcher && launcher.exitCode === null) {
    const exited = new Promise((resolve) => launcher.once("exit", resolve));
    launcher.kill("SIGTERM");
    await exited;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

type Outcome = "ok" | "unavailable" | "other";

describe("PostgreSQL killed in the middle of 20 writers", () => {
  it("loses no half-write, answers 503 meanwhile, and recovers without a restart", async () => {
    const actions = builtServerActions();
    const action = (name: string) => {
      const found = actions.find((candidate) => candidate.name === name)!;
      return { id: found.id, path: pageUrl(found.worker, { storyId }) };
    };
    const create = action("createQuestionAction");
    const update = action("updateQuestionAction");
    const appPid = nextServerPid();
    expect(appPid).toBeDefined();

    const outcomes: Record<Outcome, number> = { ok: 0, unavailable: 0, other: 0 };
    // Writes the app confirmed: each must survive the crash (a committed transaction is durable).
    const confirmed = { created: [] as string[], edited: [] as string[] };
    const statuses = { story: new Set<number>(), health: new Set<number>() };
    let recovered = false;
    let stop = false;
    const others: unknown[] = [];
    const note = (result: { ok: boolean; code?: string } | null): Outcome => {
      const outcome: Outcome = result?.ok ? "ok" : result?.code === "DATABASE_UNAVAILABLE" ? "unavailable" : "other";
      outcomes[outcome]++;
      if (outcome === "other") others.push(result);
      return outcome;
    };
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const created = await postAction(baseUrl, create, JSON.stringify([{ storyId, text: `Writer ${w}, question ${i}?` }]), maya);
        if (note(created.result) !== "ok") continue;
        const id = (created.result as unknown as { data: { id: string } }).data.id;
        confirmed.created.push(id);
        const edited = await postAction(baseUrl, update, JSON.stringify([{ storyId, questionId: id, version: 1, text: `Writer ${w}, question ${i}, edited?`, status: "chasing" }]), maya);
        if (note(edited.result) === "ok") confirmed.edited.push(id);
      }
    };
    const monitor = async () => {
      while (!stop) {
        const [story, health] = await Promise.all([
          fetch(`${baseUrl}/api/stories/${storyId}`, { headers: { cookie: maya.header() } }),
          fetch(`${baseUrl}/api/health`),
        ]);
        statuses.story.add(story.status);
        statuses.health.add(health.status);
        if (story.status === 503) expect(await story.json()).toMatchObject({ code: "DATABASE_UNAVAILABLE", message: expect.stringMatching(/database is unavailable/) });
        else await story.arrayBuffer();
        await health.arrayBuffer();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };

    const running = [...Array.from({ length: WRITERS }, (_, w) => writer(w)), monitor()];
    await until(() => outcomes.ok >= 60, 30_000, "the writers to get going");
    const postmaster = Number(fs.readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
    process.kill(postmaster, "SIGKILL");
    const killedAt = Date.now();
    const okAtKill = outcomes.ok;
    await until(() => output.includes("PostgreSQL is running again"), 30_000, "the launcher to start PostgreSQL again");
    recovered = true;
    const outage = (Date.now() - killedAt) / 1000;
    await until(() => outcomes.ok >= okAtKill + 60, 30_000, "writes to succeed again");
    stop = true;
    await Promise.all(running);

    expect(recovered).toBe(true);
    console.log(`faults: ${WRITERS} writers; PostgreSQL killed after ${okAtKill} confirmed writes, back after ${outage.toFixed(1)} s; ${outcomes.ok} writes confirmed, ${outcomes.unavailable} answered "database unavailable"`);
    expect(output).toContain("PostgreSQL stopped unexpectedly (killed by SIGKILL); starting it again (crash recovery)");
    expect(outcomes.unavailable).toBeGreaterThan(0); // writers were told, not given an internal error
    expect(others, output.split("\n").filter((line) => line.includes("unexpected_error")).join("\n")).toEqual([]);
    expect(statuses.story.has(503)).toBe(true);
    expect(statuses.health.has(503)).toBe(true);
    expect(nextServerPid()).toBe(appPid); // the same app process: it reconnected by itself
    expect(launcher.exitCode).toBeNull();
    const page = await fetch(`${baseUrl}/stories/${storyId}`, { headers: { cookie: maya.header() } });
    expect(page.status).toBe(200);

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      // The tracked tables, each entry kind's name and the columns kept out of snapshots, from the triggers themselves.
      const { rows: tracked } = await client.query<{ table: string; args: string }>(`
        SELECT c.relname AS table, encode(t.tgargs, 'escape') AS args
          FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
         WHERE p.proname = 'record_revision' AND NOT t.tgisinternal`);
      for (const { table, args } of tracked) {
        const [entityType, , ...hidden] = args.split("\\000").filter((part, index, all) => index < all.length - 1 || part !== "");
        const without = ["updated_at", "version", ...hidden].map((column) => ` - '${column}'`).join("");
        const mismatched = await client.query(
          `SELECT t.id FROM "${table}" t
             LEFT JOIN LATERAL (SELECT snapshot FROM revisions r WHERE r.entity_id = t.id ORDER BY r.seq DESC LIMIT 1) r ON true
            WHERE r.snapshot IS NULL OR (r.snapshot - 'updated_at' - 'version') <> (to_jsonb(t)${without})`,
        );
        expect({ table, mismatched: mismatched.rows }).toEqual({ table, mismatched: [] });
        const orphans = await client.query(`SELECT r.seq FROM revisions r WHERE r.entity_type = $1 AND NOT EXISTS (SELECT 1 FROM "${table}" t WHERE t.id = r.entity_id)`, [entityType]);
        expect({ table, orphans: orphans.rows }).toEqual({ table, orphans: [] });
      }
      const { rows } = await client.query<{ id: string; status: string }>("SELECT id::text, status::text FROM questions WHERE story_id = $1 AND text LIKE 'Writer %'", [storyId]);
      const stored = new Map(rows.map((row) => [row.id, row.status]));
      expect(confirmed.created.filter((id) => !stored.has(id))).toEqual([]);
      expect(confirmed.edited.filter((id) => stored.get(id) !== "chasing")).toEqual([]);
    } finally {
      await client.end();
    }
    const verified = await runScript("scripts/audit-verify.ts");
    expect(verified.stdout).toMatch(/chain\(s\) checked, 0 broken/);
    expect(verified.code).toBe(0);
  }, 120_000);
});
