// Tests for src/model/fast-parse.ts: the hand-written validation pass accepts exactly what the zod
// schemas accept and builds the same normalised value (key order included), over generated valid
// claims and contexts and over mutations of them (a field removed, replaced by an odd value, an
// unknown field added, a list emptied, a line number repeated, …).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { GIVE_UP, dayAt, fastParseClaim, fastParseContext } from "../../src/model/fast-parse.js";
import { parseDate } from "../../src/model/dates.js";
import { parseClaim, parseClaimWithZod, parseContext, parseContextWithZod } from "../../src/model/schemas.js";
import { claim as claimArb, context as contextArb, shuffleKeys } from "../support/arbitraries.js";
import { loadPack } from "../../src/node/index.js";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const loaded = loadPack("rules/demo-ppo");
if (!loaded.ok) throw new Error("demo-ppo does not compile");
const declared = loaded.ruleset.program.accumulators;

/** values a field may be replaced by: each wrong somewhere, right somewhere else */
const ODD_VALUES: unknown[] = [
  undefined,
  null,
  "",
  " ",
  "x",
  0,
  -0,
  -1,
  1,
  1.5,
  2,
  1e21,
  Number.NaN,
  true,
  [],
  {},
  "2026-02-30",
  "2026-02-28",
  "2026-1-1",
  "12.345",
  "12.34",
  "-1.00",
  "  99213 ",
  "g0121",
  "99999",
  "z12.11",
  "Z12.11 ",
  "lt",
  "LT",
  "1234567893",
  "123456789",
  "11",
  "1",
  "7",
  "8",
  "CO",
  "in",
  "self",
  "laid_off",
  "PA-9",
  "PA-9 ",
  5001,
  "A".repeat(81),
  "A".repeat(1001),
  [1, 1],
  [99],
  ["25", "59"],
  { lineNumber: 1, allowed: "10.00", paid: "5.00" },
  { lineNumber: 1, allowed: "10.00", paid: "99999.00" },
  { group: "CO", reason: "45", amount: "1.00" },
];

/** every path to a value in a JSON tree */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

type Mutation = { kind: "set"; value: unknown } | { kind: "delete" } | { kind: "add"; key: string; value: unknown };

function mutate(value: unknown, path: Array<string | number>, m: Mutation): unknown {
  const copy = structuredClone(value) as Json;
  if (path.length === 0) return m.kind === "set" ? m.value : copy;
  let parent = copy;
  for (const seg of path.slice(0, -1)) parent = parent[seg];
  const last = path[path.length - 1]!;
  if (m.kind === "set") parent[last] = m.value;
  else if (m.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    // an own property, as JSON.parse makes it (assigning "__proto__" would set the prototype)
    if (target && typeof target === "object" && !Array.isArray(target))
      Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
    else if (Array.isArray(target)) target.push(m.value);
  }
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom(...ODD_VALUES).map((value): Mutation => ({ kind: "set", value })),
  fc.constant<Mutation>({ kind: "delete" }),
  fc
    .record({ key: fc.constantFrom("extra", "id", "lines", "to", "constructor"), value: fc.constantFrom(...ODD_VALUES) })
    .map((x): Mutation => ({ kind: "add", ...x })),
);

/** a claim with the optional parts the base generator leaves out: prior payers, frequency, replaces */
const fullClaim = fc
  .tuple(
    claimArb,
    fc.boolean(),
    fc.option(fc.constantFrom("1", "7", "8"), { nil: undefined }),
    fc.option(fc.constantFrom("C-OLD", "x"), { nil: undefined }),
    fc.constantFrom(null, "PA-9", 0),
  )
  .map(([c, payers, frequencyCode, replaces, pa]) => {
    const out: Json = { ...c };
    if (payers) {
      const first = out.lines[0];
      out.priorPayers = [
        {
          payerId: "P1",
          lines: [{ lineNumber: first.lineNumber, allowed: "1.00", paid: "0.50", adjustments: [{ group: "CO", reason: "45", amount: "0.50" }] }],
          adjustments: [{ group: "OA", reason: "23", amount: 0 }],
        },
      ];
    }
    if (frequencyCode !== undefined) out.frequencyCode = frequencyCode;
    if (replaces !== undefined) out.replaces = replaces;
    if (out.priorAuthorization === undefined && pa !== 0) out.priorAuthorization = pa;
    return out;
  });

const fullContext = fc.tuple(contextArb, fc.boolean()).map(([c, other]) => {
  const out: Json = { ...c };
  if (other)
    out.otherCoverage = [
      {
        planId: "OTHER",
        from: "2025-01-01",
        to: null,
        relationship: "spouse",
        employment: "active",
        cobra: false,
        medicare: true,
        subscriberBirthDate: "1950-05-05",
        employerSize: 30,
        parentsSeparated: false,
      },
    ];
  return out;
});

const mutated = <T>(base: fc.Arbitrary<T>) =>
  base.chain((value) =>
    fc.tuple(fc.constant(value), fc.constantFrom(...paths(value)), mutation, fc.boolean()).map(([v, path, m, twice]) => {
      const once = mutate(v, path, m);
      // a second mutation now and then, so two faults meet
      return twice ? mutate(once, paths(once)[Math.floor(paths(once).length / 2)]!, { kind: "delete" }) : once;
    }),
  );

/** same verdict, and when both accept, the same value with the same key order */
function sameClaim(json: unknown, options: { planned?: boolean; limits?: Json } = {}) {
  const fast = fastParseClaim(json, options);
  const zod = parseClaimWithZod(json, options);
  expect(fast !== null).toBe(zod.ok);
  if (fast && zod.ok) {
    expect(fast).toStrictEqual(zod.claim);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.claim));
  }
  // the public entry point answers as the zod path does
  expect(parseClaim(json, options)).toStrictEqual(zod);
}

function sameContext(json: unknown, options: Json = {}) {
  const fast = fastParseContext(json, options);
  const zod = parseContextWithZod(json, options);
  expect(fast !== null).toBe(zod.ok);
  if (fast && zod.ok) {
    expect(fast).toStrictEqual(zod.context);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.context));
    expect(JSON.stringify(fast.rawAccumulators)).toBe(JSON.stringify(zod.context.rawAccumulators));
  }
  expect(parseContext(json, options)).toStrictEqual(zod);
}

describe("the validation fast path agrees with the zod schemas", () => {
  it("on valid claims, keys in any order", () => {
    fc.assert(
      fc.property(fullClaim, fc.nat(20), (c, seed) => {
        sameClaim(c);
        sameClaim(shuffleKeys(c, seed));
      }),
      { numRuns: 300 },
    );
  });

  it("accepts the generated valid claims (the property is not vacuous)", () => {
    const accepted = fc.sample(fullClaim, { numRuns: 200, seed: 1 }).filter((c) => fastParseClaim(c) !== null).length;
    // a generated claim is valid but for a replaces beside frequency code "1"
    expect(accepted).toBeGreaterThan(100);
  });

  it("on NPIs and places of service near their shapes (ten and two ASCII digits), in claims and history", () => {
    // digits of other scripts, letters, signs and white space, at the length and one off it
    const near = (length: number) =>
      fc.oneof(
        fc.stringMatching(new RegExp(`^\\d{${length}}$`)),
        fc
          .tuple(fc.stringMatching(new RegExp(`^\\d{${length}}$`)), fc.nat(length), fc.constantFrom("a", " ", "-", "+", ".", "\u0661", "\uff11", "0", ""))
          .map(([s, at, c]) => s.slice(0, at) + c + s.slice(at + 1)),
        fc.string({ minLength: length - 1, maxLength: length + 1 }),
      );
    fc.assert(
      fc.property(fullClaim, near(10), near(2), (c, npi, pos) => {
        const claim = structuredClone(c) as Json;
        claim.provider.npi = npi;
        claim.lines[0].placeOfService = pos;
        sameClaim(claim);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fullContext, near(10), (ctx, npi) => {
        const context = structuredClone(ctx) as Json;
        if (!context.history?.length) return;
        context.history[0].providerNpi = npi;
        sameContext(context, { accumulators: declared });
      }),
      { numRuns: 300 },
    );
  });

  it("on codes near their shapes (procedures, diagnoses, modifiers), in claims, history and authorizations", () => {
    // upper and lower case, digits, dots, spaces, letters past V: what the character-code readers
    // take and what they leave to the cache and its regular expression
    const near = fc.oneof(
      fc.stringMatching(/^[0-9A-Za-z. ]{1,9}$/),
      fc.stringMatching(/^(?:\d{5}|\d{4}[FTUMAZ]|[A-Z]\d{4}|[A-Z]\d[A-Z0-9](?:\.?[A-Z0-9]{0,5})?|[A-Z0-9]{1,3})$/),
      fc.constantFrom(
        "99213",
        "0001F",
        "V1234",
        "W1234",
        "Z00.129",
        "Z00129",
        "Z00.",
        "M17",
        "M1",
        "A00.0000",
        "A000000",
        "a0.1",
        " 99213",
        "LT",
        "lt",
        "L",
        "5",
      ),
    );
    fc.assert(
      fc.property(fullClaim, near, near, near, (c, code, dx, mod) => {
        const claim = structuredClone(c) as Json;
        claim.lines[0].code = code;
        claim.diagnoses[0] = dx;
        claim.lines[claim.lines.length - 1].modifiers = [mod];
        sameClaim(claim);
      }),
      { numRuns: 1500 },
    );
    fc.assert(
      fc.property(fullContext, near, near, (x, code, mod) => {
        const context = structuredClone(x) as Json;
        if (context.history?.length) {
          context.history[0].code = code;
          context.history[0].modifiers = [mod];
        }
        if (context.authorizations?.length) context.authorizations[0].codes = [code];
        sameContext(context, { accumulators: declared });
      }),
      { numRuns: 800 },
    );
  });

  it("on mutated claims", () => {
    fc.assert(
      fc.property(mutated(fullClaim), fc.boolean(), (c, planned) => sameClaim(c, { planned })),
      { numRuns: 2000 },
    );
  });

  it("on valid and mutated contexts, with and without the plan's accumulators", () => {
    fc.assert(
      fc.property(fc.oneof(fullContext, mutated(fullContext)), fc.constantFrom(0, 1, 2), (c, mode) =>
        sameContext(c, mode === 0 ? {} : mode === 1 ? { accumulators: declared } : { accumulators: declared, allowUnknown: true }),
      ),
      { numRuns: 2000 },
    );
  });

  it("under tight limits", () => {
    const limits = fc.record(
      {
        claimLines: fc.integer({ min: 1, max: 8 }),
        listItems: fc.integer({ min: 1, max: 20 }),
        idLength: fc.integer({ min: 1, max: 10 }),
        stringLength: fc.integer({ min: 1, max: 12 }),
        units: fc.integer({ min: 1, max: 6 }),
        jsonDepth: fc.integer({ min: 1, max: 10 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fullClaim, fullContext, limits, (c, x, l) => {
        sameClaim(c, { limits: l });
        sameContext(x, { limits: l, accumulators: declared });
      }),
      { numRuns: 500 },
    );
  });

  it("on amounts given as JSON numbers: whole cents, floats with more places, huge, tiny and odd values", () => {
    const amount = fc.oneof(
      fc.nat({ max: 1e9 }).map((c) => c / 100),
      fc.constantFrom(0.1 + 0.2, 1e11, 1e11 + 0.01, 99999999999.99, 1e12, 1e13, 1e21, 5e-7, 1.005, 0.005, -0, -0.01, Infinity, Number.NaN),
      fc.double({ min: 0, max: 1e14 }),
    );
    fc.assert(
      fc.property(fullClaim, fullContext, amount, amount, (c, x, a, b) => {
        const claim = structuredClone(c) as Json;
        claim.lines[0].charge = a;
        claim.lines[claim.lines.length - 1].charge = b;
        sameClaim(claim);
        const context = structuredClone(x) as Json;
        context.accumulators = { ...context.accumulators, deductible: a, units: b };
        sameContext(context, {});
        sameContext(context, { accumulators: declared });
      }),
      { numRuns: 1000 },
    );
  });

  it("on line numbers in any order, with repeats, and on dates repeated across fields", () => {
    const numbers = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fullClaim, numbers, fc.constantFrom("2026-01-01", "2026-02-29", "2024-02-29"), (c, ns, date) => {
        const claim = structuredClone(c) as Json;
        const template = claim.lines[0];
        claim.lines = ns.map((lineNumber, i) => ({ ...(claim.lines[i] ?? template), lineNumber, serviceDate: date }));
        claim.receivedDate = date;
        sameClaim(claim);
        sameClaim(claim, { planned: true });
      }),
      { numRuns: 500 },
    );
  });

  it("on accumulator names in any order, integer-like names included, and on history in any order", () => {
    const names = fc.shuffledSubarray(["deductible", "out_of_pocket", "pt_visits", "10", "9", "0", "b", "A", "é"]);
    fc.assert(
      fc.property(fullContext, names, fc.nat(20), fc.constantFrom(0, 1, 2), (x, ns, seed, mode) => {
        const context = structuredClone(x) as Json;
        context.accumulators = Object.fromEntries(ns.map((n, i) => [n, i % 2 === 0 ? i : `${i}.50`]));
        if (Array.isArray(context.history)) context.history = shuffleKeys([...context.history].reverse(), seed);
        sameContext(context, mode === 0 ? {} : mode === 1 ? { accumulators: declared } : { accumulators: declared, allowUnknown: true });
      }),
      { numRuns: 500 },
    );
  });

  it("on fields given as undefined, known or not, on every object of a claim and a context", () => {
    // JSON never holds undefined, a host's object may: an optional field given as undefined is
    // as good as absent, an unknown one is still unknown, and the strict-object check counts keys
    const names = [
      "modifiers",
      "priorPayers",
      "priorAuthorization",
      "frequencyCode",
      "replaces",
      "adjustments",
      "to",
      "relationship",
      "employment",
      "cobra",
      "medicare",
      "subscriberBirthDate",
      "employerSize",
      "parentsSeparated",
      "coverage",
      "otherCoverage",
      "accumulators",
      "authorizations",
      "history",
      "id",
      "extra",
    ];
    const objects = (v: unknown) => paths(v).filter((p) => p.reduce((x: Json, k) => x[k], v as Json)?.constructor === Object);
    const withUndefined = <T>(base: fc.Arbitrary<T>) =>
      base.chain((v) =>
        fc.tuple(fc.constantFrom(...objects(v)), fc.constantFrom(...names)).map(([path, key]) => mutate(v, path, { kind: "add", key, value: undefined })),
      );
    fc.assert(
      fc.property(withUndefined(fullClaim), (c) => sameClaim(c)),
      { numRuns: 400 },
    );
    fc.assert(
      fc.property(withUndefined(fullContext), (x) => sameContext(x, { accumulators: declared })),
      { numRuns: 400 },
    );
  });

  it("builds plain objects and lists, as the zod path does (prototypes compared all the way down)", () => {
    const protos = (v: unknown): unknown[] => (v !== null && typeof v === "object" ? [Object.getPrototypeOf(v), ...Object.values(v).flatMap(protos)] : []);
    fc.assert(
      fc.property(fullClaim, fullContext, (c, x) => {
        const fast = fastParseClaim(c);
        const zod = parseClaimWithZod(c);
        if (fast && zod.ok) expect(protos(fast)).toEqual(protos(zod.claim));
        const fastContext = fastParseContext(x, { accumulators: declared });
        const zodContext = parseContextWithZod(x, { accumulators: declared });
        if (fastContext && zodContext.ok) expect(protos(fastContext)).toEqual(protos(zodContext.context));
        if (fast) for (const l of fast.lines) expect(Object.getPrototypeOf(l)).toBe(Object.prototype);
      }),
      { numRuns: 200 },
    );
  });

  it("on values that are not claims at all", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        sameClaim(v);
        sameContext(v);
      }),
      { numRuns: 300 },
    );
  });

  it("leaves an own __proto__ field to the zod path (its record schema skips that key)", () => {
    const x = fc.sample(fullContext, { numRuns: 1, seed: 3 })[0] as Json;
    for (const value of ["1.00", "x", 3]) {
      const acc = { ...x.accumulators };
      Object.defineProperty(acc, "__proto__", { value, enumerable: true, writable: true, configurable: true });
      const odd = { ...x, accumulators: acc };
      expect(fastParseContext(odd)).toBeNull();
      expect(parseContext(odd)).toStrictEqual(parseContextWithZod(odd));
      expect(parseContext(odd, { accumulators: declared })).toStrictEqual(parseContextWithZod(odd, { accumulators: declared }));
    }
  });

  it("leaves an object with another prototype to the zod path, which accepts it the same", () => {
    const c = fc.sample(fullClaim, { numRuns: 1, seed: 7 })[0] as Json;
    const odd = Object.assign(Object.create({ inherited: 1 }), c);
    expect(fastParseClaim(odd)).toBeNull();
    expect(parseClaim(odd).ok).toBe(parseClaimWithZod(odd).ok);
  });
});

describe("dayAt, the date reader by character codes", () => {
  /** dayAt's day number, or null when it gives up */
  const read = (text: string): number | null => {
    try {
      return dayAt(`x${text}y`, 1);
    } catch (e) {
      if (e === GIVE_UP) return null;
      throw e;
    }
  };
  const expected = (text: string): number | null => {
    const parsed = parseDate(text);
    return parsed.ok ? parsed.day : null;
  };
  const pad = (n: number, width: number) => String(n).padStart(width, "0");

  // it keeps the last date's month: dates read one after another, in any order, months and days
  // in and out of range (leap years, a month's last day and the one after), read as parseDate reads each
  it("reads any sequence of dates as parseDate does", () => {
    const date = fc
      .record({
        year: fc.constantFrom(1900, 1999, 2000, 2023, 2024, 2025, 2026, 2100),
        month: fc.integer({ min: 0, max: 13 }),
        day: fc.integer({ min: 0, max: 32 }),
      })
      .map(({ year, month, day }) => `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`);
    fc.assert(
      fc.property(fc.array(date, { minLength: 1, maxLength: 30 }), (texts) => {
        for (const text of texts) expect(read(text), text).toBe(expected(text));
      }),
      { numRuns: 300 },
    );
  });

  it("refuses a day beyond a month's end just after a day of that month", () => {
    for (const [valid, invalid] of [
      ["2024-02-29", "2024-02-30"],
      ["2023-02-01", "2023-02-29"],
      ["2026-04-30", "2026-04-31"],
      ["2026-01-01", "2026-01-00"],
    ] as const) {
      expect(read(valid)).toBe(expected(valid));
      expect(read(invalid), invalid).toBeNull();
      expect(read(valid)).toBe(expected(valid));
    }
  });
});
