// Reading FHIR claims: what maps where, every problem at its FHIRPath (the reader's, the
// contract's and the R4 validator's), unused elements reported, Bundles of claims for batches,
// Patients, Coverages and providers contained or bundled, and the official R4 examples.
import { readdirSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { fromFhirClaim, parseClaim, toFhirClaim, type FhirIssue, type FhirValidator } from "../../../src/index.js";
import { shippedPack } from "../../support/packs.js";
import { mapOne, readJson, validator } from "./support.js";

const base = readJson("examples/claims/42-multi-line-mixed/claim.json");
const context = readJson("examples/claims/42-multi-line-mixed/context.json");
const fhirClaim = (): any => {
  const w = toFhirClaim(base, { coverage: context.coverage[0] });
  if (!w.ok) throw new Error("example does not write");
  return structuredClone(w.claim);
};
const errors = (input: unknown, options = {}): FhirIssue[] => {
  const read = fromFhirClaim(input, options);
  expect(read.ok).toBe(false);
  return [...read.issues, ...read.claims.flatMap((c) => (c.ok ? [] : c.issues))].filter((i) => i.severity === "error");
};
const at = (issues: FhirIssue[]) => issues.map((i) => i.path);

describe("what a Claim maps to", () => {
  it("maps member, provider, diagnoses, items, received date and the coverage", () => {
    const m = mapOne(fhirClaim());
    expect(m.use).toBe("claim");
    expect(m.type).toBe("professional");
    const direct = parseClaim(base);
    if (!direct.ok) throw new Error("example does not parse");
    expect(m.parsed).toEqual(direct.claim);
    expect(m.coverage).toEqual(context.coverage);
  });

  it("takes the received date from --received over the claim's own", () => {
    expect(mapOne(fhirClaim(), { received: "2026-12-01" }).claim.receivedDate).toBe("2026-12-01");
  });

  it("puts the principal diagnosis first and translates diagnosisSequence to pointers", () => {
    const c = fhirClaim();
    c.diagnosis = [
      { sequence: 7, diagnosisCodeableConcept: { coding: [{ system: "http://hl7.org/fhir/sid/icd-10-cm", code: "I10" }] } },
      {
        sequence: 3,
        diagnosisCodeableConcept: { coding: [{ system: "http://hl7.org/fhir/sid/icd-10-cm", code: "M54.50" }] },
        type: [{ coding: [{ code: "principal" }] }],
      },
    ];
    for (const item of c.item) item.diagnosisSequence = [7, 3];
    const m = mapOne(c);
    expect(m.claim.diagnoses).toEqual(["M54.50", "I10"]);
    expect(m.claim.lines.every((l) => JSON.stringify(l.diagnosisPointers) === "[2,1]")).toBe(true);
  });

  it("computes the charge from unitPrice × quantity when net is absent", () => {
    const c = fhirClaim();
    delete c.item[1].net;
    c.item[1].unitPrice = { value: 40.25, currency: "USD" };
    c.item[1].quantity = { value: 2 };
    expect(mapOne(c).claim.lines[1]!.charge).toBe("80.50");
  });

  it("reads a servicedPeriod's first day and warns that the line is decided on it", () => {
    const c = fhirClaim();
    c.item[0].servicedPeriod = { start: "2026-09-22", end: "2026-09-25" };
    delete c.item[0].servicedDate;
    const m = mapOne(c);
    expect(m.claim.lines[0]!.serviceDate).toBe("2026-09-22");
    expect(m.warnings).toContainEqual({ severity: "warning", path: "Claim.item[0].servicedPeriod", message: expect.stringContaining("decided on one date") });
  });

  it("takes the network from the host when the claim has no extension", () => {
    const c = fhirClaim();
    delete c.provider.extension;
    expect(errors(c).map((i) => i.path)).toEqual(["Claim.provider"]);
    expect(mapOne(c, { network: "out" }).claim.provider.network).toBe("out");
    expect(mapOne(c, { network: (npi: string) => (npi === base.provider.npi ? "in" : undefined) }).claim.provider.network).toBe("in");
  });

  it("resolves a provider Practitioner and a Patient from the bundle", () => {
    const c = fhirClaim();
    const patient = c.contained.find((r: any) => r.resourceType === "Patient");
    c.contained = c.contained.filter((r: any) => r.resourceType !== "Patient");
    c.patient = { reference: "Patient/p1" };
    c.provider = { reference: "urn:uuid:5d8e1a2b-0000-4000-8000-000000000001", extension: c.provider.extension };
    const bundle = {
      resourceType: "Bundle",
      type: "batch",
      entry: [
        { fullUrl: "http://payer.example/fhir/Claim/c1", resource: c },
        { fullUrl: "http://payer.example/fhir/Patient/p1", resource: { ...patient, id: "p1" } },
        {
          fullUrl: "urn:uuid:5d8e1a2b-0000-4000-8000-000000000001",
          resource: { resourceType: "Practitioner", identifier: [{ system: "http://hl7.org/fhir/sid/us-npi", value: base.provider.npi }] },
        },
      ],
    };
    const m = mapOne(bundle);
    expect(m.at).toBe("Bundle.entry[0].resource");
    expect(m.claim.member).toEqual(base.member);
    expect(m.claim.provider.npi).toBe(base.provider.npi);
    expect(m.source.patient).toEqual({ reference: "Patient/p1" });
  });
});

describe("a Bundle of claims is a batch", () => {
  it("maps each claim on its own; a bad one does not stop the others", () => {
    const good = fhirClaim();
    const bad = fhirClaim();
    bad.item[2].quantity.value = 0;
    const read = fromFhirClaim({
      resourceType: "Bundle",
      type: "batch",
      entry: [{ resource: good }, { resource: bad }, { resource: { resourceType: "Organization", name: "unused" } }],
    });
    expect(read.ok).toBe(false);
    expect(read.claims.map((c) => c.ok)).toEqual([true, false]);
    const failed = read.claims[1]!;
    if (failed.ok) throw new Error("unreachable");
    expect(failed.claimId).toBe(base.id);
    expect(failed.issues.filter((i) => i.severity === "error")).toEqual([
      { severity: "error", path: "Bundle.entry[1].resource.item[2].quantity.value", message: "expected a positive whole number" },
    ]);
    expect(read.issues).toEqual([{ severity: "warning", path: "Bundle.entry[2].resource", message: "a Organization no claim references: not used" }]);
  });

  it("says so when a bundle holds no claim", () => {
    expect(errors({ resourceType: "Bundle", type: "batch", entry: [] })).toEqual([
      { severity: "error", path: "Bundle.entry", message: "no Claim in the bundle" },
    ]);
  });
});

describe("every problem at its FHIRPath", () => {
  it("contract errors come back where their values came from", () => {
    const c = fhirClaim();
    c.item[2].quantity.value = 2.5;
    c.item[0].net.value = -3;
    c.item[1].productOrService.coding[0].code = "9921";
    c.item[1].modifier = [{ coding: [{ code: "XYZ" }] }];
    c.diagnosis[1].diagnosisCodeableConcept.coding[0].code = "not-a-code";
    c.contained[0].birthDate = "1980-02-30";
    c.item[3].sequence = 1;
    expect(errors(c)).toEqual([
      { severity: "error", path: "Claim.contained[0].birthDate", message: '"1980-02-30" is not a calendar date' },
      { severity: "error", path: "Claim.diagnosis[1].diagnosisCodeableConcept", message: '"not-a-code" is not an ICD-10-CM diagnosis code (like Z12.11)' },
      { severity: "error", path: "Claim.item[0].net.value", message: "expected an amount of zero or more, got -3" },
      {
        severity: "error",
        path: "Claim.item[1].productOrService.coding[0].code",
        message: '"9921" is not a CPT or HCPCS procedure code (like 99213 or G0121)',
      },
      { severity: "error", path: "Claim.item[1].modifier[0]", message: '"XYZ" is not a modifier (two letters or digits, like 25 or LT)' },
      { severity: "error", path: "Claim.item[2].quantity.value", message: "expected a positive whole number" },
      { severity: "error", path: "Claim.item[3].sequence", message: "line number 1 is used twice (also at lines[0])" },
    ]);
  });

  it("the reader's own errors name the element and what it needs", () => {
    const c = fhirClaim();
    c.status = "draft";
    c.item[0].productOrService = { coding: [{ system: "http://example.org/local", code: "OV" }] };
    delete c.item[1].locationCodeableConcept;
    c.item[2].diagnosisSequence = [9];
    c.item[3].net.currency = "EUR";
    delete c.item[0].servicedDate;
    const found = errors(c);
    expect(at(found)).toEqual([
      "Claim.status",
      "Claim.item[0].productOrService",
      "Claim.item[0].serviced[x]",
      "Claim.item[1].locationCodeableConcept",
      "Claim.item[2].diagnosisSequence[0]",
      "Claim.item[3].net.currency",
    ]);
    expect(found[1]!.message).toContain("http://example.org/local#OV");
    expect(found[4]!.message).toBe("no diagnosis has sequence 9");
  });

  it("elements Edict does not use are reported, each at its highest unused level", () => {
    const c = fhirClaim();
    c.accident = { date: "2026-09-20" };
    c.item[1].udi = [{ reference: "Device/1" }];
    c.item[1].revenue = { coding: [{ code: "0420" }] };
    c.insurance.push({ sequence: 2, focal: false, coverage: { display: "spouse's plan" } });
    const m = mapOne(c);
    expect(m.warnings.map((w) => w.path).sort()).toEqual(["Claim.accident", "Claim.insurance[1]", "Claim.item[1].revenue", "Claim.item[1].udi"]);
    expect(m.warnings.every((w) => w.message === "not used by Edict")).toBe(true);
  });

  it("not a claim at all", () => {
    expect(errors({ resourceType: "Patient" })).toEqual([{ severity: "error", path: "resourceType", message: 'expected Claim or Bundle, not "Patient"' }]);
    expect(errors([1, 2])).toHaveLength(1);
  });

  it("predetermination and other uses are refused at Claim.use", () => {
    const c = fhirClaim();
    c.use = "predetermination";
    expect(at(errors(c))).toEqual(["Claim.use"]);
  });
});

describe("with the R4 validator", () => {
  let v: FhirValidator;
  beforeAll(async () => {
    v = await validator();
  });

  it("structural errors come back at their FHIRPath with the mapping's", () => {
    const c = fhirClaim();
    c.item[0].quantity.value = "2";
    c.item[1].colour = "blue";
    const found = errors(c, { validator: v });
    expect(found).toContainEqual({ severity: "error", path: "Claim.item[0].quantity.value", message: "Invalid JSON type: expected number, but got string" });
    expect(found).toContainEqual({ severity: "error", path: "Claim.item[1].colour", message: 'Invalid additional property "colour"' });
  });

  it("a valid claim stays valid", () => {
    expect(mapOne(fhirClaim(), { validator: v }).warnings).toEqual([]);
  });
});

describe("the official R4 Claim examples", () => {
  const dir = "test/interop/fhir/fixtures/r4-examples";
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();
  let v: FhirValidator;
  beforeAll(async () => {
    v = await validator();
  });

  it("there are four", () => expect(files).toHaveLength(4));

  for (const file of files) {
    it(`${file}: valid R4, and mapped or refused at FHIRPaths`, () => {
      const example = readJson(`${dir}/${file}`);
      expect(v.validate(example)).toEqual([]);
      const read = fromFhirClaim(example);
      for (const c of read.claims) {
        const issues = c.ok ? c.warnings : c.issues;
        for (const i of issues) expect(i.path, i.message).toMatch(/^Claim(\.|$)/);
      }
    });
  }

  it("the professional example is refused for what Edict cannot know, each at its element", () => {
    const found = errors(readJson(`${dir}/claim-example-professional.json`));
    expect(at(found)).toEqual([
      "Claim.patient",
      "Claim.provider",
      "Claim.diagnosis[0].diagnosisCodeableConcept",
      "Claim.item[0].productOrService",
      "Claim.item[0].locationCodeableConcept",
    ]);
  });

  it("the oral example is refused at Claim.type", () => {
    expect(at(errors(readJson(`${dir}/claim-example-oral.json`)))).toContain("Claim.type");
  });

  it("the CMS-1500 example maps once its provider's NPI is in the bundle, and is adjudicated", () => {
    const example = readJson(`${dir}/claim-example-cms1500-medical.json`);
    expect(at(errors(example))).toEqual(["Claim.provider"]);
    const bundle = {
      resourceType: "Bundle",
      type: "collection",
      entry: [
        { fullUrl: "http://cedararms.example/fhir/Claim/MED-00050", resource: example },
        {
          fullUrl: "http://cedararms.example/fhir/Organization/1",
          resource: { resourceType: "Organization", id: "1", identifier: [{ system: "http://hl7.org/fhir/sid/us-npi", value: "1234567893" }] },
        },
      ],
    };
    const m = mapOne(bundle, { network: "in" });
    expect(m.type).toBe("institutional");
    expect(m.claim).toMatchObject({
      id: "MED-00050",
      receivedDate: "2015-10-16",
      member: { id: "patient-1", birthDate: "1954-06-11", sex: "F" },
      diagnoses: ["M96.1", "G89.4", "M53.88", "M47.816"],
      lines: [{ lineNumber: 1, serviceDate: "2015-10-13", code: "62264", units: 1, charge: 12500, placeOfService: "24", diagnosisPointers: [2, 4] }],
    });
    expect(m.coverage).toEqual([{ planId: "10138556", from: "2015-01-01", to: "2016-01-01" }]);
    expect(m.warnings.map((w) => w.path)).toEqual(
      expect.arrayContaining([
        "Bundle.entry[0].resource.diagnosis[0].diagnosisCodeableConcept.coding[0].system",
        "Bundle.entry[0].resource.payee",
        "Bundle.entry[0].resource.careTeam",
        "Bundle.entry[0].resource.item[0].quantity",
      ]),
    );
    const out = shippedPack("demo-ppo").adjudicate(m.claim, { asOf: "2015-10-16", coverage: m.coverage });
    if (!out.ok) throw new Error(JSON.stringify(out.issues));
    // a 2015 service under a 2026 plan: no benefit covers 62264
    expect(out.result.lines[0]!.status).toBe("denied");
  });
});
