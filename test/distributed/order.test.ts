// Per-member order under redelivery: in-process workers sharing one ledger crash at random
// points (before posting a claim, after posting it, after publishing its result: acknowledging
// nothing, as a killed process would), and replacements take over after the ack wait. Whatever
// the crashes, each member's claims are posted in the batch's processing order, each exactly
// once, and every record has one result.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { batchResults, batchStatus, connectJetStream, DistributedWorker, submit, type CrashPoint } from "../../src/distributed/index.js";
import { loadRules } from "../../src/cli/support.js";
import { BACKENDS } from "../ledger/support.js";
import { ENROLLMENT, visit, day } from "../ledger/claims.js";
import { inProcessingOrder, natsUrl } from "./support.js";

const POINTS: CrashPoint[] = ["before-post", "after-post", "after-publish"];

/** members with claims: [member, days of service]; charges out of network, so order changes what each pays */
const batchArb = fc
  .array(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 2, maxLength: 8 }), { minLength: 1, maxLength: 3 })
  .chain((members) => {
    const claims = members.flatMap((days, m) => days.map((d, k) => ({ member: `PM${m}`, id: `PC${m}-${k}`, day: d, charge: `${100 + ((k * 37) % 90)}.00` })));
    return fc.tuple(fc.constant(claims), fc.shuffledSubarray(claims, { minLength: claims.length, maxLength: claims.length }));
  })
  .map(([, fileOrder]) => fileOrder);

describe("distributed workers with random crashes", () => {
  it("post each member's claims once, in processing order", async () => {
    const url = natsUrl();
    const ruleset = loadRules("rules/demo-ppo", () => undefined);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(batchArb, fc.array(fc.tuple(fc.constantFrom(...POINTS), fc.nat()), { minLength: 1, maxLength: 3 }), async (claims, crashPlan) => {
        const lines = claims.map((c) => JSON.stringify({ claim: visit(c.id, c.member, day(c.day), { charge: c.charge }), context: ENROLLMENT }));
        const crashes = new Set(crashPlan.map(([point, n]) => `${point}:${(n % lines.length) + 1}`));
        const planned = crashes.size;
        const ledger = await BACKENDS[0]!.open();
        const admin = await connectJetStream(url, "test");
        const batch = `p${Date.now().toString(36)}r${run++}`;
        try {
          await ledger.deploy(ruleset, "test");
          await submit(admin, inProcessingOrder(lines), { batch, partitions: 2, ackWaitMs: 1000, maxDeliver: 50, source: "property" });
          let crashed = 0;
          // a slot runs a worker; when it crashes, a new one takes its place
          const slot = async () => {
            for (;;) {
              const conn = await connectJetStream(url, "test worker");
              const worker = new DistributedWorker(conn, ledger, ruleset, {
                batch,
                exitWhenDone: true,
                pollMs: 100,
                crash: (point, _batch, line) => crashes.delete(`${point}:${line}`),
              });
              const stats = await worker.run();
              await conn.nc.close();
              if (!stats.crashed) return;
              crashed++;
            }
          };
          await Promise.all([slot(), slot()]);
          // every record passes every point, so every planned crash struck (one worker each)
          expect(crashes.size).toBe(0);
          expect(crashed).toBe(planned);

          const status = await batchStatus(admin, batch);
          expect(status).toMatchObject({ complete: true, done: lines.length, dead: 0 });
          const results = await batchResults(admin, batch);
          expect(results.lines.map((l) => JSON.parse(l).line)).toEqual(lines.map((_, i) => i + 1));
          expect(results.summary.errors).toBe(0);

          const counts = await ledger.postingCounts();
          expect([...counts.values()].every((n) => n === 1)).toBe(true);
          expect(counts.size).toBe(lines.length);
          const posted = await ledger.db.query<{ claim_id: string; member_id: string }>("select claim_id, member_id from postings order by id");
          const expected = inProcessingOrder(lines).map((r) => JSON.parse(r.text).claim as { id: string; member: { id: string } });
          for (const member of new Set(claims.map((c) => c.member)))
            expect(posted.filter((p) => p.member_id === member).map((p) => p.claim_id)).toEqual(
              expected.filter((c) => c.member.id === member).map((c) => c.id),
            );
        } finally {
          await admin.close();
          await ledger.close();
        }
      }),
      // each run takes seconds (crashes wait out the ack wait): report the first failure without shrinking
      { numRuns: 5, endOnFailure: true },
    );
  }, 300_000);
});
