// What hovering a word shows: CARC/RARC descriptions for codes, the doc of a field, the contents
// of a value set, the columns of a table, a rule's title and phase, what a phase is (after
// `phase`, by that context rather than by name). Markdown, no monaco.
import { FUNCTIONS, ROOTS } from "../../ir/types.js";
import { DEFAULT_REASON_CODES } from "../../model/reason-codes.js";
import type { Span, SymbolIndex } from "../protocol.js";
import { PHASES, type Phase } from "../../common/phases.js";
import { bindingsIn, declarationAround, describeType, fieldsOf, isPhasePosition, tableNamed, tokenAt, typeOfPath, type Scope } from "./analysis.js";

export interface Hover {
  /** markdown paragraphs */
  contents: string[];
  /** 1-based columns on the hovered line, end exclusive */
  startColumn: number;
  endColumn: number;
}

const MAX_ITEMS = 40;

/** what decides in each phase and the reasons it gives (grammar/SEMANTICS.md §2) */
const PHASE_DOCS: Record<Phase, string> = {
  eligibility: "the order of benefits (precedence rules), then rules · CO-22, CO-26, CO-27, CO-29",
  duplicates: "rules · CO-18",
  validity: "rules · CO-181, CO-146, CO-4, CO-16",
  sex_age: "rules · CO-7, CO-6, CO-9, CO-10",
  ptp: "rules (procedure-to-procedure edits) · CO-236",
  mue: "rules (medically unlikely edits) · CO-151 + N362",
  necessity: "rules (medical necessity) · CO-50",
  benefits: "the plan's benefits, then rules · CO-204, CO-96",
  authorization: "benefits that `require authorization`, then rules · CO-197, CO-198",
  limits: "benefit limits, then rules · CO-119",
  pricing: "the fee schedule (or a rule's `set allowed`), then rules · CO-45; pend when unpriced",
  cost_share: "the plan's tiers and the benefit's cost share · PR-3, PR-1, PR-2",
  coordination: "the plan's coordination method, when other payers paid first · OA-23",
};

/** the hover of a rule's phase: where it runs, what decides in it, the pack's rules in it */
function phaseHover(name: string, symbols: SymbolIndex): string[] {
  const index = (PHASES as readonly string[]).indexOf(name);
  if (index < 0) return [`**${name}** — not a phase; the phases are ${PHASES.join(", ")}`];
  const rules = symbols.symbols.filter((s) => s.kind === "rule" && s.detail === name).map((s) => `\`${s.name}\``);
  return [
    `**${name}** — phase ${index + 1} of ${PHASES.length}`,
    `Decided by ${PHASE_DOCS[name as Phase]}.`,
    rules.length ? `Rules in this phase: ${rules.join(", ")}` : "No rule of this pack is in this phase.",
  ];
}

export function hoverAt(lines: string[], lineNumber: number, column: number, symbols: SymbolIndex): Hover | undefined {
  const line = lines[lineNumber - 1] ?? "";
  const token = tokenAt(line, column);
  if (!token) return undefined;
  const at = (contents: string[]): Hover => ({ contents, startColumn: token.startColumn, endColumn: token.endColumn });

  if (token.kind === "reason") {
    const [group, code] = token.text.split("-");
    const carc = DEFAULT_REASON_CODES.carc.get(code);
    const groupText = DEFAULT_REASON_CODES.groups.get(group);
    return at([`**${token.text}** — ${carc ?? "not a CARC in the code table"}`, `Group ${group}: ${groupText ?? "not a known group code"}`]);
  }
  if (token.kind === "code") {
    const rarc = DEFAULT_REASON_CODES.rarc.get(token.text);
    const declaration = declarationAround(lines, lineNumber - 1);
    const before = declaration.text.slice(0, lines.slice(declaration.startLine, lineNumber - 1).reduce((n, l) => n + l.length + 1, 0) + token.startColumn - 1);
    if (rarc && /\bremark\s+(?:[A-Z0-9]+\s*,\s*)*$/.test(before)) return at([`**${token.text}** (remark code, RARC) — ${rarc}`]);
    return undefined;
  }
  if (token.kind !== "ident") return undefined;
  // `phase necessity`: the phase, even where a table or value set is called `necessity` too
  if (token.path.length === 1 && isPhasePosition(line, token.startColumn)) return at(phaseHover(token.text, symbols));

  const declaration = declarationAround(lines, lineNumber - 1);
  const offset = lines.slice(declaration.startLine, lineNumber - 1).reduce((n, l) => n + l.length + 1, 0) + token.startColumn - 1;
  const scope: Scope = { bindings: bindingsIn(declaration.text), symbols, offset };
  const path = token.path;

  if (path.length > 1) {
    const owner = typeOfPath(path.slice(0, -1), scope);
    const field = owner && fieldsOf(owner, symbols).find((f) => f.name === token.text);
    if (field) return at([`**${path.join(".")}**: ${describeType(field.type, field.optional)}`, field.doc]);
    return undefined;
  }
  const name = token.text;
  const binding = scope.bindings.find((b) => b.name === name);
  if (binding) {
    const type = typeOfPath([name], scope);
    return at([
      `**${name}**: ${type ? describeType(type) : "variable"}`,
      `Each element of \`${binding.collection.join(".")}${binding.lookup ? "[…]" : ""}\` in turn.`,
    ]);
  }
  if (ROOTS[name]) return at([`**${name}**: ${describeType(ROOTS[name].type)}`, ROOTS[name].doc]);
  if (FUNCTIONS[name])
    return at([`**${name}**(${FUNCTIONS[name].params.map((p) => describeType(p)).join(", ")}) → ${describeType(FUNCTIONS[name].result)}`, FUNCTIONS[name].doc]);
  const valueset = symbols.valuesets.find((v) => v.name === name);
  if (valueset) {
    const shown = valueset.items.slice(0, MAX_ITEMS).join(", ") + (valueset.items.length > MAX_ITEMS ? `, … (${valueset.items.length} items)` : "");
    return at([`**${name}** — ${valueset.codeKind} value set${valueset.title ? `: ${valueset.title}` : ""}`, `{ ${shown} }`, whereDeclared(valueset.nameSpan)]);
  }
  const table = tableNamed(symbols, name);
  if (table) {
    const columns = table.columns.map((c) => `- \`${c.name}\`: ${c.type}${c.key ? " (key)" : ""}${c.optional ? " (may be empty)" : ""}`).join("\n");
    return at([
      `**${name}** — table${table.title ? `: ${table.title}` : ""}`,
      `from \`${table.path}\`${table.rows !== undefined ? `, ${table.rows} rows` : ""}${table.dated ? ", dated rows (look up with `on` a date)" : ""}`,
      columns,
      whereDeclared(table.nameSpan),
    ]);
  }
  const symbol = symbols.symbols.find((s) => s.name === name);
  if (symbol) {
    const detail = symbol.kind === "rule" ? `phase ${symbol.detail}` : symbol.kind === "parameter" ? `= ${symbol.detail}` : symbol.detail;
    return at([`**${name}** — ${symbol.kind}${symbol.title ? `: ${symbol.title}` : ""}`, detail ?? "", whereDeclared(symbol.nameSpan)].filter(Boolean));
  }
  return undefined;
}

function whereDeclared(span: Span): string {
  return `_declared at ${span.file}:${span.line}:${span.col}_`;
}
