// The render queue (issue 16 part 4): a PDF export is a job that any process may render, that
// survives the rendering process being killed, that two processes render at once, and whose
// status and file are only for the user who asked. Real PostgreSQL (pg-boss in its migrated
// schema, as the runtime role), real worker processes (`npm run worker`'s script), real Chromium.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractText, getDocumentProxy } from "unpdf";
import { db } from "@/lib/db";
import type { SessionUser } from "@/lib/server/access";
import { stopRenderQueue } from "@/lib/server/render-queue/boss";
import { deleteExpiredExports, enqueueDossierPdf, exportJobFile, exportJobStatus } from "@/lib/server/render-queue/jobs";
import { DEMO_ACCOUNTS } from "@/prisma/demo-accounts";
import { makeUser } from "@/prisma/factories";
import { seedDemoDesk } from "@/prisma/seed";
import { codeOf } from "../support/errors";

const TZ = "Europe/Berlin";
// This process only enqueues; the workers below render.
process.env.STORYDESK_RENDER = "off";

let storyId: string;
let storyTitle: string;
const users: Record<string, SessionUser> = {};
const workers = new Set<ChildProcess>();

type Worker = { child: ChildProcess; ready: Promise<void>; exited: Promise<void> };

/** `npm run worker` (its script), one render at a time, a short lease and quick maintenance. */
function startWorker(): Worker {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
    env: {
      ...process.env,
      LOG_LEVEL: "warn",
      STORYDESK_RENDER_WORKERS: "1",
      STORYDESK_RENDER_LEASE_SECONDS: "25",
      STORYDESK_RENDER_MAINTENANCE_SECONDS: "1",
      STORYDESK_RENDER_POLL_SECONDS: "0.5",
    },
    // Its own process group: killing the group takes its Chromium with it, as a crash would.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  workers.add(child);
  let out = "";
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("Rendering dossier PDFs")) resolve();
    });
    child.stderr!.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`worker exited (${code}) before it was ready: ${out}`)));
  });
  ready.catch(() => {});
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  exited.then(() => workers.delete(child));
  return { child, ready, exited };
}

const killGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
};

/** Polls the row until `done` holds, at most `ms` (bounded; no fixed sleeps). */
async function waitForExport(id: string, done: (row: { state: string; stage: string | null; attempt: number }) => boolean, ms: number) {
  const until = Date.now() + ms;
  for (;;) {
    const row = await db().dossierExport.findUniqueOrThrow({ where: { id }, select: { state: true, stage: true, attempt: true, error: true, startedAt: true, finishedAt: true } });
    if (done(row)) return row;
    if (Date.now() > until) throw new Error(`export ${id} still ${row.state} (${row.stage}, attempt ${row.attempt}) after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function pdfText(bytes: Uint8Array) {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/\s+/g, " ");
}

beforeAll(async () => {
  await seedDemoDesk();
  for (const account of DEMO_ACCOUNTS) {
    users[account.email.split("@")[0]!] = await db().user.findUniqueOrThrow({ where: { email: account.email }, select: { id: true, email: true, name: true, role: true } });
  }
  const story = await db().story.findFirstOrThrow({ select: { id: true, title: true } });
  storyId = story.id;
  storyTitle = story.title;
}, 120_000);

afterAll(async () => {
  for (const child of workers) killGroup(child, "SIGKILL");
  await stopRenderQueue(1_000);
});

describe("a queued PDF export", () => {
  it("is checked like the export before it is queued, and its status and file are only for the user who asked", async () => {
    // Bad options and access are refused at once, as the synchronous export refuses them.
    expect(await codeOf(enqueueDossierPdf(users.tom!, storyId, { format: "pdf", unredacted: "1" }, TZ))).toBe("FORBIDDEN");
    expect(await codeOf(enqueueDossierPdf(users.maya!, storyId, { format: "pdf", rev: "999999" }, TZ))).toBe("NOT_FOUND");
    const outsider = await makeUser({ name: "Queue Outsider" });
    expect(await codeOf(enqueueDossierPdf(outsider, storyId, { format: "pdf" }, TZ))).toBe("NOT_FOUND");
    expect(await db().dossierExport.count()).toBe(0);

    const job = await enqueueDossierPdf(users.maya!, storyId, { format: "pdf", profile: "legal" }, TZ);
    expect(job).toMatchObject({ state: "queued", stage: "Waiting for a renderer" });
    // The job carries the export's id only; the row ids and options, no content or names.
    const [queued] = await db().$queryRaw<{ data: unknown }[]>`SELECT data FROM pgboss.job WHERE id = ${job.id}::uuid`;
    expect(queued!.data).toEqual({ exportId: job.id });
    expect(await exportJobStatus(users.maya!, storyId, job.id)).toMatchObject({ id: job.id, state: "queued" });
    // Another member, a non-member, a malformed id: all the same 404.
    expect(await codeOf(exportJobStatus(users.tom!, storyId, job.id))).toBe("NOT_FOUND");
    expect(await codeOf(exportJobFile(users.tom!, storyId, job.id))).toBe("NOT_FOUND");
    expect(await codeOf(exportJobStatus(outsider, storyId, job.id))).toBe("NOT_FOUND");
    expect(await codeOf(exportJobStatus(users.maya!, storyId, "../../x"))).toBe("NOT_FOUND");
    expect(await codeOf(exportJobFile(users.maya!, storyId, job.id))).toBe("CONFLICT"); // not ready yet
    // Expired: refused clearly, then deleted by the sweep.
    await db().dossierExport.update({ where: { id: job.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await codeOf(exportJobStatus(users.maya!, storyId, job.id))).toBe("GONE");
    expect(await codeOf(exportJobFile(users.maya!, storyId, job.id))).toBe("GONE");
    expect(await deleteExpiredExports()).toBe(1);
    expect(await codeOf(exportJobStatus(users.maya!, storyId, job.id))).toBe("NOT_FOUND");
    await db().$executeRaw`DELETE FROM pgboss.job WHERE id = ${job.id}::uuid`;
  });

  it("renders on two worker processes at once, and survives its renderer being killed", async () => {
    const a = startWorker();
    const b = startWorker();
    await Promise.all([a.ready, b.ready]);

    // Two exports, two processes rendering one at a time each: their rendering intervals overlap.
    const [first, second] = await Promise.all([
      enqueueDossierPdf(users.maya!, storyId, { format: "pdf" }, TZ),
      enqueueDossierPdf(users.lina!, storyId, { format: "pdf", profile: "legal" }, TZ),
    ]);
    const rows = await Promise.all([first, second].map((job) => waitForExport(job.id, (row) => row.state === "ready" || row.state === "failed", 120_000)));
    expect(rows.map((row) => row.state)).toEqual(["ready", "ready"]);
    const [r1, r2] = rows.map((row) => ({ start: row.startedAt!.getTime(), end: row.finishedAt!.getTime() }));
    expect(Math.min(r1!.end, r2!.end) - Math.max(r1!.start, r2!.start), `intervals ${JSON.stringify([r1, r2])}`).toBeGreaterThan(0);
    const file = await exportJobFile(users.lina!, storyId, second.id);
    expect(Buffer.from(file.body.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    expect(await pdfText(file.body)).toContain(storyTitle);
    expect(await codeOf(exportJobFile(users.maya!, storyId, second.id))).toBe("NOT_FOUND"); // Lina's, not Maya's
    // Recorded once each, when rendered: who exported what, no content.
    const reads = await db().sensitiveRead.findMany({ where: { storyId, kind: "export" }, select: { actorId: true, details: true } });
    expect(reads.filter((read) => (read.details as { format?: string }).format === "pdf").map((read) => read.actorId).sort()).toEqual([users.maya!.id, users.lina!.id].sort());

    // One worker left: it takes the next job; killed while printing, the job goes to another.
    killGroup(b.child, "SIGTERM");
    await b.exited;
    const job = await enqueueDossierPdf(users.maya!, storyId, { format: "pdf" }, TZ);
    await waitForExport(job.id, (row) => row.state === "rendering" && row.attempt === 1 && (row.stage ?? "").startsWith("Laying out"), 60_000);
    killGroup(a.child, "SIGKILL");
    await a.exited;
    expect((await exportJobStatus(users.maya!, storyId, job.id)).state).toBe("rendering"); // stale until the lease runs out
    const c = startWorker();
    await c.ready;
    const done = await waitForExport(job.id, (row) => row.state === "ready" || row.state === "failed", 120_000);
    expect(done).toMatchObject({ state: "ready", attempt: 2 });
    const status = await exportJobStatus(users.maya!, storyId, job.id);
    expect(status.stage).toMatch(/^Ready: \d+ pages?$/);
    expect(await pdfText((await exportJobFile(users.maya!, storyId, job.id)).body)).toContain(storyTitle);
    killGroup(c.child, "SIGTERM");
    await c.exited;
  }, 300_000);
});
