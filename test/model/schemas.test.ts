// Tests for src/model/schemas.ts: claim and context parsing, normalisation, issue paths and
// messages, the result schema, and robustness on arbitrary input (fast-check).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { contractSchemas, formatIssues, normalizeAccumulators, parseClaim, parseContext, renderPath } from "../../src/model/schemas.js";
import { parseDate } from "../../src/model/dates.js";
import type { Claim, InputIssue, Result } from "../../src/model/types.js";

const day = (text: string): number => {
  const r = parseDate(text);
  if (!r.ok) throw new Error(r.message);
  return r.day;
};

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

function validClaim(): Json {
  return {
    id: "CLM-1001",
    receivedDate: "2026-03-20",
    member: { id: "M-1", birthDate: "1980-02-29", sex: "F" },
    provider: { npi: "1234567893", network: "in" },
    diagnoses: ["Z12.11", "m54.50", "K63.5"],
    lines: [
      {
        lineNumber: 2,
        serviceDate: "2026-03-15",
        code: "45378",
        modifiers: ["pt"],
        units: 1,
        charge: "1200.50",
        placeOfService: "22",
        diagnosisPointers: [1, 3],
      },
      { lineNumber: 1, serviceDate: "2026-03-15", code: "99213", modifiers: [], units: 1, charge: 125, placeOfService: "11", diagnosisPointers: [2] },
      { lineNumber: 3, serviceDate: "2026-03-16", code: "g0121", units: 2, charge: 0.5, placeOfService: "11", diagnosisPointers: [1] },
    ],
    priorAuthorization: 555,
  };
}

function validContext(): Json {
  return {
    asOf: "2026-03-20",
    coverage: [
      { planId: "PPO-2026", from: "2026-01-01", to: null },
      { planId: "PPO-2025", from: "2025-01-01", to: "2025-12-31" },
    ],
    accumulators: { deductible: "100.00", out_of_pocket: 250.5, pt_visits: 3 },
    authorizations: [
      { number: 9002, codes: ["97110", "97112"], from: "2026-01-01", to: "2026-06-30", units: 12, used: 2 },
      { number: 9001, codes: ["97140"], from: "2026-01-01", to: "2026-06-30", units: 4, used: 0 },
    ],
    history: [
      { claimId: "CLM-0900", serviceDate: "2026-02-01", code: "99213", modifiers: ["25"], providerNpi: "1234567893", status: "paid" },
      { claimId: "CLM-0800", serviceDate: "2026-01-10", code: "97110", providerNpi: "1234567893", status: "denied" },
    ],
  };
}

const DECLARED = [
  { name: "deductible", unit: "money" as const },
  { name: "out_of_pocket", unit: "money" as const },
  { name: "pt_visits", unit: "count" as const },
];

function issuesOf(json: unknown): InputIssue[] {
  const r = parseClaim(json);
  if (r.ok) throw new Error("expected the claim to be rejected");
  return r.issues;
}
function contextIssuesOf(json: unknown, declared?: typeof DECLARED): InputIssue[] {
  const r = parseContext(json, declared ? { accumulators: declared } : {});
  if (r.ok) throw new Error("expected the context to be rejected");
  return r.issues;
}
const one = (issues: InputIssue[]) => {
  expect(issues).toHaveLength(1);
  return `${issues[0]!.path}: ${issues[0]!.message}`;
};
function claimWith(edit: (c: Json) => void): Json {
  const c = validClaim();
  edit(c);
  return c;
}

describe("parseClaim: normalisation", () => {
  it("produces the normalised claim", () => {
    const r = parseClaim(validClaim());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const expected: Claim = {
      id: "CLM-1001",
      receivedDate: day("2026-03-20"),
      member: { id: "M-1", birthDate: day("1980-02-29"), sex: "F" },
      provider: { npi: "1234567893", network: "in" },
      diagnoses: ["Z1211", "M5450", "K635"],
      principalDiagnosis: "Z1211",
      lines: [
        {
          lineNumber: 1,
          serviceDate: day("2026-03-15"),
          code: "99213",
          modifiers: [],
          units: 1,
          charge: 12500,
          placeOfService: "11",
          diagnosisPointers: [2],
          diagnoses: ["M5450"],
        },
        {
          lineNumber: 2,
          serviceDate: day("2026-03-15"),
          code: "45378",
          modifiers: ["PT"],
          units: 1,
          charge: 120050,
          placeOfService: "22",
          diagnosisPointers: [1, 3],
          diagnoses: ["Z1211", "K635"],
        },
        {
          lineNumber: 3,
          serviceDate: day("2026-03-16"),
          code: "G0121",
          modifiers: [],
          units: 2,
          charge: 50,
          placeOfService: "11",
          diagnosisPointers: [1],
          diagnoses: ["Z1211"],
        },
      ],
      priorAuthorization: "555",
      priorPayers: [],
    };
    expect(r.claim).toEqual(expected);
  });

  it("takes authorization numbers as strings; a whole number means its digits", () => {
    for (const [input, expected] of [
      ["PA-9", "PA-9"],
      ["A123", "A123"],
      [555, "555"],
      ["0042", "0042"],
    ] as const) {
      const r = parseClaim(claimWith((c) => (c.priorAuthorization = input)));
      expect(r.ok && r.claim.priorAuthorization).toBe(expected);
    }
  });

  it("treats an absent or null priorAuthorization as null", () => {
    const absent = parseClaim(claimWith((c) => delete c.priorAuthorization));
    const nul = parseClaim(claimWith((c) => (c.priorAuthorization = null)));
    expect(absent.ok && absent.claim.priorAuthorization).toBe(null);
    expect(nul.ok && nul.claim.priorAuthorization).toBe(null);
  });

  it("takes the claim frequency (X12 CLM05-3) and the claim a correction replaces, only when given", () => {
    const original = parseClaim(validClaim());
    expect(original.ok && "frequencyCode" in original.claim).toBe(false);
    expect(original.ok && "replaces" in original.claim).toBe(false);
    const replacement = parseClaim(claimWith((c) => Object.assign(c, { frequencyCode: "7", replaces: "C-1" })));
    expect(replacement.ok && [replacement.claim.frequencyCode, replacement.claim.replaces]).toEqual(["7", "C-1"]);
    const voided = parseClaim(claimWith((c) => (c.frequencyCode = "8")));
    expect(voided.ok && voided.claim.frequencyCode).toBe("8");
    expect(issuesOf(claimWith((c) => (c.frequencyCode = "5")))).toEqual([{ path: "frequencyCode", message: 'expected "1", "7" or "8"' }]);
    expect(issuesOf(claimWith((c) => (c.frequencyCode = 7)))).toEqual([{ path: "frequencyCode", message: 'expected "1", "7" or "8"' }]);
    expect(issuesOf(claimWith((c) => (c.replaces = "")))).toEqual([{ path: "replaces", message: "expected a non-empty string" }]);
    expect(issuesOf(claimWith((c) => Object.assign(c, { frequencyCode: "1", replaces: "C-1" })))).toEqual([
      { path: "replaces", message: 'an original claim (frequencyCode "1") replaces nothing: use "7" to replace the claim or "8" to void it' },
    ]);
  });

  it("does not depend on line order or key order (property)", () => {
    const base = parseClaim(validClaim());
    fc.assert(
      fc.property(fc.shuffledSubarray([0, 1, 2], { minLength: 3, maxLength: 3 }), fc.boolean(), (order, reverseKeys) => {
        const c = validClaim();
        c.lines = order.map((i) => c.lines[i]);
        const json = reverseKeys
          ? JSON.parse(JSON.stringify(c), (_k, v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v))
          : c;
        expect(JSON.stringify(parseClaim(json))).toBe(JSON.stringify(base));
      }),
    );
  });

  it("does not modify its input", () => {
    const c = validClaim();
    const copy = structuredClone(c);
    parseClaim(c);
    expect(c).toEqual(copy);
  });
});

describe("parseClaim: issues", () => {
  it("names the path and says what is wrong", () => {
    const cases: Array<[(c: Json) => void, string]> = [
      [(c) => (c.lines[2].units = 0), "lines[2].units: expected a positive whole number"],
      [(c) => (c.lines[2].units = 1.5), "lines[2].units: expected a positive whole number"],
      [(c) => (c.lines[2].units = "2"), "lines[2].units: expected a positive whole number"],
      [(c) => delete c.lines[1].units, "lines[1].units: required"],
      [(c) => (c.lines[0].lineNumber = -1), "lines[0].lineNumber: expected a positive whole number"],
      [(c) => (c.member.birthDate = "1980-2-29"), "member.birthDate: expected a date like 2026-03-15"],
      [(c) => (c.member.birthDate = "2026-13-01"), 'member.birthDate: "2026-13-01" is not a calendar date'],
      [(c) => (c.member.birthDate = "1981-02-29"), 'member.birthDate: "1981-02-29" is not a calendar date'],
      [(c) => (c.receivedDate = 20260320), "receivedDate: expected a date like 2026-03-15"],
      [(c) => (c.provider.network = "IN"), 'provider.network: expected "in" or "out"'],
      [(c) => (c.member.sex = "X"), 'member.sex: expected "F", "M" or "U"'],
      [(c) => (c.lines[0].chargee = 5), 'lines[0].chargee: unknown field "chargee"'],
      [(c) => (c.extra = true), 'extra: unknown field "extra"'],
      [(c) => (c.member["first name"] = "A"), 'member["first name"]: unknown field "first name"'],
      [(c) => (c.lines[0].charge = "1.234"), 'lines[0].charge: "1.234" has more than two decimals'],
      [(c) => (c.lines[0].charge = -5), "lines[0].charge: expected an amount of zero or more, got -5"],
      [(c) => (c.lines[0].charge = "-5.00"), 'lines[0].charge: expected an amount of zero or more, got "-5.00"'],
      [(c) => (c.lines[0].charge = "abc"), 'lines[0].charge: "abc" is not an amount like 125.50'],
      [(c) => (c.lines[0].charge = true), "lines[0].charge: expected an amount like 125.50 (a number or a string)"],
      [(c) => (c.lines[0].charge = 0.1 + 0.2), "lines[0].charge: 0.30000000000000004 has more than two decimals"],
      [(c) => (c.lines[1].diagnosisPointers = [4]), "lines[1].diagnosisPointers[0]: points at diagnosis 4, but the claim has only 3 diagnoses"],
      [(c) => (c.lines[1].diagnosisPointers = [2, 2]), "lines[1].diagnosisPointers[1]: points at diagnosis 2 twice"],
      [(c) => (c.lines[1].diagnosisPointers = [0]), "lines[1].diagnosisPointers[0]: expected a positive whole number"],
      [(c) => (c.lines[1].diagnosisPointers = []), "lines[1].diagnosisPointers: expected at least one diagnosis pointer"],
      [(c) => (c.lines[1].lineNumber = 2), "lines[1].lineNumber: line number 2 is used twice (also at lines[0])"],
      [(c) => (c.lines = []), "lines: expected at least one line"],
      [(c) => (c.lines = {}), "lines: expected a list"],
      [(c) => (c.lines[0].code = "9921"), 'lines[0].code: "9921" is not a CPT or HCPCS procedure code (like 99213 or G0121)'],
      [(c) => (c.lines[0].code = 45378), 'lines[0].code: expected a procedure code as a string, like "99213"'],
      [(c) => (c.diagnoses[1] = "M54..5"), 'diagnoses[1]: "M54..5" is not an ICD-10-CM diagnosis code (like Z12.11)'],
      [(c) => (c.lines[0].modifiers = ["P"]), 'lines[0].modifiers[0]: "P" is not a modifier (two letters or digits, like 25 or LT)'],
      [(c) => (c.lines[0].placeOfService = 22), 'lines[0].placeOfService: expected a two-digit place of service as a string, like "11"'],
      [(c) => (c.provider.npi = "123"), 'provider.npi: expected a 10-digit NPI as a string, like "1234567893"'],
      [
        (c) => (c.priorAuthorization = "#555"),
        'priorAuthorization: expected an authorization number: 1 to 50 letters, digits, spaces or . - _ / (like "PA-9"), or a whole number',
      ],
      [
        (c) => (c.priorAuthorization = "A".repeat(51)),
        'priorAuthorization: expected an authorization number: 1 to 50 letters, digits, spaces or . - _ / (like "PA-9"), or a whole number',
      ],
      [(c) => (c.id = ""), "id: expected a non-empty string"],
      [(c) => (c.member = null), "member: expected an object"],
      [(c) => delete c.provider, "provider: required"],
    ];
    for (const [edit, expected] of cases) expect(one(issuesOf(claimWith(edit)))).toBe(expected);
  });

  it("reports an empty diagnosis list, and the pointers it leaves dangling", () => {
    const issues = issuesOf(claimWith((c) => (c.diagnoses = [])));
    expect(issues[0]).toEqual({ path: "diagnoses", message: "expected at least one diagnosis" });
    expect(issues.slice(1).map((i) => i.path)).toEqual([
      "lines[0].diagnosisPointers[0]",
      "lines[0].diagnosisPointers[1]",
      "lines[1].diagnosisPointers[0]",
      "lines[2].diagnosisPointers[0]",
    ]);
    expect(issues[1]!.message).toBe("points at diagnosis 1, but the claim has no diagnoses");
  });

  it("reports all three of three distinct errors, in document order", () => {
    const issues = issuesOf(
      claimWith((c) => {
        c.lines[2].units = 0;
        c.member.birthDate = "2026-02-30";
        c.lines[0].diagnosisPointers = [1, 7];
      }),
    );
    expect(issues.map((i) => i.path)).toEqual(["member.birthDate", "lines[0].diagnosisPointers[1]", "lines[2].units"]);
    expect(formatIssues(issues)).toBe(
      [
        'member.birthDate: "2026-02-30" is not a calendar date',
        "lines[0].diagnosisPointers[1]: points at diagnosis 7, but the claim has only 3 diagnoses",
        "lines[2].units: expected a positive whole number",
      ].join("\n"),
    );
  });

  it("reports every problem of a badly wrong claim", () => {
    const issues = issuesOf({ id: 7, member: { sex: "Q", chargee: 1 }, provider: "x", diagnoses: ["??"], lines: [null, { lineNumber: 1 }], colour: "red" });
    const paths = issues.map((i) => i.path);
    expect(paths).toEqual([
      "id",
      "receivedDate",
      "member.id",
      "member.birthDate",
      "member.sex",
      "member.chargee",
      "provider",
      "diagnoses[0]",
      "lines[0]",
      "lines[1].serviceDate",
      "lines[1].code",
      "lines[1].units",
      "lines[1].charge",
      "lines[1].placeOfService",
      "lines[1].diagnosisPointers",
      "colour",
    ]);
  });

  it("answers non-objects with one issue", () => {
    for (const bad of [null, [], "claim", 42, true, undefined]) {
      expect(issuesOf(bad)).toEqual([{ path: "claim", message: bad === undefined ? "required" : "expected a claim (a JSON object)" }]);
    }
  });
});

describe("parseClaim: robustness (properties)", () => {
  it("never throws on anything", () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBoxedValues: true, withSparseArray: true, withMap: true, withSet: true }), (value) => {
        const r = parseClaim(value);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it("never throws on mutated valid claims, and what it accepts is well formed", () => {
    const leafPaths: Array<Array<string | number>> = [];
    const walk = (v: unknown, path: Array<string | number>) => {
      leafPaths.push(path);
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
      else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
    };
    walk(validClaim(), []);
    const value = fc.oneof(
      fc.anything(),
      fc.constantFrom(0, -1, 1.5, 2, 3, 4, "", "2026-02-30", "2026-01-01", "1.234", "99213", "Z12.11", "in", "F", null, [], {}, [1], ["25"]),
    );
    const mutation = fc.record({ at: fc.nat({ max: leafPaths.length - 1 }), op: fc.constantFrom("set", "delete", "rename"), value });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const c = validClaim();
        for (const m of mutations) {
          const path = leafPaths[m.at]!;
          if (path.length === 0) continue;
          let parent: Json = c;
          for (const seg of path.slice(0, -1)) {
            parent = parent?.[seg];
            if (parent === null || typeof parent !== "object") break;
          }
          if (parent === null || typeof parent !== "object") continue;
          const key = path[path.length - 1]!;
          if (m.op === "set") parent[key] = m.value;
          else if (m.op === "delete") delete parent[key];
          else if (!Array.isArray(parent)) {
            parent[`${String(key)}x`] = parent[key];
            delete parent[key];
          }
        }
        const r = parseClaim(c);
        if (r.ok) {
          const claim = r.claim;
          expect(claim.lines.length).toBeGreaterThan(0);
          for (let i = 1; i < claim.lines.length; i++) expect(claim.lines[i]!.lineNumber).toBeGreaterThan(claim.lines[i - 1]!.lineNumber);
          for (const line of claim.lines) {
            expect(Number.isSafeInteger(line.charge) && line.charge >= 0).toBe(true);
            expect(line.diagnoses).toHaveLength(line.diagnosisPointers.length);
            for (const d of line.diagnoses) expect(claim.diagnoses).toContain(d);
          }
        } else {
          expect(r.issues.length).toBeGreaterThan(0);
          for (const i of r.issues) expect(typeof i.path === "string" && typeof i.message === "string" && i.message.length > 0).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

/** what a coverage entry that says nothing for the order of benefits normalises to */
const NO_ORDER_FACTS = {
  relationship: null,
  employment: null,
  cobra: false,
  medicare: false,
  subscriberBirthDate: null,
  employerSize: null,
  parentsSeparated: false,
};

describe("parseContext", () => {
  it("normalises and sorts, leaving accumulators raw without declarations", () => {
    const r = parseContext(validContext());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const c = r.context;
    expect(c.asOf).toBe(day("2026-03-20"));
    expect(c.coverage).toEqual([
      { planId: "PPO-2025", from: day("2025-01-01"), to: day("2025-12-31"), ...NO_ORDER_FACTS },
      { planId: "PPO-2026", from: day("2026-01-01"), to: null, ...NO_ORDER_FACTS },
    ]);
    expect(c.otherCoverage).toEqual([]);
    expect(c.authorizations.map((a) => a.number)).toEqual(["9001", "9002"]);
    expect(c.authorizations[1]).toEqual({ number: "9002", codes: ["97110", "97112"], from: day("2026-01-01"), to: day("2026-06-30"), units: 12, used: 2 });
    expect(c.history.map((h) => h.claimId)).toEqual(["CLM-0800", "CLM-0900"]);
    expect(c.history[0]!.modifiers).toEqual([]);
    expect({ ...c.rawAccumulators }).toEqual({ deductible: "100.00", out_of_pocket: 250.5, pt_visits: 3 });
    expect({ ...c.accumulators }).toEqual({ deductible: "100.00", out_of_pocket: 250.5, pt_visits: 3 });
  });

  it("normalises accumulators given the plan's declarations", () => {
    const r = parseContext(validContext(), { accumulators: DECLARED });
    expect(r.ok && { ...r.context.accumulators }).toEqual({ deductible: 10000, out_of_pocket: 25050, pt_visits: 3 });
  });

  it("defaults absent lists and accumulators; coverage.to may be absent", () => {
    const r = parseContext({ asOf: "2026-03-20", coverage: [{ planId: "P", from: "2026-01-01" }] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.context.coverage).toEqual([{ planId: "P", from: day("2026-01-01"), to: null, ...NO_ORDER_FACTS }]);
    expect(r.context.authorizations).toEqual([]);
    expect(r.context.history).toEqual([]);
    expect({ ...r.context.accumulators }).toEqual({});
    const n = parseContext({ asOf: "2026-03-20" }, { accumulators: DECLARED });
    expect(n.ok && { ...n.context.accumulators }).toEqual({ deductible: 0, out_of_pocket: 0, pt_visits: 0 });
  });

  it("reports every problem with paths", () => {
    const ctx = validContext();
    ctx.asOf = "2026-02-30";
    ctx.coverage[1].to = "2024-12-31";
    ctx.accumulators.pt_visits = 2.5;
    ctx.accumulators.deductable = "5";
    ctx.accumulators.out_of_pocket = "12.345";
    ctx.authorizations[0].used = -1;
    ctx.authorizations[1].number = 9002;
    ctx.authorizations[1].codes = ["nope"];
    ctx.history[0].status = "";
    ctx.history[1].when = "x";
    ctx.accumulators.flag = true;
    expect(contextIssuesOf(ctx, DECLARED).map((i) => `${i.path}: ${i.message}`)).toEqual([
      'asOf: "2026-02-30" is not a calendar date',
      "coverage[1].to: coverage ends (2024-12-31) before it starts (2025-01-01)",
      'accumulators.deductable: unknown accumulator "deductable" (the plan declares deductible, out_of_pocket, pt_visits)',
      "accumulators.flag: expected an amount like 125.50 or a count like 3",
      'accumulators.out_of_pocket: "12.345" has more than two decimals',
      "accumulators.pt_visits: expected a non-negative whole number of visits",
      "authorizations[0].used: expected a non-negative whole number",
      "authorizations[1].number: authorization number 9002 is used twice (also at authorizations[0])",
      'authorizations[1].codes[0]: "nope" is not a CPT or HCPCS procedure code (like 99213 or G0121)',
      "history[0].status: expected a non-empty string",
      'history[1].when: unknown field "when"',
    ]);
  });

  it("answers non-objects and never throws (property)", () => {
    expect(contextIssuesOf(null)).toEqual([{ path: "context", message: "expected a context (a JSON object)" }]);
    expect(contextIssuesOf({})).toEqual([{ path: "asOf", message: "required" }]);
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true }), (value) => {
        const r = parseContext(value, { accumulators: DECLARED });
        if (!r.ok) expect(r.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe("normalizeAccumulators", () => {
  it("converts by declared unit and fills missing names with zero", () => {
    const r = normalizeAccumulators({ deductible: "100.5", pt_visits: 4 }, DECLARED);
    expect(r.ok && { ...r.accumulators }).toEqual({ deductible: 10050, out_of_pocket: 0, pt_visits: 4 });
  });

  it("reports counts that are not whole numbers, bad money and unknown names", () => {
    const r = normalizeAccumulators({ pt_visits: "3", deductible: -1, other: 1 }, [...DECLARED, { name: "sessions", unit: "count", noun: "sessions" }]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([
      { path: "accumulators.deductible", message: "expected an amount of zero or more, got -1" },
      { path: "accumulators.other", message: 'unknown accumulator "other" (the plan declares deductible, out_of_pocket, pt_visits, sessions)' },
      { path: "accumulators.pt_visits", message: "expected a non-negative whole number of visits" },
    ]);
    const allowed = normalizeAccumulators({ other: 1 }, DECLARED, { allowUnknown: true });
    expect(allowed.ok && { ...allowed.accumulators }).toEqual({ deductible: 0, out_of_pocket: 0, pt_visits: 0 });
    expect(normalizeAccumulators("x", DECLARED)).toEqual({ ok: false, issues: [{ path: "accumulators", message: "expected an object" }] });
    expect(normalizeAccumulators(undefined, DECLARED).ok).toBe(true);
  });

  it("is safe with names like __proto__ and constructor", () => {
    const raw = JSON.parse('{"__proto__": 5, "constructor": "1.00"}');
    const r = normalizeAccumulators(raw, [
      { name: "__proto__", unit: "count" },
      { name: "constructor", unit: "money" },
    ]);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.accumulators.__proto__).toBe(5);
      expect(r.accumulators.constructor).toBe(100);
    }
    const none = normalizeAccumulators({}, DECLARED);
    expect(none.ok && none.accumulators.toString).toBe(undefined);
  });
});

describe("renderPath", () => {
  it("renders JavaScript-like paths", () => {
    expect(renderPath(["lines", 2, "units"])).toBe("lines[2].units");
    expect(renderPath(["accumulators", "out of pocket"])).toBe('accumulators["out of pocket"]');
    expect(renderPath([], "claim")).toBe("claim");
    expect(renderPath([0, "a"])).toBe("[0].a");
  });
});

describe("ResultSchema", () => {
  const { ResultSchema } = contractSchemas();
  const result: Result = {
    claimId: "CLM-1001",
    ruleset: { name: "demo-ppo", version: "2026.1", hash: "ab12" },
    status: "partial",
    totals: { billed: "1325.50", allowed: "125.00", paid: "100.00", patientResponsibility: "25.00" },
    lines: [
      {
        lineNumber: 1,
        status: "paid",
        reason: null,
        billed: "125.00",
        allowed: "125.00",
        paid: "100.00",
        patientResponsibility: "25.00",
        adjustments: [{ group: "PR", reason: "3", amount: "25.00" }],
        remarks: [],
      },
      {
        lineNumber: 2,
        status: "denied",
        reason: "CO-204",
        billed: "1200.50",
        allowed: "0.00",
        paid: "0.00",
        patientResponsibility: "0.00",
        adjustments: [{ group: "CO", reason: "204", amount: "1200.50" }],
        remarks: ["N130"],
      },
    ],
    accumulators: { out_of_pocket: "25.00", pt_visits: 1 },
    trace: [
      {
        lineNumber: 1,
        phase: "cost_share",
        rule: "demo-ppo/office_visit",
        at: "demo-ppo/plan.edict:40:3",
        facts: [
          { fact: "line.code", value: "99213" },
          { fact: "codes", value: ["99213", 1] },
          { fact: "x", value: null },
        ],
        action: "PR-3 25.00",
        cites: ["SPD §4"],
      },
    ],
  };

  it("accepts a result with or without a trace", () => {
    expect(ResultSchema.safeParse(result).success).toBe(true);
    const { trace: _trace, ...untraced } = result;
    expect(ResultSchema.safeParse(untraced).success).toBe(true);
  });

  it("rejects malformed money and statuses", () => {
    expect(ResultSchema.safeParse({ ...result, totals: { ...result.totals, paid: "100" } }).success).toBe(false);
    expect(ResultSchema.safeParse({ ...result, totals: { ...result.totals, paid: 100 } }).success).toBe(false);
    expect(ResultSchema.safeParse({ ...result, status: "approved" }).success).toBe(false);
    expect(ResultSchema.safeParse({ ...result, accumulators: { x: 1.5 } }).success).toBe(false);
  });
});

describe("contractSchemas", () => {
  it("builds the schemas once, on first use, and hands the same ones out after", () => {
    const first = contractSchemas();
    expect(contractSchemas()).toBe(first);
    expect(first.ClaimInput.safeParse({}).success).toBe(false);
    expect(Object.keys(first.ClaimInput.shape)).toEqual(first.claimOrder.root);
  });
});
