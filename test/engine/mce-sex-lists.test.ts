// rules/cms-mce on the full MCE v37 sex lists: every code on the female-only (5A) and male-only
// (5C) diagnosis lists denies CO-10 for a member of the other sex and passes for its own (and for
// an unknown sex), at any age its age lists allow, wherever it sits among the line's diagnoses;
// the compiled evaluator and the reference interpreter agree.
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { loadPack } from "../../src/node/index.js";
import { formatDiagnostic } from "../../src/common/diagnostic.js";
import { addDays, addYears, dayFromCivil, formatDate, yearsBetween } from "../../src/model/dates.js";
import type { Ruleset, Result } from "../../src/index.js";

const loaded = loadPack("rules/cms-mce");
if (!loaded.ok) throw new Error(loaded.diagnostics.map(formatDiagnostic).join("\n"));
const ruleset: Ruleset = loaded.ruleset;

const table = (name: string) => {
  const t = ruleset.program.tables.find((x) => x.name === name);
  if (!t) throw new Error(`rules/cms-mce has no table ${name}`);
  return t;
};
const codes = (name: string) => table(name).rows.map((r) => r.code as string);

/** the ages every age list holding a code allows (the member's age must fit them all) */
const AGE_RANGES = new Map<string, { min: number; max: number }>();
for (const name of ["mce_newborn", "mce_pediatric", "mce_maternity", "mce_adult"]) {
  for (const row of table(name).rows) {
    const code = row.code as string;
    const range = AGE_RANGES.get(code) ?? { min: 0, max: 124 };
    AGE_RANGES.set(code, { min: Math.max(range.min, row.min_age as number), max: Math.min(range.max, row.max_age as number) });
  }
}
const ages = (code: string) => AGE_RANGES.get(code) ?? { min: 0, max: 124 };

const FEMALE = codes("mce_female");
const MALE = codes("mce_male");
const ALL_LISTED = new Set(ruleset.program.tables.flatMap((t) => t.rows.map((r) => r.code as string)));
/** diagnoses on no MCE list, to stand beside the listed code (J02.9 is the principal) */
const NEUTRAL = ["J029", "N184", "N390", "R509", "K5900"];

const OTHER = { F: "M", M: "F" } as const;

interface Case {
  code: string;
  sex: "F" | "M" | "U";
  age: number;
  /** days after the last birthday */
  extraDays: number;
  service: number;
  /** where the listed code goes among the line's pointers */
  others: string[];
  position: number;
}

function claimOf(c: Case): { claim: unknown; context: unknown } {
  const birth = addDays(addYears(c.service, -c.age), -c.extraDays);
  expect(yearsBetween(birth, c.service)).toBe(c.age);
  const diagnoses = ["J029", ...c.others];
  const pointers = c.others.map((_, i) => i + 2);
  diagnoses.push(c.code);
  pointers.splice(c.position, 0, diagnoses.length);
  const date = formatDate(c.service);
  return {
    claim: {
      id: "C-MCE-PROP",
      receivedDate: date,
      member: { id: "M-1", birthDate: formatDate(birth), sex: c.sex },
      provider: { npi: "1458937020", network: "in" },
      diagnoses,
      lines: [
        { lineNumber: 1, serviceDate: date, code: "99213", modifiers: [], units: 1, charge: "100.00", placeOfService: "11", diagnosisPointers: pointers },
      ],
    },
    context: { asOf: date, coverage: [{ planId: "P", from: "2019-10-01", to: null }], accumulators: {}, authorizations: [], history: [] },
  };
}

function run(c: Case, evaluator: "compiled" | "reference" = "compiled"): Result {
  const { claim, context } = claimOf(c);
  const out = ruleset.adjudicate(claim, context, { evaluator, trace: true });
  if (!out.ok) throw new Error(`rejected: ${JSON.stringify(out.issues)}`);
  return out.result;
}

const passes = (r: Result) => {
  // cms-mce has no plan: a line no edit denies is pended for review
  expect(r.lines[0]).toMatchObject({ status: "pended", reason: "CO-133" });
  expect(r.trace!.some((t) => t.action.startsWith("deny"))).toBe(false);
};
const deniesForSex = (r: Result) => {
  expect(r.lines[0]).toMatchObject({ status: "denied", reason: "CO-10" });
};

const FY2020 = { first: dayFromCivil(2019, 10, 1), last: dayFromCivil(2020, 9, 30) };
const caseOf = (list: string[], sexOf: (own: "F" | "M") => "F" | "M" | "U", own: "F" | "M") =>
  fc
    .record({
      code: fc.constantFrom(...list),
      extraDays: fc.integer({ min: 0, max: 300 }),
      service: fc.integer({ min: FY2020.first, max: FY2020.last }),
      others: fc.uniqueArray(fc.constantFrom(...NEUTRAL.slice(1)), { maxLength: 3 }),
      ageShare: fc.double({ min: 0, max: 1, noNaN: true }),
      positionShare: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map(({ code, extraDays, service, others, ageShare, positionShare }): Case => {
      const range = ages(code);
      return {
        code,
        sex: sexOf(own),
        age: range.min + Math.floor(ageShare * (range.max - range.min + 0.999)),
        extraDays: range.max === 0 ? Math.min(extraDays, 200) : extraDays,
        service,
        others,
        position: Math.floor(positionShare * (others.length + 0.999)),
      };
    });

describe("rules/cms-mce sex lists (MCE v37 edits 5A and 5C)", () => {
  it("reads the full lists, and the neutral diagnoses are on none of them", () => {
    expect(FEMALE).toHaveLength(3135);
    expect(MALE).toHaveLength(529);
    for (const code of NEUTRAL) expect(ALL_LISTED.has(code)).toBe(false);
    for (const code of [...FEMALE, ...MALE]) expect(ages(code).min).toBeLessThanOrEqual(ages(code).max);
  });

  it("every code on a sex list denies CO-10 for the other sex and passes for its own (all 3,664 codes)", () => {
    const service = dayFromCivil(2020, 3, 16);
    for (const [list, own] of [
      [FEMALE, "F"],
      [MALE, "M"],
    ] as const) {
      for (const code of list) {
        const age = ages(code).max === 0 ? 0 : Math.max(ages(code).min, Math.min(40, ages(code).max));
        const base: Case = { code, sex: own, age, extraDays: 0, service, others: [], position: 0 };
        const mine = run(base);
        expect(mine.lines[0].reason, `${code} for sex ${own}`).toBe("CO-133");
        const other = run({ ...base, sex: OTHER[own] });
        expect(other.lines[0].reason, `${code} for sex ${OTHER[own]}`).toBe("CO-10");
      }
    }
  });

  for (const evaluator of ["compiled", "reference"] as const) {
    it(`property (${evaluator}): at any allowed age and pointer position, the other sex denies, its own sex and "U" pass`, () => {
      for (const [list, own] of [
        [FEMALE, "F"],
        [MALE, "M"],
      ] as const) {
        fc.assert(
          fc.property(
            caseOf(list, (s) => s, own),
            (c) => passes(run(c, evaluator)),
          ),
          { numRuns: 100 },
        );
        fc.assert(
          fc.property(
            caseOf(list, (s) => OTHER[s], own),
            (c) => deniesForSex(run(c, evaluator)),
          ),
          { numRuns: 100 },
        );
        fc.assert(
          fc.property(
            caseOf(list, () => "U", own),
            (c) => passes(run(c, evaluator)),
          ),
          { numRuns: 50 },
        );
      }
    });
  }

  it("the two evaluators decide and explain a sex conflict identically", () => {
    fc.assert(
      fc.property(
        caseOf(FEMALE, () => "M", "F"),
        (c) => {
          expect(JSON.stringify(run(c, "reference"))).toBe(JSON.stringify(run(c, "compiled")));
        },
      ),
      { numRuns: 50 },
    );
  });
});
