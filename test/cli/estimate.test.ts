// `edict estimate`: the example planned services, the skipped edits, malformed input.
import { describe, it, expect } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { edict } from "./batch-support.js";
import { tempDir } from "../support/temp.js";

const EXAMPLE = "examples/estimate";

describe("edict estimate", () => {
  it("estimates the example: plan pays and patient owes per service and in total, skipped edits listed", () => {
    const r = edict(["estimate", "--rules", "rules/demo-ppo", "--context", `${EXAMPLE}/context.json`, `${EXAMPLE}/planned-services.json`]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout);
    // 99214 in network: $25.00 copay of the $133.05 allowed; the therapy goes to the $120.00 of
    // deductible left, then 20% coinsurance
    expect(e.services.map((s: Record<string, unknown>) => [s.code, s.status, s.allowed, s.planPays, s.patientOwes])).toEqual([
      ["99214", "paid", "133.05", "108.05", "25.00"],
      ["97110", "paid", "62.94", "0.00", "62.94"],
      ["97140", "paid", "28.93", "0.00", "28.93"],
      ["97110", "paid", "62.94", "27.85", "35.09"],
    ]);
    expect(e.totals).toEqual({ charge: "334.81", allowed: "287.86", planPays: "135.90", patientOwes: "151.96" });
    expect(e.accumulators).toEqual({ deductible: "120.00", out_of_pocket: "151.96", pt_visits: 2 });
    expect(e.skipped.map((s: { rule: string }) => s.rule)).toEqual(["demo-ppo/timely_filing_limit", "demo-ppo/duplicate_of_paid"]);
    expect(e.services[1].chargeFrom).toBe("fee schedule");
    const text = edict([
      "estimate",
      "--rules",
      "rules/demo-ppo",
      "--context",
      `${EXAMPLE}/context.json`,
      "--format",
      "text",
      `${EXAMPLE}/planned-services.json`,
    ]);
    expect(text.stdout).toContain("The plan would pay $135.90; the patient would owe $151.96.");
    expect(text.stdout).toMatch(/Skipped \(they need a finished claim\):\n {2}demo-ppo\/timely_filing_limit/);
  });

  it("a service the member already had paid is estimated, not denied as a duplicate", () => {
    const dir = tempDir("edict-estimate-");
    const planned = JSON.parse(readFileSync(`${EXAMPLE}/planned-services.json`, "utf8"));
    planned.services = [{ serviceDate: "2026-04-14", code: "99214", charge: "180.00" }]; // the history entry's date, code and provider
    writeFileSync(join(dir, "p.json"), JSON.stringify(planned));
    const e = JSON.parse(edict(["estimate", "--rules", "rules/demo-ppo", "--context", `${EXAMPLE}/context.json`, join(dir, "p.json")]).stdout);
    expect(e.services[0]).toMatchObject({ status: "paid", patientOwes: "25.00" });
  });

  it("names every problem of malformed planned services with its path, exit 2", () => {
    const dir = tempDir("edict-estimate-");
    const planned = JSON.parse(readFileSync(`${EXAMPLE}/planned-services.json`, "utf8"));
    planned.services[1].code = "9711";
    planned.services[2].units = -1;
    planned.provider.network = "inside";
    writeFileSync(join(dir, "p.json"), JSON.stringify(planned));
    const r = edict(["estimate", "--rules", "rules/demo-ppo", "--context", `${EXAMPLE}/context.json`, join(dir, "p.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/services\[1\]\.code: "9711" is not a CPT or HCPCS procedure code/);
    expect(r.stderr).toMatch(/services\[2\]\.units: expected a positive whole number/);
    expect(r.stderr).toMatch(/provider\.network: expected "in" or "out"/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it("needs a context", () => {
    const r = edict(["estimate", "--rules", "rules/demo-ppo", `${EXAMPLE}/planned-services.json`]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/--context <file>/);
  });
});
