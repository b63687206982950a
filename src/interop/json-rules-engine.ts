// json-rules-engine interop. Export turns each rule (and benefit) whose condition is a tree of
// and/or/not over field comparisons, code-set membership and list containment into a
// json-rules-engine rule; anything else is refused with a diagnostic at its source position.
// Import turns such rules back into readable .edict source.
//
// Facts are Edict's normalised values, one run per claim line: `claim`, `line`, `context`
// (money in cents, dates as day numbers since 1970-01-01, codes upper-case without dots);
// `jreFacts` builds them.
import type { IrExpr, IrRule, IrBenefit, Program } from "../ir/ir.js";
import { RECORDS, ROOTS, type RecordName, type Type } from "../ir/types.js";
import type { Diagnostic } from "../common/diagnostic.js";
import type { Span } from "../common/span.js";
import { RULE_PHASES } from "../common/phases.js";
import type { Claim, ClaimLine, Context } from "../model/types.js";
import { formatMoney } from "../model/money.js";
import { formatDate } from "../model/dates.js";
import { displayDiagnosis } from "../model/codes.js";
import { isRootSlot } from "../common/slots.js";
import { notExportable } from "./errors.js";

export type JreCondition =
  | { all: JreCondition[] }
  | { any: JreCondition[] }
  | { not: JreCondition }
  | { fact: string; path?: string; operator: string; value: unknown };

export interface JreRule {
  name: string;
  priority: number;
  conditions: { all: JreCondition[] } | { any: JreCondition[] } | { not: JreCondition };
  event: { type: string; params: Record<string, unknown> };
}

export function jreFacts(claim: Claim, line: ClaimLine, context: Context): Record<string, unknown> {
  return { claim, line, context };
}

class Refusal {
  constructor(
    readonly what: string,
    readonly span: Span,
  ) {}
}

const COMPARE: Record<string, string> = {
  "=": "equal",
  "!=": "notEqual",
  "<": "lessThan",
  "<=": "lessThanInclusive",
  ">": "greaterThan",
  ">=": "greaterThanInclusive",
};

/** `line.code` → { fact: "line", path: "$.code" }, only for plain fields of claim, line and context */
function factPath(e: IrExpr): { fact: string; path: string; optional: boolean } | null {
  const fields: string[] = [];
  let x = e;
  let optional = false;
  while (x.op === "field") {
    fields.unshift(x.field);
    x = x.object;
  }
  if (x.op !== "var" || !isRootSlot(x.slot) || fields.length === 0) return null;
  let record: RecordName = x.name as RecordName;
  for (const [i, f] of fields.entries()) {
    const info = RECORDS[record]?.[f];
    if (!info) return null;
    if (info.optional) optional = true;
    if (i < fields.length - 1) {
      if (info.type.t !== "record") return null;
      record = info.type.name;
    }
  }
  return { fact: x.name, path: "$." + fields.join("."), optional };
}

function condition(e: IrExpr): JreCondition {
  switch (e.op) {
    case "and":
    case "or": {
      const key = e.op === "and" ? "all" : "any";
      // the whole chain of this operator at once, in a loop: a chain may be very long
      const operands: IrExpr[] = [];
      let x: IrExpr = e;
      while (x.op === e.op) {
        operands.push(x.right);
        x = x.left;
      }
      operands.push(x);
      operands.reverse();
      const parts = operands.map(condition).flatMap((c) => (key in c ? (c as Record<string, JreCondition[]>)[key] : [c]));
      return (key === "all" ? { all: parts } : { any: parts }) as JreCondition;
    }
    case "not":
      return { not: condition(e.operand) };
    case "compare": {
      if (e.lists) throw new Refusal(`comparing two lists (\`${e.text}\`)`, e.span);
      let [left, right, cmp] = [e.left, e.right, e.cmp as string];
      if (left.op === "const" && right.op !== "const") {
        [left, right] = [right, left];
        cmp = { "<": ">", "<=": ">=", ">": "<", ">=": "<=" }[cmp] ?? cmp;
      }
      const fact = factPath(left);
      if (!fact) throw new Refusal(`\`${left.text}\` (only plain fields of claim, line and context can be exported)`, left.span);
      if (fact.optional) throw new Refusal(`\`${left.text}\`, a field that may be missing (json-rules-engine compares missing values differently)`, left.span);
      if (right.op === "const") return { fact: fact.fact, path: fact.path, operator: COMPARE[cmp], value: right.value };
      const other = factPath(right);
      if (!other || other.optional) throw new Refusal(`\`${right.text}\` (only constants and plain fields can be compared)`, right.span);
      return { fact: fact.fact, path: fact.path, operator: COMPARE[cmp], value: { fact: other.fact, path: other.path } };
    }
    case "inSet": {
      const fact = factPath(e.element);
      if (!fact) throw new Refusal(`\`${e.element.text}\` (only plain fields can be tested against a set)`, e.element.span);
      if (e.set.ranges.length || e.set.prefixes.length) throw new Refusal(`the code set \`${e.set.name}\` (ranges too large to list, or prefixes)`, e.span);
      return { fact: fact.fact, path: fact.path, operator: e.negated ? "notIn" : "in", value: [...e.set.exact].sort() };
    }
    case "inList": {
      const list = factPath(e.list);
      if (!list || e.element.op !== "const") throw new Refusal(`\`${e.text}\` (only a constant in a list field can be exported)`, e.span);
      return { fact: list.fact, path: list.path, operator: e.negated ? "doesNotContain" : "contains", value: e.element.value };
    }
    case "any":
    case "no":
    case "count":
    case "sum":
      throw new Refusal(`\`${e.op} … in …\` (json-rules-engine has no quantifiers over lists)`, e.span);
    case "lookup":
    case "inTable":
      throw new Refusal(`a table lookup (\`${e.text}\`)`, e.span);
    case "arith":
      throw new Refusal(`arithmetic (\`${e.text}\`)`, e.span);
    default:
      throw new Refusal(`\`${e.text}\``, e.span);
  }
}

function top(c: JreCondition): JreRule["conditions"] {
  return "all" in c || "any" in c || "not" in c ? (c as JreRule["conditions"]) : { all: [c] };
}

function at(span: Span): string {
  return `${span.file}:${span.line}:${span.col}`;
}

function ruleEvent(rule: IrRule): JreRule["event"] {
  const a = rule.action;
  const params: Record<string, unknown> = { rule: `${rule.pack}/${rule.id}`, phase: rule.phase, at: at(rule.span) };
  if (a.kind === "deny" || a.kind === "pend") params.reason = `${a.reason.group}-${a.reason.carc}`;
  if (a.remarks.length) params.remarks = a.remarks;
  return { type: a.kind, params };
}

export interface ExportResult {
  rules: JreRule[];
  diagnostics: Diagnostic[];
}

export function exportJsonRulesEngine(program: Program): ExportResult {
  const rules: JreRule[] = [];
  const diagnostics: Diagnostic[] = [];
  const refuse = (kind: "rule" | "benefit", id: string, r: unknown) => {
    if (!(r instanceof Refusal)) throw r;
    diagnostics.push(notExportable(r.span, kind, id, r.what));
  };
  const total = program.rules.length + program.benefits.length;
  program.rules.forEach((rule, i) => {
    try {
      if (rule.action.kind === "setAllowed") throw new Refusal("`set allowed` (it computes an amount)", rule.span);
      rules.push({ name: `${rule.pack}/${rule.id}`, priority: total - i, conditions: top(condition(rule.when)), event: ruleEvent(rule) });
    } catch (r) {
      refuse("rule", rule.id, r);
    }
  });
  program.benefits.forEach((benefit: IrBenefit, i) => {
    try {
      if (benefit.codes.ranges.length || benefit.codes.prefixes.length) throw new Refusal("a code range too large to list", benefit.span);
      const codes: JreCondition = { fact: "line", path: "$.code", operator: "in", value: [...benefit.codes.exact].sort() };
      const when = benefit.when ? [condition(benefit.when)] : [];
      rules.push({
        name: `${benefit.pack}/${benefit.id}`,
        priority: total - program.rules.length - i,
        conditions: { all: [codes, ...when] },
        event: { type: "benefit", params: { benefit: `${benefit.pack}/${benefit.id}`, at: at(benefit.span) } },
      });
    } catch (r) {
      refuse("benefit", benefit.id, r);
    }
  });
  return { rules, diagnostics };
}

// ---------------------------------------------------------------- import

export interface ImportResult {
  source: string;
  diagnostics: Array<{ path: string; message: string }>;
}

function fieldType(fact: string, path: string | undefined): Type | null {
  const root = ROOTS[fact];
  if (!root || !path?.startsWith("$.")) return null;
  let type: Type = root.type;
  for (const f of path.slice(2).split(".")) {
    if (type.t !== "record") return null;
    const info: { type: Type } | undefined = RECORDS[type.name][f];
    if (!info) return null;
    type = info.type;
  }
  return type;
}

function literal(type: Type, value: unknown): string | null {
  switch (type.t) {
    case "code":
      return typeof value === "string" && /^[A-Z0-9.*]+$/i.test(value)
        ? type.kind === "diagnosis"
          ? displayDiagnosis(value.toUpperCase())
          : value.toUpperCase()
        : null;
    case "money":
      return typeof value === "number" && Number.isSafeInteger(value) ? `$${formatMoney(value)}` : null;
    case "date":
      return typeof value === "number" && Number.isSafeInteger(value) ? formatDate(value) : null;
    case "integer":
      return typeof value === "number" && Number.isSafeInteger(value) ? String(value) : null;
    case "text":
      return typeof value === "string" ? JSON.stringify(value) : null;
    case "boolean":
      return typeof value === "boolean" ? String(value) : null;
    default:
      return null;
  }
}

const OPERATORS: Record<string, string> = {
  equal: "=",
  notEqual: "!=",
  lessThan: "<",
  lessThanInclusive: "<=",
  greaterThan: ">",
  greaterThanInclusive: ">=",
};

function identifier(name: string, used: Set<string>): string {
  let id =
    name
      .replace(/^.*\//, "")
      .replace(/[^a-zA-Z0-9_]+/g, "_")
      .replace(/^[^a-z_]+/i, "")
      .toLowerCase() || "imported_rule";
  if (!/^[a-z_]/.test(id)) id = `rule_${id}`;
  let unique = id;
  for (let n = 2; used.has(unique); n++) unique = `${id}_${n}`;
  used.add(unique);
  return unique;
}

/** Turns json-rules-engine rules (as exported by Edict, or written by hand in the same fact shape) into .edict source. */
export function importJsonRulesEngine(rulesJson: unknown, packName: string): ImportResult {
  const diagnostics: ImportResult["diagnostics"] = [];
  const rules = Array.isArray(rulesJson) ? rulesJson : (rulesJson as { rules?: unknown[] })?.rules;
  if (!Array.isArray(rules)) return { source: "", diagnostics: [{ path: "", message: "expected a JSON array of json-rules-engine rules" }] };
  const used = new Set<string>();
  const blocks: string[] = [`pack ${JSON.stringify(packName)} version "1"`];

  const render = (c: unknown, path: string): string | null => {
    if (!c || typeof c !== "object") {
      diagnostics.push({ path, message: "expected a condition object" });
      return null;
    }
    const o = c as Record<string, unknown>;
    for (const key of ["all", "any"] as const) {
      if (Array.isArray(o[key])) {
        const parts = (o[key] as unknown[]).map((x, i) => render(x, `${path}.${key}[${i}]`));
        if (parts.some((p) => p === null)) return null;
        if (parts.length === 0) return key === "all" ? "true" : "false";
        return parts.length === 1 ? parts[0] : `(${parts.join(key === "all" ? " and " : " or ")})`;
      }
    }
    if (o.not !== undefined) {
      const inner = render(o.not, `${path}.not`);
      return inner === null ? null : `not (${inner})`;
    }
    const fact = String(o.fact ?? "");
    const field = `${fact}${typeof o.path === "string" ? o.path.slice(1) : ""}`;
    const type = fieldType(fact, o.path as string | undefined);
    if (!type) {
      diagnostics.push({ path, message: `fact "${fact}" with path ${JSON.stringify(o.path)} is not an Edict fact (claim, line or context fields)` });
      return null;
    }
    const op = String(o.operator);
    const value = o.value as unknown;
    if (OPERATORS[op]) {
      if (value && typeof value === "object" && "fact" in (value as object)) {
        const v = value as { fact: string; path?: string };
        return `${field} ${OPERATORS[op]} ${v.fact}${v.path ? v.path.slice(1) : ""}`;
      }
      const lit = literal(type, value);
      if (lit === null) {
        diagnostics.push({ path, message: `${JSON.stringify(value)} is not a value for ${field}` });
        return null;
      }
      return `${field} ${OPERATORS[op]} ${lit}`;
    }
    if ((op === "in" || op === "notIn") && Array.isArray(value) && type.t === "code") {
      const codes = value.map((v) => literal(type, v));
      if (codes.some((c) => c === null)) {
        diagnostics.push({ path, message: `the list for ${field} holds something that is not a code` });
        return null;
      }
      return `${field} ${op === "in" ? "in" : "not in"} { ${codes.join(", ")} }`;
    }
    if ((op === "contains" || op === "doesNotContain") && type.t === "list") {
      const lit = literal(type.of, value);
      if (lit === null) {
        diagnostics.push({ path, message: `${JSON.stringify(value)} is not a value for the list ${field}` });
        return null;
      }
      return `${lit} ${op === "contains" ? "in" : "not in"} ${field}`;
    }
    diagnostics.push({ path, message: `operator "${op}" on ${field} has no Edict equivalent` });
    return null;
  };

  rules.forEach((rule, i) => {
    const r = rule as Partial<JreRule>;
    const path = `[${i}]`;
    const event = r.event;
    if (!event || typeof event.type !== "string") {
      diagnostics.push({ path: `${path}.event`, message: "a rule needs an event with a type" });
      return;
    }
    if (event.type === "benefit") {
      diagnostics.push({ path, message: `rule ${JSON.stringify(r.name)} is a benefit; benefits are written by hand in a plan, not imported` });
      return;
    }
    const when = render(r.conditions, `${path}.conditions`);
    if (when === null) return;
    const params = (event.params ?? {}) as Record<string, unknown>;
    const phase = RULE_PHASES.includes(params.phase as never) ? (params.phase as string) : "validity";
    const remarks = Array.isArray(params.remarks) && params.remarks.length ? ` remark ${params.remarks.join(", ")}` : "";
    const reason = typeof params.reason === "string" ? params.reason : "CO-16";
    let action: string;
    if (event.type === "deny") action = `deny ${reason}${remarks}`;
    else if (event.type === "pend") action = `pend ${reason}${remarks}`;
    else if (event.type === "remark" && remarks) action = remarks.trim();
    else {
      diagnostics.push({ path: `${path}.event.type`, message: `event type ${JSON.stringify(event.type)} is not deny, pend or remark` });
      return;
    }
    const name = identifier(String(r.name ?? `rule_${i + 1}`), used);
    const title = r.name ? ` ${JSON.stringify(String(r.name))}` : "";
    blocks.push(`rule ${name}${title}\n  phase ${phase}\n  cite "imported from json-rules-engine"\n  when ${when}\n  then ${action}`);
  });
  return { source: blocks.join("\n\n") + "\n", diagnostics };
}
