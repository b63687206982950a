// `edict adjudicate` over FHIR, as a user runs it: input detected by resourceType, --format fhir
// (ClaimResponse) and fhir-eob (ExplanationOfBenefit) byte-identical to the checked-in examples,
// prior authorization, --validate, problems at their FHIRPath with exit 2, bad flags exit 3.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { edict } from "./batch-support.js";
import { tempDir } from "../support/temp.js";

const CLAIM = "examples/fhir/claim";
const PA = "examples/fhir/prior-auth";
const read = (path: string) => readFileSync(path, "utf8");

describe("edict adjudicate with FHIR", () => {
  it("--format fhir and fhir-eob write the example's ClaimResponse and EOB, byte for byte, and --validate passes them", () => {
    const response = edict(["adjudicate", "--rules", "rules/demo-ppo", "--format", "fhir", "--validate", `${CLAIM}/claim.json`]);
    expect(response.stderr).toBe("");
    expect(response.code).toBe(0);
    expect(response.stdout).toBe(read(`${CLAIM}/claim-response.json`));
    const eob = edict(["adjudicate", "--rules", "rules/demo-ppo", "--format", "fhir-eob", `${CLAIM}/claim.json`]);
    expect(eob.code).toBe(0);
    expect(eob.stdout).toBe(read(`${CLAIM}/eob.json`));
  });

  it("a FHIR claim is detected by its resourceType; --format json gives the same result as the JSON claim", () => {
    const r = edict(["adjudicate", "--rules", "rules/demo-ppo", `${CLAIM}/claim.json`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(read("examples/claims/42-multi-line-mixed/expected.json"));
  });

  it("a JSON contract claim is answered over FHIR too", () => {
    const r = edict(["adjudicate", "--rules", "rules/demo-ppo", "--format", "fhir", "examples/claims/09-pt-deductible-then-coinsurance/claim.json"]);
    expect(r.code).toBe(0);
    const response = JSON.parse(r.stdout);
    expect(response.resourceType).toBe("ClaimResponse");
    expect(response.payment.amount.value).toBe(Number(JSON.parse(read("examples/claims/09-pt-deductible-then-coinsurance/expected.json")).totals.paid));
  });

  it("decides the prior-authorization example: its checked-in response", () => {
    const r = edict(["adjudicate", "--rules", "examples/fhir/rules/demo-ppo-um", "--format", "fhir", "--validate", `${PA}/request.json`]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(read(`${PA}/response.json`));
    const json = JSON.parse(edict(["adjudicate", "--rules", "examples/fhir/rules/demo-ppo-um", `${PA}/request.json`]).stdout);
    expect(json.items.map((i: { outcome: string }) => i.outcome)).toEqual(["approved", "denied", "pended"]);
    expect(json.authorizations).toEqual([{ number: "PA-PAR-2026-0417-1", codes: ["97110"], from: "2026-05-01", to: "2026-07-31", units: 12, used: 0 }]);
  });

  it("a Bundle of claims answers with a Bundle of ClaimResponses; a bad claim is named at its FHIRPath and exits 2", () => {
    const dir = tempDir("edict-fhir-");
    const claim = JSON.parse(read(`${CLAIM}/claim.json`));
    const bad = structuredClone(claim);
    bad.item[1].quantity.value = 2.5;
    bad.identifier[0].value = "C-BAD";
    const file = join(dir, "batch.json");
    writeFileSync(file, JSON.stringify({ resourceType: "Bundle", type: "batch", entry: [{ resource: claim }, { resource: bad }] }));
    const r = edict(["adjudicate", "--rules", "rules/demo-ppo", "--context", `${CLAIM}/context.json`, "--format", "fhir", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}: Bundle.entry[1].resource.item[1].quantity.value: expected a positive whole number`);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ resourceType: "Bundle", type: "collection" });
    expect(out.entry).toHaveLength(1);
    expect(out.entry[0].resource.id).toBe("cr-C-2026-000142");
  });

  it("unused elements are warnings on stderr, and the answer still comes", () => {
    const dir = tempDir("edict-fhir-");
    const claim = JSON.parse(read(`${CLAIM}/claim.json`));
    claim.accident = { date: "2026-09-20" };
    const file = join(dir, "claim.json");
    writeFileSync(file, JSON.stringify(claim));
    const r = edict(["adjudicate", "--rules", "rules/demo-ppo", "--context", `${CLAIM}/context.json`, "--format", "fhir", file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`${file}: warning: Claim.accident: not used by Edict\n`);
  });

  it("refuses an EOB for a prior-authorization request, and bad flags, with exit 3", () => {
    expect(edict(["adjudicate", "--rules", "examples/fhir/rules/demo-ppo-um", "--format", "fhir-eob", `${PA}/request.json`]).code).toBe(3);
    expect(edict(["adjudicate", "--rules", "rules/demo-ppo", "--format", "fhir", "--network", "maybe", `${CLAIM}/claim.json`]).code).toBe(3);
    const r = edict(["adjudicate", "--rules", "rules/demo-ppo", "--format", "fhir", "--received", "2026-13-01", `${CLAIM}/claim.json`]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("--received is a date");
  });

  it("FHIR options are for FHIR input, and a batch run has no FHIR format (exit 3)", () => {
    const r = edict(["adjudicate", "--rules", "rules/demo-ppo", "--received", "2026-10-01", "examples/claims/09-pt-deductible-then-coinsurance"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("--received: for FHIR input");
    const dir = tempDir("edict-fhir-");
    const batch = join(dir, "claims.ndjson");
    writeFileSync(batch, `${read("examples/claims/09-pt-deductible-then-coinsurance/claim.json").replace(/\s+/g, " ")}\n`);
    const b = edict([
      "adjudicate",
      "--rules",
      "rules/demo-ppo",
      "--context",
      "examples/claims/09-pt-deductible-then-coinsurance/context.json",
      "--format",
      "fhir",
      batch,
    ]);
    expect(b.code).toBe(3);
    expect(b.stderr).toContain("--format fhir is for FHIR claims");
  });

  it("--received sets the received date, and so the answer's date", () => {
    const r = edict(["adjudicate", "--rules", "rules/demo-ppo", "--format", "fhir-eob", "--received", "2026-10-01", `${CLAIM}/claim.json`]);
    expect(r.code).toBe(0);
    const eob = JSON.parse(r.stdout);
    expect(eob.created).toBe("2026-10-01");
    expect(eob.supportingInfo[0].timingDate).toBe("2026-10-01");
  });
});
