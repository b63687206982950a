// The sort key scanned from a record's bytes (src/batch/scan.ts) against the one `sortKeyOf`
// takes from JSON.parse: whenever the scanner answers, it answers the same, over valid records
// and tricky ones (escapes, unicode, whitespace, key order, duplicate keys, nested objects with
// the same names, damaged text); and on ordinary records it does answer.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { scanSortKey } from "../../src/batch/scan.js";
import { sortKeyOf } from "../../src/batch/order.js";
import { keysInText, parseJsonText } from "../../src/model/json.js";
import { generatedLines } from "../cli/batch-support.js";
import { CONTEXT, officeVisit } from "./support.js";

/** JSON with objects as lists of members, so a key can be given twice */
type Doc = null | boolean | number | string | Doc[] | { members: Array<[string, Doc]> };

/** the scanner's key and sortKeyOf's, for the text the bytes decode to (as the batch reads it) */
function both(text: string): { scanned: ReturnType<typeof scanSortKey>; parsed: { member: string; day: number; keys: number } } {
  const bytes = Buffer.from(text, "utf8");
  const decoded = bytes.toString("utf8");
  const { member, day } = sortKeyOf(decoded, 1);
  // scan in the middle of a larger buffer: the scanner must keep to [start, end)
  const framed = Buffer.concat([Buffer.from('{"x":"'), bytes, Buffer.from('"}\n')]);
  const scanned = scanSortKey(framed, 6, 6 + bytes.length);
  // the keys the strict reader counts in the text: only for JSON, which the text is whenever the scanner answers
  const keys = scanned === null ? -1 : keysInText(decoded);
  return { scanned, parsed: { member, day, keys } };
}

function agrees(text: string): boolean {
  const { scanned, parsed } = both(text);
  if (scanned !== null) {
    expect(scanned).toEqual(parsed);
    // the strict reader given the scanner's count reads the text as it does alone (a repeated key included)
    const decoded = Buffer.from(text, "utf8").toString("utf8");
    expect(parseJsonText(decoded, {}, scanned.keys)).toEqual(parseJsonText(decoded));
  }
  return scanned !== null;
}

const WS = fc.constantFrom("", " ", "  ", "\t", "\r", "\n", " \r\n ");
const NAMES = fc.constantFrom("claim", "context", "member", "id", "lines", "serviceDate", "x", "é", "claims", "Claim", "");
const STRINGS = fc.oneof(
  fc.constantFrom("M-1", "M-2", "2026-03-01", "2026-02-30", "2026-1-1", "", "M\u00e9", "M\u{1F600}", 'a"b', "a\\b", "\u0000", "\u2028", "\ud800"),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: "grapheme", maxLength: 4 }),
);

const doc: fc.Arbitrary<Doc> = fc.letrec<{ doc: Doc }>((tie) => ({
  doc: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
    STRINGS,
    fc.array(tie("doc"), { maxLength: 4 }),
    fc.record({ members: fc.array(fc.tuple(NAMES, tie("doc")), { maxLength: 5 }) }),
  ),
})).doc;

/** a key the scanner must understand: plain, or with characters written as escapes */
function writeString(s: string, escapeAll: boolean): string {
  if (!escapeAll) return JSON.stringify(s);
  return `"${[...s].map((ch) => [...ch].map((_, i) => `\\u${ch.charCodeAt(i).toString(16).padStart(4, "0")}`).join("")).join("")}"`;
}

function write(d: Doc, ws: string[], escapes: boolean[], at = { i: 0 }): string {
  const space = () => ws[at.i++ % ws.length] ?? "";
  const escaped = () => escapes[at.i++ % escapes.length] ?? false;
  if (d === null || typeof d !== "object") return typeof d === "string" ? writeString(d, escaped()) : JSON.stringify(d);
  if (Array.isArray(d)) return `[${space()}${d.map((x) => write(x, ws, escapes, at) + space()).join(`,${space()}`)}]`;
  return `{${space()}${d.members.map(([k, v]) => `${writeString(k, escaped())}${space()}:${space()}${write(v, ws, escapes, at)}${space()}`).join(`,${space()}`)}}`;
}

/** a claim-shaped document: records like the batch's, with room for every oddity */
const claimLike: fc.Arbitrary<Doc> = fc
  .record({
    id: fc.oneof(STRINGS, doc),
    dates: fc.array(fc.oneof(STRINGS, fc.constantFrom("2026-01-05", "2025-12-31", "2026-02-28"), doc), { maxLength: 4 }),
    lineExtras: fc.array(fc.tuple(NAMES, doc), { maxLength: 2 }),
    memberExtras: fc.array(fc.tuple(NAMES, doc), { maxLength: 2 }),
    claimExtras: fc.array(fc.tuple(NAMES, doc), { maxLength: 2 }),
    topExtras: fc.array(fc.tuple(NAMES, doc), { maxLength: 2 }),
    wrap: fc.boolean(),
    shuffle: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
  })
  .map(({ id, dates, lineExtras, memberExtras, claimExtras, topExtras, wrap, shuffle }) => {
    const order = <T>(xs: T[], k: number): T[] =>
      xs
        .map((x, i) => [x, (shuffle[(i + k) % 8]! * 31 + i) % 97] as const)
        .sort((a, b) => a[1] - b[1])
        .map((x) => x[0]);
    const lines: Doc = dates.map((d, i) => ({ members: order<[string, Doc]>([["lineNumber", i + 1], ["serviceDate", d], ...lineExtras], i) }));
    const member: Doc = { members: order<[string, Doc]>([["id", id], ...memberExtras], 1) };
    const claim: Doc = { members: order<[string, Doc]>([["id", "C-1"], ["member", member], ["lines", lines], ...claimExtras], 2) };
    return wrap ? { members: order<[string, Doc]>([["claim", claim], ["context", { members: [["member", member]] }], ...topExtras], 3) } : claim;
  });

const layout = fc.record({ ws: fc.array(WS, { minLength: 1, maxLength: 7 }), escapes: fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }) });

describe("sort keys from the raw bytes", () => {
  it("agree with JSON.parse on claim-shaped records of every kind", () => {
    let sure = 0;
    let runs = 0;
    fc.assert(
      fc.property(claimLike, layout, fc.boolean(), (d, { ws, escapes }, bom) => {
        runs++;
        if (agrees((bom ? "\ufeff" : "") + write(d, ws, escapes))) sure++;
      }),
      { numRuns: 3000, seed: 1 },
    );
    // not vacuous: most of these records are read by the scanner itself
    expect(sure).toBeGreaterThan(runs / 2);
  });

  it("agree with JSON.parse on any JSON value and on damaged text", () => {
    fc.assert(
      fc.property(fc.oneof(doc, claimLike), layout, (d, { ws, escapes }) => {
        agrees(write(d, ws, escapes));
      }),
      { numRuns: 2000 },
    );
    const damage = fc.record({
      at: fc.nat(),
      cut: fc.nat({ max: 3 }),
      insert: fc.constantFrom("", ",", "}", "]", '"', "\\", ":", "0", "-", "\u0001", "\u00a0", "x", "[", "{", "e", ".", "\ud800"),
    });
    fc.assert(
      fc.property(claimLike, layout, damage, (d, { ws, escapes }, { at, cut, insert }) => {
        const text = write(d, ws, escapes);
        const i = at % (text.length + 1);
        agrees(text.slice(0, i) + insert + text.slice(i + cut));
      }),
      { numRuns: 3000 },
    );
  });

  it("agree on hand-picked tricky records", () => {
    const visit = officeVisit("C-1", "M-1", "2026-03-02");
    const cases = [
      JSON.stringify(visit),
      JSON.stringify({ claim: visit, context: CONTEXT }),
      JSON.stringify({ context: CONTEXT, claim: visit }),
      JSON.stringify({ claim: visit, context: CONTEXT, extra: 1 }),
      '{"claim":{"member":{"id":"A"},"member":{"name":"B"}}}',
      '{"claim":{"member":{"id":"A"}},"claim":{"member":{"id":"B"}}}',
      '{"member":{"id":"A","id":"B"},"lines":[{"serviceDate":"2026-01-02","serviceDate":"2026-01-01"}]}',
      '{"member":{"id":"\\u0041\\n"},"lines":[{"serviceDate":"2026-01-0\\u0033"}]}',
      '{"\\u0063laim":{"member":{"id":"A"}}}',
      '{"claim":{"member":{"id":"A"}},"context":{"claim":{"member":{"id":"Z"}}}}',
      '{"member":{"id":"M\u00e9"}}',
      '{"member":{"id":"A"},"nested":{"member":{"id":"Z"},"lines":[{"serviceDate":"2000-01-01"}]}}',
      '\ufeff{"member":{"id":"A"}}',
      ' \t{"member" : { "id" : "A" } , "lines" : [ 1 , {"serviceDate":"2026-02-30"} , {"serviceDate":"2026-02-28"} ] } \r',
      '{"member":{"id":"A"}}x',
      '{"member":{"id":"A"},}',
      '{"member":{"id":01}}',
      '{"member":{"id":"A"},"n":-0.5e+3,"m":1E2,"t":[true,false,null]}',
      '{"claim":[1],"context":{}}',
      '{"claim":null}',
      "[]",
      "5",
      `{"a":${"[".repeat(100)}${"]".repeat(100)},"member":{"id":"A"}}`,
    ];
    for (const c of cases) agrees(c);
    // the plain ones are read by the scanner itself
    expect(both(cases[0]!).scanned).toEqual({ member: '"M-1"', day: both(cases[0]!).parsed.day, keys: both(cases[0]!).parsed.keys });
    expect(both(cases[6]!).scanned).toEqual({ member: '"B"', day: both(cases[6]!).parsed.day, keys: both(cases[6]!).parsed.keys });
    expect(both(cases[8]!).scanned).toEqual({ member: '"A"', day: -2147483648, keys: 3 });
    expect(both(cases[9]!).scanned?.member).toBe('"A"');
    expect(both(cases[14]!).scanned).toBeNull();
  });

  it("skips values no key depends on in one loop: nesting to its limit, keys counted, containers closed in order", () => {
    // values nested k deep beside the member: the scanner follows 63 levels under the record, and leaves deeper ones to the parser
    const nested = (k: number, inner: string) => `{"member":{"id":"A"},"context":${'[{"h":'.repeat(k)}${inner}${"}]".repeat(k)}}`;
    expect(agrees(nested(31, "1"))).toBe(true);
    expect(both(nested(31, "1")).scanned?.member).toBe('"A"');
    expect(agrees(nested(32, "1"))).toBe(false);
    expect(agrees(`{"member":{"id":"A"},"x":${"[".repeat(63)}${"]".repeat(63)}}`)).toBe(true);
    expect(agrees(`{"member":{"id":"A"},"x":${"[".repeat(64)}${"]".repeat(64)}}`)).toBe(false);
    // every key inside skipped objects is counted, a repeated one each time
    const counted = '{"member":{"id":"A"},"context":{"a":{"b":1,"b":[{"c":{}},{"d":[]}]},"e":"x"}}';
    expect(agrees(counted)).toBe(true);
    expect(both(counted).scanned?.keys).toBe(9);
    for (const c of [
      '{"member":{"id":"A"},"context":{"a":[{]}}',
      '{"member":{"id":"A"},"context":{"a":[}]}',
      '{"member":{"id":"A"},"context":{"a":[1,]}}',
      '{"member":{"id":"A"},"context":{"a":{"b":1,}}}',
      '{"member":{"id":"A"},"context":{"a":{"b" 1}}}',
      '{"member":{"id":"A"},"context":{"a":{1:1}}}',
      '{"member":{"id":"A"},"context":{"a":[tru]}}',
      '{"member":{"id":"A"},"context":{"a":[nul,1]}}',
      '{"member":{"id":"A"},"context":{"a":"\\x"}}',
      '{"member":{"id":"A"},"context":{"a":"\\u12G4"}}',
      '{"member":{"id":"A"},"context":{"a":"tab\there"}}',
      '{"member":{"id":"A"},"context":{"a":[1.e5]}}',
      '{"member":{"id":"A"},"context":{"a":[-]}}',
      '{"member":{"id":"A"},"context":{"a":[[[]]}',
      '{"member":{"id":"A"},"context":{"a":[ { "b" : [ 1 , "x" , null , { } ] } ] }}',
    ])
      agrees(c);
    expect(both('{"member":{"id":"A"},"context":{"a":[{]}}').scanned).toBeNull();
    expect(both('{"member":{"id":"A"},"context":{"a":[ { "b" : [ 1 , "x" , null , { } ] } ] }}').scanned).toEqual({ member: '"A"', day: -2147483648, keys: 5 });
  });

  it("reads a claim line's members in one loop: its last serviceDate, its keys counted, damage refused", () => {
    const claim = (lines: string) => `{"claim":{"member":{"id":"A"},"lines":${lines}},"context":{}}`;
    const day = (text: string) => both(text).parsed.day;
    const answered = (lines: string) => {
      const text = claim(lines);
      expect(agrees(text)).toBe(true);
      return both(text).scanned!;
    };
    // the last serviceDate of each line, the lowest over the lines; a later non-string one leaves none
    expect(answered('[{"serviceDate":"2026-01-05","serviceDate":"2026-01-09"},{"serviceDate":"2026-01-07"}]').day).toBe(
      day(claim('[{"serviceDate":"2026-01-07"}]')),
    );
    expect(answered('[{"serviceDate":"2026-01-05","serviceDate":7},{"serviceDate":"2026-01-08"}]').day).toBe(day(claim('[{"serviceDate":"2026-01-08"}]')));
    expect(answered('[{"serviceDate":null}]').day).toBe(-2147483648);
    expect(answered('[{"serviceDate":"2026-02-30"}]').day).toBe(-2147483648);
    // the key written with escapes is the name; a near name or one beyond ASCII is not
    expect(answered('[{"service\\u0044ate":"2026-01-05"}]').day).toBe(day(claim('[{"serviceDate":"2026-01-05"}]')));
    expect(answered('[{"serviceDat\\u00e9":"2026-01-05"}]').day).toBe(-2147483648);
    expect(answered('[{"servicedate":"2026-01-05","serviceDates":"2026-01-04","serviceDat":"2026-01-03"}]').day).toBe(-2147483648);
    expect(answered('[{"x\\n":1,"serviceDate":"2026-01-0\\u0035"}]').day).toBe(day(claim('[{"serviceDate":"2026-01-05"}]')));
    // white space everywhere, empty lines, values of every kind beside the date, keys inside them counted
    const spaced = answered(' [ { } , { "a" : [ 1 , { "b" : { } } ] , "serviceDate" : "2026-01-05" , "c" : true } , 3 ] ');
    expect(spaced.day).toBe(day(claim('[{"serviceDate":"2026-01-05"}]')));
    expect(spaced.keys).toBe(both(claim('[{},{"a":[1,{"b":{}}],"serviceDate":"2026-01-05","c":true},3]')).parsed.keys);
    // a date with bytes beyond ASCII is left to the parser
    expect(both(claim('[{"serviceDate":"2026-01-0\u00e9"}]')).scanned).toBeNull();
    agrees(claim('[{"serviceDate":"2026-01-0\u00e9"}]'));
    // damaged lines: refused (null), as JSON.parse refuses them
    for (const lines of [
      '[{"serviceDate" "2026-01-05"}]',
      '[{"serviceDate":"2026-01-05",}]',
      '[{"serviceDate":"2026-01-05"]',
      '[{"serviceDate":"2026-01-05"',
      '[{"serviceDate":"2026-01-05\\x"}]',
      '[{"serviceDate":"2026-01-05\t"}]',
      '[{serviceDate:"2026-01-05"}]',
      '[{"serviceDate":}]',
      '[{"a":[1,],"serviceDate":"2026-01-05"}]',
      '[{"a":1 "serviceDate":"2026-01-05"}]',
      '[{"serviceDate\\q":"2026-01-05"}]',
      "[{,}]",
      "[{",
    ]) {
      expect(both(claim(lines)).scanned).toBeNull();
      agrees(claim(lines));
    }
    // nesting inside a line to the scanner's limit: the record, claim, lines and line are 4 levels
    const deep = (k: number) => claim(`[{"a":${"[".repeat(k)}${"]".repeat(k)},"serviceDate":"2026-01-05"}]`);
    expect(agrees(deep(60))).toBe(true);
    expect(agrees(deep(61))).toBe(false);
    agrees(deep(61));
  });

  it("reads every generated record itself, with the key JSON.parse gives", () => {
    for (const line of generatedLines(5, 300)) expect(agrees(line)).toBe(true);
  });
});
