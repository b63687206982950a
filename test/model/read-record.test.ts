// Tests for src/model/read-record.ts, the one-pass reader of a record's text: whatever record it
// is given, it either declines (null) or returns what the general path (the strict JSON reader,
// then validation: parseRecordGenerally) returns, the same objects with the same prototypes, keys
// in the same order and the same values. Over generated claims and contexts, the bench
// generator's records, and damaged texts (keys reordered or repeated, escapes, non-ASCII,
// numbers as strings and strings as numbers, other number forms, white space, cut short, a
// character changed). And on the plain records a batch reads, it does answer.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readRecordText } from "../../src/model/read-record.js";
import { splitRecord } from "../../src/batch/records.js";
import { parseJsonText } from "../../src/model/json.js";
import { parseClaim, parseContext } from "../../src/model/schemas.js";
import type { Limits } from "../../src/common/limits.js";
import { claim as claimArb, context as contextArb, shuffleKeys } from "../support/arbitraries.js";
import { generatedLines } from "../cli/batch-support.js";
import { accumulators, difference, disagreement, type Json } from "./read-record-support.js";

/** the reader declines, or agrees with the general path; true when it answered */
function agrees(text: string, limits?: Partial<Limits>): boolean {
  const d = disagreement(text, limits);
  if (d === undefined) return false;
  expect(d, text).toBeNull();
  return true;
}

const record = fc.record({ claim: claimArb, context: contextArb });
const written = (r: unknown) => JSON.stringify(r);

/** the k-th match of a pattern in the text, replaced (the text unchanged when there are fewer) */
function replaceNth(text: string, pattern: RegExp, k: number, by: (m: RegExpExecArray) => string): string {
  const matches = [...text.matchAll(new RegExp(pattern.source, "g"))];
  if (matches.length === 0) return text;
  const m = matches[k % matches.length]! as RegExpExecArray;
  return text.slice(0, m.index) + by(m) + text.slice(m.index + m[0].length);
}

const NUMBER_FORMS = [
  "0",
  "1",
  "-0",
  "-1",
  "01",
  "1.0",
  "1.00",
  "1.000",
  "1.5",
  "1.05",
  "1e0",
  "1E2",
  "0.1e1",
  "10",
  "2",
  "12345678901",
  "99999999999.99",
  "100000000000.01",
  "1234567890123456",
  '"1"',
  '"1.5"',
  "true",
  "null",
];
const INSERTS = [" ", "\\", '"', ",", "{", "}", "[", "]", ":", "é", "0", "-", ".", "e", "x", "\u0000", "\n", "\u2028", "\ud800"];
const EXTRA_KEYS = ['"id":"D",', '"lineNumber":1,', '"asOf":"2026-01-01",', '"claim":{},', '"x":1,', '"__proto__":{},', '"units":1,', '"code":"99213",'];

/** one damage to a record's text, chosen by kind and two numbers */
function damage(text: string, kind: number, a: number, b: number): string {
  const at = a % (text.length + 1);
  switch (kind) {
    case 0: // cut short
      return text.slice(0, at);
    case 1: // a character inserted
      return text.slice(0, at) + INSERTS[b % INSERTS.length]! + text.slice(at);
    case 2: // a character dropped
      return text.slice(0, at) + text.slice(at + 1);
    case 3: // a letter of a string written as an escape (the same value)
      return replaceNth(text, /"([A-Za-z0-9])/, b, (m) => `"\\u00${m[1]!.charCodeAt(0).toString(16)}`);
    case 4: // a key repeated, or another key added
      return replaceNth(text, /\{"/, a, () => `{${EXTRA_KEYS[b % EXTRA_KEYS.length]}"`);
    case 5: // a number written as a string
      return replaceNth(text, /:(\d+(?:\.\d+)?)([,}\]])/, a, (m) => `:"${m[1]}"${m[2]}`);
    case 6: // a string of digits written as a number
      return replaceNth(text, /:"(\d+(?:\.\d+)?)"/, a, (m) => `:${m[1]}`);
    case 7: // a number in another form
      return replaceNth(text, /:(\d+(?:\.\d+)?)([,}\]])/, a, (m) => `:${NUMBER_FORMS[b % NUMBER_FORMS.length]}${m[2]}`);
    case 8: // white space between tokens
      return replaceNth(text, /[,:{}[\]]/, a, (m) => [" ", "\n", "\t ", "\r\n"][b % 4] + m[0] + " ");
    case 9: // a non-ASCII character in a string
      return replaceNth(text, /"([A-Za-z])/, a, (m) => `"${["é", "\u00a0", "😀", "\u2028"][b % 4]}${m[1]}`);
    default: // a value replaced by a string of other digits or a date
      return replaceNth(text, /:"[^"]*"/, a, () => `:${['"2026-02-30"', '"99213"', '"Z0000"', '""', '" "', '"1234567893"', '"in"', '"F"'][b % 8]}`);
  }
}

describe("the one-pass reader", () => {
  it("answers for every record of the bench generator, as the general path does", () => {
    const lines = generatedLines(20261123, 300);
    let answered = 0;
    for (const line of lines) if (agrees(line)) answered++;
    expect(answered).toBe(lines.length);
  });

  it("answers for generated claims with contexts, bare claims and keys in any order, as the general path does", () => {
    let answered = 0;
    let runs = 0;
    fc.assert(
      fc.property(record, fc.nat(), fc.boolean(), (r, seed, bare) => {
        runs++;
        const plain = written(bare ? r.claim : r);
        if (agrees(plain)) answered++;
        // keys in another order: the reader may decline (a line before its claim's date), else agrees
        agrees(written(shuffleKeys(bare ? r.claim : r, seed)));
        agrees(JSON.stringify(bare ? r.claim : r, null, seed % 3));
      }),
      { numRuns: 300, seed: 1 },
    );
    // the generated records are valid and plain, save the odd one the general path refuses
    expect(answered).toBeGreaterThan(runs * 0.9);
  });

  it("agrees on records with every optional field, lower-case codes and amounts in every form", () => {
    /** the odd value one time in four, else the plain one: most records stay valid */
    const rarely = <T>(plain: T, odd: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(plain), weight: 3 }, { arbitrary: odd, weight: 1 });
    const extras = fc.record({
      frequencyCode: rarely<string | undefined>(undefined, fc.constantFrom("1", "7", "8", "9")),
      replaces: rarely<string | undefined>(undefined, fc.constantFrom("C-0", " ", "")),
      priorPayers: rarely<unknown>(undefined, fc.constantFrom([], [{ payerId: "P", lines: [] }])),
      priorAuthorization: rarely<unknown>(undefined, fc.constantFrom(null, "PA-1", 7, "pa 1/2", " PA")),
      code: rarely("99213", fc.constantFrom("g0121", " 99213", "99213 ", "0001F", "A1234")),
      diagnosis: rarely("Z00.00", fc.constantFrom("z0000", "Z00.", "M54.50")),
      charge: fc.oneof(
        fc.integer({ min: 0, max: 10_000_000_000_000 }).map((c) => (c / 100).toString()),
        fc.integer({ min: 0, max: 10_000_000_000_000 }).map((c) => `"${(c / 100).toFixed(2)}"`),
        fc.constantFrom("100000000000.01", "99999999999.99", "100000000000", '"0001.50"', '"1."', '"1.5"'),
      ),
      otherCoverage: rarely<unknown[] | undefined>(
        undefined,
        fc.array(
          fc.record(
            {
              planId: fc.constantFrom("OTHER", ""),
              from: fc.constantFrom("2025-01-01", "2026-07-01"),
              to: fc.constantFrom(null, "2024-01-01", "2027-01-01"),
              relationship: fc.constantFrom("self", "spouse", "child", "other", "boss"),
              employment: fc.constantFrom("active", "retired", "laid_off"),
              cobra: fc.boolean(),
              medicare: fc.constantFrom(true, false, null),
              subscriberBirthDate: fc.constantFrom("1970-01-01", "1970-13-01"),
              employerSize: fc.constantFrom(0, 20, 100, -1, 1.5),
              parentsSeparated: fc.boolean(),
            },
            { requiredKeys: ["planId", "from"] },
          ),
          { maxLength: 3 },
        ),
      ),
      history: fc.array(fc.constantFrom("2026-01-05", "2025-12-31"), { maxLength: 3 }),
      accumulators: rarely<Record<string, unknown>>(
        {},
        fc.dictionary(fc.constantFrom("deductible", "pt_visits", "units", "nope", "__proto__", "10"), fc.constantFrom(0, 1, 12.5, "12.50", "7", -1, "x"), {
          maxKeys: 3,
        }),
      ),
    });
    let answered = 0;
    fc.assert(
      fc.property(record, extras, (r, x) => {
        const c: Json = { ...r.claim };
        const ctx: Json = { ...r.context };
        for (const k of ["frequencyCode", "replaces", "priorPayers", "priorAuthorization"] as const) if (x[k] !== undefined) c[k] = x[k];
        c.lines = c.lines.map((l: Json, i: number) => (i === 0 ? { ...l, code: x.code, charge: "@CHARGE@" } : l));
        c.diagnoses = [x.diagnosis, ...c.diagnoses.slice(1)];
        if (x.otherCoverage !== undefined) ctx.otherCoverage = x.otherCoverage;
        ctx.history = [...ctx.history, ...x.history.map((d) => ({ claimId: "C-X", serviceDate: d, code: "99213", providerNpi: "1234567893", status: "paid" }))];
        ctx.accumulators = { ...ctx.accumulators, ...x.accumulators };
        if (agrees(JSON.stringify({ claim: c, context: ctx }).replace('"@CHARGE@"', x.charge))) answered++;
      }),
      { numRuns: 400, seed: 1 },
    );
    expect(answered).toBeGreaterThan(20);
  });

  it("declines or agrees on damaged records: cut short, keys repeated, escapes, unicode, numbers in other forms, white space", () => {
    const base = generatedLines(7, 40);
    let answered = 0;
    fc.assert(
      fc.property(fc.nat(base.length - 1), fc.array(fc.tuple(fc.nat(10), fc.nat(), fc.nat()), { minLength: 1, maxLength: 3 }), (n, damages) => {
        let text = base[n]!;
        for (const [kind, a, b] of damages) text = damage(text, kind, a, b);
        if (agrees(text)) answered++;
      }),
      { numRuns: 1500, seed: 1 },
    );
    // white space, reordering and values that stay valid keep many records readable
    expect(answered).toBeGreaterThan(50);
  });

  it("declines what it does not read for sure: escapes, non-ASCII, repeated keys, other number forms, a byte-order mark", () => {
    const [line] = generatedLines(3, 1);
    const plain = line!;
    expect(readRecordText(plain, { accumulators })).not.toBeNull();
    for (const text of [
      plain.replace('"claim":{"id":"', '"claim":{"id":"\\u0043'),
      plain.replace('"receivedDate"', '"receivedDat\\u0065"'),
      plain.replace('"claim":{"id":"', '"claim":{"id":"é'),
      plain.replace('"claim":{', '"claim":{"id":"X",'),
      plain.replace('"units":1', '"units":1.0'),
      plain.replace('"units":1', '"units":1e0'),
      plain.replace('"units":1', '"units":-0'),
      `\ufeff${plain}`,
      `${plain}x`,
      plain.slice(0, -1),
      plain.replace('"context":{', '"context":{"extra":1,'),
    ])
      expect(readRecordText(text, { accumulators }), text.slice(0, 80)).toBeNull();
    // white space anywhere between tokens is read
    expect(readRecordText(` \r\n${plain.replaceAll(",", " ,\n\t").replaceAll(":", " : ")}\n `, { accumulators })).not.toBeNull();
  });

  it("declines or agrees under any limits", () => {
    const base = generatedLines(11, 20);
    fc.assert(
      fc.property(
        fc.nat(base.length - 1),
        fc.record(
          {
            claimLines: fc.integer({ min: 1, max: 12 }),
            listItems: fc.integer({ min: 1, max: 20 }),
            idLength: fc.integer({ min: 1, max: 30 }),
            stringLength: fc.integer({ min: 1, max: 30 }),
            units: fc.integer({ min: 1, max: 3 }),
            jsonDepth: fc.integer({ min: 1, max: 8 }),
            inputBytes: fc.integer({ min: 100, max: 5000 }),
          },
          { requiredKeys: [] },
        ),
        (n, limits) => {
          agrees(base[n]!, limits);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("reads a context without the plan's declarations as parseContext does", () => {
    fc.assert(
      fc.property(record, (r) => {
        const text = written(r);
        const read = readRecordText(text);
        if (read === null) return;
        const split = splitRecord((parseJsonText(text) as { value: unknown }).value) as { claim: unknown; context: unknown };
        const claim = parseClaim(split.claim);
        const context = parseContext(split.context);
        expect(claim.ok && context.ok).toBe(true);
        if (!claim.ok || !context.ok) return;
        expect(difference(read.claim, claim.claim)).toBeNull();
        expect(difference(read.context, context.context)).toBeNull();
      }),
      { numRuns: 100 },
    );
  });
});

describe("the one-pass reader's table of short strings", () => {
  // two short strings that differ only in characters its slot's hash does not look at (not the
  // first, the middle or the last two) take the same slot: each must still be read as itself
  it("reads strings that share a slot as their own text", () => {
    const [line] = generatedLines(1, 1);
    const text = line!;
    const memberId = /"member":\{"id":"([^"]+)"/.exec(text)![1]!;
    expect(memberId.length).toBeGreaterThan(4);
    const ids = ["1", "2", "3", "1"].map((c) => memberId.slice(0, 1) + c + memberId.slice(2));
    for (const id of ids) {
      const read = readRecordText(text.replace(`"member":{"id":"${memberId}"`, `"member":{"id":"${id}"`), { accumulators });
      expect(read?.claim.member.id).toBe(id);
    }
  });
});
