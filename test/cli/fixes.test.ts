// `edict explain --fixes` and `edict adjudicate --fixes`: the verified fix hints of each denied or
// pended line, in words after the explanation and as a `fixes` array after the JSON result.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { edict } from "./installed.js";

const PTP = "examples/claims/25-ptp-indicator-1-no-modifier";

describe("edict explain --fixes", () => {
  it("prints each denied line's hints after the explanation", () => {
    const r = edict(["explain", "--fixes", "--rules", "rules/demo-ppo", `${PTP}/claim.json`]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const plain = edict(["explain", "--rules", "rules/demo-ppo", `${PTP}/claim.json`]).stdout;
    expect(r.stdout.startsWith(plain)).toBe(true);
    expect(r.stdout.slice(plain.length)).toBe(
      [
        "",
        "  Fix hints (each verified by adjudicating the corrected claim):",
        "    Line 2 (denied CO-236 by cms-edits/ncci_ptp):",
        ...["59", "XE", "XS", "XP", "XU"].map((m) => `      - with modifier ${m} on line 2, line 2 pays 23.14 — verified by re-adjudication`),
        "",
      ].join("\n"),
    );
  });

  it("says so when no correction pays a line, and prints nothing more for a paid claim", () => {
    const none = edict(["explain", "--fixes", "--rules", "rules/demo-ppo", "examples/claims/24-ptp-indicator-0/claim.json"]);
    expect(none.stdout).toContain("    Line 2 (denied CO-236):\n      no correction found that would pay it\n");
    const paid = edict(["explain", "--fixes", "--rules", "rules/demo-ppo", "examples/claims/01-office-visit-in-network/claim.json"]);
    expect(paid.stdout).not.toContain("Fix hints");
  });
});

describe("edict adjudicate --fixes", () => {
  it("adds the hints after the result; without --fixes the result is as before", () => {
    const r = edict(["adjudicate", "--fixes", "--rules", "rules/demo-ppo", "examples/claims/33-necessity-not-supported/claim.json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const { fixes, ...result } = out;
    expect(Object.keys(out).at(-1)).toBe("fixes");
    expect(result).toEqual(JSON.parse(readFileSync("examples/claims/33-necessity-not-supported/expected.json", "utf8")));
    expect(fixes[0]).toMatchObject({
      lineNumber: 1,
      was: { status: "denied", reason: "CO-50" },
      change: { kind: "diagnosis", lineNumber: 1, diagnosis: "M25.561", pointer: 2, addedToClaim: false },
      verified: { status: "paid", paid: "34.35" },
    });
  });

  it("is for claim files only", () => {
    const r = edict(["adjudicate", "--fixes", "--rules", "rules/demo-ppo", "claims.ndjson"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/--fixes: for claim files, not for a batch run/);
  });
});
