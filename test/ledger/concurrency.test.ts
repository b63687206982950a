// Must show: 50 concurrent clients posting claims for the same members over HTTP give exactly
// the accumulators of posting them one by one; and every result is the one the claim gets when
// the claims are posted one by one in the order the ledger committed them (no posting saw a
// member's state that another posting was changing). On both back ends.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ledger } from "../../src/ledger/index.js";
import { buildService, type Service } from "../../src/service/server.js";
import { shippedPack } from "../support/packs.js";
import { BACKENDS } from "./support.js";
import { ENROLLMENT, mix } from "./claims.js";

const MEMBERS = 4;
const PER_MEMBER = 60;
const CLIENTS = 50;

/** a fixed shuffle, so members' claims interleave */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function snapshot(ledger: Ledger, members: string[]) {
  const out: Record<string, unknown> = {};
  for (const m of members) {
    const context = await ledger.contextFor(m, "2026-12-31", shippedPack("demo-ppo"));
    out[m] = {
      accumulators: await ledger.accumulators(m),
      authorizationUsed: context!.authorizations.map((a) => [a.number, a.used]),
      paidLines: context!.history.length,
    };
  }
  return out;
}

describe.each(BACKENDS)("50 concurrent clients on $name", (backend) => {
  const claims = shuffled(mix(MEMBERS, PER_MEMBER, "CC"), 7);
  const members = [...new Set(claims.map((c) => c.member.id))].sort();
  const opened: Ledger[] = [];
  let service: Service | undefined;

  const fresh = async () => {
    const ledger = await backend.open();
    opened.push(ledger);
    await ledger.deploy(shippedPack("demo-ppo"), "test");
    for (const m of members) await ledger.enroll(m, ENROLLMENT);
    return ledger;
  };

  afterAll(async () => {
    await service?.app.close();
    for (const l of opened) await l.close();
  });

  let concurrent: Ledger;
  beforeAll(async () => {
    concurrent = await fresh();
    service = await buildService({ ledger: concurrent, open: true, log: false });
    const base = await service.app.listen({ host: "127.0.0.1", port: 0 });
    let next = 0;
    const statuses: number[] = [];
    const client = async () => {
      while (next < claims.length) {
        const claim = claims[next++]!;
        const res = await fetch(`${base}/v1/claims`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(claim) });
        await res.text();
        statuses.push(res.status);
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    expect(statuses.filter((s) => s === 201)).toHaveLength(claims.length);
  });

  it("gives exactly the accumulators, authorization units and paid lines of posting one by one", async () => {
    const sequential = await fresh();
    for (const claim of claims) {
      const out = await sequential.post({ claim });
      expect(out.ok).toBe(true);
    }
    const expected = await snapshot(sequential, members);
    // the mix reaches the limits that make the order matter: the deductible, the authorization's units, duplicates
    const first = expected[members[0]!] as { accumulators: { planYears: Array<{ accumulators: Record<string, unknown> }> }; authorizationUsed: unknown[] };
    expect(first.accumulators.planYears[0]!.accumulators.oon_deductible).toBe("1000.00");
    expect(first.authorizationUsed).toEqual([["PA-7", 30]]);
    expect(await snapshot(concurrent, members)).toEqual(expected);
  });

  it("decided every claim as posting them one by one in the ledger's commit order does", async () => {
    const order = await concurrent.db.query<{ claim_id: string; result: string }>("select claim_id, result from postings order by id");
    expect(order).toHaveLength(claims.length);
    const byId = new Map(claims.map((c) => [c.id, c]));
    const replay = await fresh();
    for (const row of order) {
      const out = await replay.post({ claim: byId.get(row.claim_id)! });
      if (!out.ok) throw new Error(JSON.stringify(out.problem));
      expect(JSON.stringify(JSON.parse(out.response).result), row.claim_id).toBe(row.result);
    }
  });
});
