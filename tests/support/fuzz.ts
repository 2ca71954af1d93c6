// Generated inputs for the fuzz tests (tests/integration/fuzz-actions.test.ts in-process,
// tests/e2e/fuzz-http.test.ts over HTTP). Field names and enum values are read from the zod
// schemas in lib/validations, so the inputs follow the schemas as they change: an input is an
// object of many known fields with plausible values (so some calls are well-formed and reach the
// domain), mixed with wrong types, wrong ids (other stories', other kinds', random ones), text
// PostgreSQL cannot store, oversized text, deep nesting and malformed rich text.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import pg from "pg";

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 18_2026);

type ZodLike = { _zod?: { def?: Record<string, unknown> }; shape?: Record<string, unknown> };

/** Enum and literal values reachable in a zod schema (through optional, default, pipe, union…). */
function enumValues(schema: unknown, into: Set<unknown>, seen = new Set<unknown>()): void {
  if (!schema || typeof schema !== "object" || seen.has(schema)) return;
  seen.add(schema);
  const def = (schema as ZodLike)._zod?.def;
  if (!def) return;
  if (def.type === "enum" && def.entries && typeof def.entries === "object") Object.values(def.entries).forEach((value) => into.add(value));
  if (def.type === "literal" && Array.isArray(def.values)) def.values.forEach((value) => into.add(value));
  for (const key of ["innerType", "in", "out", "schema", "element", "left", "right"]) enumValues(def[key], into, seen);
  if (Array.isArray(def.options)) def.options.forEach((option) => enumValues(option, into, seen));
}

/** Every field name of every object schema in lib/validations, with the enum values it may take. */
export async function fieldGuide(): Promise<Map<string, unknown[]>> {
  const dir = path.resolve("lib/validations");
  const guide = new Map<string, Set<unknown>>();
  const visit = (schema: unknown, seen: Set<unknown>) => {
    if (!schema || typeof schema !== "object" || seen.has(schema)) return;
    seen.add(schema);
    const def = (schema as ZodLike)._zod?.def;
    const shape = def?.type === "object" ? (def.shape as Record<string, unknown>) : undefined;
    for (const [key, field] of Object.entries(shape ?? {})) {
      const values = guide.get(key) ?? new Set<unknown>();
      enumValues(field, values);
      guide.set(key, values);
      visit(field, seen);
    }
    if (Array.isArray(def?.options)) def.options.forEach((option) => visit(option, seen));
    for (const key of ["innerType", "in", "out", "schema", "element"]) visit(def?.[key], seen);
  };
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"))) {
    const loaded = (await import(path.join(dir, file))) as Record<string, unknown>;
    const seen = new Set<unknown>();
    for (const value of Object.values(loaded)) visit(value, seen);
  }
  return new Map([...guide].map(([key, values]) => [key, [...values]]));
}

export type IdPool = {
  /** Ids on the callers' story (and the callers themselves). */
  mine: string[];
  /** Ids on another story: "wrong ids from other stories". */
  others: string[];
  /** Links as forms send them ("question:<id>"). */
  links: string[];
};

const deepNest = (depth: number): unknown => {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};
const paragraph = (text: string) => ({ type: "paragraph", content: [{ type: "text", text }] });
const deepList = (depth: number): unknown => {
  let node: Record<string, unknown> = paragraph("deep");
  for (let i = 0; i < depth; i++) node = { type: "bulletList", content: [{ type: "listItem", content: [node] }] };
  return { type: "doc", content: [node] };
};

const NASTY_TEXT = [
  "",
  " ",
  "a\u0000b",
  "broken \ud800 unicode",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "$$escaped",
  "'; DROP TABLE users; --",
  "مصدر سري — מקור חסוי",
  "x".repeat(6_000),
  "y".repeat(120_000),
  "00000000-0000-0000-0000-000000000000",
  "not-a-uuid",
  "2026-02-30",
  "javascript:alert(1)",
];

const RICH_DOCS = [
  { type: "doc", content: [paragraph("A fine note, @lina.")] },
  { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "link", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }] }] },
  { type: "doc", content: [{ type: "script", content: [] }] },
  { type: "doc", content: "not a list" },
  { type: "doc", content: [{ type: "paragraph", onclick: "x" }] },
  deepList(40),
  deepList(200),
  { type: "doc", content: Array.from({ length: 3000 }, () => paragraph("a long memo line of text")) },
  "not a document",
];

const scalar = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(...NASTY_TEXT),
);

const odd = fc.constantFrom<unknown>(deepNest(80), deepNest(3), [], {}, Array.from({ length: 60 }, (_, i) => `v${i}`), ...RICH_DOCS);

function plausible(key: string, enums: unknown[], ids: IdPool): fc.Arbitrary<unknown> {
  const id = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...ids.mine) },
    { weight: 2, arbitrary: fc.constantFrom(...ids.others) },
    { weight: 1, arbitrary: fc.uuid() },
  );
  if (enums.length > 0) return fc.constantFrom(...enums);
  if (/ids$/i.test(key)) return fc.array(id, { maxLength: 4 });
  if (/id$/i.test(key)) return id;
  if (key === "version" || key === "rev" || key === "seq") return fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constantFrom("1", "2"));
  if (key === "language") return fc.constantFrom("en", "he", "ar", "x-klingon");
  if (/(memo|notes|answer)$/i.test(key)) return fc.constantFrom(...RICH_DOCS);
  if (/(at|when|since|due)$/i.test(key)) return fc.constantFrom("2026-11-30", "2026-11-30T10:00:00.000Z", "2026-11-30T10:00", "", "yesterday");
  if (/email/i.test(key)) return fc.constantFrom("maya@storydesk.example", "new-person@storydesk.example", "not an e-mail", "");
  if (/password/i.test(key)) return fc.constantFrom("a-long-enough-password", "short", "");
  if (/link|url/i.test(key)) return fc.constantFrom("https://example.org/report", "javascript:alert(1)", "");
  return fc.string({ minLength: 3, maxLength: 60 }).filter((text) => text.trim().length >= 3);
}

const unwrapped = (schema: unknown): Record<string, unknown> | undefined => {
  let def = (schema as ZodLike | undefined)?._zod?.def;
  for (let i = 0; def && i < 10; i++) {
    const inner = def.type === "pipe" ? def.in : ["optional", "nullable", "default", "prefault", "catch", "readonly"].includes(def.type as string) ? def.innerType : undefined;
    if (!inner) break;
    def = (inner as ZodLike)._zod?.def;
  }
  return def;
};

/** A plausible value for one field, from its own schema where it says enough (booleans, enums, ids, numbers), else from its name. */
function fieldArbitrary(key: string, schema: unknown, guide: Map<string, unknown[]>, ids: IdPool): fc.Arbitrary<unknown> {
  const def = unwrapped(schema);
  if (def?.type === "boolean") return fc.boolean();
  if (def?.type === "number") return fc.integer({ min: 1, max: 4 });
  if (def?.type === "enum" || def?.type === "literal") {
    const values = new Set<unknown>();
    enumValues(schema, values);
    return fc.constantFrom(...values);
  }
  if (def?.type === "union" && Array.isArray(def.options)) return fc.oneof(...def.options.map((option) => fieldArbitrary(key, option, guide, ids)));
  if (def?.type === "array") return fc.array(fieldArbitrary(key, def.element, guide, ids), { maxLength: 3 });
  if (def?.type === "string" && def.format === "uuid") return plausible("id", [], ids);
  if (key === "link") return fc.oneof(fc.constantFrom(...ids.links), plausible(key, [], ids));
  return plausible(key, guide.get(key) ?? [], ids);
}

/** A wrong value for a field: for text, text that is hostile or cannot be stored; else the wrong type, or nothing. */
function wrongArbitrary(schema: unknown): fc.Arbitrary<unknown> {
  const type = unwrapped(schema)?.type;
  const nasty = fc.constantFrom(...NASTY_TEXT);
  if (type === "string" || type === "pipe") return fc.oneof({ weight: 4, arbitrary: nasty }, { weight: 1, arbitrary: fc.oneof(scalar, odd, fc.constant(undefined)) });
  return fc.oneof(scalar, odd, nasty, fc.constant(undefined));
}

export type Fields = Record<string, { plausible: fc.Arbitrary<unknown>; wrong: fc.Arbitrary<unknown> }>;

/** An action's fields: a plausible value of each, and a wrong one. */
export function schemaFields(schema: unknown, guide: Map<string, unknown[]>, ids: IdPool): Fields {
  const def = unwrapped(schema);
  if (def?.type === "object") {
    return Object.fromEntries(
      Object.entries(def.shape as Record<string, unknown>).map(([key, field]) => [key, { plausible: fieldArbitrary(key, field, guide, ids), wrong: wrongArbitrary(field) }]),
    );
  }
  if (def?.type === "union" && Array.isArray(def.options)) return Object.assign({}, ...def.options.map((option) => schemaFields(option, guide, ids)));
  return {};
}

/**
 * One input. With `keys` (an action's own fields): usually exactly those fields, each mostly
 * plausible (sometimes wrong, sometimes missing), so that many calls are well-formed and reach the
 * domain. Otherwise, or now and then: an object of many fields any schema knows, or anything at all.
 */
export function inputArbitrary(guide: Map<string, unknown[]>, ids: IdPool, fields: Fields = {}): fc.Arbitrary<unknown> {
  const known = [...guide.keys()].sort();
  const wrong = fc.oneof(scalar, odd, fc.constantFrom(...NASTY_TEXT), fc.constant(undefined));
  const anyFields = fc
    .uniqueArray(fc.constantFrom(...known), { minLength: 1, maxLength: Math.min(known.length, 40) })
    .chain((chosen) =>
      fc.record(Object.fromEntries(chosen.map((key) => [key, fc.oneof({ weight: 4, arbitrary: plausible(key, guide.get(key) ?? [], ids) }, { weight: 1, arbitrary: wrong })]))),
    );
  const keys = Object.keys(fields);
  if (keys.length === 0) return fc.oneof({ weight: 6, arbitrary: anyFields }, { weight: 1, arbitrary: wrong });
  // The action's own fields, all plausible; then, two times in three, exactly one of them made wrong
  // (a wrong type, an id from elsewhere, text that cannot be stored…): one fault per call finds more.
  const plausibleFields = fc.record(Object.fromEntries(keys.map((key) => [key, fields[key]!.plausible])));
  const oneWrong = fc
    .tuple(plausibleFields, fc.constantFrom(...keys))
    .chain(([values, key]) => fields[key]!.wrong.map((value) => ({ ...(values as Record<string, unknown>), [key]: value })));
  return fc.oneof(
    { weight: 5, arbitrary: plausibleFields },
    { weight: 10, arbitrary: oneWrong },
    { weight: 2, arbitrary: anyFields },
    { weight: 1, arbitrary: wrong },
    { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  );
}

/** Text that would betray an internal error (driver, SQL, stack, runtime) if it reached a user. */
export const INTERNAL_TEXT = /prisma|postgres|\bsql\b|violates|relation "|column "|syntax error|stack|\bat .+\(.+:\d+|TypeError|RangeError|ReferenceError|undefined is not|cannot read propert|ECONN|digest|invalid input syntax|node_modules/i;

/** A cheap fingerprint of every table (a query built once from the catalog): rows as text, hashed. */
export async function fingerprinter(url: string, options: { skipTables?: string[] } = {}) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ name: string; columns: string[] }>(`
    SELECT c.relname AS name, array(SELECT a.attname::text FROM pg_attribute a
            WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS columns
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY c.relname`);
  const parts = rows
    .filter((table) => !(options.skipTables ?? []).includes(table.name) && table.name !== "_prisma_migrations")
    .map((table) => {
      // When a session was last seen is bookkeeping of every request, not a change the call made.
      const columns = table.columns.filter((column) => column !== "last_seen_at").map((column) => `t."${column}"`);
      const row = `ROW(${columns.join(", ")})::text`;
      return table.name === "revisions"
        ? `SELECT 'revisions' AS name, count(*)::text || ':' || coalesce(max(id), 0)::text AS hash FROM revisions`
        : `SELECT '${table.name}' AS name, md5(coalesce(string_agg(${row}, '|' ORDER BY ${row}), '')) AS hash FROM "${table.name}" t`;
    });
  const sql = parts.join(" UNION ALL ");
  return {
    take: async () => Object.fromEntries((await client.query<{ name: string; hash: string }>(sql)).rows.map((row) => [row.name, row.hash])) as Record<string, string>,
    close: () => client.end(),
  };
}
