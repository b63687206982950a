// The X12 path agrees with the JSON path, as a property: generated claims → 837P → read837 →
// adjudicate → 835 → read835 give, line by line, the paid and allowed amounts, adjustments and
// remarks of adjudicating the same claims as JSON; pended claims are left out of the 835. Half
// the runs turn the authorization numbers into "PA-…" strings on claim and context alike.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { read837 } from "../../../src/interop/x12/read837.js";
import { write837 } from "../../../src/interop/x12/write837.js";
import { write835, type Remittance } from "../../../src/interop/x12/write835.js";
import { read835, balance835 } from "../../../src/interop/x12/read835.js";
import { parseDecimalToCents } from "../../../src/model/money.js";
import { parseContext } from "../../../src/model/schemas.js";
import { claim, context } from "../../support/arbitraries.js";
import { shippedPack } from "../../support/packs.js";
import { guideProblems } from "./support.js";

const ruleset = shippedPack("demo-ppo");
const NETWORK: Record<string, "in" | "out"> = { "1234567893": "in", "1987654321": "out" };
const cents = (s: string) => parseDecimalToCents(s)!;

type Json = Record<string, unknown> & { priorAuthorization?: unknown; authorizations?: Array<Record<string, unknown>> };
const stringAuth = (n: unknown) => (typeof n === "number" ? `PA-${n}` : n);

const batch = fc.record({
  items: fc.array(fc.record({ claim, context }), { minLength: 1, maxLength: 4 }),
  strings: fc.boolean(),
});

describe("837 → adjudicate → 835 equals the JSON path", () => {
  it("per line: paid, allowed, adjustments and remarks; pended claims left out", () => {
    fc.assert(
      fc.property(batch, ({ items, strings }) => {
        // one 837 carries one date (GS04), read back as every claim's receivedDate: the file is
        // sent once all its claims are in, so take the latest
        const received = items
          .map(({ claim: c }) => (c as Json).receivedDate as string)
          .sort()
          .at(-1)!;
        const pairs = items.map(({ claim: c, context: x }, i) => {
          const claimJson: Json = { ...(c as Json), id: `C-${i + 1}`, receivedDate: received };
          claimJson.provider = { ...(claimJson.provider as object), network: NETWORK[(claimJson.provider as { npi: string }).npi] };
          const contextJson: Json = { ...(x as Json) };
          if (strings) {
            if (claimJson.priorAuthorization !== undefined) claimJson.priorAuthorization = stringAuth(claimJson.priorAuthorization);
            contextJson.authorizations = (contextJson.authorizations ?? []).map((a) => ({ ...a, number: stringAuth(a.number) }));
          }
          return { claimJson, contextJson };
        });
        // the JSON path
        const json = pairs.map(({ claimJson, contextJson }) => {
          const out = ruleset.adjudicate(claimJson, contextJson);
          if (!out.ok) throw new Error(JSON.stringify(out.issues));
          return out.result;
        });
        // the X12 path
        const text837 = write837(
          pairs.map((p) => p.claimJson),
          { controlNumber: 17, date: received },
        );
        const read = read837(text837, { network: (npi) => NETWORK[npi] ?? "out" });
        expect(read.errors).toEqual([]);
        expect(read.claims.map((c) => c.parsed.priorAuthorization)).toEqual(
          pairs.map((p) => (p.claimJson.priorAuthorization === undefined ? null : String(p.claimJson.priorAuthorization))),
        );
        const remittances: Remittance[] = read.claims.map((c, i) => {
          const ctx = parseContext(pairs[i]!.contextJson, { accumulators: ruleset.program.accumulators });
          if (!ctx.ok) throw new Error(JSON.stringify(ctx.issues));
          return { claim: c.parsed, result: ruleset.adjudicateParsed(c.parsed, ctx.context), source: c.source };
        });
        const text835 = write835(remittances, { date: "2026-12-31", controlNumber: 18 });
        const payments = read835(text835).payments;
        expect(balance835(payments)).toEqual([]);
        const back = new Map(payments.flatMap((p) => p.claims).map((c) => [c.id, c]));
        expect([...back.keys()].sort()).toEqual(
          json
            .filter((r) => r.status !== "pended")
            .map((r) => r.claimId)
            .sort(),
        );
        for (const r of json) {
          if (r.status === "pended") continue;
          const c = back.get(r.claimId)!;
          expect(c.lines.map((l) => [Number(l.controlNumber), l.paid, l.allowed, l.adjustments, l.remarks])).toEqual(
            r.lines.map((l) => [
              l.lineNumber,
              cents(l.paid),
              cents(l.allowed),
              l.adjustments.map((a) => ({ group: a.group, reason: a.reason, amount: cents(a.amount) })),
              l.remarks,
            ]),
          );
        }
      }),
      { numRuns: 150 },
    );
  });

  it("the 837s Edict writes for generated claims follow the 837P guide's map", () => {
    fc.assert(
      fc.property(fc.array(claim, { minLength: 1, maxLength: 3 }), (claims) => {
        const text = write837(
          claims.map((c, i) => ({ ...(c as Json), id: `C-${i + 1}` })),
          { controlNumber: 3, date: "2026-06-01" },
        );
        expect(guideProblems(text, "837P")).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });
});
