// Prior authorization: a Claim with use = preauthorization decided by demo-ppo's physical
// therapy and necessity rules — approved (with a number derived from the request id), denied
// CO-50 with the LCD citation, pended by a review rule or for manual pricing — answered with a
// valid ClaimResponse, and an approval that later claims can use as their authorization.
import { beforeAll, describe, expect, it } from "vitest";
import { loadPack } from "../../../src/node/index.js";
import {
  approvedAuthorizations,
  decidePriorAuthorization,
  parseContext,
  toClaimResponse,
  toFhirClaim,
  type FhirValidator,
  type Ruleset,
} from "../../../src/index.js";
import { preAuthRef } from "../../../src/interop/fhir/ids.js";
import { shippedPack } from "../../support/packs.js";
import { expectValid, mapOne, readJson, validator } from "./support.js";

const DIR = "examples/fhir/prior-auth";
const request = () => readJson(`${DIR}/request.json`);
const contextJson = () => readJson(`${DIR}/context.json`);

function umPack(): Ruleset {
  const out = loadPack("examples/fhir/rules/demo-ppo-um");
  if (!out.ok) throw new Error("demo-ppo-um does not compile");
  return out.ruleset;
}

function decide(ruleset: Ruleset, req: unknown, ctx: unknown = contextJson()) {
  const mapping = mapOne(req);
  expect(mapping.use).toBe("preauthorization");
  const context = parseContext(ctx, { accumulators: ruleset.program.accumulators });
  if (!context.ok) throw new Error(JSON.stringify(context.issues));
  return { mapping, decision: decidePriorAuthorization(ruleset, mapping, context.context) };
}

describe("prior authorization", () => {
  let v: FhirValidator;
  beforeAll(async () => {
    v = await validator();
  });

  it("approves, denies CO-50 with the policy citation, and pends for review", () => {
    const { decision } = decide(umPack(), request());
    expect(decision.items.map((i) => [i.sequence, i.outcome, i.reason])).toEqual([
      [1, "approved", null],
      [2, "denied", "CO-50"],
      [3, "pended", "CO-133"],
    ]);
    const [approved, denied, pended] = decision.items;
    expect(approved).toMatchObject({
      preAuthRef: "PA-PAR-2026-0417-1",
      code: "97110",
      from: "2026-05-01",
      to: "2026-07-31",
      units: 12,
      authorizationRequired: true,
    });
    expect(denied).toMatchObject({ rule: "cms-edits/not_medically_necessary", cites: ["Local coverage determination (LCD) diagnosis lists"] });
    expect(denied!.at).toMatch(/^rules\/cms-edits\/edits\.edict:\d+:1$/);
    expect(denied!.preAuthRef).toBeUndefined();
    expect(pended).toMatchObject({
      rule: "demo-ppo-um/knee_injury_therapy_review",
      cites: ["Demo PPO utilization management guideline UM-PT-4: therapy after a knee ligament injury"],
    });
    expect(decision.preAuthRef).toBe("PA-PAR-2026-0417");
  });

  it("skips what needs a finished claim, and the per-date unit edits (12 units of 97110 pass although its MUE is 4)", () => {
    const { decision } = decide(umPack(), request());
    expect(decision.skipped.map((s) => s.rule)).toEqual([
      "demo-ppo/timely_filing_limit",
      "demo-ppo/duplicate_of_paid",
      "cms-edits/mue_line",
      "cms-edits/mue_day",
    ]);
  });

  it("without the review rule, demo-ppo approves the knee therapy (S83* supports it)", () => {
    const { decision } = decide(shippedPack("demo-ppo"), request());
    expect(decision.items.map((i) => i.outcome)).toEqual(["approved", "denied", "approved"]);
  });

  it("demo-ppo pends what it cannot price (a covered office visit without a fee) and says it needs no authorization", () => {
    const req = request();
    req.item.push({
      ...structuredClone(req.item[0]),
      sequence: 4,
      productOrService: { coding: [{ system: "http://www.ama-assn.org/go/cpt", code: "99205" }] },
      modifier: undefined,
    });
    req.item.push({
      ...structuredClone(req.item[0]),
      sequence: 5,
      productOrService: { coding: [{ system: "http://www.ama-assn.org/go/cpt", code: "99213" }] },
      modifier: undefined,
      quantity: { value: 1 },
    });
    const { decision } = decide(shippedPack("demo-ppo"), req);
    expect(decision.items[3]).toMatchObject({ outcome: "pended", reason: "CO-133", rule: "demo-ppo/plan" });
    expect(decision.items[4]).toMatchObject({ outcome: "approved", authorizationRequired: false });
    expect(decision.items[4]!.note).toContain("requires no authorization");
  });

  it("denies physical therapy once the year's 20 visits are used (CO-119)", () => {
    const ctx = contextJson();
    ctx.accumulators.pt_visits = 20;
    const { decision } = decide(umPack(), request(), ctx);
    expect(decision.items.map((i) => [i.outcome, i.reason])).toEqual([
      ["denied", "CO-119"],
      ["denied", "CO-50"],
      ["pended", "CO-133"],
    ]);
    expect(decision.preAuthRef).toBeNull();
  });

  it("answers with a valid ClaimResponse carrying each item's outcome, number and reason", () => {
    const { mapping, decision } = decide(umPack(), request());
    const response: any = toClaimResponse(decision, mapping);
    expectValid(v, response);
    expect(response).toMatchObject({
      use: "preauthorization",
      outcome: "partial",
      preAuthRef: "PA-PAR-2026-0417",
      preAuthPeriod: { start: "2026-05-01", end: "2026-07-31" },
    });
    const outcome = (item: any) => item.extension.find((e: any) => e.url === "urn:edict:fhir:extension:decision").extension;
    const part = (parts: any[], url: string) => parts.find((p) => p.url === url);
    expect(response.item.map((i: any) => part(outcome(i), "outcome").valueCode)).toEqual(["approved", "denied", "pended"]);
    expect(part(outcome(response.item[0]), "preAuthRef").valueString).toBe("PA-PAR-2026-0417-1");
    expect(part(outcome(response.item[1]), "cite").valueString).toBe("Local coverage determination (LCD) diagnosis lists");
    expect(response.item[1].adjudication).toContainEqual(
      expect.objectContaining({ reason: expect.objectContaining({ coding: [{ system: "https://x12.org/codes/claim-adjustment-reason-codes", code: "50" }] }) }),
    );
    expect(response.processNote[1].text).toContain("Denied: CO-50");
    expect(response.processNote[1].text).toContain("Local coverage determination (LCD) diagnosis lists");
    expect(response.processNote[2].text).toContain("Pended for clinical review");
    // the checked-in example response is what Edict writes today
    expect(JSON.stringify(response, null, 2) + "\n").toBe(JSON.stringify(readJson(`${DIR}/response.json`), null, 2) + "\n");
  });

  it("an approval becomes the context authorization that pays the claim that follows", () => {
    const ruleset = umPack();
    const { decision } = decide(ruleset, request());
    const authorizations = approvedAuthorizations(decision);
    expect(authorizations).toEqual([{ number: "PA-PAR-2026-0417-1", codes: ["97110"], from: "2026-05-01", to: "2026-07-31", units: 12, used: 0 }]);
    const later = {
      id: "C-2026-0520",
      receivedDate: "2026-05-22",
      member: { id: "M-20417", birthDate: "1979-11-02", sex: "F" },
      provider: { npi: "1457389201", network: "in" },
      diagnoses: ["M54.50"],
      priorAuthorization: "PA-PAR-2026-0417-1",
      lines: [
        { lineNumber: 1, serviceDate: "2026-05-20", code: "97110", modifiers: ["GP"], units: 2, charge: "90.00", placeOfService: "11", diagnosisPointers: [1] },
      ],
    };
    const withIt = ruleset.adjudicate(later, { ...contextJson(), authorizations });
    const without = ruleset.adjudicate(later, contextJson());
    if (!withIt.ok || !without.ok) throw new Error("claim does not parse");
    expect(withIt.result.lines[0]!.status).toBe("paid");
    expect(without.result.lines[0]!.reason).toBe("CO-197");
  });

  it("numbers are derived from the request id, deterministically, and always fit an authorization number", () => {
    expect(preAuthRef("R-1", 2)).toBe("PA-R-1-2");
    const odd = "request #1 of a very long batch identifier that goes on and on: 2026";
    expect(preAuthRef(odd, 1)).toBe(preAuthRef(odd, 1));
    expect(preAuthRef(odd, 1)).toMatch(/^PA-[0-9a-f]{16}-1$/);
    const { decision: a } = decide(umPack(), request());
    const { decision: b } = decide(umPack(), request());
    expect(b).toEqual(a);
  });

  it("a JSON claim can be sent as a prior-authorization request too", () => {
    const claim = readJson("examples/claims/09-pt-deductible-then-coinsurance/claim.json");
    const written = toFhirClaim(claim, { use: "preauthorization", periodEnds: { 1: "2026-06-30" } });
    if (!written.ok) throw new Error("does not write");
    expectValid(v, written.claim);
    const { decision } = decide(shippedPack("demo-ppo"), written.claim, readJson("examples/claims/09-pt-deductible-then-coinsurance/context.json"));
    expect(decision.items).toMatchObject([{ outcome: "approved", preAuthRef: "PA-C-2026-000109-1", from: "2026-04-14", to: "2026-06-30" }]);
  });
});
