// The canary crawl (issue 13): three sources carry unique canary strings in every identity
// field — one logged on the record then made confidential, one confidential from the start, one
// burned — mentioned in comments, linked from quotes, questions, timeline events and follow-ups.
// For every role that may not see them, every page and route of the production build (from
// Next's own route list: a new page is crawled without touching this file) is fetched — every
// tab, as of every revision, compare across the transitions, searches by prefixes of the
// canaries, notifications, every dossier format and profile (PDF text extracted), the JSON API,
// RSC payloads — and no answer may hold a canary. Then every table (every column, as text) and
// a backup of the database are scanned: no canary in plaintext anywhere, for anyone.
// Its own accounts and story: the demo desk the other e2e files use is left alone.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import pLimit from "p-limit";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signedIn, type CookieJar } from "../support/http";

const baseUrl = inject("baseUrl");
const databaseUrl = inject("e2eDatabaseUrl");
process.env.DATABASE_URL = databaseUrl;
// The server's desk key (tests/setup/app-server.ts): sources made here must open there.
process.env.STORYDESK_ENCRYPTION_KEYS = `k1:${Buffer.alloc(32, 9).toString("base64")}`;

const PASSWORD = "canary-crawl-password-1234";
const FIELDS = ["name", "affiliation", "link", "notes", "contact"] as const;
type Tag = "turned" | "secret" | "burned";
/** Unique, greppable, and never a substring of anything else the desk writes. */
const canary = (tag: Tag, field: (typeof FIELDS)[number]) => `Zq${tag}${field}Kx7`;
const CANARIES = (["turned", "secret", "burned"] as const).flatMap((tag) => FIELDS.map((field) => canary(tag, field)));
/** Any one of them, case-insensitively (URL-encoded forms are decoded before matching). */
const HIT = new RegExp(CANARIES.map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "i");
const hits = (text: string) => HIT.exec(text)?.[0] ?? (HIT.exec(decodeURIComponentSafe(text))?.[0] ?? null);
function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

type Role = { name: string; jar: CookieJar };
let storyId: string;
let roles: Role[];
let leadJar: CookieJar;
let entries: Record<string, string>;
let headSeq: number;
let transitions: number[];
const report = { requests: 0, byRole: {} as Record<string, number>, surfaces: new Set<string>() };

beforeAll(async () => {
  const [{ db }, factories, sources, { createQuote }, { createQuestion }, { createTimelineEvent }, { createComment }, { createFollowUp }] = await Promise.all([
    import("@/lib/db"),
    import("@/prisma/factories"),
    import("@/lib/server/sources/write"),
    import("@/lib/server/quotes"),
    import("@/lib/server/questions"),
    import("@/lib/server/timeline"),
    import("@/lib/server/comments"),
    import("@/lib/server/follow-ups/write"),
  ]);
  const make = (role: "admin" | "editor" | "reporter", name: string) => factories.makeUser({ role, name, password: PASSWORD });
  const [lead, logger, contributor, reader, admin, outsider] = await Promise.all([
    make("editor", "Crawl Lead"),
    make("reporter", "Crawl Logger"),
    make("reporter", "Crawl Contributor"),
    make("reporter", "Crawl Reader"),
    make("admin", "Crawl Admin"),
    make("reporter", "Crawl Outsider"),
  ]);
  storyId = (await factories.makeStory(lead, { title: "Crawl story" })).id;
  await factories.addToStory(lead, storyId, logger, "contributor");
  await factories.addToStory(lead, storyId, contributor, "contributor");
  await factories.addToStory(lead, storyId, reader, "reader");
  const handle = (user: { email: string }) => user.email.split("@")[0]!;
  const notes = (tag: Tag) => ({ type: "doc" as const, content: [{ type: "paragraph", content: [{ type: "text", text: `${canary(tag, "notes")} @${handle(contributor)}` }] }] });
  const identity = (tag: Tag) => ({
    name: canary(tag, "name"),
    affiliation: canary(tag, "affiliation"),
    link: `https://example.org/${canary(tag, "link")}`,
    notes: notes(tag),
    contact: canary(tag, "contact"),
  });
  const before = Number((await db().revision.aggregate({ where: { chain: storyId }, _max: { seq: true } }))._max.seq ?? 0);

  // On the record, mentioned and quoted while it was; then made confidential.
  const turned = await sources.createSource(logger, { storyId, kind: "person", protection: "on_record", ...identity("turned") });
  await createComment(lead, { storyId, entityType: "source", entityId: turned.id, body: `@${handle(reader)} @${handle(contributor)} please check this source` });
  const turnedQuote = await createQuote(logger, { storyId, speakerId: turned.id, text: "The ledger was altered on Tuesday." });
  const marked = Number((await db().revision.aggregate({ where: { chain: storyId }, _max: { seq: true } }))._max.seq);
  await sources.updateSource(logger, { storyId, sourceId: turned.id, version: 1, protection: "confidential" });
  const secret = await sources.createSource(logger, { storyId, kind: "person", protection: "confidential", ...identity("secret") });
  const burned = await sources.createSource(logger, { storyId, kind: "organization", protection: "confidential", ...identity("burned") });
  for (const source of [secret, burned]) await createComment(lead, { storyId, entityType: "source", entityId: source.id, body: `@${handle(reader)} @${handle(contributor)} a thread on this one` });
  const quote = await createQuote(logger, { storyId, speakerId: secret.id, text: "Nobody signed the order." });
  const question = await createQuestion(logger, { storyId, text: "Who moved the files?", answerQuoteIds: [quote.id], answerSourceIds: [turned.id, secret.id, burned.id] });
  const event = await createTimelineEvent(logger, { storyId, when: "2026-03-02", what: "Files moved", sourceIds: [turned.id, secret.id, burned.id] });
  const followUps = [];
  for (const source of [turned, secret, burned]) {
    followUps.push(await createFollowUp(lead, { storyId, title: "Call back about this", assigneeId: contributor.id, link: `source:${source.id}` }));
  }
  const burnedAt = Number((await db().revision.aggregate({ where: { chain: storyId }, _max: { seq: true } }))._max.seq);
  await sources.burnSource(lead, { storyId, sourceId: burned.id, version: 1, reason: "Source at risk" });
  headSeq = Number((await db().revision.aggregate({ where: { chain: storyId }, _max: { seq: true } }))._max.seq);
  transitions = [before + 1, marked, marked + 1, burnedAt, burnedAt + 1, headSeq];
  entries = {
    "source:turned": turned.id,
    "source:secret": secret.id,
    "source:burned": burned.id,
    "quote:turned": turnedQuote.id,
    "quote:secret": quote.id,
    question: question.id,
    timeline_event: event.id,
    ...Object.fromEntries(followUps.map((followUp, index) => [`follow_up:${index}`, followUp.id])),
  };
  await db().$disconnect();

  leadJar = await signedIn(baseUrl, lead.email, PASSWORD);
  roles = await Promise.all(
    Object.entries({ contributor, reader, admin, outsider }).map(async ([name, user]) => ({ name, jar: await signedIn(baseUrl, user.email, PASSWORD) })),
  );
}, 180_000);

afterAll(() => {
  const byRole = Object.entries(report.byRole).map(([role, count]) => `${role} ${count}`).join(", ");
  console.log(`canary crawl: ${report.requests} requests (${byRole}); surfaces: ${[...report.surfaces].sort().join(", ")}`);
});

/** Every route of the production build: pages and route handlers, from Next's own manifest. */
function builtRoutes(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(process.cwd(), ".next/app-path-routes-manifest.json"), "utf8")) as Record<string, string>;
  return [...new Set(Object.values(manifest))].filter((route) => !route.startsWith("/_"));
}

/** A route with its dynamic segments filled in. */
const fill = (route: string, params: Record<string, string>) => route.replace(/\[([^\]]+)\]/g, (_, name: string) => params[name] ?? name);

/** Fetches one URL as a role (GET, or POST with a body) and returns the text (PDFs as extracted text). */
async function read(role: { name: string; jar: CookieJar }, url: string, init: RequestInit & { surface: string } = { surface: "page" }): Promise<string> {
  const stream = new AbortController();
  const response = await fetch(`${baseUrl}${url}`, { ...init, signal: stream.signal, redirect: "manual", headers: { ...(init.headers as Record<string, string>), cookie: role.jar.header(), Origin: baseUrl } });
  report.requests++;
  report.byRole[role.name] = (report.byRole[role.name] ?? 0) + 1;
  report.surfaces.add(init.surface);
  expect(response.status, `${role.name} ${url}`).toBeLessThan(500);
  if ((response.headers.get("content-type") ?? "").includes("text/event-stream")) {
    // The live stream never ends: read its first event (the hello), then hang up.
    const reader = response.body!.getReader();
    let text = "";
    while (!text.includes("\n\n")) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    stream.abort();
    return text;
  }
  if (response.status === 202 && url.endsWith("/dossier")) {
    // A PDF export is a job (issue 16): follow it as the dialog does — its status until it is
    // done (bounded), then its file — and crawl every answer on the way.
    const job = ((await response.json()) as { data: { id: string } }).data;
    let status = "";
    for (const until = Date.now() + 180_000; !/"state":"(ready|failed)"/.test(status); ) {
      expect(Date.now(), `${role.name} ${url}: job ${job.id} not done`).toBeLessThan(until);
      status = await read(role, `${url}/jobs/${job.id}`, { surface: "dossier job status" });
      if (!/"state":"(ready|failed)"/.test(status)) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return `${status}\n${await read(role, `${url}/jobs/${job.id}/file`, { surface: init.surface })}`;
  }
  if ((response.headers.get("content-type") ?? "").includes("application/pdf")) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crawl-"));
    try {
      const file = path.join(dir, "dossier.pdf");
      fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
      return execFileSync("pdftotext", ["-q", file, "-"], { encoding: "utf8" });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return `${[...response.headers].map(([name, value]) => `${name}: ${value}`).join("\n")}\n${await response.text()}`;
}

/** Every URL to crawl: each built route with its parameters filled in, and its variants. */
function urls(): { url: string; init?: RequestInit & { surface: string } }[] {
  const out: { url: string; init?: RequestInit & { surface: string } }[] = [];
  const prefixes = ["name", "affiliation"].flatMap((field) => (["turned", "secret", "burned"] as const).map((tag) => canary(tag, field as "name").slice(0, 4 + tag.length)));
  // Prefixes only, up to all but the last character: a page echoes its own query, and a whole
  // canary in the answer must mean a leak.
  const longest = CANARIES.filter((value) => /name|affiliation/.test(value)).map((value) => value.slice(0, -1));
  const searches = [...new Set([...prefixes, "Zq", "zqsecretname", ...longest])];
  const tabs = ["overview", "sources", "quotes", "questions", "timeline", "follow-ups"];
  const entryPairs = Object.entries(entries).map(([key, id]) => ({ kind: key.split(":")[0]!, id }));
  for (const route of builtRoutes()) {
    if (route.startsWith("/api/auth") || route.endsWith("/favicon.ico") || route === "/sign-in") continue;
    if (route.startsWith("/api/")) {
      if (route.includes("[jobId]")) {
        // A PDF job's status and file: crawled by following each role's own export (read()).
        continue;
      } else if (route.includes("dossier")) {
        for (const format of ["html", "md", "json", "pdf"]) {
          for (const profile of ["internal", "legal", "partner"]) {
            out.push({ url: fill(route, { storyId }), init: { surface: `dossier ${format}`, method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ format, profile }) } });
          }
        }
        out.push({ url: fill(route, { storyId }), init: { surface: "dossier unredacted", method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ format: "json", unredacted: "1" }) } });
      } else if (route.includes("comments")) {
        for (const { kind, id } of entryPairs) out.push({ url: `${fill(route, { storyId })}?entityType=${kind}&entityId=${id}`, init: { surface: "comments API" } });
      } else if (route.endsWith("/sources")) {
        // The speaker picker's search (issue 17): found by alias only, never by a hidden name.
        for (const q of searches) out.push({ url: `${fill(route, { storyId })}?q=${encodeURIComponent(q)}`, init: { surface: "source search API" } });
      } else if (route === "/api/live") {
        // The live stream (issue 14): the user's own, and the story's.
        out.push({ url: route, init: { surface: "live stream" } });
        out.push({ url: `${route}?story=${storyId}`, init: { surface: "live stream" } });
      } else {
        out.push({ url: fill(route, { storyId }), init: { surface: "JSON API" } });
      }
      continue;
    }
    // Pages: every entry's history, every tab and search, as of every revision, compare.
    if (route.includes("[entryId]")) {
      for (const { kind, id } of entryPairs) out.push({ url: fill(route, { storyId, kind, entryId: id }), init: { surface: "entry history" } });
      continue;
    }
    const base = fill(route, { storyId });
    out.push({ url: base });
    if (route.endsWith("/as-of")) {
      for (let rev = transitions[0]!; rev <= headSeq; rev++) {
        out.push({ url: `${base}?rev=${rev}&tab=sources`, init: { surface: "as of" } });
        for (const q of searches.slice(0, 3)) out.push({ url: `${base}?rev=${rev}&tab=sources&q=${encodeURIComponent(q)}`, init: { surface: "as-of search" } });
      }
      for (const rev of transitions) for (const tab of tabs) out.push({ url: `${base}?rev=${rev}&tab=${tab}`, init: { surface: "as of" } });
    } else if (route.endsWith("/changes")) {
      for (const from of transitions) for (const to of transitions) if (from < to) out.push({ url: `${base}?fromRev=${from}&toRev=${to}`, init: { surface: "compare" } });
    } else if (route === "/stories/[storyId]") {
      for (const tab of tabs) {
        out.push({ url: `${base}?tab=${tab}`, init: { surface: "workspace tab" } });
        out.push({ url: `${base}?tab=${tab}`, init: { surface: "RSC payload", headers: { RSC: "1" } } });
      }
      for (const q of searches) out.push({ url: `${base}?tab=sources&q=${encodeURIComponent(q)}`, init: { surface: "search" } });
      for (const sort of ["name", "recent", "reliability"]) out.push({ url: `${base}?tab=sources&sort=${sort}`, init: { surface: "sort" } });
      for (const { kind, id } of entryPairs) out.push({ url: `${base}?tab=${kind === "source" ? "sources" : "overview"}&focus=${id}&thread=${kind}:${id}`, init: { surface: "workspace tab" } });
    } else if (route.endsWith("/history")) {
      out.push({ url: `${base}?kind=source`, init: { surface: "history" } });
    }
    out.push({ url: base, init: { surface: "RSC payload", headers: { RSC: "1" } } });
  }
  return out;
}

describe("the canary crawl", () => {
  it("shows a canary to the lead, who may see the confidential ones (the crawl can find them)", async () => {
    const page = await read({ name: "lead", jar: leadJar }, `/stories/${storyId}?tab=sources`);
    expect(page).toContain(canary("secret", "name"));
    expect(page).toContain(canary("turned", "name"));
    expect(page).not.toContain(canary("burned", "name")); // burned: nobody, leads included
  });

  it("finds no canary in any page, route, RSC payload, dossier, search or notification, as any role that may not see them", async () => {
    const targets = urls();
    expect(targets.length).toBeGreaterThan(100);
    // A few requests in flight at once (the app serves them on its pool as it would for several
    // tabs); every one is awaited and checked, in a stable order for the report.
    const limit = pLimit(4);
    const found = await Promise.all(
      roles.flatMap((role) =>
        targets.map(({ url, init }) =>
          limit(async () => {
            const hit = hits(await read(role, url, init));
            return hit ? `${role.name} ${init?.method ?? "GET"} ${url} (${init?.surface ?? "page"}): ${hit}` : null;
          }),
        ),
      ),
    );
    expect(found.filter(Boolean)).toEqual([]);
  }, 900_000);

  it("finds no canary at rest: not in any column of any table, nor in a backup", async () => {
    const { backupDesk } = await import("@/lib/server/backup/backup");
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const tables = await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
      );
      const found: string[] = [];
      let scanned = 0;
      for (const { table_name: table } of tables.rows) {
        const rows = await client.query<{ raw: string }>(`SELECT t::text AS raw FROM "${table}" t`).catch(() => null);
        if (!rows) continue; // not readable by the app's role (the runtime cannot read it either)
        scanned++;
        for (const row of rows.rows) {
          const hit = hits(row.raw);
          if (hit) found.push(`${table}: ${hit}`);
        }
      }
      expect(scanned).toBeGreaterThan(10);
      expect(found).toEqual([]);

      const chunks: Buffer[] = [];
      await backupDesk(client, new Writable({ write: (chunk: Buffer, _encoding, done) => (chunks.push(chunk), done()) }));
      const backup = Buffer.concat(chunks).toString("utf8");
      expect(backup.length).toBeGreaterThan(1000);
      expect(hits(backup)).toBeNull();
      report.surfaces.add("every table").add("backup");
    } finally {
      await client.end();
    }
  });
});
