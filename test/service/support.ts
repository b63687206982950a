// A service over an in-memory PGlite ledger (the ledger tests cover PostgreSQL), with its log
// lines kept, and a small client for it.
import { Writable } from "node:stream";
import { PGlite } from "@electric-sql/pglite";
import { Ledger, migrate, pgliteDatabase } from "../../src/ledger/index.js";
import { buildService, type Service, type ServiceOptions } from "../../src/service/server.js";
import { shippedPack } from "../support/packs.js";

let template: Promise<Blob> | null = null;

export async function memoryLedger(): Promise<Ledger> {
  template ??= (async () => {
    const db = new PGlite();
    await migrate(pgliteDatabase(db, "memory"));
    const dump = await db.dumpDataDir("none");
    await db.close();
    return dump;
  })();
  const db = new PGlite({ loadDataDir: await template });
  await db.waitReady;
  return Ledger.on(pgliteDatabase(db, "memory"));
}

export interface Running {
  service: Service;
  ledger: Ledger;
  base: string;
  /** every log line written so far */
  logs: string[];
  request(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; raw?: string | Buffer; type?: string },
  ): Promise<{ status: number; type: string; text: string; json: ReturnType<typeof JSON.parse>; headers: Headers }>;
}

export async function start(options: Partial<ServiceOptions> = {}, ledger?: Ledger): Promise<Running> {
  const l = ledger ?? (await memoryLedger());
  if (!(await l.activeRuleset())) await l.deploy(shippedPack("demo-ppo"), "test");
  const logs: string[] = [];
  let partial = "";
  const log = new Writable({
    write(chunk, _encoding, done) {
      const text = partial + String(chunk);
      const lines = text.split("\n");
      partial = lines.pop()!;
      logs.push(...lines.filter((x) => x));
      done();
    },
  });
  const service = await buildService({ ledger: l, open: true, log, ...options });
  const base = await service.app.listen({ host: "127.0.0.1", port: 0 });
  return {
    service,
    ledger: l,
    base,
    logs,
    async request(method, path, o = {}) {
      const headers: Record<string, string> = {};
      if (o.token) headers.authorization = `Bearer ${o.token}`;
      let body: string | Buffer | undefined;
      if (o.raw !== undefined) {
        body = o.raw;
        headers["content-type"] = o.type ?? "application/json";
      } else if (o.body !== undefined) {
        body = JSON.stringify(o.body);
        headers["content-type"] = o.type ?? "application/json";
      }
      const res = await fetch(`${base}${path}`, { method, headers, body: body as BodyInit | undefined });
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, type: res.headers.get("content-type") ?? "", text, json, headers: res.headers };
    },
  };
}
