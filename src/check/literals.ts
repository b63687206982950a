// Literal values of the language (money, percentages, dates, durations, codes) turned into the
// normalised values the evaluators use, or what is wrong with them (errors.ts words it).
import type * as A from "../syntax/ast.js";
import type { Value } from "../ir/ir.js";
import { T, type Type, type CodeKind } from "../ir/types.js";
import { parseMoney, parsePercent } from "../model/money.js";
import { parseDate } from "../model/dates.js";
import { normalizeCode, isProcedureCode, isDiagnosisCode, isDiagnosisPattern, isModifier } from "../model/codes.js";

/** what is wrong with a literal; `text` is the literal as written, without `$` or `%` */
export type LiteralProblem = { kind: "too-large" | "money" | "percent" | "date"; text: string };

export type LiteralResult = { ok: true; type: Type; value: Value } | { ok: false; problem: LiteralProblem };

export function literalValue(e: A.Literal): LiteralResult {
  switch (e.kind) {
    case "string":
      return { ok: true, type: T.text, value: e.value };
    case "boolean":
      return { ok: true, type: T.boolean, value: e.value };
    case "integer": {
      const n = Number(e.text);
      return Number.isSafeInteger(n) ? { ok: true, type: T.integer, value: n } : { ok: false, problem: { kind: "too-large", text: e.text } };
    }
    case "money": {
      const m = parseMoney(e.text);
      return m.ok ? { ok: true, type: T.money, value: m.cents } : { ok: false, problem: { kind: "money", text: e.text } };
    }
    case "percent": {
      const p = parsePercent(e.text);
      return p.ok ? { ok: true, type: T.percent, value: p.basisPoints } : { ok: false, problem: { kind: "percent", text: e.text } };
    }
    case "date": {
      const d = parseDate(e.text);
      return d.ok ? { ok: true, type: T.date, value: d.day } : { ok: false, problem: { kind: "date", text: e.text } };
    }
    case "duration": {
      const amount = Number(e.amount);
      return Number.isSafeInteger(amount)
        ? { ok: true, type: T.duration, value: { amount, unit: e.unit } }
        : { ok: false, problem: { kind: "too-large", text: e.amount } };
    }
    case "code":
      return { ok: true, type: T.code("code"), value: normalizeCode(e.text) };
  }
}

/** validates `text` as a code of `kind`; diagnosis prefixes (`C50.*`) only where `allowPrefix` */
export function checkCodeLiteral(text: string, kind: CodeKind, allowPrefix = false): { ok: true; code: string } | { ok: false } {
  const valid =
    kind === "procedure"
      ? isProcedureCode(text)
      : kind === "diagnosis"
        ? isDiagnosisCode(text) || (allowPrefix && isDiagnosisPattern(text))
        : kind === "modifier"
          ? isModifier(text)
          : text.length > 0;
  return valid ? { ok: true, code: normalizeCode(text) } : { ok: false };
}
