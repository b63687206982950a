// Generated claims round-trip through FHIR: contract JSON → FHIR Claim → contract is the same
// claim, and adjudicating either gives the same result.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromFhirClaim, parseClaim, toClaimResponse, toFhirClaim } from "../../../src/index.js";
import { claim, context } from "../../support/arbitraries.js";
import { shippedPack } from "../../support/packs.js";

describe("FHIR round trip over generated claims", () => {
  const ruleset = shippedPack("demo-ppo");

  it("the claim read back is the claim written, and decides the same", () => {
    let checked = 0;
    fc.assert(
      fc.property(claim, context, (json, ctx) => {
        const direct = parseClaim(json);
        if (!direct.ok) return;
        checked++;
        const written = toFhirClaim(json, { coverage: ctx.coverage[0] });
        if (!written.ok) throw new Error(JSON.stringify(written.issues));
        const read = fromFhirClaim(JSON.parse(JSON.stringify(written.claim)));
        const m = read.claims[0];
        if (!m?.ok) throw new Error(JSON.stringify(read));
        expect(m.parsed).toEqual(direct.claim);
        expect(m.warnings).toEqual([]);
        const a = ruleset.adjudicate(json, ctx);
        const b = ruleset.adjudicate(m.claim, ctx);
        expect(b).toEqual(a);
        if (a.ok) expect(JSON.stringify(toClaimResponse(a.result, m))).toBe(JSON.stringify(toClaimResponse(b.ok ? b.result : a.result, m)));
      }),
      { numRuns: 300, seed: 11 },
    );
    expect(checked).toBeGreaterThan(250);
  });
});
