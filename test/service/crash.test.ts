// Must show: kill -9 of `edict serve` during a load run, then a restart: every acknowledged
// claim is stored once (posting it again returns the acknowledged response byte for byte),
// posting the unacknowledged ones again completes the set, and nothing is counted twice (the
// accumulators are those of posting every claim once). With a PGlite folder and with PostgreSQL.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Ledger } from "../../src/ledger/index.js";
import { shippedPack } from "../support/packs.js";
import { tempDir } from "../support/temp.js";
import { BACKENDS, newPostgresDatabase } from "../ledger/support.js";
import { ENROLLMENT, mix } from "../ledger/claims.js";

interface Server {
  child: ChildProcess;
  base: string;
  exited: Promise<number | null>;
}

function serve(database: string): Promise<Server> {
  const child = spawn("node", ["bin/edict.js", "serve", "--rules", "rules/demo-ppo", "--database", database, "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let stderr = "";
  child.stdout!.resume();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`edict serve did not start in 180 s:\n${stderr}`)), 180_000);
    child.stderr!.on("data", (chunk) => {
      stderr += String(chunk);
      const m = /listening on (http:\/\/\S+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve({ child, base: m[1]!, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`edict serve exited (${code}) before listening:\n${stderr}`));
    });
  });
}

const post = (base: string, claim: unknown) =>
  fetch(`${base}/v1/claims`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(claim) });

function countBy(keys: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
}

async function accumulatorsOf(ledger: Ledger, members: string[]) {
  const out: Record<string, unknown> = {};
  for (const m of members) {
    const context = await ledger.contextFor(m, "2026-12-31", shippedPack("demo-ppo"));
    out[m] = {
      accumulators: await ledger.accumulators(m),
      authorizations: context!.authorizations,
      // which claims were paid (the first of two identical ones, the physical therapy before the
      // authorization ran out) depends on the order; how many lines of each code were paid does not
      paidLines: countBy(context!.history.map((h) => h.code)),
    };
  }
  return out;
}

describe.each(BACKENDS)("kill -9 of edict serve on $name", (backend) => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  });

  it("keeps every acknowledged claim once; posting the rest completes the set; nothing counts twice", { timeout: 600_000 }, async () => {
    let database: string;
    if (backend.name === "pglite") {
      const dir = tempDir("edict-crash-");
      database = join(dir, "ledger");
    } else database = await newPostgresDatabase();

    const claims = mix(5, 80, "K");
    const members = [...new Set(claims.map((c) => c.member.id))].sort();
    const first = await serve(database);
    children.push(first.child);
    for (const m of members) {
      const r = await fetch(`${first.base}/v1/members/${m}`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(ENROLLMENT),
      });
      expect(r.status).toBe(201);
    }

    // a load run with 16 clients, killed once 120 claims are acknowledged
    const acknowledged = new Map<string, string>();
    let next = 0;
    let killed = false;
    const client = async () => {
      while (next < claims.length && !killed) {
        const claim = claims[next++]!;
        try {
          const res = await post(first.base, claim);
          const text = await res.text();
          if (res.status === 201) acknowledged.set(claim.id, text);
        } catch {
          return; // the server is gone
        }
        if (acknowledged.size >= 120 && !killed) {
          killed = true;
          first.child.kill("SIGKILL");
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, client));
    expect(killed).toBe(true);
    expect(await first.exited).toBeNull();
    expect(first.child.signalCode).toBe("SIGKILL");
    expect(acknowledged.size).toBeLessThan(claims.length);

    const second = await serve(database);
    children.push(second.child);
    // every acknowledged claim is there, with the response that was acknowledged
    for (const [id, text] of acknowledged) {
      const claim = claims.find((c) => c.id === id)!;
      const res = await post(second.base, claim);
      expect(res.status, id).toBe(200);
      expect(await res.text(), id).toBe(text);
    }
    // posting every claim again completes the set
    let cursor = 0;
    const statuses = new Map<string, number>();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (cursor < claims.length) {
          const claim = claims[cursor++]!;
          const res = await post(second.base, claim);
          await res.text();
          statuses.set(claim.id, res.status);
        }
      }),
    );
    for (const id of acknowledged.keys()) expect(statuses.get(id), id).toBe(200);
    expect([...statuses.values()].every((s) => s === 200 || s === 201)).toBe(true);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);

    const ledger = await Ledger.open(database);
    try {
      const counts = await ledger.postingCounts();
      expect(counts.size).toBe(claims.length);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      // nothing counted twice: the state of posting every claim once
      const reference = await BACKENDS[0]!.open();
      try {
        await reference.deploy(shippedPack("demo-ppo"), "test");
        for (const m of members) await reference.enroll(m, ENROLLMENT);
        for (const claim of claims) expect((await reference.post({ claim })).ok).toBe(true);
        const expected = await accumulatorsOf(reference, members);
        expect(await accumulatorsOf(ledger, members)).toEqual(expected);
      } finally {
        await reference.close();
      }
    } finally {
      await ledger.close();
    }
  });
});
