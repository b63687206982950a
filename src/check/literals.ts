// Literal values of the language (money, percentages, dates, durations, codes) turned into the
// normalised values the evaluators use, with a plain-English message when one is malformed.
import type * as A from "../syntax/ast.js";
import type { Value } from "../ir/ir.js";
import { T, type Type, type CodeKind } from "../ir/types.js";
import { parseMoney, parsePercent } from "../model/money.js";
import { parseDate } from "../model/dates.js";
import { normalizeCode, isProcedureCode, isDiagnosisCode, isDiagnosisPattern, isModifier } from "../model/codes.js";

export type LiteralResult = { ok: true; type: Type; value: Value } | { ok: false; message: string };

export function literalValue(e: A.Literal): LiteralResult {
  switch (e.kind) {
    case "string":
      return { ok: true, type: T.text, value: e.value };
    case "boolean":
      return { ok: true, type: T.boolean, value: e.value };
    case "integer": {
      const n = Number(e.text);
      return Number.isSafeInteger(n) ? { ok: true, type: T.integer, value: n } : { ok: false, message: `${e.text} is too large a number` };
    }
    case "money": {
      const m = parseMoney(e.text);
      return m.ok ? { ok: true, type: T.money, value: m.cents } : { ok: false, message: `$${e.text} is not an amount of money (at most two decimals)` };
    }
    case "percent": {
      const p = parsePercent(e.text);
      return p.ok ? { ok: true, type: T.percent, value: p.basisPoints } : { ok: false, message: `${e.text}% is not a percentage (at most two decimals)` };
    }
    case "date": {
      const d = parseDate(e.text);
      return d.ok ? { ok: true, type: T.date, value: d.day } : { ok: false, message: `${e.text} is not a calendar date` };
    }
    case "duration": {
      const amount = Number(e.amount);
      return Number.isSafeInteger(amount)
        ? { ok: true, type: T.duration, value: { amount, unit: e.unit } }
        : { ok: false, message: `${e.amount} is too large a number` };
    }
    case "code":
      return { ok: true, type: T.code("code"), value: normalizeCode(e.text) };
  }
}

const KIND_EXAMPLES: Record<CodeKind, string> = {
  procedure: "a CPT or HCPCS code like 99213 or G0121",
  diagnosis: "an ICD-10-CM code like Z12.11",
  modifier: "a two-character modifier like 25 or LT",
  code: "a code",
};

/** validates `text` as a code of `kind`; diagnosis prefixes (`C50.*`) only where `allowPrefix` */
export function checkCodeLiteral(
  text: string,
  kind: CodeKind,
  allowPrefix = false,
): { ok: true; code: string } | { ok: false; message: string } {
  const valid =
    kind === "procedure"
      ? isProcedureCode(text)
      : kind === "diagnosis"
        ? isDiagnosisCode(text) || (allowPrefix && isDiagnosisPattern(text))
        : kind === "modifier"
          ? isModifier(text)
          : text.length > 0;
  if (!valid) {
    const prefixNote = text.endsWith("*") && kind !== "diagnosis" ? " (only diagnosis codes can be prefixes ending in *)" : "";
    return { ok: false, message: `\`${text}\` is not ${KIND_EXAMPLES[kind]}${prefixNote}` };
  }
  return { ok: true, code: normalizeCode(text) };
}
