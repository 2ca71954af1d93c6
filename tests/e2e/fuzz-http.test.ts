// The whole app over HTTP, as a browser or an attacker's script reaches it: every server action
// of the production build (from Next's manifest), every API route and page, as every kind of
// caller, with generated input and raw bodies Next cannot decode (too large, too deep, not JSON,
// multipart, broken UTF-8, references to parts that do not exist). No answer is a 5xx or carries
// internal text; a refused call — and any GET — changes nothing in the database. Its own
// accounts and stories, so the demo desk the other e2e files use is left alone. Seeded
// (FUZZ_SEED), bounded by count (FUZZ_HTTP_RUNS) and time (FUZZ_HTTP_SECONDS); prints the calls.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { FUZZ_SEED, INTERNAL_TEXT, fieldGuide, fingerprinter, inputArbitrary, schemaFields, type IdPool } from "../support/fuzz";
import { builtServerActions, pageUrl, postAction, signedIn, type CookieJar, type ServerAction } from "../support/http";

const RUNS = Number(process.env.FUZZ_HTTP_RUNS ?? 1500);
const SECONDS = Number(process.env.FUZZ_HTTP_SECONDS ?? 60);
const baseUrl = inject("baseUrl");
const databaseUrl = inject("e2eDatabaseUrl");
process.env.DATABASE_URL = databaseUrl; // the desk's own domain functions build this file's desk
// The server's desk key (tests/setup/app-server.ts): every source made here gets a data key it can open.
process.env.STORYDESK_ENCRYPTION_KEYS = `k1:${Buffer.alloc(32, 9).toString("base64")}`;

type Caller = { name: string; jar: CookieJar | null };
type Target = ServerAction & { path: string; schema: unknown };

const PASSWORD = "fuzzing-password-1234";
let callers: Caller[];
let targets: Target[];
let pool: IdPool;
let guide: Map<string, unknown[]>;
let storyId: string;
let otherStoryId: string;
let entryIds: Record<string, string>;

beforeAll(async () => {
  const [{ db }, factories, { createSource }, { createQuote }, { createQuestion }, { createTimelineEvent }] = await Promise.all([
    import("@/lib/db"),
    import("@/prisma/factories"),
    import("@/lib/server/sources/write"),
    import("@/lib/server/quotes"),
    import("@/lib/server/questions"),
    import("@/lib/server/timeline"),
  ]);
  const make = (role: "admin" | "editor" | "reporter") => factories.makeUser({ role, password: PASSWORD });
  const [admin, lead, contributor, reader, outsider, otherLead] = await Promise.all([make("admin"), make("editor"), make("reporter"), make("editor"), make("reporter"), make("editor")]);
  storyId = (await factories.makeStory(lead)).id;
  otherStoryId = (await factories.makeStory(otherLead)).id;
  await factories.addToStory(lead, storyId, contributor, "contributor");
  await factories.addToStory(lead, storyId, reader, "reader");
  const source = await createSource(lead, { storyId, name: "Press office", kind: "organization" });
  const quote = await createQuote(lead, { storyId, speakerId: source.id, text: "We have found evidence." });
  const question = await createQuestion(lead, { storyId, text: "Which subscriptions?" });
  const event = await createTimelineEvent(lead, { storyId, when: "2025-09-25", what: "The cut" });
  const otherQuestion = await createQuestion(otherLead, { storyId: otherStoryId, text: "Not yours" });
  entryIds = { source: source.id, quote: quote.id, question: question.id, timeline_event: event.id };
  await db().$disconnect();

  const people = { admin, lead, contributor, reader, outsider };
  pool = {
    mine: [storyId, ...Object.values(entryIds), ...Object.values(people).map((user) => user.id)],
    others: [otherStoryId, otherQuestion.id, otherLead.id],
    links: Object.entries(entryIds).map(([kind, id]) => `${kind}:${id}`),
  };
  callers = [
    ...(await Promise.all(Object.entries(people).map(async ([name, user]) => ({ name, jar: await signedIn(baseUrl, user.email, PASSWORD) })))),
    { name: "signed out", jar: null },
  ];
  guide = await fieldGuide();
  const params = { storyId, kind: "quote", entryId: quote.id };
  targets = await Promise.all(
    builtServerActions().map(async (action) => {
      const loaded = (await import(`@/${action.file.replace(/\.ts$/, "")}`)) as Record<string, { inputSchema?: unknown }>;
      return { ...action, path: pageUrl(action.worker, params), schema: loaded[action.name]?.inputSchema };
    }),
  );
}, 120_000);

const report = { calls: 0, byKind: {} as Record<string, number>, statuses: {} as Record<string, number> };
afterAll(() => {
  const kinds = Object.entries(report.byKind).map(([kind, count]) => `${kind} ${count}`).join(", ");
  const statuses = Object.entries(report.statuses).map(([status, count]) => `${status}×${count}`).join(" ");
  console.log(`fuzz (HTTP): ${report.calls} requests (${kinds}) to ${targets.length} server actions, 6 API routes and the pages, as ${callers.length} kinds of caller, seed ${FUZZ_SEED}; statuses ${statuses}`);
});

const nasty = fc.constantFrom("", "%00", "%ff%fe", "x".repeat(5000), "<script>", "../../etc/passwd", "00000000-0000-0000-0000-000000000000", "-1", "1e999", "%E2%80%AE");
const queryString = (keys: string[]) =>
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 8 })), fc.oneof(fc.string({ maxLength: 20 }), nasty, fc.integer().map(String))), { maxLength: 6 })
    .map((pairs) => pairs.map(([key, value]) => `${encodeURIComponent(key)}=${value.startsWith("%") ? value : encodeURIComponent(value)}`).join("&"));

type Request = { kind: string; method: string; path: string; body?: BodyInit; contentType?: string; action?: Target };

function requests(): fc.Arbitrary<Request> {
  const ids = fc.oneof(fc.constant(storyId), fc.constant(otherStoryId), fc.uuid(), nasty);
  const queryKeys = [...guide.keys(), "tab", "before", "after", "type", "actor", "action", "fromRev", "toRev", "from", "to", "page", "sort", "focus", "unread"];
  const action = fc.constantFrom(...targets).chain((target) =>
    fc
      .oneof(
        { weight: 8, arbitrary: inputArbitrary(guide, pool, schemaFields(target.schema, guide, pool)).map((input) => ({ body: JSON.stringify([input]) as BodyInit, contentType: undefined as string | undefined })) },
        {
          weight: 3,
          arbitrary: fc.constantFrom<{ body: BodyInit; contentType?: string }>(
            { body: "x".repeat(1_100_000) },
            { body: `${"[".repeat(20_000)}${"]".repeat(20_000)}` },
            { body: "hello{" },
            { body: "" },
            { body: "{}" },
            { body: '["$Q1"]' },
            { body: '["$@5"]' },
            { body: '[{"storyId":"$h1"}]' },
            { body: new Uint8Array([91, 34, 0xff, 0xfe, 34, 93]) },
            { body: "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n", contentType: "multipart/form-data; boundary=x" },
            { body: "[1]", contentType: "application/json" },
            { body: "a=b", contentType: "application/x-www-form-urlencoded" },
          ),
        },
      )
      .map(({ body, contentType }) => ({ kind: "action", method: "POST", path: target.path, body, contentType, action: target })),
  );
  const api = fc.oneof(
    ids.map((id) => ({ kind: "route", method: "GET", path: `/api/stories/${id}` })),
    fc.tuple(ids, queryString(["entityType", "entityId"])).map(([id, query]) => ({ kind: "route", method: "GET", path: `/api/stories/${id}/comments?${query}` })),
    fc.tuple(ids, queryString(["q"])).map(([id, query]) => ({ kind: "route", method: "GET", path: `/api/stories/${id}/sources?${query}` })),
    ids.map((id) => ({ kind: "route", method: "POST", path: `/api/stories/${id}/visit` })),
    fc
      .tuple(ids, fc.record({ format: fc.constantFrom("json", "md", "html", "pdf", "exe", ""), profile: fc.constantFrom("internal", "legal", "partner", "x"), sections: fc.constantFrom("summary,quotes", "nope", ""), at: fc.constantFrom("2026-11-30T10:00", "soon", ""), unredacted: fc.constantFrom("0", "1", "yes") }, { requiredKeys: [] }), fc.constantFrom("json", "form", "garbage"))
      // PDFs take seconds each: asked for, but refused for bad options first or rendered rarely.
      .filter(([, options]) => options.format !== "pdf" || options.profile === "x")
      .map(([id, options, encoding]) => ({
        kind: "route",
        method: "POST",
        path: `/api/stories/${id}/dossier`,
        body: encoding === "json" ? JSON.stringify(options) : encoding === "form" ? new URLSearchParams(options as Record<string, string>).toString() : "{{not json",
        contentType: encoding === "form" ? "application/x-www-form-urlencoded" : "application/json",
      })),
    fc.constantFrom("PUT", "DELETE", "PATCH", "GET").chain((method) => fc.constantFrom("/api/stories/x/dossier", "/api/health", "/api/ping", `/api/stories/${storyId}`).map((url) => ({ kind: "route", method, path: url }))),
  );
  const pages = fc
    .tuple(
      fc.constantFrom("/", "/follow-ups", "/notifications", "/admin", "/admin/ledger", "/admin/audit", "/admin/sessions", "/account", "/sign-in", "/stories/:id", "/stories/:id/history", "/stories/:id/as-of", "/stories/:id/changes", "/stories/:id/audit", "/stories/:id/history/:kind/:entry"),
      ids,
      fc.constantFrom("quote", "source", "nope"),
      fc.oneof(fc.constant(entryIds.quote!), fc.uuid(), nasty),
      queryString(queryKeysFor()),
    )
    .map(([page, id, kind, entry, query]) => ({ kind: "page", method: "GET", path: `${page.replace(":id", id).replace(":kind", kind).replace(":entry", entry)}?${query}` }));
  function queryKeysFor() {
    return queryKeys;
  }
  return fc.oneof({ weight: 6, arbitrary: action }, { weight: 2, arbitrary: api }, { weight: 2, arbitrary: pages });
}

describe("the app over HTTP, fuzzed", () => {
  it("answers every request without a 5xx or internal text, and a refused call or a GET changes nothing", async () => {
    // The schedule's notifications and checkpoints (a chain never checkpointed is signed at the
    // server's next tick, whenever it falls), the sign-in limits and the live desk's presence
    // (an earlier test's tab expires on the server's sweep, whenever it falls) change on their
    // own; everything else may not.
    const state = await fingerprinter(databaseUrl, { skipTables: ["notifications", "ledger_checkpoints", "sign_in_limits", "sign_in_backoff", "live_presence"] });
    try {
      await fc.assert(
        fc.asyncProperty(requests(), fc.constantFrom(...callers), async (request, caller) => {
          const before = await state.take();
          report.calls++;
          report.byKind[request.kind] = (report.byKind[request.kind] ?? 0) + 1;
          const where = `${request.method} ${request.path.slice(0, 200)} as ${caller.name}${request.action ? ` (${request.action.name})` : ""} body ${String(request.body ?? "").slice(0, 300)}`;
          let status: number;
          let text: string;
          let refused: boolean;
          if (request.action) {
            const answer = await postAction(baseUrl, { id: request.action.id, path: request.path }, request.body!, caller.jar, request.contentType);
            ({ status, text } = answer);
            expect(answer.thrown, `${where}: the action threw on the server`).toBe(false);
            refused = status >= 400 || answer.result?.ok !== true;
            if (answer.result && !answer.result.ok) expect(answer.result.code, where).not.toBe("INTERNAL");
          } else {
            const response = await fetch(`${baseUrl}${request.path}`, {
              method: request.method,
              redirect: "manual",
              headers: { cookie: caller.jar?.header() ?? "", ...(request.contentType ? { "Content-Type": request.contentType } : {}) },
              body: request.body,
            });
            status = response.status;
            text = await response.text();
            refused = status >= 300 || request.method === "GET";
            if (status === 200 && (response.headers.get("content-type") ?? "").includes("application/json") && request.path.startsWith("/api/stories")) {
              expect(response.headers.get("cache-control"), where).toContain("no-store");
            }
          }
          report.statuses[status] = (report.statuses[status] ?? 0) + 1;
          expect(status, where).toBeLessThan(500);
          expect(text.includes("Something went wrong"), `${where}: the error page`).toBe(false);
          if (!text.startsWith("%PDF")) expect(text.replace(/<script[\s\S]*?<\/script>/g, ""), where).not.toMatch(INTERNAL_TEXT);
          if (refused) expect(await state.take(), `${where}: changed the database`).toEqual(before);
        }),
        { seed: FUZZ_SEED, numRuns: RUNS, interruptAfterTimeLimit: SECONDS * 1000, markInterruptAsFailure: false, endOnFailure: true },
      );
    } finally {
      await state.close();
    }
    expect(report.calls).toBeGreaterThan(100);
  }, (SECONDS + 60) * 1000);
});
