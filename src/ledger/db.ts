// The two back ends of the ledger behind one small interface: PostgreSQL through `pg` (a pool
// of connections) and PGlite, PostgreSQL compiled to WebAssembly running in this process, kept
// in a folder or in memory. The ledger's SQL is the same for both; only opening, transactions
// and closing differ here.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface Database extends Queryable {
  readonly kind: "postgres" | "pglite";
  /** where the data lives, without credentials: a host/database, a folder, or "memory" */
  readonly where: string;
  /** runs `body` in one transaction (READ COMMITTED); commits when it returns, rolls back when it throws */
  transaction<T>(body: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL pool size (default 10) */
  poolSize?: number;
}

/** whether a --database value names a PostgreSQL server rather than a PGlite folder */
export const isPostgresUrl = (target: string): boolean => /^postgres(?:ql)?:\/\//i.test(target);

/** "memory" (or ":memory:") keeps a PGlite ledger in memory only, gone when the process ends */
export const isMemory = (target: string): boolean => target === "memory" || target === ":memory:" || target === "memory://";

/**
 * Opens a ledger database: a `postgres://` or `postgresql://` URL opens a pool to that server;
 * "memory" an in-memory PGlite; anything else is a folder for a PGlite ledger (created when
 * missing).
 */
export async function openDatabase(target: string, options: OpenOptions = {}): Promise<Database> {
  if (isPostgresUrl(target)) return openPostgres(target, options);
  if (isMemory(target)) return pgliteDatabase(new PGlite(), "memory");
  return openPgliteFolder(target);
}

// ------------------------------------------------------------------------------ PostgreSQL

// int8 (counts, cents, ids) as numbers: every value the ledger keeps is far below 2^53
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `postgres ${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`;
  } catch {
    return "postgres";
  }
}

async function openPostgres(url: string, options: OpenOptions): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types });
  // an idle client's error (the server went away) must not crash the process; the next query reports it
  pool.on("error", () => undefined);
  const probe = await pool.connect().catch((e: Error) => {
    void pool.end();
    throw new Error(`cannot connect to ${describeUrl(url)}: ${e.message}`);
  });
  probe.release();
  const run = async <T>(client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) =>
    (await client.query(sql, params as unknown[] | undefined)).rows as T[];
  return {
    kind: "postgres",
    where: describeUrl(url),
    query: (sql, params) => run(pool, sql, params),
    async transaction(body) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query("begin");
        const out = await body({ query: (sql, params) => run(client, sql, params) });
        await client.query("commit");
        return out;
      } catch (e) {
        try {
          await client.query("rollback");
        } catch {
          broken = true;
        }
        throw e;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

// ------------------------------------------------------------------------------ PGlite

/** wraps an open PGlite instance (tests open theirs from a prepared data folder) */
export function pgliteDatabase(db: PGlite, where: string, onClose: () => void = () => undefined): Database {
  const run = async <T>(q: Pick<PGlite, "query">, sql: string, params?: readonly unknown[]) => (await q.query<T>(sql, params as unknown[] | undefined)).rows;
  return {
    kind: "pglite",
    where,
    query: (sql, params) => run(db, sql, params),
    // PGlite is one session: a transaction holds it, so other work waits its turn
    transaction: (body) => db.transaction((tx) => body({ query: (sql, params) => run(tx, sql, params) })),
    async close() {
      try {
        if (!db.closed) await db.close();
      } finally {
        onClose();
      }
    },
  };
}

const LOCK_FILE = "edict-ledger.lock";

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite has no server to keep two processes out of one folder, and two writers would corrupt
 * it; a lock file with the owner's pid does. A lock left by a killed process is taken over.
 */
async function openPgliteFolder(folder: string): Promise<Database> {
  const dir = resolve(folder);
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, LOCK_FILE);
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, "utf8").trim());
    if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
      throw new Error(`the ledger folder ${folder} is in use by process ${pid}; stop it first, or use PostgreSQL for several processes`);
    }
  }
  writeFileSync(lock, `${process.pid}\n`);
  const release = () => rmSync(lock, { force: true });
  try {
    const db = new PGlite(dir);
    await db.waitReady;
    return pgliteDatabase(db, dir, release);
  } catch (e) {
    release();
    throw new Error(`cannot open the ledger folder ${folder}: ${(e as Error).message}`);
  }
}
