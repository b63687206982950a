// The CARIN professional profile's required elements, as data: CARIN's own example meets them,
// and taking out any one required element or slice is caught at the right place.
import { describe, expect, it } from "vitest";
import { checkRequirements } from "../../../src/interop/fhir/carin.js";
import { readJson } from "./support.js";

const example = () => readJson("test/interop/fhir/fixtures/carin/ExplanationOfBenefit_ProfessionalEOBExample1.json");
const ids = (eob: unknown) => checkRequirements(eob).map((i) => `${i.path} ${i.requirement}`);

describe("CARIN Blue Button professional EOB requirements", () => {
  it("CARIN's own professional example meets them", () => {
    expect(checkRequirements(example())).toEqual([]);
  });

  const cases: Array<[string, (eob: any) => void, string]> = [
    ["meta.lastUpdated", (e) => delete e.meta.lastUpdated, "ExplanationOfBenefit meta.lastUpdated"],
    ["the unique claim id", (e) => (e.identifier[0].type.coding[0].code = "xx"), "ExplanationOfBenefit identifier:uniqueclaimid (type uc)"],
    ["use = claim", (e) => (e.use = "preauthorization"), "ExplanationOfBenefit.use use = claim"],
    ["the professional type", (e) => (e.type.coding[0].code = "institutional"), "ExplanationOfBenefit.type type"],
    ["billablePeriod", (e) => delete e.billablePeriod, "ExplanationOfBenefit billablePeriod"],
    ["insurer", (e) => delete e.insurer, "ExplanationOfBenefit insurer"],
    ["insurance.focal", (e) => delete e.insurance[0].focal, "ExplanationOfBenefit.insurance[0] insurance.focal"],
    [
      "one focal insurance",
      (e) => e.insurance.push({ focal: true, coverage: { reference: "Coverage/2" } }),
      "ExplanationOfBenefit EOB-insurance-focal: at most one focal",
    ],
    ["diagnosis type", (e) => delete e.diagnosis[1].type, "ExplanationOfBenefit.diagnosis[1] diagnosis.type"],
    ["the place of service", (e) => delete e.item[2].locationCodeableConcept, "ExplanationOfBenefit.item[2] item.location[x] (CodeableConcept)"],
    ["serviced[x]", (e) => delete e.item[0].servicedDate, "ExplanationOfBenefit.item[0] item.serviced[x]"],
    ["the benefit payment status slice", (e) => e.item[3].adjudication.pop(), "ExplanationOfBenefit.item[3] item.adjudication:benefitpaymentstatus"],
    [
      "an amount in an amount slice",
      (e) => delete e.item[1].adjudication[0].amount,
      "ExplanationOfBenefit.item[1].adjudication[0] item.adjudication:adjudicationamounttype.amount",
    ],
    [
      "the closed category binding",
      (e) => (e.item[0].adjudication[1].category.coding[0].code = "tax"),
      "ExplanationOfBenefit.item[0].adjudication[1].category item.adjudication.category",
    ],
    [
      "a CPT or HCPCS procedure",
      (e) => (e.item[0].productOrService.coding[0].system = "http://example.org"),
      "ExplanationOfBenefit.item[0].productOrService item.productOrService",
    ],
    ["totals", (e) => delete e.total, "ExplanationOfBenefit total"],
    ["the payment status code", (e) => (e.payment = { type: { coding: [{ code: "complete" }] } }), "ExplanationOfBenefit.payment.type payment.type"],
    [
      "the denial reason's reason",
      (e) =>
        e.item[0].adjudication.push({
          category: { coding: [{ system: "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudicationDiscriminator", code: "denialreason" }] },
        }),
      "ExplanationOfBenefit.item[0].adjudication[7] item.adjudication:denialreason.reason",
    ],
  ];
  for (const [what, breakIt, expected] of cases) {
    it(`without ${what}, it says so`, () => {
      const eob = example();
      breakIt(eob);
      expect(ids(eob)).toContain(expected);
    });
  }
});
