// An IPTC NINJS item (https://iptc.org/standards/ninjs/), the JSON agencies send: 1.x
// (`headline`, `byline`, `body_text`/`body_html`, `associations` as an object) and 2.x
// (`headlines[]`, `bodies[]`, `by`, `associations` as an array), plus Superdesk's own fields
// (`guid`, `rewrite_of`, `evolvedfrom`, `source`). The item's identity — guid or uri, version,
// what it rewrites — is what chains a new take to the one it replaces.
import { z } from "zod";
import { EvidenceError, type ParsedFields } from "../types";
import { htmlBody } from "./html";

const text = z.string().max(2_000_000);
const typed = z.object({ value: text, contenttype: text.optional(), role: text.optional() }).loose();
const association = z.object({ uri: text.optional(), guid: text.optional(), name: text.optional() }).loose();

const ninjs = z
  .object({
    uri: text.optional(),
    guid: text.optional(),
    version: z.union([text, z.number()]).optional(),
    versioncreated: text.optional(),
    firstcreated: text.optional(),
    headline: text.optional(),
    headlines: z.array(typed).optional(),
    title: text.optional(),
    byline: text.optional(),
    by: text.optional(),
    body_text: text.optional(),
    body_html: text.optional(),
    bodies: z.array(typed).optional(),
    language: text.optional(),
    copyrightholder: text.optional(),
    source: text.optional(),
    infosource: z.array(z.object({ name: text.optional() }).loose()).optional(),
    infosources: z.array(z.object({ name: text.optional() }).loose()).optional(),
    associations: z.union([z.record(z.string(), association), z.array(association)]).optional(),
    rewrite_of: text.optional(),
    evolvedfrom: text.optional(),
  })
  .loose();

type Ninjs = z.infer<typeof ninjs>;

const isHtml = (contenttype: string | undefined) => contenttype?.toLowerCase().includes("html") ?? false;
const httpUrl = (value: string | undefined) => (value && /^https?:\/\//i.test(value) ? value : null);

function bodyOf(item: Ninjs): string {
  if (item.body_text?.trim()) return item.body_text;
  if (item.body_html?.trim()) return htmlBody(item.body_html);
  const bodies = item.bodies ?? [];
  const main = bodies.find((b) => !b.role || b.role === "main" || b.role === "body") ?? bodies[0];
  if (!main) return "";
  return isHtml(main.contenttype) ? htmlBody(main.value) : main.value;
}

function associationsOf(item: Ninjs): { name: string; guid: string }[] {
  const list = Array.isArray(item.associations)
    ? item.associations.map((a, i) => ({ name: a.name ?? String(i + 1), a }))
    : Object.entries(item.associations ?? {}).map(([name, a]) => ({ name, a }));
  return list.flatMap(({ name, a }) => {
    const guid = a.guid ?? a.uri;
    return guid ? [{ name, guid }] : [];
  });
}

function date(value: string | undefined): Date | null {
  if (!value) return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

export function parseNinjs(source: string): ParsedFields {
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch {
    throw new EvidenceError("This JSON file could not be read: it is not valid JSON.");
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new EvidenceError("This JSON file is not a NINJS news item (expected one object).");
  const parsed = ninjs.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new EvidenceError(`This NINJS item has a field of the wrong kind: "${issue.path.join(".") || "(item)"}" (${issue.message.toLowerCase()}).`);
  }
  const item = parsed.data;
  const guid = item.guid ?? item.uri;
  if (!guid) throw new EvidenceError('This NINJS item has no "uri" (or "guid"): the desk needs it to chain later versions of the item.');
  const body = bodyOf(item);
  if (!body.trim()) throw new EvidenceError('This NINJS item has no text ("body_text", "body_html" or "bodies").');
  const headline = item.headline ?? item.headlines?.find((h) => !h.role || h.role === "main")?.value ?? item.headlines?.[0]?.value ?? item.title;
  const origin = item.copyrightholder ?? item.source ?? item.infosources?.[0]?.name ?? item.infosource?.[0]?.name;
  return {
    body,
    title: headline ?? null,
    origin: origin ?? null,
    byline: item.byline ?? item.by ?? null,
    url: httpUrl(item.uri),
    publishedAt: date(item.versioncreated) ?? date(item.firstcreated),
    language: item.language ?? null,
    item: {
      guid,
      version: item.version === undefined ? null : String(item.version),
      rewriteOf: item.rewrite_of ?? item.evolvedfrom ?? null,
      associations: associationsOf(item),
    },
  };
}
