// What to offer at the cursor: fields after `claim.`/`line.`/a quantifier variable, columns of a
// looked-up row, phases, CARC/RARC codes, value sets, tables, keywords, rule ids and snippets.
// Returns plain items; register.ts turns them into monaco completion items.
import { RULE_PHASES } from "../../common/phases.js";
import { FUNCTIONS, ROOTS } from "../../ir/types.js";
import { COORDINATION_METHODS } from "../../ir/ir.js";
import { DEFAULT_REASON_CODES } from "../../model/reason-codes.js";
import type { SymbolIndex } from "../protocol.js";
import { bindingsIn, codeOnly, declarationAround, describeType, fieldsOf, typeOfPath, type Scope } from "./analysis.js";

export type ItemKind =
  | "keyword"
  | "field"
  | "variable"
  | "valueset"
  | "table"
  | "parameter"
  | "accumulator"
  | "function"
  | "rule"
  | "benefit"
  | "code"
  | "phase"
  | "snippet";

export interface Item {
  label: string;
  kind: ItemKind;
  detail?: string;
  /** markdown */
  documentation?: string;
  /** what is inserted; a snippet with ${1:…} placeholders when kind is "snippet" */
  insertText?: string;
  sortText?: string;
}

export const SNIPPETS: Item[] = [
  {
    label: "rule",
    kind: "snippet",
    detail: "a new rule",
    documentation: "A rule: its phase, a citation, the condition and the action.",
    insertText: [
      'rule ${1:rule_id} "${2:What the rule checks}"',
      `  phase \${3|${RULE_PHASES.join(",")}|}`,
      '  cite "${4:Where the policy says so}"',
      "  when ${5:line.code in office_visit_codes}",
      "  then deny ${6:CO-50}",
    ].join("\n"),
  },
  {
    label: "benefit",
    kind: "snippet",
    detail: "a new benefit",
    documentation: "A benefit: the procedures it covers and the member's cost share in and out of network.",
    insertText: [
      'benefit ${1:benefit_id} "${2:What it covers}" {',
      "  codes ${3:office_visit_codes}",
      "  in_network: copay ${4:\\$25.00}, deductible waived, coinsurance ${5:0%}",
      "  out_of_network: deductible applies, coinsurance ${6:40%}",
      '  cite "${7:Summary of benefits}"',
      "}",
    ].join("\n"),
  },
  {
    label: "precedence",
    kind: "snippet",
    detail: "a new order-of-benefits rule",
    documentation: "A precedence rule: when its condition holds for two of the member's coverages, `first` pays before `second`.",
    insertText: [
      'precedence ${1:rule_id} "${2:Which plan pays first}"',
      '  cite "${3:NAIC Coordination of Benefits Model Regulation}"',
      '  when ${4:first.relationship = "self" and second.relationship != "self"}',
    ].join("\n"),
  },
  {
    label: "valueset",
    kind: "snippet",
    detail: "a new value set",
    documentation: "A named set of procedure, diagnosis or modifier codes.",
    insertText: 'valueset ${1:name} "${2:Title}" = ${3|procedure,diagnosis,modifier|} { ${4:99202..99205} }',
  },
];

const DECLARATION_KEYWORDS = ["pack", "include", "valueset", "table", "parameter", "accumulator", "plan", "benefit", "rule", "precedence"];
const COLLECTIONS = [
  "claim.lines",
  "claim.diagnoses",
  "line.diagnoses",
  "line.modifiers",
  "context.coverage",
  "context.otherCoverage",
  "context.authorizations",
  "history",
];

function reasonItems(groups: string[]): Item[] {
  const items: Item[] = [];
  for (const [g, group] of groups.entries()) {
    for (const [code, description] of DEFAULT_REASON_CODES.carc) {
      items.push({
        label: `${group}-${code}`,
        kind: "code",
        detail: description,
        documentation: `**${group}-${code}** — ${description}\n\n${group}: ${DEFAULT_REASON_CODES.groups.get(group) ?? ""}`,
        sortText: `${g}${code.padStart(4, "0")}`,
      });
    }
  }
  return items;
}

function remarkItems(): Item[] {
  return [...DEFAULT_REASON_CODES.rarc].map(([code, description]) => ({
    label: code,
    kind: "code" as const,
    detail: description,
    documentation: `**${code}** (RARC) — ${description}`,
  }));
}

function valuesetItems(symbols: SymbolIndex, kind?: string): Item[] {
  return symbols.valuesets
    .filter((v) => !kind || v.codeKind === kind)
    .map((v) => ({
      label: v.name,
      kind: "valueset" as const,
      detail: `${v.codeKind} value set${v.title ? ` — ${v.title}` : ""}`,
      documentation: `{ ${v.items.join(", ")} }`,
      sortText: `0${v.name}`,
    }));
}

function tableItems(symbols: SymbolIndex): Item[] {
  return symbols.tables.map((t) => ({
    label: t.name,
    kind: "table" as const,
    detail: `table${t.title ? ` — ${t.title}` : ""}`,
    documentation: t.columns.map((c) => `- \`${c.name}\`: ${c.type}${c.key ? " (key)" : ""}${c.optional ? "?" : ""}`).join("\n"),
    sortText: `0${t.name}`,
  }));
}

function namedItems(symbols: SymbolIndex, kind: "rule" | "benefit" | "parameter" | "accumulator"): Item[] {
  return symbols.symbols
    .filter((s) => s.kind === kind)
    .map((s) => ({
      label: s.name,
      kind,
      detail: [kind, s.detail && (kind === "rule" ? `phase ${s.detail}` : s.detail), s.title].filter(Boolean).join(" · "),
      sortText: `${kind === "rule" || kind === "benefit" ? 9 : 1}${s.name}`,
    }));
}

export interface Completions {
  items: Item[];
  /** true when the place itself says what comes next (a field, a phase, a code, …), false for the general list */
  contextual: boolean;
}

/** the items for the cursor at 1-based (lineNumber, column) of a file's lines */
export function completionsAt(lines: string[], lineNumber: number, column: number, symbols: SymbolIndex, keywords: readonly string[]): Completions {
  const specific = contextualItems(lines, lineNumber, column, symbols);
  if (specific) return { items: specific, contextual: true };
  return { items: generalItems(lines, lineNumber, column, symbols, keywords), contextual: false };
}

function scopeAt(lines: string[], lineNumber: number, column: number, symbols: SymbolIndex): Scope {
  const declaration = declarationAround(lines, lineNumber - 1);
  const offset = lines.slice(declaration.startLine, lineNumber - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  return { bindings: bindingsIn(declaration.text), symbols, offset };
}

/** what the text just before the cursor asks for, or undefined when it asks for nothing in particular */
function contextualItems(lines: string[], lineNumber: number, column: number, symbols: SymbolIndex): Item[] | undefined {
  const line = lines[lineNumber - 1] ?? "";
  const prefixRaw = line.slice(0, column - 1);
  // inside a string or a comment there is nothing to complete
  if (codeOnly(prefixRaw + "x").endsWith(" ")) return [];
  const prefix = codeOnly(prefixRaw);
  const scope = scopeAt(lines, lineNumber, column, symbols);

  // `claim.`, `line.se`, `edit.`, `claim.member.`: the fields of what is before the dot
  const member = /([a-z_]\w*(?:\s*\.\s*[a-z_]\w*)*)\s*\.\s*([a-z_]\w*)?$/.exec(prefix);
  if (member && !/\.\.\s*\w*$/.test(prefix)) {
    const type = typeOfPath(
      member[1].split(".").map((s) => s.trim()),
      scope,
    );
    if (!type) return [];
    return fieldsOf(type, symbols).map((f) => ({ label: f.name, kind: "field", detail: describeType(f.type, f.optional), documentation: f.doc }));
  }
  if (/\bphase\s+\w*$/.test(prefix)) return RULE_PHASES.map((p, i) => ({ label: p, kind: "phase", sortText: String(i).padStart(2, "0") }));

  const reason = /\b(CO|PR|OA|PI|CR)-[A-Z0-9]*$/.exec(prefix);
  if (reason) return reasonItems([reason[1]]);
  if (/\b(?:deny|pend)\s+[A-Z]*$/.test(prefix)) return reasonItems(["CO", "PR", "OA", "PI"]);
  if (/\bremark\s+(?:[A-Z0-9]+\s*,\s*)*[A-Z0-9]*$/.test(prefix)) return remarkItems();
  if (/\bcodes\s+\w*$/.test(prefix)) return valuesetItems(symbols, "procedure");
  if (/\S\s+accumulator\s+\w*$/.test(prefix)) return namedItems(symbols, "accumulator");
  if (/\bfee\s+schedule\s+\w*$/.test(prefix)) return tableItems(symbols);
  if (/\bcoordination\s+\w*$/.test(prefix)) return COORDINATION_METHODS.map((m) => ({ label: m, kind: "keyword" as const, detail: "coordination method" }));
  // after `in`: a value set, a table, or a list to range over
  if (/(?<!\bnetwork\s+)\bin\s+[a-z_]*$/.test(prefix)) {
    const lists = COLLECTIONS.map((c) => ({ label: c, kind: "field" as const, detail: "a list", sortText: `1${c}` }));
    return [...valuesetItems(symbols), ...tableItems(symbols), ...lists];
  }
  // the name of a new declaration: nothing to offer
  if (/^(?:valueset|table|parameter|accumulator|benefit|rule|precedence)\s+\w*$/.test(prefix)) return [];

  // at the start of a line (column 1): declarations and snippets
  if (/^[a-z]*$/.test(prefix)) return [...SNIPPETS, ...DECLARATION_KEYWORDS.map((k) => ({ label: k, kind: "keyword" as const }))];
  return undefined;
}

/** everything a rule may name here: variables, roots, functions, value sets, tables, parameters, rule ids, keywords */
function generalItems(lines: string[], lineNumber: number, column: number, symbols: SymbolIndex, keywords: readonly string[]): Item[] {
  const scope = scopeAt(lines, lineNumber, column, symbols);
  const items: Item[] = [];
  const bound = new Set<string>();
  for (const b of scope.bindings) {
    if (bound.has(b.name)) continue;
    bound.add(b.name);
    const type = typeOfPath([b.name], scope);
    items.push({
      label: b.name,
      kind: "variable",
      detail: type ? describeType(type) : "variable",
      documentation: `Bound by \`… ${b.name} in ${b.collection.join(".")}${b.lookup ? "[…]" : ""}\`.`,
      sortText: `0${b.name}`,
    });
  }
  for (const [name, root] of Object.entries(ROOTS))
    items.push({ label: name, kind: "variable", detail: describeType(root.type), documentation: root.doc, sortText: `1${name}` });
  for (const [name, fn] of Object.entries(FUNCTIONS))
    items.push({ label: name, kind: "function", detail: `function → ${describeType(fn.result)}`, documentation: fn.doc, insertText: `${name}(` });
  items.push(...valuesetItems(symbols), ...tableItems(symbols));
  items.push(...namedItems(symbols, "parameter"), ...namedItems(symbols, "rule"), ...namedItems(symbols, "benefit"));
  items.push(...keywords.filter((k) => !DECLARATION_KEYWORDS.includes(k)).map((k) => ({ label: k, kind: "keyword" as const, sortText: `5${k}` })));
  items.push(...SNIPPETS.map((s) => ({ ...s, sortText: `8${s.label}` })));
  return items;
}
