// The migrated database must match prisma/schema.prisma: tables, columns (type,
// nullability, lists), enums and unique indexes. Drift fails here, not in production.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import { withRawClient } from "../support/db";

type DmmfField = { name: string; dbName: string | null; kind: string; type: string; isList: boolean; isRequired: boolean; nativeType: [string, string[]] | null };
type DmmfModel = { name: string; dbName: string | null; fields: DmmfField[] };
type Dmmf = {
  datamodel: {
    models: DmmfModel[];
    enums: { name: string; values: { name: string; dbName: string | null }[] }[];
    indexes: { model: string; type: string; fields: { name: string }[] }[];
  };
};

const dmmf = JSON.parse(
  get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", fs.readFileSync("prisma/schema.prisma", "utf8")]] })),
) as Dmmf;

const SCALARS: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Boolean: "boolean",
  DateTime: "timestamp with time zone",
  Json: "jsonb",
  Bytes: "bytea",
};
const NATIVE: Record<string, string> = { Uuid: "uuid", Timestamptz: "timestamp with time zone", VarChar: "character varying" };

function expectedColumns(model: DmmfModel) {
  return model.fields
    .filter((field) => field.kind !== "object")
    .map((field) => {
      const type = field.kind === "enum" ? field.type : field.nativeType ? NATIVE[field.nativeType[0]] : SCALARS[field.type];
      return { column: field.dbName ?? field.name, type: `${type}${field.isList ? "[]" : ""}`, nullable: !field.isRequired && !field.isList };
    })
    .sort((a, b) => a.column.localeCompare(b.column));
}

describe("schema.prisma and the migrated database", () => {
  it("have the same tables and columns", async () => {
    await withRawClient(async (client) => {
      for (const model of dmmf.datamodel.models) {
        const table = model.dbName ?? model.name;
        const { rows } = await client.query<{ column: string; type: string; nullable: boolean }>(
          `SELECT a.attname AS column, replace(format_type(a.atttypid, NULL), '"', '') AS type, NOT a.attnotnull AS nullable
             FROM pg_attribute a
            WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped`,
          [table],
        );
        const actual = rows.sort((a, b) => a.column.localeCompare(b.column));
        expect({ table, columns: actual }).toEqual({ table, columns: expectedColumns(model) });
      }
      const { rows: tables } = await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1`,
      );
      expect(tables.map((t) => t.table_name)).toEqual(dmmf.datamodel.models.map((m) => m.dbName ?? m.name).sort());
    });
  });

  it("have the same enums", async () => {
    await withRawClient(async (client) => {
      for (const enumType of dmmf.datamodel.enums) {
        const { rows } = await client.query<{ label: string }>(
          `SELECT enumlabel AS label FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = $1 ORDER BY e.enumsortorder`,
          [enumType.name],
        );
        expect({ enum: enumType.name, values: rows.map((r) => r.label) }).toEqual({ enum: enumType.name, values: enumType.values.map((v) => v.dbName ?? v.name) });
      }
    });
  });

  it("have the same unique indexes", async () => {
    const columnOf = (modelName: string, field: string) => {
      const model = dmmf.datamodel.models.find((m) => m.name === modelName)!;
      const found = model.fields.find((f) => f.name === field)!;
      return found.dbName ?? found.name;
    };
    const expected = dmmf.datamodel.indexes
      .filter((index) => index.type === "unique" || index.type === "id")
      .map((index) => {
        const model = dmmf.datamodel.models.find((m) => m.name === index.model)!;
        return `${model.dbName ?? model.name}(${index.fields.map((f) => columnOf(index.model, f.name)).join(",")})`;
      })
      .sort();
    await withRawClient(async (client) => {
      const { rows } = await client.query<{ name: string }>(
        `SELECT c.relname || '(' || string_agg(a.attname, ',' ORDER BY k.ord) || ')' AS name
           FROM pg_index i
           JOIN pg_class c ON c.oid = i.indrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
           CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
           JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
          WHERE i.indisunique AND c.relname <> '_prisma_migrations'
          GROUP BY i.indexrelid, c.relname`,
      );
      expect(rows.map((r) => r.name).sort()).toEqual(expected);
    });
  });
});
