// Prior payers over FHIR: a Claim's insurances ahead of the focal one, each with its
// adjudication (Claim.insurance.claimResponse, a ClaimResponse contained or in the bundle), are
// the claim's priorPayers. Written by toFhirClaim and read back to the same claim; a primary
// payer's ClaimResponse (Edict's own answer) read as the secondary's prior payer; problems at
// their FHIRPath.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { fromFhirClaim, parseClaim, toClaimResponse, toFhirClaim, type FhirValidator } from "../../../src/index.js";
import { claim as claimArb } from "../../support/arbitraries.js";
import { shippedPack } from "../../support/packs.js";
import { expectValid, mapOne, readJson, validator } from "./support.js";

const EXAMPLES = ["01-standard", "03-medicare-secondary", "06-order-then-standard"].map((name) => ({
  name,
  claim: readJson(`examples/coordination/${name}/claim.json`),
  context: readJson(`examples/coordination/${name}/context.json`),
  rules: readJson(`examples/coordination/${name}/example.json`).rules.replace("rules/", ""),
}));

const written = (json: unknown): any => {
  const w = toFhirClaim(json);
  if (!w.ok) throw new Error(JSON.stringify(w.issues));
  return structuredClone(w.claim);
};

describe("prior payers in FHIR", () => {
  let v: FhirValidator;
  beforeAll(async () => {
    v = await validator();
  });

  for (const example of EXAMPLES) {
    it(`${example.name}: written as insurances with contained ClaimResponses, valid R4, read back to the same claim and the same result`, () => {
      const fhir = written(example.claim);
      expectValid(v, fhir);
      expect(fhir.insurance.map((i: any) => [i.sequence, i.focal, i.claimResponse?.reference ?? null])).toEqual([
        ...example.claim.priorPayers.map((_: unknown, n: number) => [n + 1, false, `#prior-${n + 1}`]),
        [example.claim.priorPayers.length + 1, true, null],
      ]);
      const m = mapOne(fhir);
      expect(m.warnings).toEqual([]);
      const direct = parseClaim(example.claim);
      if (!direct.ok) throw new Error("the example does not parse");
      expect(m.parsed).toEqual(direct.claim);
      if (example.rules.startsWith("examples/")) return;
      const ruleset = shippedPack(example.rules);
      expect(ruleset.adjudicate(m.claim, example.context)).toEqual(ruleset.adjudicate(example.claim, example.context));
    });
  }

  it("generated prior payers round-trip", () => {
    const withPriors = fc.tuple(
      claimArb,
      fc.array(
        fc.record({ allowed: fc.nat(1000), paid: fc.nat(100), group: fc.constantFrom("CO", "PR", "OA"), reason: fc.constantFrom("45", "2", "23", "B7") }),
        { minLength: 1, maxLength: 3 },
      ),
    );
    fc.assert(
      fc.property(withPriors, ([json, payers]) => {
        const lines = json.lines as Array<{ lineNumber: number }>;
        const priorPayers = payers.map((p, n) => ({
          payerId: `P-${n}`,
          // a claim-level adjustment (X12 2320 CAS) on every other payer, kept through FHIR as well
          adjustments: n % 2 ? [{ group: "OA", reason: "23", amount: (p.allowed / 100).toFixed(2) }] : [],
          lines: [
            {
              lineNumber: lines[0]!.lineNumber,
              allowed: (p.allowed / 100).toFixed(2),
              paid: "0.00",
              adjustments: [{ group: p.group, reason: p.reason, amount: (p.paid / 100).toFixed(2) }],
            },
          ],
        }));
        const full = { ...json, priorPayers };
        const direct = parseClaim(full);
        if (!direct.ok) return;
        expect(mapOne(written(full)).parsed).toEqual(direct.claim);
      }),
      { numRuns: 100, seed: 5 },
    );
  });

  it("a primary payer's ClaimResponse, in a bundle with the secondary claim, is the secondary's prior payer", () => {
    const example = readJson("examples/coordination/01-standard/claim.json");
    const context = readJson("examples/coordination/01-standard/context.json");
    const { priorPayers: _, ...alone } = example;
    // the primary: Demo PPO adjudicating alone, answering with its ClaimResponse
    const primaryFhir = written(alone);
    const primary = mapOne(primaryFhir);
    const primaryResult = shippedPack("demo-ppo").adjudicate(primary.claim, context);
    if (!primaryResult.ok) throw new Error("the primary does not adjudicate");
    const response = toClaimResponse(primaryResult.result, primary);
    // the secondary: the same claim, the primary's insurance ahead of the focal one
    const secondary = written(alone);
    secondary.insurance = [
      { sequence: 1, focal: false, coverage: { display: "the primary plan" }, claimResponse: { reference: `ClaimResponse/${response.id}` } },
      { ...secondary.insurance[0], sequence: 2 },
    ];
    const bundle = {
      resourceType: "Bundle",
      type: "batch",
      entry: [
        { fullUrl: "urn:claim", resource: secondary },
        { fullUrl: `ClaimResponse/${response.id}`, resource: response },
      ],
    };
    const read = fromFhirClaim(bundle);
    expect(read.issues).toEqual([]);
    const m = read.claims[0]!;
    if (!m.ok) throw new Error(JSON.stringify(m.issues));
    // a ClaimResponse lists the member's share before the other adjustments: compare them in one order
    const byCode = (a: { group: string; reason: string }, b: { group: string; reason: string }) =>
      `${a.group}-${a.reason}`.localeCompare(`${b.group}-${b.reason}`);
    const read1 = m.parsed.priorPayers.map((p) => ({ ...p, lines: p.lines.map((l) => ({ ...l, adjustments: [...l.adjustments].sort(byCode) })) }));
    expect(read1).toEqual([
      {
        payerId: "demo-ppo 2026.1",
        lines: primaryResult.result.lines.map((l) => ({
          lineNumber: l.lineNumber,
          allowed: Math.round(Number(l.allowed) * 100),
          paid: Math.round(Number(l.paid) * 100),
          adjustments: l.adjustments.map((a) => ({ group: a.group, reason: a.reason, amount: Math.round(Number(a.amount) * 100) })).sort(byCode),
        })),
        adjustments: [],
      },
    ]);
    // Demo PPO second to itself by non-duplication: its normal benefit less its own payment is nothing
    const second = shippedPack("demo-ppo-nondup").adjudicate(m.claim, context);
    expect(second.ok && second.result.totals.paid).toBe("0.00");
  });

  it("reports a missing adjudication and an unknown item at their FHIRPath", () => {
    const fhir = written(readJson("examples/coordination/01-standard/claim.json"));
    fhir.contained[1].item[0].adjudication = fhir.contained[1].item[0].adjudication.filter((a: any) => a.category.coding[0].code !== "benefit");
    fhir.contained[1].item[1].itemSequence = 9;
    const read = fromFhirClaim(fhir);
    const issues = read.claims[0]!.ok ? [] : read.claims[0]!.issues.filter((i) => i.severity === "error");
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      "Claim.contained[1].item[0].adjudication: required: the amount this payer paid (an adjudication of category benefit)",
      "Claim.contained[1].item[1].itemSequence: the claim has no line 9",
    ]);
    const dangling = written(readJson("examples/coordination/01-standard/claim.json"));
    dangling.insurance[0].claimResponse = { reference: "#nowhere" };
    const warned = mapOne(dangling);
    expect(warned.warnings.map((w) => `${w.path}: ${w.message}`)).toContain(
      "Claim.insurance[0].claimResponse: #nowhere is not a ClaimResponse in the claim or the bundle: that payer's payment is not counted",
    );
    expect(warned.parsed.priorPayers).toEqual([]);
  });
});
