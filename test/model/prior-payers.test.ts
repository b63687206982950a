// claim.priorPayers: the earlier payers' adjudications an 837's 2320/2330B/2430 loops carry,
// validated with paths like every other field and normalised to cents.
import { describe, expect, it } from "vitest";
import { parseClaim } from "../../src/model/schemas.js";

const base = {
  id: "C-1",
  receivedDate: "2026-03-01",
  member: { id: "M-1", birthDate: "1980-01-01", sex: "F" },
  provider: { npi: "1234567893", network: "in" },
  diagnoses: ["J06.9"],
  lines: [{ lineNumber: 1, serviceDate: "2026-02-01", code: "99213", units: 1, charge: 100, placeOfService: "11", diagnosisPointers: [1] }],
};

describe("claim.priorPayers", () => {
  it("is optional, and normalised to cents when given", () => {
    const none = parseClaim(base);
    expect(none.ok && none.claim.priorPayers).toBeUndefined();
    const r = parseClaim({
      ...base,
      priorPayers: [
        {
          payerId: "P1",
          lines: [
            {
              lineNumber: 1,
              allowed: "80",
              paid: 60.5,
              adjustments: [
                { group: "CO", reason: "45", amount: "20" },
                { group: "PR", reason: "2", amount: "19.50" },
              ],
            },
          ],
        },
      ],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.claim.priorPayers).toEqual([
      {
        payerId: "P1",
        lines: [
          {
            lineNumber: 1,
            allowed: 8000,
            paid: 6050,
            adjustments: [
              { group: "CO", reason: "45", amount: 2000 },
              { group: "PR", reason: "2", amount: 1950 },
            ],
          },
        ],
        adjustments: [],
      },
    ]);
  });

  it("names each bad field with its path", () => {
    const r = parseClaim({
      ...base,
      priorPayers: [{ payerId: "", lines: [{ lineNumber: 2, allowed: "80", paid: "x", adjustments: [{ group: "XX", reason: "45", amount: "1" }] }] }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([
      { path: "priorPayers[0].payerId", message: "expected a non-empty string" },
      { path: "priorPayers[0].lines[0].lineNumber", message: "the claim has no line 2" },
      { path: "priorPayers[0].lines[0].adjustments[0].group", message: 'expected "CO", "CR", "OA", "PI" or "PR"' },
      { path: "priorPayers[0].lines[0].paid", message: '"x" is not an amount like 125.50' },
    ]);
  });
});
