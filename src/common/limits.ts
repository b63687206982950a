// Bounds on input size, so no claim, context, rule file or artifact can make Edict run out of
// memory, time or stack. Every bound has a default far above what real input needs and can be
// changed by a host (the library's `limits` options, `edict … --limit name=value`); input past
// a bound is refused with an error that names the bound, never cut short silently.

export interface Limits {
  /** service lines in one claim (X12 allows 50 in an 837P and 999 in an 837I) */
  claimLines: number;
  /** entries of any other list of a claim or context (diagnoses, modifiers, history, …) */
  listItems: number;
  /** characters of an identifier (claim, member, plan and history claim ids) */
  idLength: number;
  /** characters of any other string of a claim or context */
  stringLength: number;
  /** units on one line */
  units: number;
  /** nesting of JSON arrays and objects in one input document */
  jsonDepth: number;
  /** bytes of one claim, context or test file, or of one record of a batch */
  inputBytes: number;
  /** bytes of one `.edict` source file */
  sourceBytes: number;
  /** bytes of one table file */
  tableBytes: number;
  /** bytes of one artifact written by `edict build` */
  artifactBytes: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  claimLines: 5_000,
  listItems: 10_000,
  idLength: 80,
  stringLength: 1_000,
  units: 100_000_000,
  jsonDepth: 64,
  inputBytes: 64 * 1024 * 1024,
  sourceBytes: 8 * 1024 * 1024,
  tableBytes: 1024 * 1024 * 1024,
  artifactBytes: 2 * 1024 * 1024 * 1024,
});

export const LIMIT_NAMES = Object.keys(DEFAULT_LIMITS) as Array<keyof Limits>;

/** the defaults with the host's changes */
export function limitsWith(changes: Partial<Limits> | undefined): Limits {
  return changes ? { ...DEFAULT_LIMITS, ...changes } : { ...DEFAULT_LIMITS };
}

/**
 * Reads `name=value[,name=value…]` (the CLI's `--limit`); values are whole numbers, with an
 * optional K, M or G suffix (×1024 for byte limits, ×1000 otherwise).
 */
export function parseLimits(text: string): { ok: true; limits: Partial<Limits> } | { ok: false; message: string } {
  const limits: Partial<Limits> = {};
  for (const part of text.split(",")) {
    const m = /^\s*([A-Za-z]+)\s*=\s*(\d{1,15})([KMG]?)\s*$/i.exec(part);
    if (!m) return { ok: false, message: `"${part}" is not name=value (like claimLines=10000)` };
    const name = LIMIT_NAMES.find((n) => n.toLowerCase() === m[1].toLowerCase());
    if (!name) return { ok: false, message: `there is no limit "${m[1]}" (the limits are ${LIMIT_NAMES.join(", ")})` };
    const base = name.endsWith("Bytes") ? 1024 : 1000;
    const power = { "": 0, K: 1, M: 2, G: 3 }[m[3].toUpperCase() as "" | "K" | "M" | "G"];
    const value = Number(m[2]) * base ** power;
    if (!Number.isSafeInteger(value) || value < 1) return { ok: false, message: `${name} must be a whole number of at least 1` };
    limits[name] = value;
  }
  return { ok: true, limits };
}
