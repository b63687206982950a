// Unit and property tests for src/model/money.ts: parsing, formatting and exact rounding.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MAX_CENTS, applyRate, formatMoney, formatPercent, parseDecimalToCents, parseMoney, parsePercent } from "../../src/model/money.js";

const cents = (input: unknown, allowNegative = false) => {
  const r = parseMoney(input, { allowNegative });
  return r.ok ? r.cents : r.message;
};

describe("parseMoney", () => {
  it("accepts numbers and decimal strings with at most two decimals", () => {
    expect(cents(125)).toBe(12500);
    expect(cents(125.5)).toBe(12550);
    expect(cents("125.50")).toBe(12550);
    expect(cents("125.5")).toBe(12550);
    expect(cents("0.01")).toBe(1);
    expect(cents(0.01)).toBe(1);
    expect(cents("0")).toBe(0);
    expect(cents("007.10")).toBe(710);
    expect(cents(0.29)).toBe(29); // 0.29 * 100 is 28.999999999999996 in floats
    expect(cents(1.15)).toBe(115);
    expect(cents(-0)).toBe(0);
    expect(Object.is(cents(-0), 0)).toBe(true);
  });

  it("rejects malformed amounts with a message", () => {
    expect(cents("1.234")).toBe('"1.234" has more than two decimals');
    expect(cents(1.234)).toBe("1.234 has more than two decimals");
    expect(cents(0.1 + 0.2)).toBe("0.30000000000000004 has more than two decimals");
    expect(cents("abc")).toBe('"abc" is not an amount like 125.50');
    for (const bad of ["", " 1", "1 ", ".5", "5.", "+5", "1,000.00", "1e3", "0x10", "١٢٣", "--1"]) {
      expect(parseMoney(bad).ok, bad).toBe(false);
    }
    expect(cents(NaN)).toMatch(/finite/);
    expect(cents(Infinity)).toMatch(/finite/);
    expect(cents(1e21)).toMatch(/too large/);
    expect(cents(1e-7)).toMatch(/more than two decimals/);
    for (const bad of [null, undefined, true, {}, [], 5n]) expect(parseMoney(bad).ok).toBe(false);
  });

  it("rejects negatives unless allowed", () => {
    expect(cents(-5)).toBe("expected an amount of zero or more, got -5");
    expect(cents("-3.10")).toMatch(/zero or more/);
    expect(cents("-3.10", true)).toBe(-310);
    expect(cents(-3.1, true)).toBe(-310);
    expect(Object.is(cents("-0.00", true), 0)).toBe(true);
  });

  it("caps amounts at MAX_CENTS", () => {
    expect(cents("100000000000.00")).toBe(MAX_CENTS);
    expect(cents("100000000000.01")).toMatch(/too large/);
    expect(cents("99999999999999999999")).toMatch(/too large/);
    expect(cents(String(MAX_CENTS / 100 - 0.01))).toBe(MAX_CENTS - 1);
  });
});

describe("formatMoney / parseDecimalToCents", () => {
  it("formats with two decimals", () => {
    expect(formatMoney(2500)).toBe("25.00");
    expect(formatMoney(-310)).toBe("-3.10");
    expect(formatMoney(0)).toBe("0.00");
    expect(formatMoney(-0)).toBe("0.00");
    expect(formatMoney(5)).toBe("0.05");
    expect(formatMoney(-5)).toBe("-0.05");
    expect(formatMoney(MAX_CENTS)).toBe("100000000000.00");
    expect(() => formatMoney(1.5)).toThrow(RangeError);
  });

  it("writes the digits of the exact decimal, for every safe integer (a BigInt reference)", () => {
    const reference = (c: number) => {
      const digits = (BigInt(c) < 0n ? -BigInt(c) : BigInt(c)).toString().padStart(3, "0");
      return `${c < 0 ? "-" : ""}${digits.slice(0, -2)}.${digits.slice(-2)}`;
    };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -1000, max: 1000 }),
          // each of formatMoney's three ways: under 1,000 dollars, under a million, and above
          fc.integer({ min: -200_000_000, max: 200_000_000 }),
          fc.constantFrom(99_999, 100_000, 100_001, 99_999_999, 100_000_000, 100_000_001, -99_999, -100_000, -99_999_999, -100_000_000),
          fc.maxSafeInteger(),
          fc.maxSafeNat().map((n) => -n),
        ),
        (c) => {
          expect(formatMoney(c)).toBe(reference(c));
        },
      ),
      { numRuns: 3000 },
    );
    expect(formatMoney(Number.MAX_SAFE_INTEGER)).toBe("90071992547409.91");
    expect(formatMoney(-Number.MAX_SAFE_INTEGER)).toBe("-90071992547409.91");
  });

  it("parseDecimalToCents reads result strings", () => {
    expect(parseDecimalToCents("25.00")).toBe(2500);
    expect(parseDecimalToCents("-3.10")).toBe(-310);
    expect(parseDecimalToCents("x")).toBeNull();
  });

  it("round-trips every amount (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_CENTS, max: MAX_CENTS }), (c) => {
        const text = formatMoney(c);
        expect(/^-?\d+\.\d{2}$/.test(text)).toBe(true);
        expect(parseMoney(text, { allowNegative: true })).toEqual({ ok: true, cents: c + 0 });
        // a JSON number with the same digits parses to the same cents
        expect(parseMoney(Number(text), { allowNegative: true })).toEqual({ ok: true, cents: c + 0 });
      }),
      { numRuns: 2000 },
    );
  });
});

describe("parsePercent / formatPercent", () => {
  it("parses to basis points", () => {
    const bp = (v: unknown) => {
      const r = parsePercent(v);
      return r.ok ? r.basisPoints : r.message;
    };
    expect(bp("20")).toBe(2000);
    expect(bp("12.5")).toBe(1250);
    expect(bp("12.55")).toBe(1255);
    expect(bp(40)).toBe(4000);
    expect(bp("0")).toBe(0);
    expect(bp("150")).toBe(15000);
    expect(bp("12.555")).toMatch(/more than two decimals/);
    expect(bp("20%")).toMatch(/not a percentage/);
    expect(bp("-5")).toMatch(/zero or more/);
    expect(parsePercent("-5", { allowNegative: true })).toEqual({ ok: true, basisPoints: -500 });
    expect(bp(null)).toMatch(/expected a percentage/);
  });

  it("formats the shortest exact text", () => {
    expect(formatPercent(2000)).toBe("20");
    expect(formatPercent(1250)).toBe("12.5");
    expect(formatPercent(1255)).toBe("12.55");
    expect(formatPercent(5)).toBe("0.05");
    expect(formatPercent(-1250)).toBe("-12.5");
    fc.assert(
      fc.property(fc.integer({ min: -1e8, max: 1e8 }), (b) => {
        expect(parsePercent(formatPercent(b), { allowNegative: true })).toEqual({ ok: true, basisPoints: b + 0 });
      }),
    );
  });
});

/** the obviously-right reference: BigInt, half away from zero */
function referenceRate(c: number, bp: number): number {
  const p = BigInt(c) * BigInt(bp);
  const neg = p < 0n;
  const a = neg ? -p : p;
  const q = (a + 5000n) / 10000n;
  return Number(neg ? -q : q);
}

describe("applyRate", () => {
  it("rounds to the cent, half away from zero", () => {
    expect(applyRate(250, 2000)).toBe(50); // 20% of 2.50
    expect(applyRate(4, 1250)).toBe(1); // 12.5% of 0.04 = 0.005 → 0.01
    expect(applyRate(-4, 1250)).toBe(-1);
    expect(applyRate(3, 5000)).toBe(2); // 1.5 → 2
    expect(applyRate(-3, 5000)).toBe(-2);
    expect(applyRate(1, 4999)).toBe(0);
    expect(applyRate(-1, 4999)).toBe(0);
    expect(Object.is(applyRate(-1, 4999), 0)).toBe(true);
    expect(applyRate(12345, 10000)).toBe(12345);
    expect(applyRate(0, 2000)).toBe(0);
    expect(applyRate(MAX_CENTS, 2000)).toBe(MAX_CENTS / 5);
    expect(applyRate(MAX_CENTS - 1, 3333)).toBe(referenceRate(MAX_CENTS - 1, 3333));
    expect(() => applyRate(1.5, 100)).toThrow(RangeError);
  });

  it("matches a BigInt reference (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_CENTS, max: MAX_CENTS }), fc.integer({ min: -1_000_000, max: 1_000_000 }), (c, bp) => {
        expect(applyRate(c, bp)).toBe(referenceRate(c, bp));
      }),
      { numRuns: 5000 },
    );
    // small amounts hit the exact halves often
    fc.assert(
      fc.property(fc.integer({ min: -20_000, max: 20_000 }), fc.integer({ min: -20_000, max: 20_000 }), (c, bp) => {
        expect(applyRate(c, bp)).toBe(referenceRate(c, bp));
      }),
      { numRuns: 5000 },
    );
  });
});
