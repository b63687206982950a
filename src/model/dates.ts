// Calendar dates as day numbers (days since 1970-01-01, proleptic Gregorian), by pure integer
// arithmetic: no JS Date, so no time zone, clock or locale can change a result.
// Conversions follow Howard Hinnant's days_from_civil / civil_from_days.
import type { DayNumber } from "./types.js";

export interface CivilDate {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

export type DateParse = { ok: true; day: DayNumber } | { ok: false; message: string };

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]!;
}

/** day number of a (valid) calendar date */
export function dayFromCivil(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400; // [0, 399]
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1; // [0, 365]
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy; // [0, 146096]
  return era * 146097 + doe - 719468;
}

/** the calendar date of a day number */
export function civilFromDay(dayNumber: DayNumber): CivilDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097; // [0, 146096]
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100)); // [0, 365]
  const mp = Math.floor((5 * doy + 2) / 153); // [0, 11], March = 0
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** strict `YYYY-MM-DD` (years 0000–9999): "2026-1-1", "2026-13-01" and "2026-02-30" are rejected */
export function parseDate(input: unknown): DateParse {
  if (typeof input !== "string") return { ok: false, message: "expected a date like 2026-03-15" };
  const m = DATE_SHAPE.exec(input);
  if (!m) return { ok: false, message: "expected a date like 2026-03-15" };
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, message: `${JSON.stringify(input)} is not a calendar date` };
  }
  return { ok: true, day: dayFromCivil(year, month, day) };
}

/** "00"…"99": formatDate pastes a date from these rather than padding numbers' text (a traced claim formats several dates) */
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => (i < 10 ? "0" : "") + i);

/** "YYYY-MM-DD"; years outside 0000–9999 are written ISO 8601 style with a sign and six digits */
export function formatDate(dayNumber: DayNumber): string {
  if (!Number.isSafeInteger(dayNumber)) throw new RangeError(`formatDate: ${dayNumber} is not a day number`);
  const { year, month, day } = civilFromDay(dayNumber);
  const y =
    year >= 0 && year <= 9999 ? TWO_DIGITS[(year / 100) | 0]! + TWO_DIGITS[year % 100]! : `${year < 0 ? "-" : "+"}${String(Math.abs(year)).padStart(6, "0")}`;
  return y + "-" + TWO_DIGITS[month]! + "-" + TWO_DIGITS[day]!;
}

export function addDays(dayNumber: DayNumber, days: number): DayNumber {
  return dayNumber + days;
}

/** adds calendar months, clamping to the end of the month: Jan 31 + 1 month = Feb 28 (or 29) */
export function addMonths(dayNumber: DayNumber, months: number): DayNumber {
  const { year, month, day } = civilFromDay(dayNumber);
  const total = year * 12 + (month - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return dayFromCivil(y, m, Math.min(day, daysInMonth(y, m)));
}

/** adds calendar years (12 months each): Feb 29 + 1 year = Feb 28 */
export function addYears(dayNumber: DayNumber, years: number): DayNumber {
  return addMonths(dayNumber, years * 12);
}

/**
 * Whole years from `from` to `on` (a person's age on `on` when `from` is the birth date),
 * truncated toward zero: the largest n with `addYears(from, n) ≤ on`. So someone born on
 * Feb 29 turns one on Feb 28 of the next year, consistently with `date + 1 year`.
 */
export function yearsBetween(from: DayNumber, on: DayNumber): number {
  const n = civilFromDay(on).year - civilFromDay(from).year;
  if (on >= from) return addYears(from, n) > on ? n - 1 : n;
  return addYears(from, n) < on ? n + 1 : n;
}

/** `to − from` in days (negative when `to` is earlier) */
export function daysBetween(from: DayNumber, to: DayNumber): number {
  return to - from;
}
