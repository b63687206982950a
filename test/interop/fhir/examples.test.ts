// Every example claim through FHIR: written as a FHIR Claim, read back, adjudicated — the same
// result as the JSON path, to the cent — and answered with a ClaimResponse and an
// ExplanationOfBenefit that are valid R4, meet CARIN's professional profile, carry the same
// amounts, and come out byte-identical every time.
import { beforeAll, describe, expect, it } from "vitest";
import { shippedPack } from "../../support/packs.js";
import { contextWithCoverage, toClaimResponse, toExplanationOfBenefit, toFhirClaim, type FhirValidator } from "../../../src/index.js";
import { EXAMPLES, exampleNames, expectValid, mapOne, readJson, validator } from "./support.js";

const amount = (resource: any, code: string): number | undefined => resource.total.find((t: any) => t.category.coding[0].code === code)?.amount.value;
const itemAmount = (item: any, code: string): number | undefined => item.adjudication.find((a: any) => a.category.coding[0].code === code)?.amount?.value;

describe("example claims through FHIR", () => {
  const ruleset = shippedPack("demo-ppo");
  let v: FhirValidator;
  beforeAll(async () => {
    v = await validator();
  });

  for (const name of exampleNames()) {
    it(name, () => {
      const claim = readJson(`${EXAMPLES}/${name}/claim.json`);
      const context = readJson(`${EXAMPLES}/${name}/context.json`);
      const json = ruleset.adjudicate(claim, context, { trace: true });
      if (!json.ok) throw new Error(JSON.stringify(json.issues));

      const written = toFhirClaim(claim, { coverage: context.coverage[0] });
      if (!written.ok) throw new Error(JSON.stringify(written.issues));
      expectValid(v, written.claim);
      const mapping = mapOne(written.claim);
      expect(mapping.warnings).toEqual([]);
      const fhir = ruleset.adjudicate(mapping.claim, contextWithCoverage(context, mapping), { trace: true });
      if (!fhir.ok) throw new Error(JSON.stringify(fhir.issues));
      expect(fhir.result).toEqual(json.result);

      // the claim's Coverage alone gives the same coverage as the context's
      const { coverage: _, ...bare } = context;
      const fromCoverage = ruleset.adjudicate(mapping.claim, contextWithCoverage(bare, mapping));
      if (!fromCoverage.ok) throw new Error(JSON.stringify(fromCoverage.issues));
      expect(fromCoverage.result.lines).toEqual(json.result.lines);

      const r = json.result;
      const response = toClaimResponse(fhir.result, mapping);
      const eob = toExplanationOfBenefit(fhir.result, mapping);
      expectValid(v, response);
      expectValid(v, eob);
      for (const resource of [response, eob] as any[]) {
        expect(amount(resource, "submitted")).toBe(Number(r.totals.billed));
        expect(amount(resource, "eligible")).toBe(Number(r.totals.allowed));
        expect(amount(resource, "benefit")).toBe(Number(r.totals.paid));
        expect(amount(resource, "memberliability")).toBe(Number(r.totals.patientResponsibility));
        resource.item.forEach((item: any, i: number) => {
          const line = r.lines[i];
          expect(item.itemSequence ?? item.sequence).toBe(line.lineNumber);
          expect(itemAmount(item, "benefit")).toBe(Number(line.paid));
          expect(itemAmount(item, "eligible")).toBe(Number(line.allowed));
          // every adjustment is there with its CARC in X12's system
          for (const adj of line.adjustments) {
            expect(
              item.adjudication.some(
                (a: any) =>
                  a.reason?.coding?.[0]?.system === "https://x12.org/codes/claim-adjustment-reason-codes" &&
                  a.reason.coding[0].code === adj.reason &&
                  a.amount?.value === Number(adj.amount),
              ),
              `${name} line ${line.lineNumber} ${adj.group}-${adj.reason}`,
            ).toBe(true);
          }
          for (const remark of line.remarks) {
            expect(
              item.extension.some(
                (e: any) =>
                  e.valueCodeableConcept?.coding?.[0]?.system === "https://x12.org/codes/remittance-advice-remark-codes" &&
                  e.valueCodeableConcept.coding[0].code === remark,
              ),
            ).toBe(true);
          }
        });
      }
      expect(response.payment?.amount?.value ?? null).toBe(r.status === "pended" ? null : Number(r.totals.paid));
      expect(response.outcome).toBe(r.status === "pended" ? "partial" : "complete");
      // same input, same bytes
      expect(JSON.stringify(toClaimResponse(fhir.result, mapOne(written.claim)))).toBe(JSON.stringify(response));
      expect(JSON.stringify(toExplanationOfBenefit(fhir.result, mapOne(written.claim)))).toBe(JSON.stringify(eob));
    });
  }
});
