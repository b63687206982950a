// Code literals: normalisation (upper case, ICD-10 dot removed), shape checks for procedure,
// diagnosis, modifier and reason codes, and code ranges such as 99202..99205 or F1..F9.
// Validators take the literal as written (surrounding blanks and letter case are ignored).

/** trim, upper-case, drop dots: "z12.11" → "Z1211", "c50.*" → "C50*" */
export function normalizeCode(text: string): string {
  return text.trim().toUpperCase().replace(/\./g, "");
}

function clean(text: unknown): string | null {
  return typeof text === "string" ? text.trim().toUpperCase() : null;
}

/** CPT category I (5 digits); CPT 4 digits + F (cat. II), T (cat. III), U (PLA), M (MAAA) or A (vaccine); HCPCS II A–V + 4 digits */
const PROCEDURE = /^(?:\d{5}|\d{4}[FTUMA]|[A-V]\d{4})$/;
/** ICD-10-CM: letter, digit, alphanumeric, then up to 4 alphanumerics, optionally after a dot */
const DIAGNOSIS = /^[A-Z]\d[A-Z0-9](?:\.?[A-Z0-9]{1,4})?$/;
/** a prefix of a diagnosis (≥ 1 character, a dot allowed after the third) and a final `*` */
const DIAGNOSIS_PATTERN = /^[A-Z](?:\d(?:[A-Z0-9](?:\.?[A-Z0-9]{0,4})?)?)?\*$/;
const MODIFIER = /^[A-Z0-9]{2}$/;
/** CARC: 1–3 digits without a leading zero, or a letter and 1–2 digits (A1, B7, P12, W1) */
const CARC = /^(?:[1-9]\d{0,2}|[A-Z]\d{1,2})$/;
/** RARC: M, MA or N followed by 1–3 digits (N4, MA04, N522) */
const RARC = /^(?:M|MA|N)\d{1,3}$/;
/** claim adjustment group codes are two letters (CO, PR, OA, PI, CR) */
const GROUP = /^[A-Z]{2}$/;

export function isProcedureCode(text: unknown): boolean {
  const t = clean(text);
  return t !== null && PROCEDURE.test(t);
}

export function isDiagnosisCode(text: unknown): boolean {
  const t = clean(text);
  return t !== null && DIAGNOSIS.test(t);
}

/** a diagnosis prefix ending in `*`: "C50*", "C50.*", "Z12.1*", "M*" */
export function isDiagnosisPattern(text: unknown): boolean {
  const t = clean(text);
  return t !== null && DIAGNOSIS_PATTERN.test(t);
}

export function isModifier(text: unknown): boolean {
  const t = clean(text);
  return t !== null && MODIFIER.test(t);
}

export function isCarc(text: unknown): boolean {
  const t = clean(text);
  return t !== null && CARC.test(t);
}

export function isRarc(text: unknown): boolean {
  const t = clean(text);
  return t !== null && RARC.test(t);
}

export function isGroupCode(text: unknown): boolean {
  const t = clean(text);
  return t !== null && GROUP.test(t);
}

/** a diagnosis as people write it: "Z1211" → "Z12.11", "C50" → "C50", "Z121*" → "Z12.1*" */
export function displayDiagnosis(code: string): string {
  const n = normalizeCode(code);
  const star = n.endsWith("*") ? "*" : "";
  const base = star ? n.slice(0, -1) : n;
  return base.length > 3 ? `${base.slice(0, 3)}.${base.slice(3)}${star}` : `${base}${star}`;
}

export interface CodeParts {
  /** everything before the last run of digits */
  prefix: string;
  /** the last run of digits */
  digits: string;
  /** the non-digits after it */
  suffix: string;
}

const PARTS = /^(.*?)(\d+)(\D*)$/;

/** "0001F" → {prefix "", digits "0001", suffix "F"}; "E1" → {"E", "1", ""}; null when no digit */
export function codeParts(code: string): CodeParts | null {
  const m = PARTS.exec(code);
  return m ? { prefix: m[1]!, digits: m[2]!, suffix: m[3]! } : null;
}

/**
 * A key shared by codes that can form a range: the code with its last run of digits replaced
 * by `#`s ("99213" → "#####", "E1" → "E#", "0001F" → "####F", "G0121" → "G####").
 * Codes without digits are their own shape.
 */
export function codeShape(code: string): string {
  const p = codeParts(code);
  return p ? `${p.prefix}${"#".repeat(p.digits.length)}${p.suffix}` : code;
}

/**
 * Whether `code` lies in `from..to` (inclusive): all three have the same shape (same length,
 * same prefix and suffix around the numeric part) and the numeric part is between. Codes are
 * compared as given: pass normalised codes.
 */
export function codeInRange(code: string, from: string, to: string): boolean {
  if (code.length !== from.length || code.length !== to.length) return false;
  const shape = codeShape(code);
  if (codeShape(from) !== shape || codeShape(to) !== shape) return false;
  // equal shapes differ only in the equally long digit run, so text order is numeric order
  return from <= code && code <= to;
}

/**
 * The codes of `from..to`, in order, when the range has at most `max` members; null when the
 * ends differ in shape or the range is larger. A reversed range is empty.
 */
export function expandRange(from: string, to: string, max = 100_000): string[] | null {
  if (from === to) return [from];
  const a = codeParts(from);
  const b = codeParts(to);
  if (!a || !b || codeShape(from) !== codeShape(to) || a.digits.length > 15) return null;
  const lo = Number(a.digits);
  const hi = Number(b.digits);
  if (hi < lo) return [];
  if (hi - lo + 1 > max) return null;
  const out: string[] = [];
  for (let n = lo; n <= hi; n++) out.push(`${a.prefix}${String(n).padStart(a.digits.length, "0")}${a.suffix}`);
  return out;
}
