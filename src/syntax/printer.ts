// The canonical formatter (`edict fmt`): prints an AST in one fixed style, keeping every comment.
// The output depends only on the AST and its comments, so printing what it parsed changes nothing.
import type * as A from "./ast.js";
import type { Diagnostic } from "../common/diagnostic.js";
import { parse } from "./parser.js";

const INDENT = "  ";
/** lines longer than this are broken where the style allows (conditions, value set items) */
const WIDTH = 96;

// ------------------------------------------------------------------ flat pieces

function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function codeItem(item: A.CodeItem): string {
  return item.to !== undefined ? `${item.from}..${item.to}` : item.from;
}

function codeSet(set: { items: A.CodeItem[] }): string {
  return set.items.length ? `{ ${set.items.map(codeItem).join(", ")} }` : "{ }";
}

export function printLiteral(e: A.Literal): string {
  switch (e.kind) {
    case "string":
      return quote(e.value);
    case "integer":
    case "code":
    case "date":
      return e.text;
    case "money":
      return `$${e.text}`;
    case "percent":
      return `${e.text}%`;
    case "duration":
      // the AST keeps the plural; "1 day" reads better and parses to the same thing
      return `${e.amount} ${e.amount === "1" ? e.unit.slice(0, -1) : e.unit}`;
    case "boolean":
      return String(e.value);
  }
}

function whereSuffix(where: A.Expr | undefined): string {
  return where ? ` where ${printExpr(where)}` : "";
}

function onSuffix(on: A.Expr | undefined): string {
  return on ? ` on ${printExpr(on)}` : "";
}

/** an expression on one line; parentheses only where the AST has Paren nodes */
export function printExpr(e: A.Expr): string {
  switch (e.kind) {
    case "ident":
      return e.name;
    case "field":
      return `${printExpr(e.object)}.${e.field.text}`;
    case "lookup":
      return `${e.table.text}[${e.keys.map(printExpr).join(", ")}]${onSuffix(e.on)}`;
    case "call":
      return `${e.fn.text}(${e.args.map(printExpr).join(", ")})`;
    case "unary": {
      // a chain of `not`s or signs in a loop: it may be thousands long
      let prefix = "";
      let x: A.Expr = e;
      while (x.kind === "unary") {
        prefix += x.op === "not" ? "not " : "-";
        x = x.operand;
      }
      return prefix + printExpr(x);
    }
    case "binary": {
      // a chain (`a or b or …`) along its left side in a loop
      const spine: A.Binary[] = [];
      let x: A.Expr = e;
      while (x.kind === "binary") {
        spine.push(x);
        x = x.left;
      }
      const parts = [printExpr(x)];
      for (let i = spine.length - 1; i >= 0; i--) parts.push(` ${spine[i].op} ${printExpr(spine[i].right)}`);
      return parts.join("");
    }
    case "in": {
      const set = e.set.kind === "codeset" ? codeSet(e.set) : printExpr(e.set);
      return `${printExpr(e.element)} ${e.negated ? "not in" : "in"} ${set}${onSuffix(e.on)}`;
    }
    case "missing":
      return `${printExpr(e.operand)} is ${e.negated ? "not " : ""}missing`;
    case "quantifier":
      return `${quantifierHead(e)}${whereSuffix(e.where)}`;
    case "count":
      return `${quantifierHead(e)}${whereSuffix(e.where)}`;
    case "sum":
      return `${quantifierHead(e)}${whereSuffix(e.where)}`;
    case "paren":
      return `(${printExpr(e.inner)})`;
    default:
      return printLiteral(e);
  }
}

/** `any x in C`, `count x in C`, `sum B for x in C`: everything before the where */
function quantifierHead(e: A.Quantifier | A.CountExpr | A.SumExpr): string {
  const over = `${e.variable.text} in ${printExpr(e.collection)}`;
  if (e.kind === "sum") return `sum ${printExpr(e.body)} for ${over}`;
  return `${e.kind === "count" ? "count" : e.quantifier} ${over}`;
}

// ------------------------------------------------------------------ long conditions

/** the operands of a chain of one operator: `a and b and c` → [a, b, c] */
function chainOperands(e: A.Expr, op: "and" | "or"): A.Expr[] {
  const out: A.Expr[] = [];
  const stack: A.Expr[] = [e];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.kind === "binary" && x.op === op) stack.push(x.right, x.left);
    else out.push(x);
  }
  return out;
}

/**
 * An expression that starts at column `indent.length`, over several lines when it does not fit:
 * `and`/`or` chains break before the operator, a `where` goes on its own line two deeper than
 * its quantifier, and a parenthesised group lays out its inside one column in.
 */
function layout(e: A.Expr, indent: string): string {
  const flat = printExpr(e);
  if (indent.length + flat.length <= WIDTH) return flat;
  const deeper = indent + INDENT;
  switch (e.kind) {
    case "binary":
      if (e.op === "and" || e.op === "or") {
        const op = e.op;
        const operandIndent = indent + " ".repeat(op.length + 1);
        return chainOperands(e, op)
          .map((x, i) => (i === 0 ? layout(x, indent) : `\n${indent}${op} ${layout(x, operandIndent)}`))
          .join("");
      }
      {
        // down the left side of a chain like `x + y + …` in a loop
        const rights: string[] = [];
        let x: A.Expr = e;
        while (x.kind === "binary" && x.op !== "and" && x.op !== "or") {
          rights.push(` ${x.op} ${printExpr(x.right)}`);
          x = x.left;
        }
        return layout(x, indent) + rights.reverse().join("");
      }
    case "quantifier":
    case "count":
    case "sum":
      if (!e.where) return flat;
      return `${quantifierHead(e)}\n${deeper}where ${layout(e.where, deeper + " ".repeat("where ".length))}`;
    case "paren":
      return `(${layout(e.inner, indent + " ")})`;
    case "unary": {
      if (e.op !== "not") return flat;
      let nots = 0;
      let x: A.Expr = e;
      while (x.kind === "unary" && x.op === "not") {
        nots++;
        x = x.operand;
      }
      return "not ".repeat(nots) + layout(x, indent + " ".repeat("not ".length * nots));
    }
    default:
      return flat;
  }
}

// ------------------------------------------------------------------ declarations

function valueRef(v: A.ValueRef): string {
  return v.kind === "ident" ? v.name : printLiteral(v);
}

function title(t: A.Text | undefined): string {
  return t ? ` ${quote(t.value)}` : "";
}

function remarks(list: A.Name[]): string {
  return list.length ? ` remark ${list.map((r) => r.text).join(", ")}` : "";
}

function reason(r: A.ReasonRef): string {
  return `${r.group}-${r.code}`;
}

function action(a: A.Action): string {
  switch (a.kind) {
    case "deny":
      return `deny ${reason(a.reason)}${remarks(a.remarks)}`;
    case "pend":
      return `pend${a.reason ? ` ${reason(a.reason)}` : ""}${remarks(a.remarks)}`;
    case "remark":
      return `remark ${a.remarks.map((r) => r.text).join(", ")}`;
    case "setAllowed": {
      const prefix = `${INDENT}then set allowed `;
      return `set allowed ${layout(a.amount, " ".repeat(prefix.length))}${remarks(a.remarks)}`;
    }
  }
}

function costShare(c: A.CostShareDecl): string {
  const label = c.network === "in" ? "in_network" : "out_of_network";
  if (c.none) return `${label}: no cost share`;
  return `${label}: ${c.terms.map(costTerm).join(", ")}`;
}

function costTerm(t: A.CostTerm): string {
  switch (t.kind) {
    case "copay":
      return `copay ${valueRef(t.amount)}`;
    case "deductible":
      return `deductible ${t.applies ? "applies" : "waived"}`;
    case "coinsurance":
      return `coinsurance ${valueRef(t.rate)}`;
  }
}

/** a block `head {` … `}` with one line per entry; `head {\n}` when empty */
function block(head: string, lines: string[]): string {
  return `${head} {\n${lines.map((l) => INDENT + l).join("\n")}${lines.length ? "\n" : ""}}`;
}

/** comments that sit between a value set's items, kept with the item they precede */
interface ItemComments {
  before: Map<number, string[]>;
  atEnd: string[];
}

const NO_ITEM_COMMENTS: ItemComments = { before: new Map(), atEnd: [] };

function valueset(d: A.ValueSetDecl, comments: ItemComments): string {
  const head = `valueset ${d.name.text}${title(d.title)} = ${d.codeKind}`;
  const hasComments = comments.before.size > 0 || comments.atEnd.length > 0;
  const flat = `${head} ${codeSet(d)}`;
  if (!hasComments && flat.length <= WIDTH) return flat;
  return `${head} {\n${valuesetBody(d.items, comments).join("\n")}\n}`;
}

/** items packed into lines up to the width, each line ending in ","; a comment starts a new line */
function valuesetBody(items: A.CodeItem[], comments: ItemComments): string[] {
  const lines: string[] = [];
  let current = "";
  const flush = () => {
    if (current) lines.push(`${INDENT}${current},`);
    current = "";
  };
  items.forEach((item, i) => {
    const before = comments.before.get(i);
    if (before) {
      flush();
      lines.push(...before.map((c) => INDENT + c));
    }
    const next = current ? `${current}, ${codeItem(item)}` : codeItem(item);
    if (current && INDENT.length + next.length + 1 > WIDTH) {
      flush();
      current = codeItem(item);
    } else current = next;
  });
  flush();
  lines.push(...comments.atEnd.map((c) => INDENT + c));
  return lines;
}

function table(d: A.TableDecl): string {
  const lines = d.columns.map((c) => `${c.key ? "key " : ""}${c.name.text}: ${c.type}${c.optional ? "?" : ""}`);
  if (d.active) lines.push(`active from ${d.active.from.text} until ${d.active.until.text}`);
  return block(`table ${d.name.text}${title(d.title)} from ${quote(d.path.value)}`, lines);
}

function tier(t: A.TierDecl): string[] {
  const items: string[] = [];
  if (t.deductible) items.push(`deductible ${valueRef(t.deductible.amount)} accumulator ${t.deductible.accumulator.text}`);
  if (t.outOfPocket) items.push(`out_of_pocket ${valueRef(t.outOfPocket.amount)} accumulator ${t.outOfPocket.accumulator.text}`);
  if (t.noOutOfPocket) items.push("no out_of_pocket maximum");
  if (t.coinsurance) items.push(`coinsurance ${valueRef(t.coinsurance.rate)}`);
  return block(`network ${t.network}`, items).split("\n");
}

function plan(d: A.PlanDecl): string {
  const lines: string[] = [];
  if (d.feeSchedule) lines.push(`fee schedule ${d.feeSchedule.table.text}.${d.feeSchedule.column.text}`);
  if (d.coordination) lines.push(`coordination ${d.coordination.method.text}`);
  for (const t of d.tiers) lines.push(...tier(t));
  return block(`plan${title(d.title)}`, lines);
}

/** benefit lines in a fixed order: codes, when, cost shares, limit, authorization, cites */
function benefit(d: A.BenefitDecl): string {
  const lines: string[] = [];
  for (const c of d.codes) lines.push(`codes ${"kind" in c ? codeSet(c) : c.text}`);
  if (d.when) lines.push(`when ${layout(d.when, INDENT + " ".repeat("when ".length))}`);
  for (const c of d.costShares) lines.push(costShare(c));
  if (d.limit) lines.push(`limit ${valueRef(d.limit.amount)} ${d.limit.unit} per year accumulator ${d.limit.accumulator.text}`);
  if (d.requiresAuthorization) lines.push("requires authorization");
  for (const c of d.cites) lines.push(`cite ${quote(c.value)}`);
  return block(`benefit ${d.name.text}${title(d.title)}`, lines);
}

/** a rule's condition: on the `when` line if it fits, else on its own lines below */
function ruleCondition(when: A.Expr): string {
  const flat = `${INDENT}when ${printExpr(when)}`;
  if (flat.length <= WIDTH) return flat;
  const deeper = INDENT + INDENT;
  return `${INDENT}when\n${deeper}${layout(when, deeper)}`;
}

function overridePrefix(d: { override?: boolean }): string {
  return d.override ? "override " : "";
}

function rule(d: A.RuleDecl): string {
  const lines = [`${overridePrefix(d)}rule ${d.name.text}${title(d.title)}`, `${INDENT}phase ${d.phase.value}`];
  for (const c of d.cites) lines.push(`${INDENT}cite ${quote(c.value)}`);
  lines.push(ruleCondition(d.when));
  lines.push(`${INDENT}then ${action(d.action)}`);
  return lines.join("\n");
}

export function printDeclaration(d: A.Declaration, itemComments: ItemComments = NO_ITEM_COMMENTS): string {
  switch (d.kind) {
    case "pack": {
      const effective = d.effective ? ` effective ${d.effective.from.text} to ${d.effective.to.text}` : "";
      return `pack ${quote(d.name.value)} version ${quote(d.version.value)}${effective}`;
    }
    case "include":
      return `include ${quote(d.path.value)}`;
    case "valueset":
      return valueset(d, itemComments);
    case "table":
      return table(d);
    case "parameter":
      return `${overridePrefix(d)}parameter ${d.name.text}${title(d.title)} = ${printLiteral(d.value)}`;
    case "accumulator":
      return `accumulator ${d.name.text}${title(d.title)}: ${d.unit}`;
    case "plan":
      return plan(d);
    case "benefit":
      return benefit(d);
    case "rule":
      return rule(d);
    case "disable":
      return [`disable rule ${d.rule.text}`, ...d.cites.map((c) => `${INDENT}cite ${quote(c.value)}`)].join("\n");
    case "coordination":
      return [`override coordination ${d.method.text}`, ...d.cites.map((c) => `${INDENT}cite ${quote(c.value)}`)].join("\n");
    case "precedence":
      return [`precedence ${d.name.text}${title(d.title)}`, ...d.cites.map((c) => `${INDENT}cite ${quote(c.value)}`), ruleCondition(d.when)].join("\n");
  }
}

// ------------------------------------------------------------------ comments

/** where each comment goes when the file is printed */
interface CommentPlacement {
  /** comments before a declaration, in source order */
  leading: Map<A.Declaration, A.Comment[]>;
  /** comments inside a declaration that move to just before it (value sets keep theirs) */
  inner: Map<A.Declaration, A.Comment[]>;
  /** a comment on the line where a declaration ends */
  trailing: Map<A.Declaration, A.Comment>;
  /** comments after the last declaration */
  atEnd: A.Comment[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function placeComments(file: A.SourceFile): CommentPlacement {
  const placement: CommentPlacement = { leading: new Map(), inner: new Map(), trailing: new Map(), atEnd: [] };
  const declarations = file.declarations;
  const comments = [...file.comments].sort((a, b) => a.span.offset - b.span.offset);
  for (const c of comments) {
    const at = c.span.offset;
    const inside = declarations.find((d) => d.span.offset <= at && at < d.span.endOffset);
    if (inside) {
      push(placement.inner, inside, c);
      continue;
    }
    const before = [...declarations].reverse().find((d) => d.span.endOffset <= at);
    if (before && before.span.endLine === c.span.line && !placement.trailing.has(before)) {
      placement.trailing.set(before, c);
      continue;
    }
    const next = declarations.find((d) => d.span.offset > at);
    if (next) push(placement.leading, next, c);
    else placement.atEnd.push(c);
  }
  return placement;
}

/** a value set's inner comments go before the item that follows them, or at the end of the list */
function itemCommentsOf(d: A.ValueSetDecl, comments: A.Comment[]): ItemComments {
  const result: ItemComments = { before: new Map(), atEnd: [] };
  for (const c of comments) {
    const index = d.items.findIndex((item) => item.span.offset > c.span.offset);
    if (index >= 0) push(result.before, index, commentText(c));
    else result.atEnd.push(commentText(c));
  }
  return result;
}

function commentText(c: A.Comment): string {
  return c.text.trimEnd();
}

/** a blank line separates two comments, or a comment and its declaration, if one did in the source */
function gapBetween(endLine: number, nextLine: number): boolean {
  return nextLine > endLine + 1;
}

/**
 * The comment lines before a declaration: its own leading comments, then comments moved out of
 * it. Blank lines are kept between leading comments only; a moved comment has no position of
 * its own, so it sits right above the declaration.
 */
function commentsAbove(d: A.Declaration, leading: A.Comment[], moved: A.Comment[]): string {
  const out: string[] = [];
  leading.forEach((c, i) => {
    out.push(commentText(c));
    const nextLine = i + 1 < leading.length ? leading[i + 1].span.line : d.span.line;
    if (gapBetween(c.span.endLine, nextLine)) out.push("");
  });
  for (const c of moved) out.push(commentText(c));
  return out.map((line) => `${line}\n`).join("");
}

function commentsAtEnd(comments: A.Comment[]): string {
  return comments
    .map((c, i) => {
      const gap = i + 1 < comments.length && gapBetween(c.span.endLine, comments[i + 1].span.line);
      return commentText(c) + (gap ? "\n" : "");
    })
    .join("\n");
}

// ------------------------------------------------------------------ files

/** Prints a whole file: declarations separated by blank lines, every comment kept. */
export function print(file: A.SourceFile): string {
  const placement = placeComments(file);
  const blocks = file.declarations.map((d) => {
    const inner = placement.inner.get(d) ?? [];
    const keepsInner = d.kind === "valueset";
    const body = printDeclaration(d, keepsInner ? itemCommentsOf(d as A.ValueSetDecl, inner) : NO_ITEM_COMMENTS);
    const trailing = placement.trailing.get(d);
    const above = commentsAbove(d, placement.leading.get(d) ?? [], keepsInner ? [] : inner);
    return above + body + (trailing ? ` ${commentText(trailing)}` : "");
  });
  if (placement.atEnd.length) blocks.push(commentsAtEnd(placement.atEnd));
  return blocks.length ? `${blocks.join("\n\n")}\n` : "";
}

/** `edict fmt`: the canonical text, or the original text and the diagnostics when it has errors */
export function format(text: string, file: string): { text: string; diagnostics: Diagnostic[] } {
  const parsed = parse(text, file);
  if (parsed.diagnostics.some((d) => d.severity === "error")) return { text, diagnostics: parsed.diagnostics };
  return { text: print(parsed.ast), diagnostics: parsed.diagnostics };
}
