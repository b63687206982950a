// Exact money: amounts are integer cents, percentages are integer basis points (1% = 100).
// Parsing goes through decimal strings, never through float multiplication; rounding of
// `amount × rate` is to the cent, half away from zero, in integer arithmetic.
import type { Cents } from "./types.js";

/** the largest amount (in cents, either sign) Edict accepts: $100,000,000,000.00 */
export const MAX_CENTS = 10_000_000_000_000;

/** basis points in 100%: `applyRate(c, BASIS_POINTS_PER_UNIT)` is `c` */
export const BASIS_POINTS_PER_UNIT = 10_000;

export type MoneyParse = { ok: true; cents: Cents } | { ok: false; message: string };
export type PercentParse = { ok: true; basisPoints: number } | { ok: false; message: string };

export interface SignOptions {
  /** accept a leading minus sign (default false) */
  allowNegative?: boolean;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;
const DECIMAL_ANY_PLACES = /^-?\d+\.\d+$/;

type DecimalParse = { ok: true; negative: boolean; whole: string; hundredths: number } | { ok: false; why: "shape" | "places" };

/** splits "-12.5" into sign, whole digits and hundredths (50); at most two decimals */
function splitDecimal(text: string): DecimalParse {
  const m = DECIMAL.exec(text);
  if (!m) return { ok: false, why: DECIMAL_ANY_PLACES.test(text) ? "places" : "shape" };
  const whole = m[2]!.replace(/^0+(?=\d)/, "");
  const hundredths = m[3] === undefined ? 0 : Number(m[3].padEnd(2, "0"));
  return { ok: true, negative: m[1] === "-", whole, hundredths };
}

/** the text a JSON number stands for: its shortest round-trip decimal (`String(n)`) */
function numberText(n: number): string | null {
  if (!Number.isFinite(n)) return null;
  return String(n); // -0 → "0"
}

/**
 * Parses an amount of money: a JSON number or a decimal string with at most two decimals
 * ("125", "125.5", "125.50", 125.5). Numbers are read through their shortest decimal text, so
 * a float like 0.1 + 0.2 (0.30000000000000004) is rejected rather than silently rounded.
 */
export function parseMoney(input: unknown, options: SignOptions = {}): MoneyParse {
  let text: string;
  if (typeof input === "number") {
    const t = numberText(input);
    if (t === null) return { ok: false, message: "expected a finite amount like 125.50" };
    if (/e/i.test(t)) {
      return Math.abs(input) >= 1 ? { ok: false, message: `${t} is too large an amount` } : { ok: false, message: `${t} has more than two decimals` };
    }
    text = t;
  } else if (typeof input === "string") {
    text = input;
  } else {
    return { ok: false, message: "expected an amount like 125.50 (a number or a string)" };
  }
  // the amount as a message shows it: only worded when there is a message (a hot path otherwise)
  const show = () => (typeof input === "string" ? JSON.stringify(input) : text);
  const d = splitDecimal(text);
  if (!d.ok) {
    return d.why === "places"
      ? { ok: false, message: `${show()} has more than two decimals` }
      : { ok: false, message: `${show()} is not an amount like 125.50` };
  }
  if (d.negative && !options.allowNegative) return { ok: false, message: `expected an amount of zero or more, got ${show()}` };
  if (d.whole.length > 12) return { ok: false, message: `${show()} is too large an amount` };
  const magnitude = Number(d.whole) * 100 + d.hundredths;
  if (magnitude > MAX_CENTS) return { ok: false, message: `${show()} is too large an amount` };
  return { ok: true, cents: d.negative && magnitude !== 0 ? -magnitude : magnitude };
}

/** "25.00" → 2500, "-3.1" → -310; null when the text is not a decimal with at most two places */
export function parseDecimalToCents(text: string): Cents | null {
  const r = parseMoney(text, { allowNegative: true });
  return r.ok ? r.cents : null;
}

/** the texts formatMoney pastes together: "0"…"999", "000"…"999" and ".00"…".99" (2,100 short strings, made once) */
const UP_TO_999 = Array.from({ length: 1000 }, (_, i) => String(i));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => (i < 10 ? "00" : i < 100 ? "0" : "") + i);
const HUNDREDTHS = Array.from({ length: 100 }, (_, i) => (i < 10 ? ".0" : ".") + i);

/** 2500 → "25.00", -310 → "-3.10", 0 → "0.00" */
export function formatMoney(cents: Cents): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`formatMoney: ${cents} is not a whole number of cents`);
  const abs = cents < 0 ? -cents : cents;
  let text: string;
  // Amounts under a million dollars (nearly all) are pasted from the tables above: a traced claim
  // formats about twenty amounts, and turning a number into text costs twice the table reads
  // (bench/NOTES.md, "A full trace for less"). Larger amounts take integer arithmetic on the safe
  // integer: the remainder and the exact quotient.
  if (abs < 100_000) text = UP_TO_999[(abs / 100) | 0]! + HUNDREDTHS[abs % 100]!;
  else if (abs < 100_000_000) {
    const dollars = (abs / 100) | 0;
    text = UP_TO_999[(dollars / 1000) | 0]! + THREE_DIGITS[dollars % 1000]! + HUNDREDTHS[abs % 100]!;
  } else {
    const hundredths = abs % 100;
    text = (abs - hundredths) / 100 + HUNDREDTHS[hundredths]!;
  }
  return cents < 0 ? "-" + text : text;
}

/**
 * Parses a percentage into basis points: "20" → 2000, "12.5" → 1250, "12.55" → 1255.
 * At most two decimals of a percent; no "%" sign (callers strip it).
 */
export function parsePercent(input: unknown, options: SignOptions = {}): PercentParse {
  let text: string;
  if (typeof input === "number") {
    const t = numberText(input);
    if (t === null || /e/i.test(t)) return { ok: false, message: `${String(input)} is not a percentage like 20 or 12.5` };
    text = t;
  } else if (typeof input === "string") {
    text = input;
  } else {
    return { ok: false, message: "expected a percentage like 20 or 12.5" };
  }
  const show = typeof input === "string" ? JSON.stringify(input) : text;
  const d = splitDecimal(text);
  if (!d.ok) {
    return d.why === "places"
      ? { ok: false, message: `${show} has more than two decimals` }
      : { ok: false, message: `${show} is not a percentage like 20 or 12.5` };
  }
  if (d.negative && !options.allowNegative) return { ok: false, message: `expected a percentage of zero or more, got ${show}` };
  if (d.whole.length > 9) return { ok: false, message: `${show} is too large a percentage` };
  const magnitude = Number(d.whole) * 100 + d.hundredths;
  return { ok: true, basisPoints: d.negative && magnitude !== 0 ? -magnitude : magnitude };
}

/** 2000 → "20", 1250 → "12.5", 1255 → "12.55" (the shortest exact text of a percentage) */
export function formatPercent(basisPoints: number): string {
  if (!Number.isSafeInteger(basisPoints)) throw new RangeError(`formatPercent: ${basisPoints} is not a whole number of basis points`);
  const sign = basisPoints < 0 ? "-" : "";
  const abs = Math.abs(basisPoints);
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  if (frac === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(frac).padStart(2, "0").replace(/0$/, "")}`;
}

/** rounds n / 10000 to the nearest integer, half away from zero; n a safe integer */
function divideBasisRounded(n: number): number {
  const rem = n % BASIS_POINTS_PER_UNIT; // same sign as n, exact
  const quotient = (n - rem) / BASIS_POINTS_PER_UNIT; // exact: n − rem is a multiple of 10000
  if (2 * Math.abs(rem) >= BASIS_POINTS_PER_UNIT) return n < 0 ? quotient - 1 : quotient + 1;
  return quotient + 0; // no -0
}

/**
 * `cents × basisPoints / 10000`, rounded to the cent, half away from zero (so 20% of 2.50 is
 * 0.50 and 12.5% of 0.04 is 0.01). Exact for any safe integers; falls back to BigInt when the
 * product would pass 2^53.
 */
export function applyRate(cents: Cents, basisPoints: number): Cents {
  if (!Number.isSafeInteger(cents) || !Number.isSafeInteger(basisPoints)) {
    throw new RangeError(`applyRate: expected whole cents and basis points, got ${cents} and ${basisPoints}`);
  }
  // a float product below 2^53 is exact; at or above it, it is ≥ 2^53 too (rounding is monotone)
  if (Math.abs(cents) * Math.abs(basisPoints) <= Number.MAX_SAFE_INTEGER) {
    return divideBasisRounded(cents * basisPoints);
  }
  const product = BigInt(cents) * BigInt(basisPoints);
  const unit = BigInt(BASIS_POINTS_PER_UNIT);
  const negative = product < 0n;
  const abs = negative ? -product : product;
  let q = abs / unit;
  if (2n * (abs % unit) >= unit) q += 1n;
  return Number(negative ? -q : q);
}
