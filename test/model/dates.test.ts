// Unit and property tests for src/model/dates.ts. JS Date (in UTC) serves only as an
// independent reference here; the code under test never uses it.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  addDays,
  addMonths,
  addYears,
  civilFromDay,
  dayFromCivil,
  daysBetween,
  daysInMonth,
  formatDate,
  isLeapYear,
  parseDate,
  yearsBetween,
} from "../../src/model/dates.js";

const d = (text: string): number => {
  const r = parseDate(text);
  if (!r.ok) throw new Error(r.message);
  return r.day;
};
const MS_PER_DAY = 86_400_000;
const utcDay = (y: number, m: number, day: number) => {
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, day);
  return Math.round(date.getTime() / MS_PER_DAY);
};
const utcText = (dayNumber: number) => new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);

describe("parseDate / formatDate", () => {
  it("parses known days", () => {
    expect(d("1970-01-01")).toBe(0);
    expect(d("1970-01-02")).toBe(1);
    expect(d("1969-12-31")).toBe(-1);
    expect(d("2000-03-01")).toBe(11017);
    expect(d("2026-01-31")).toBe(utcDay(2026, 1, 31));
    expect(d("0000-03-01")).toBe(-719468);
    expect(formatDate(0)).toBe("1970-01-01");
    expect(formatDate(-719468)).toBe("0000-03-01");
    expect(formatDate(d("9999-12-31"))).toBe("9999-12-31");
    expect(formatDate(d("9999-12-31") + 1)).toBe("+010000-01-01");
    expect(formatDate(-719469)).toBe("0000-02-29"); // year 0 (1 BC) is a leap year
    expect(formatDate(dayFromCivil(-1, 12, 31))).toBe("-000001-12-31");
  });

  it("validates strictly", () => {
    expect(parseDate("2026-13-01")).toEqual({ ok: false, message: '"2026-13-01" is not a calendar date' });
    expect(parseDate("2026-02-30")).toEqual({ ok: false, message: '"2026-02-30" is not a calendar date' });
    expect(parseDate("2026-1-1")).toEqual({ ok: false, message: "expected a date like 2026-03-15" });
    for (const bad of [
      "2026-00-10",
      "2026-04-31",
      "2025-02-29",
      "1900-02-29",
      "2026-01-00",
      "2026-01-32",
      "20260101",
      "2026/01/01",
      "2026-01-01T00:00:00Z",
      " 2026-01-01",
      "2026-01-01 ",
      "",
      "+02026-01-01",
      "２０２６-01-01",
    ]) {
      expect(parseDate(bad).ok, bad).toBe(false);
    }
    for (const bad of [null, undefined, 20260101, {}, []]) expect(parseDate(bad).ok).toBe(false);
    expect(parseDate("2024-02-29").ok).toBe(true);
    expect(parseDate("2000-02-29").ok).toBe(true);
  });

  it("round-trips every day from 1900 to 2100 and agrees with UTC dates", () => {
    const first = d("1900-01-01");
    const last = d("2100-12-31");
    expect(last - first + 1).toBe(73_414);
    for (let n = first; n <= last; n++) {
      const text = formatDate(n);
      const r = parseDate(text);
      if (!r.ok || r.day !== n || text !== utcText(n)) throw new Error(`day ${n}: ${text}`);
    }
  });

  it("civil conversions agree on random dates in years 0–9999 (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, day) => {
        fc.pre(day <= daysInMonth(y, m));
        const n = dayFromCivil(y, m, day);
        expect(civilFromDay(n)).toEqual({ year: y, month: m, day });
        expect(n).toBe(utcDay(y, m, day));
      }),
      { numRuns: 3000 },
    );
  });

  it("knows leap years and month lengths", () => {
    expect([1900, 2000, 2024, 2025, 2100, 2400].map(isLeapYear)).toEqual([false, true, true, false, false, true]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(daysInMonth(2026, 12)).toBe(31);
  });
});

describe("date arithmetic", () => {
  it("addDays agrees with UTC dates (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: d("1900-01-01"), max: d("2100-12-31") }), fc.integer({ min: -100_000, max: 100_000 }), (n, k) => {
        expect(formatDate(addDays(n, k))).toBe(utcText(n + k));
      }),
      { numRuns: 2000 },
    );
    expect(daysBetween(d("2026-01-01"), d("2026-12-31"))).toBe(364);
    expect(daysBetween(d("2026-03-01"), d("2026-02-01"))).toBe(-28);
  });

  it("addMonths clamps to month end", () => {
    expect(formatDate(addMonths(d("2026-01-31"), 1))).toBe("2026-02-28");
    expect(formatDate(addMonths(d("2024-01-31"), 1))).toBe("2024-02-29");
    expect(formatDate(addMonths(d("2026-03-31"), -1))).toBe("2026-02-28");
    expect(formatDate(addMonths(d("2026-01-15"), 13))).toBe("2027-02-15");
    expect(formatDate(addMonths(d("2026-01-15"), -13))).toBe("2024-12-15");
    expect(formatDate(addMonths(d("2026-05-31"), 1))).toBe("2026-06-30");
    expect(formatDate(addMonths(d("2026-12-31"), 0))).toBe("2026-12-31");
  });

  it("addMonths agrees with a UTC reference (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: d("1900-01-01"), max: d("2100-12-31") }), fc.integer({ min: -2400, max: 2400 }), (n, k) => {
        const start = new Date(n * MS_PER_DAY);
        const total = start.getUTCFullYear() * 12 + start.getUTCMonth() + k;
        const y = Math.floor(total / 12);
        const m = total - y * 12;
        const lastDay = new Date(Date.UTC(2000, m + 1, 0)).getUTCDate() - (m === 1 && !isLeapYear(y) ? 1 : 0);
        const expected = new Date(0);
        expected.setUTCFullYear(y, m, Math.min(start.getUTCDate(), lastDay));
        expect(formatDate(addMonths(n, k))).toBe(expected.toISOString().slice(0, 10));
      }),
      { numRuns: 2000 },
    );
  });

  it("addYears takes Feb 29 to Feb 28", () => {
    expect(formatDate(addYears(d("2024-02-29"), 1))).toBe("2025-02-28");
    expect(formatDate(addYears(d("2024-02-29"), 4))).toBe("2028-02-29");
    expect(formatDate(addYears(d("2024-02-29"), -1))).toBe("2023-02-28");
    expect(formatDate(addYears(d("2026-07-04"), 10))).toBe("2036-07-04");
  });

  it("yearsBetween gives whole years (age)", () => {
    expect(yearsBetween(d("1980-06-15"), d("2026-06-14"))).toBe(45);
    expect(yearsBetween(d("1980-06-15"), d("2026-06-15"))).toBe(46);
    expect(yearsBetween(d("2026-06-15"), d("2026-06-15"))).toBe(0);
    expect(yearsBetween(d("2026-01-01"), d("2026-12-31"))).toBe(0);
    // leap-day births: consistent with addYears (Feb 29 + 1 year = Feb 28)
    expect(yearsBetween(d("2000-02-29"), d("2001-02-27"))).toBe(0);
    expect(yearsBetween(d("2000-02-29"), d("2001-02-28"))).toBe(1);
    expect(yearsBetween(d("2000-02-29"), d("2004-02-28"))).toBe(3);
    expect(yearsBetween(d("2000-02-29"), d("2004-02-29"))).toBe(4);
    // backwards: truncated toward zero
    expect(yearsBetween(d("2026-06-15"), d("2025-06-16"))).toBe(0);
    expect(yearsBetween(d("2026-06-15"), d("2025-06-15"))).toBe(-1);
  });

  it("yearsBetween is the largest n with from + n years ≤ on (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: d("1900-01-01"), max: d("2100-12-31") }), fc.integer({ min: 0, max: 60_000 }), (from, span) => {
        const on = from + span;
        const n = yearsBetween(from, on);
        expect(n).toBeGreaterThanOrEqual(0);
        expect(addYears(from, n)).toBeLessThanOrEqual(on);
        expect(addYears(from, n + 1)).toBeGreaterThan(on);
      }),
      { numRuns: 2000 },
    );
  });
});
