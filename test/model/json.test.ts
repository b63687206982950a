// Strict reading of JSON input: errors by line and column, a byte-order mark accepted, a key
// given twice refused, nesting and size bounded; whatever JSON.parse accepts once is read alike.
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { jsonErrorText, parseJsonText, scanJsonText } from "../../src/model/json.js";

const error = (text: string, limits = {}) => {
  const r = parseJsonText(text, limits);
  if (r.ok) throw new Error(`accepted ${text}`);
  return jsonErrorText(r);
};

describe("reading JSON input", () => {
  it("says line and column of a syntax error, not a character offset", () => {
    expect(error('{\n  "id": "x",\n  "a": }')).toBe('line 3, column 8: expected a value (an object, list, text, number, true, false or null), found "}"');
    expect(error('{"a": 1,}')).toBe('line 1, column 9: expected a key in double quotes, found "}"');
    expect(error("[1, 2")).toBe("line 1, column 6: the text ends before its last object or list is closed");
    expect(error('{"a": "b\nc"}')).toBe("line 1, column 9: a text may not hold the control character U+000A; write it as an escape like \\n");
    expect(error("07")).toBe("line 1, column 1: a number may not start with 0 (write 7, not 07)");
    expect(error('{"a": 1} x')).toBe('line 1, column 10: expected the end of the text after the JSON value, found "x"');
    expect(error("")).toBe("line 1, column 1: there is no JSON value here (the text is empty)");
  });

  it("accepts a leading byte-order mark", () => {
    expect(parseJsonText('\ufeff{"a": [1, 2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
  });

  it("refuses a key given twice in one object, also when written with escapes, at the second", () => {
    expect(error('{"id": "A",\n "id": "B"}')).toBe(
      'line 2, column 2: the key "id" appears twice in this object (each key once: JSON readers disagree on which one counts)',
    );
    expect(error('{"a": 1, "\\u0061": 2}')).toContain('the key "a" appears twice');
    expect(parseJsonText('[{"a": 1}, {"a": 2}]').ok).toBe(true);
  });

  it("bounds nesting and size", () => {
    expect(error("[".repeat(65) + "]".repeat(65))).toContain("nested more than 64 deep");
    expect(parseJsonText("[".repeat(64) + "]".repeat(64)).ok).toBe(true);
    expect(parseJsonText("[".repeat(200_000)).ok).toBe(false);
    expect(error("[1]", { inputBytes: 2 })).toContain("longer than 2 characters");
  });

  it("agrees with JSON.parse on every document it accepts, and accepts every JSON.stringify output", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const text = JSON.stringify(value, null, 1);
        const r = parseJsonText(text);
        expect(r).toEqual({ ok: true, value: JSON.parse(text) });
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const r = parseJsonText(text);
        let native: unknown;
        let nativeOk = true;
        try {
          native = JSON.parse(text);
        } catch {
          nativeOk = false;
        }
        if (r.ok) expect(r.value).toEqual(native);
        // what JSON.parse refuses is refused (it accepts duplicate keys, which are refused here)
        if (!nativeOk) expect(r.ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("the quick path (JSON.parse, then key and depth counts) accepts exactly what the strict scan accepts", () => {
    // a JSON text, sometimes with one object's first key written again, sometimes nested deep
    const texts = fc
      .tuple(fc.jsonValue(), fc.constantFrom(0, 2), fc.boolean(), fc.integer({ min: 1, max: 6 }), fc.constantFrom("", "\\", '\\"', ":"))
      .map(([v, indent, repeat, nest, junk]) => {
        let text = JSON.stringify({ [`k${junk}`]: v, s: `a${junk}` }, null, indent);
        for (let i = 0; i < nest; i++) text = `[${text}]`;
        if (repeat) text = text.replace(/\{(\s*)("(?:[^"\\]|\\.)*")\s*:/, (_m, ws, key) => `{${ws}${key}: 0, ${key}:`);
        return text;
      });
    fc.assert(
      fc.property(texts, fc.integer({ min: 1, max: 12 }), (text, depth) => {
        const quick = parseJsonText(text, { jsonDepth: depth });
        const strict = scanJsonText(text, depth);
        expect(quick.ok).toBe(strict === null);
        if (quick.ok) expect(quick.value).toStrictEqual(JSON.parse(text));
        else expect(quick.message).toBe(strict);
      }),
      { numRuns: 2000 },
    );
  });
});
