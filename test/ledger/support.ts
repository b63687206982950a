// The two back ends every ledger test runs against: PGlite (in memory, each ledger from a data
// folder migrated once per test file) and the throwaway PostgreSQL cluster of
// test/global-setup.ts (each ledger a new database). Without PostgreSQL, the PostgreSQL tests
// fail with the reason; they are never skipped.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { Ledger, migrate, pgliteDatabase } from "../../src/ledger/index.js";

export function postgresUrl(): string {
  const cluster = inject("postgres");
  if ("error" in cluster) throw new Error(`the PostgreSQL ledger tests need PostgreSQL: ${cluster.error}`);
  return cluster.url;
}

/** a new, empty database on the test cluster; its URL */
export async function newPostgresDatabase(): Promise<string> {
  const base = postgresUrl();
  const name = `edict_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  return base.replace(/\/[^/]*$/, `/${name}`);
}

let template: Promise<Blob> | null = null;

/** a migrated PGlite data folder, made once per test file: a fresh instance from it starts in well under a second */
function pgliteTemplate(): Promise<Blob> {
  template ??= (async () => {
    const db = new PGlite();
    await migrate(pgliteDatabase(db, "memory"));
    const dump = await db.dumpDataDir("none");
    await db.close();
    return dump;
  })();
  return template;
}

export interface Backend {
  name: "pglite" | "postgres";
  open(): Promise<Ledger>;
}

export const BACKENDS: Backend[] = [
  {
    name: "pglite",
    async open() {
      const db = new PGlite({ loadDataDir: await pgliteTemplate() });
      await db.waitReady;
      return Ledger.on(pgliteDatabase(db, "memory"));
    },
  },
  { name: "postgres", open: async () => Ledger.open(await newPostgresDatabase()) },
];

export interface Example {
  name: string;
  claim: Record<string, unknown> & { id: string; member: { id: string } };
  context: Record<string, unknown>;
}

/** the example claims with their contexts (examples/claims/*) */
export function examples(): Example[] {
  const root = "examples/claims";
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => ({
      name: e.name,
      claim: JSON.parse(readFileSync(join(root, e.name, "claim.json"), "utf8")),
      context: JSON.parse(readFileSync(join(root, e.name, "context.json"), "utf8")),
    }));
}

export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
