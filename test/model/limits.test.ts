// Bounded input: lines per claim, id and string lengths, list sizes, units and nesting have
// limits a host can change; money that could pass exact cents is refused by its path; a service
// after the claim's receipt is refused; context problems are named under `context.`.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { parseClaim, parseContext } from "../../src/model/schemas.js";
import { DEFAULT_LIMITS, parseLimits } from "../../src/common/limits.js";
import { shippedPack } from "../support/packs.js";

const EXAMPLE = "examples/claims/01-office-visit-in-network";
const claim = JSON.parse(readFileSync(`${EXAMPLE}/claim.json`, "utf8"));
const context = JSON.parse(readFileSync(`${EXAMPLE}/context.json`, "utf8"));
const withLines = (n: number, line: Record<string, unknown> = {}) => ({
  ...claim,
  lines: Array.from({ length: n }, (_, i) => ({ ...claim.lines[0], lineNumber: i + 1, ...line })),
});
const issues = (r: { ok: boolean; issues?: unknown }) => (r.ok ? [] : (r as { issues: Array<{ path: string; message: string }> }).issues);

describe("size limits", () => {
  it("refuses a claim with more lines than the limit in one issue, and a host can raise it", () => {
    const big = withLines(DEFAULT_LIMITS.claimLines + 1);
    expect(issues(parseClaim(big))).toEqual([{ path: "lines", message: `the claim has 5,001 lines; the limit is 5,000 (raise it with --limit claimLines=…)` }]);
    expect(parseClaim(big, { limits: { claimLines: 6000 } }).ok).toBe(true);
    expect(parseClaim(withLines(DEFAULT_LIMITS.claimLines)).ok).toBe(true);
  });

  it("refuses long ids and strings, long lists, too many units and deep nesting, by path", () => {
    expect(issues(parseClaim({ ...claim, id: "C".repeat(81) }))).toEqual([
      { path: "id", message: "is 81 characters long; the limit is 80 (raise it with --limit idLength=…)" },
    ]);
    expect(issues(parseClaim({ ...claim, member: { ...claim.member, id: "M".repeat(200) } }))[0].path).toBe("member.id");
    expect(issues(parseClaim({ ...claim, diagnoses: Array(10_001).fill("J06.9") }))[0]).toEqual({
      path: "diagnoses",
      message: "holds 10,001 entries; the limit is 10,000 (raise it with --limit listItems=…)",
    });
    expect(issues(parseClaim(withLines(1, { units: 100_000_001 })))[0]).toMatchObject({ path: "lines[0].units" });
    const history = Array.from({ length: 3 }, () => ({
      claimId: "H",
      serviceDate: "2026-01-02",
      code: "99213",
      providerNpi: "1458937020",
      status: "x".repeat(1001),
    }));
    expect(issues(parseContext({ ...context, history }))[0]).toMatchObject({
      path: "history[0].status",
      message: expect.stringContaining("the limit is 1,000"),
    });
    let deep: unknown = "x";
    for (let i = 0; i < 70; i++) deep = [deep];
    expect(issues(parseClaim({ ...claim, extra: deep }))[0].message).toContain("nested more than 64 deep");
  });

  it("reads --limit text: names, K/M/G suffixes, and clear refusals", () => {
    expect(parseLimits("claimLines=10000,inputBytes=2M")).toEqual({ ok: true, limits: { claimLines: 10000, inputBytes: 2 * 1024 * 1024 } });
    expect(parseLimits("claimlines=2k")).toEqual({ ok: true, limits: { claimLines: 2000 } });
    expect(parseLimits("lines=5")).toMatchObject({ ok: false, message: expect.stringContaining('there is no limit "lines"') });
    expect(parseLimits("claimLines=0")).toMatchObject({ ok: false });
  });
});

describe("money and dates that cannot be decided exactly", () => {
  it("refuses charges that add up past exact cents, at the line where they do", () => {
    const big = withLines(1000, { charge: "99999999999.99" });
    const found = issues(parseClaim(big));
    expect(found).toEqual([
      { path: "lines[1].charge", message: "with this line the claim's charges pass 100000000000.00, the largest total Edict keeps exact to the cent" },
    ]);
    // one line at the largest amount is fine
    expect(parseClaim(withLines(1, { charge: "99999999999.99" })).ok).toBe(true);
  });

  it("refuses a service after the claim's receipt date (SEMANTICS §1 of the contract)", () => {
    const late = { ...claim, receivedDate: "2026-02-09" };
    expect(issues(parseClaim(late))).toEqual([
      { path: "lines[0].serviceDate", message: "2026-02-10 is after the claim's receivedDate (2026-02-09): a claim is received after its services" },
    ]);
    expect(parseClaim({ ...claim, receivedDate: "2026-02-10" }).ok).toBe(true);
  });

  it("names a context's problems under context. next to the claim's", () => {
    const out = shippedPack("demo-ppo").adjudicate({ ...claim, id: "" }, { ...context, asOf: 5 });
    expect(out.ok).toBe(false);
    expect(issues(out).map((i) => i.path)).toEqual(["id", "context.asOf"]);
  });
});
