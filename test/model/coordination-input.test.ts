// The contract's coordination inputs (docs/CONTRACT.md): a claim's `priorPayers` and a context's
// `otherCoverage` and coverage facts, validated with a path and a plain message for each problem
// and normalised (cents, day numbers, lines sorted).
import { describe, expect, it } from "vitest";
import { parseClaim, parseContext } from "../../src/model/schemas.js";
import { parseDate } from "../../src/model/dates.js";

const day = (text: string): number => {
  const r = parseDate(text);
  if (!r.ok) throw new Error(r.message);
  return r.day;
};

const line = (lineNumber: number, charge: string) => ({
  lineNumber,
  serviceDate: "2026-03-10",
  code: "99213",
  units: 1,
  charge,
  placeOfService: "11",
  diagnosisPointers: [1],
});
const claim = (priorPayers?: unknown) => ({
  id: "C-1",
  receivedDate: "2026-03-20",
  member: { id: "M-1", birthDate: "1980-01-01", sex: "F" },
  provider: { npi: "1234567893", network: "in" },
  diagnoses: ["J06.9"],
  lines: [line(1, "120.00"), line(2, "50.00")],
  ...(priorPayers === undefined ? {} : { priorPayers }),
});
const issues = (json: unknown) => {
  const r = parseClaim(json);
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
};

describe("claim.priorPayers", () => {
  it("is empty when absent or empty", () => {
    for (const input of [undefined, []]) {
      const r = parseClaim(claim(input));
      expect(r.ok && r.claim.priorPayers).toEqual([]);
    }
  });

  it("normalises amounts to cents and each payer's lines to line-number order; adjustments default to none", () => {
    const r = parseClaim(
      claim([
        {
          payerId: "SPOUSE-PLAN",
          lines: [
            { lineNumber: 2, allowed: 40, paid: "32.00" },
            {
              lineNumber: 1,
              allowed: "100.00",
              paid: 80.5,
              adjustments: [
                { group: "CO", reason: "45", amount: "20.00" },
                { group: "PR", reason: "2", amount: 19.5 },
              ],
            },
          ],
        },
      ]),
    );
    expect(r.ok && r.claim.priorPayers).toEqual([
      {
        payerId: "SPOUSE-PLAN",
        lines: [
          {
            lineNumber: 1,
            allowed: 10000,
            paid: 8050,
            adjustments: [
              { group: "CO", reason: "45", amount: 2000 },
              { group: "PR", reason: "2", amount: 1950 },
            ],
          },
          { lineNumber: 2, allowed: 4000, paid: 3200, adjustments: [] },
        ],
        adjustments: [],
      },
    ]);
  });

  it("names every malformed field by its path", () => {
    expect(
      issues(
        claim([
          { payerId: "", lines: [{ lineNumber: 0, allowed: "1.005", paid: -3, adjustments: [{ group: "XX", reason: "4.5", amount: "1" }] }], extra: 1 },
          { lines: "none" },
        ]),
      ),
    ).toEqual([
      "priorPayers[0].payerId: expected a non-empty string",
      "priorPayers[0].lines[0].lineNumber: expected a positive whole number",
      'priorPayers[0].lines[0].allowed: "1.005" has more than two decimals',
      "priorPayers[0].lines[0].paid: expected an amount of zero or more, got -3",
      'priorPayers[0].lines[0].adjustments[0].group: expected "CO", "PR", "OA", "PI" or "CR"',
      'priorPayers[0].lines[0].adjustments[0].reason: expected a claim adjustment reason code (CARC), like "45" or "B7"',
      'priorPayers[0].extra: unknown field "extra"',
      "priorPayers[1].payerId: required",
      "priorPayers[1].lines: expected a list",
    ]);
  });

  it("a prior payer's line must be a line of the claim, listed once, and together they cannot pay more than its charge", () => {
    expect(issues(claim([{ payerId: "A", lines: [{ lineNumber: 7, allowed: 1, paid: 1 }] }]))).toEqual([
      "priorPayers[0].lines[0].lineNumber: the claim has no line 7",
    ]);
    expect(
      issues(
        claim([
          {
            payerId: "A",
            lines: [
              { lineNumber: 1, allowed: 1, paid: 1 },
              { lineNumber: 1, allowed: 1, paid: 1 },
            ],
          },
        ]),
      ),
    ).toEqual(["priorPayers[0].lines[1].lineNumber: line 1 is listed twice for this payer (also at priorPayers[0].lines[0])"]);
    expect(
      issues(
        claim([
          { payerId: "A", lines: [{ lineNumber: 2, allowed: "50.00", paid: "30.00" }] },
          { payerId: "B", lines: [{ lineNumber: 2, allowed: "50.00", paid: "20.01" }] },
        ]),
      ),
    ).toEqual(["priorPayers[1].lines[0].paid: the prior payers paid 50.01 for line 2, more than its charge 50.00"]);
  });
});

describe("coverage facts and context.otherCoverage", () => {
  const context = (coverage: unknown[], otherCoverage?: unknown[]) => ({ asOf: "2026-03-20", coverage, ...(otherCoverage ? { otherCoverage } : {}) });

  it("normalises the order-of-benefit facts, with defaults for what is not said, and sorts other coverage by period", () => {
    const r = parseContext(
      context(
        [{ planId: "THIS", from: "2024-01-01", relationship: "child", employment: "active", subscriberBirthDate: "1980-03-05", employerSize: 40 }],
        [
          { planId: "MEDICARE", from: "2025-02-01", to: null, relationship: "self", medicare: true },
          { planId: "COBRA", from: "2023-01-01", to: "2026-06-30", relationship: "self", employment: "laid_off", cobra: true, parentsSeparated: true },
        ],
      ),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.context.coverage).toEqual([
      {
        planId: "THIS",
        from: day("2024-01-01"),
        to: null,
        relationship: "child",
        employment: "active",
        cobra: false,
        medicare: false,
        subscriberBirthDate: day("1980-03-05"),
        employerSize: 40,
        parentsSeparated: false,
      },
    ]);
    expect(r.context.otherCoverage.map((c) => [c.planId, c.cobra, c.medicare, c.parentsSeparated])).toEqual([
      ["COBRA", true, false, true],
      ["MEDICARE", false, true, false],
    ]);
  });

  it("names every malformed fact by its path", () => {
    const r = parseContext(
      context(
        [{ planId: "THIS", from: "2024-01-01", relationship: "parent", cobra: "yes", employerSize: -1 }],
        [{ planId: "O", from: "2025-01-01", to: "2024-12-31", employment: "on leave", subscriberBirthDate: "1980-02-30" }],
      ),
    );
    expect(r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'coverage[0].relationship: expected "self", "spouse", "child" or "other"',
      "coverage[0].cobra: expected true or false",
      "coverage[0].employerSize: expected a non-negative whole number",
      "otherCoverage[0].to: coverage ends (2024-12-31) before it starts (2025-01-01)",
      'otherCoverage[0].employment: expected "active", "retired" or "laid_off"',
      'otherCoverage[0].subscriberBirthDate: "1980-02-30" is not a calendar date',
    ]);
  });
});
