// The backup archive: gzip of plain text, close to pg_dump's data-only plain format, so it can be
// read with `zcat` and needs no tool of PostgreSQL's to make or to restore:
//
//   -- storydesk-backup 1
//   -- manifest {"format":"storydesk-backup","version":1,…}
//   COPY "users" ("id", "email", …) FROM stdin;
//   <rows in COPY's text format, one per line>
//   \.
//   …one section per table, in the manifest's order…
//   -- end {"rows":{"users":5,…}}
//
// COPY's text format escapes newlines and backslashes inside values, so a line is a row and a
// data line is never `\.`. The end line's row counts let a restore refuse a cut-off archive.

export const FORMAT = "storydesk-backup";
export const VERSION = 1;
export const FIRST_LINE = `-- ${FORMAT} ${VERSION}`;
export const MANIFEST_PREFIX = "-- manifest ";
export const END_PREFIX = "-- end ";
export const END_OF_DATA = "\\.";

export type BackupManifest = {
  format: typeof FORMAT;
  version: typeof VERSION;
  /** When the snapshot was taken (the database's clock). */
  takenAt: string;
  /** The server's version, for the record (`server_version`). */
  server: string;
  /** The migrations applied when it was taken: a restore migrates the empty database to exactly these first. */
  migrations: { name: string; checksum: string }[];
  /** Every table of the schema (except the migration log), parents before the tables that refer to them. */
  tables: { name: string; columns: string[] }[];
  /** Each hash chain's head in the snapshot: a restore must end with the same heads, and every chain verifying. */
  chains: { chain: string; seq: string; headHash: string }[];
};

export type BackupTrailer = { rows: Record<string, number> };

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

export const copyStatement = (table: { name: string; columns: string[] }, direction: "TO STDOUT" | "FROM STDIN") =>
  `COPY ${quoteIdent(table.name)} (${table.columns.map(quoteIdent).join(", ")}) ${direction}`;

/** A table's section header in the archive, as pg_dump writes it. */
export const sectionLine = (table: { name: string; columns: string[] }) => `COPY ${quoteIdent(table.name)} (${table.columns.map(quoteIdent).join(", ")}) FROM stdin;`;
