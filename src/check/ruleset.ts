// Checks a pack and its includes as one ruleset and lowers it to the IR Program: declares every
// name once, loads tables, resolves the plan and benefits, type-checks rules and their actions.
import type * as A from "../syntax/ast.js";
import { PHASES } from "../common/phases.js";
import { sortDiagnostics, type Diagnostic } from "../common/diagnostic.js";
import {
  COORDINATION_METHODS,
  type CoordinationMethod,
  type IrAction,
  type IrBenefit,
  type IrExpr,
  type IrPlan,
  type IrPrecedence,
  type IrRule,
  type Program,
  type Accumulator,
  type CostShare,
  type Tier,
} from "../ir/ir.js";
import type { Table } from "../ir/table.js";
import { makeCodeSet, type CodeSet } from "../ir/codeset.js";
import { T, sameType, type CodeKind, type Type } from "../ir/types.js";
import { loadTable } from "../tables/load.js";
import { Sha256 } from "../ir/sha256.js";
import { ExpressionChecker, type Scope } from "./expressions.js";
import { literalValue } from "./literals.js";
import { loadSources, joinPath, confinementOf, isConfined, isRefusal, relativePath, type Confinement, type PackHost, type LoadedPack } from "./packs.js";
import { closest } from "./suggest.js";
import { includedPacks, mayOverride, type Owner } from "./overrides.js";
import * as E from "./errors.js";
import { DEFAULT_REASON_CODES, type ReasonCodeTable } from "../model/reason-codes.js";

export interface CheckOptions {
  /** a payer's own CARC/RARC table; defaults to the codes Edict ships */
  reasonCodes?: ReasonCodeTable;
  /**
   * folders outside the pack root whose files rules may read (shared tables); the pack root is
   * the folder holding the entry pack
   */
  allowPaths?: readonly string[];
  /** the pack root, when the host knows better than the entry's path can say (src/node: the working folder) */
  packRoot?: string;
}

export interface CheckOutput {
  /** present when there are no errors */
  program?: Program;
  diagnostics: Diagnostic[];
}

type Decl<K extends A.Declaration["kind"]> = Extract<A.Declaration, { kind: K }> & { pack: LoadedPack };

export function checkRuleset(entryDir: string, host: PackHost, options: CheckOptions = {}): CheckOutput {
  const confinement = confinementOf(entryDir, options.allowPaths, options.packRoot);
  const sources = loadSources(entryDir, host, confinement);
  const diagnostics = [...sources.diagnostics];
  const report = (d: Diagnostic) => diagnostics.push(d);
  const reasonCodes = options.reasonCodes ?? DEFAULT_REASON_CODES;

  const all = sources.packs.flatMap((pack) => pack.files.flatMap((f) => f.declarations.map((d) => ({ ...d, pack }))));
  // grouped once: the checker asks for each kind of declaration, some more than once
  const byKind = new Map<string, typeof all>();
  for (const d of all) {
    const group = byKind.get(d.kind);
    if (group) group.push(d);
    else byKind.set(d.kind, [d]);
  }
  const of = <K extends A.Declaration["kind"]>(kind: K) => (byKind.get(kind)?.slice() ?? []) as Decl<K>[];

  // one namespace for valuesets, tables, parameters; separate ones for accumulators, benefits, rules
  const declareOnce = <D extends { name: A.Name; pack: LoadedPack; kind: string }>(decls: D[], namespace: E.Namespace, taken = new Map<string, Owner>()) => {
    const unique: D[] = [];
    for (const d of decls) {
      const earlier = taken.get(d.name.text);
      if (earlier) {
        const replaceable = (d.kind === "rule" || d.kind === "parameter") && earlier.pack !== d.pack;
        const replace = replaceable ? { pack: earlier.pack.name, kind: d.kind as "rule" | "parameter" } : undefined;
        report(E.duplicateName(d.name.span, namespace, d.name.text, earlier.span, replace));
      } else {
        taken.set(d.name.text, { pack: d.pack, span: d.name.span, override: false });
        unique.push(d);
      }
    }
    return unique;
  };
  const valueNames = new Map<string, Owner>();
  const includes = includedPacks(sources.packs);

  // ---- tables
  const tables = new Map<string, Table>();
  for (const d of declareOnce(of("table"), "value", valueNames)) {
    const table = declareTable(d, host, confinement, sources.texts, report);
    if (table) tables.set(table.name, table);
  }

  // ---- valuesets
  const valuesets = new Map<string, { set: CodeSet; kind: CodeKind }>();
  const scope: Scope = { valuesets, tables, parameters: new Map(), sources: sources.texts, report };
  for (const d of declareOnce(of("valueset"), "value", valueNames)) {
    const checker = new ExpressionChecker(scope);
    const set = checker.inlineCodeSet({ kind: "codeset", items: d.items, span: d.span }, d.codeKind);
    valuesets.set(d.name.text, { set: { ...set, name: d.name.text }, kind: d.codeKind });
  }

  // ---- parameters, then the overrides of included packs' parameters, innermost pack first
  const parameterValue = (d: Decl<"parameter">): IrExpr | undefined => {
    const lit = literalValue(d.value);
    if (!lit.ok) {
      report(E.badLiteral(d.value.span, lit.problem));
      return undefined;
    }
    const text = sources.texts.get(d.value.span.file)?.slice(d.value.span.offset, d.value.span.endOffset) ?? "";
    return { op: "const", value: lit.value, type: lit.type, span: d.value.span, text };
  };
  const parameterOwners = new Map<string, Owner>();
  for (const d of declareOnce(
    of("parameter").filter((p) => !p.override),
    "value",
    valueNames,
  )) {
    parameterOwners.set(d.name.text, { pack: d.pack, span: d.name.span, override: false });
    const value = parameterValue(d);
    if (value) scope.parameters.set(d.name.text, value);
  }
  for (const d of of("parameter").filter((p) => p.override)) {
    const value = parameterValue(d);
    if (!mayOverride("override parameter", d.name, d.pack, parameterOwners, includes, report)) continue;
    parameterOwners.set(d.name.text, { pack: d.pack, span: d.name.span, override: true });
    const original = scope.parameters.get(d.name.text);
    if (!value || !original) continue;
    if (!sameType(value.type, original.type)) {
      report(E.parameterOverrideType(d.value.span, d.name.text, original.type, value.type));
      continue;
    }
    scope.parameters.set(d.name.text, value);
  }

  // ---- accumulators
  const accumulators: Accumulator[] = declareOnce(of("accumulator"), "accumulator").map((d) => ({
    name: d.name.text,
    unit: d.unit,
    title: d.title?.value ?? d.name.text,
  }));
  const accumulatorNamed = (name: A.Name, unit: "money" | "count"): string => {
    const acc = accumulators.find((a) => a.name === name.text);
    if (!acc) {
      report(
        E.unknownAccumulator(
          name.span,
          name.text,
          unit,
          closest(
            name.text,
            accumulators.map((a) => a.name),
          ),
        ),
      );
    } else if (acc.unit !== unit) {
      report(E.accumulatorUnit(name.span, name.text, acc.unit, unit));
    }
    return name.text;
  };

  const valueOf = (ref: A.ValueRef, type: Type, amount: E.PlanAmount): number => {
    let ir: IrExpr | undefined;
    if (ref.kind === "ident") {
      ir = scope.parameters.get(ref.name);
      if (!ir) {
        report(E.unknownParameter(ref.span, ref.name, closest(ref.name, scope.parameters.keys())));
        return 0;
      }
    } else {
      const lit = literalValue(ref);
      if (!lit.ok) {
        report(E.badLiteral(ref.span, lit.problem));
        return 0;
      }
      ir = { op: "const", value: lit.value, type: lit.type, span: ref.span, text: "" };
    }
    if (!sameType(ir.type, type) && !(type.t === "integer" && ir.type.t === "integer")) {
      report(E.planAmountType(ref.span, amount, type, ir.type));
      return 0;
    }
    return ir.op === "const" ? (ir.value as number) : 0;
  };

  // ---- plan
  const plans = of("plan");
  for (const extra of plans.slice(1)) {
    report(E.duplicatePlan(extra.span));
  }
  const plan = plans[0] ? declarePlan(plans[0], tables, accumulatorNamed, valueOf, report) : null;
  // `override coordination`, innermost pack first, so an outer pack's word is the last one
  for (const d of of("coordination")) {
    const method = coordinationMethod(d.method, report);
    const owner = plans[0];
    if (!owner) report(E.coordinationWithoutPlan(d.span, d.pack.name));
    else if (owner.pack === d.pack) report(E.coordinationOfOwnPlan(d.span, owner.span));
    else if (!includes(d.pack, owner.pack)) report(E.coordinationNotIncluded(d.span, owner.pack.name, owner.span, d.pack.name));
    else if (plan && method) {
      plan.coordination = { method, pack: d.pack.name, span: d.span, cites: d.cites.map((c) => c.value) };
    }
  }

  // ---- precedence rules of the order of benefits
  const precedence: IrPrecedence[] = declareOnce(of("precedence"), "precedence rule").map((d) => declarePrecedence(d, scope));

  // ---- benefits
  const benefits: IrBenefit[] = [];
  for (const d of declareOnce(of("benefit"), "benefit")) {
    const benefit = declareBenefit(d, scope, plan, accumulatorNamed, valueOf, report);
    if (benefit) benefits.push(benefit);
  }
  if (benefits.length > 0 && !plan) {
    report(E.noPlan(benefits[0].span));
  }

  // ---- rules, then `override rule` and `disable rule` in pack order (an outer pack's override
  // applies to what the inner packs left); a replacing rule takes the replaced one's place
  const rules: IrRule[] = [];
  const ruleOwners = new Map<string, Owner>();
  for (const d of declareOnce(
    of("rule").filter((r) => !r.override),
    "rule",
  )) {
    ruleOwners.set(d.name.text, { pack: d.pack, span: d.name.span, override: false });
    rules.push(declareRule(d, scope, reasonCodes, report));
  }
  const disabled = new Map<string, Owner>();
  for (const d of all) {
    if (!(d.kind === "disable" || (d.kind === "rule" && d.override))) continue;
    const target = d.kind === "disable" ? d.rule : d.name;
    const word = d.kind === "disable" ? "disable rule" : "override rule";
    const off = disabled.get(target.text);
    if (off) {
      report(E.overrideOfDisabled(target.span, word, target.text, off.pack.name, off.span));
      continue;
    }
    // a replacing rule is checked even when it may not replace, so all its mistakes show at once
    const replacement = d.kind === "rule" ? declareRule(d as Decl<"rule">, scope, reasonCodes, report) : null;
    if (!mayOverride(word, target, d.pack, ruleOwners, includes, report)) continue;
    const index = rules.findIndex((r) => r.id === target.text);
    if (!replacement) {
      ruleOwners.delete(target.text);
      disabled.set(target.text, { pack: d.pack, span: d.span, override: true });
      if (index >= 0) rules.splice(index, 1);
    } else {
      ruleOwners.set(target.text, { pack: d.pack, span: target.span, override: true });
      if (index >= 0) rules[index] = { ...replacement, replaces: `${rules[index].pack}/${rules[index].id}` };
    }
  }
  rules.sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase)); // stable: declaration order inside a phase

  const sorted = sortDiagnostics(diagnostics);
  const entry = sources.packs[sources.packs.length - 1];
  if (sorted.some((d) => d.severity === "error") || !entry) return { diagnostics: sorted };
  return {
    diagnostics: sorted,
    program: {
      name: entry.name,
      version: entry.version,
      hash: rulesetHash(joinPath(".", entryDir), sources.texts, host.sha256?.bind(host)),
      rules,
      benefits,
      plan,
      precedence,
      accumulators,
      tables: [...tables.values()],
    },
  };
}

/**
 * SHA-256 over every file read, by its path relative to the entry pack's folder, so the same
 * files give the same hash wherever they are and however the pack was named (grammar/SEMANTICS.md
 * §1 says how to recompute it with standard tools). Texts are UTF-8 files read whole (a host
 * refuses other bytes), so their UTF-8 encoding is the file's bytes.
 */
export function rulesetHash(entryDir: string, texts: ReadonlyMap<string, string>, sha256: PackHost["sha256"] = sha256Parts): string {
  const files = [...texts.keys()].map((path) => ({ path, name: relativePath(entryDir, path) }));
  // names sort by their UTF-8 bytes; below U+D800 that is the order of their UTF-16 code units,
  // so only a name with a character from U+D800 up is encoded to compare (each once)
  if (files.some((f) => hasWideCharacter(f.name))) {
    const encoder = new TextEncoder();
    const bytes = new Map(files.map((f) => [f.name, encoder.encode(f.name)]));
    files.sort((a, b) => compareBytes(bytes.get(a.name)!, bytes.get(b.name)!));
  } else files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // strings are hashed as their UTF-8, so a name and "\0" give the bytes the shell commands hash
  const parts: string[] = [];
  for (const f of files) parts.push(f.name, "\0", texts.get(f.path)!, "\0");
  return sha256(parts);
}

/** the portable hasher, for hosts without their own */
function sha256Parts(parts: ReadonlyArray<string | Uint8Array>): string {
  const hash = new Sha256();
  for (const part of parts) hash.update(part);
  return hash.hex();
}

function hasWideCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0xd800) return true;
  return false;
}

/** orders names as `LC_ALL=C sort` does: by their UTF-8 bytes */
function compareBytes(x: Uint8Array, y: Uint8Array): number {
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

function declareTable(
  d: Decl<"table">,
  host: PackHost,
  confinement: Confinement,
  texts: Map<string, string>,
  report: (d: Diagnostic) => void,
): Table | undefined {
  const columns: A.ColumnDecl[] = [...d.columns];
  if (d.active) {
    for (const [name, optional] of [
      [d.active.from, false],
      [d.active.until, true],
    ] as const) {
      if (columns.some((c) => c.name.text === name.text)) {
        report(E.columnAlsoActive(name.span, name.text));
      }
      columns.push({ name, type: "date", key: false, optional, span: name.span });
    }
  }
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name.text)) report(E.columnTwice(c.name.span, c.name.text));
    seen.add(c.name.text);
  }
  const keyColumns = columns.filter((c) => c.key).map((c) => c.name.text);
  if (keyColumns.length === 0) {
    report(E.noKey(d.name.span, d.name.text));
    return undefined;
  }
  const path = joinPath(d.pack.dir, d.path.value);
  if (!isConfined(path, confinement)) {
    report(E.outsidePackRoot(d.path.span, "table file", path, confinement.root));
    return undefined;
  }
  const text = host.read(path, "table");
  if (isRefusal(text)) {
    report(E.unreadableFile(d.path.span, "table file ", path, text.refused));
    return undefined;
  }
  if (text === undefined) {
    report(E.missingTableFile(d.path.span, path));
    return undefined;
  }
  texts.set(path, text);
  const loaded = loadTable(path, text, columns, d.span);
  loaded.diagnostics.forEach(report);
  return {
    name: d.name.text,
    pack: d.pack.name,
    title: d.title?.value ?? d.name.text,
    path,
    columns: columns.map((c) => ({ name: c.name.text, type: c.type, key: c.key, optional: c.optional })),
    keyColumns,
    active: d.active ? { from: d.active.from.text, until: d.active.until.text } : null,
    rows: loaded.rows,
    span: d.span,
  };
}

type AccumulatorNamed = (name: A.Name, unit: "money" | "count") => string;
type ValueOf = (ref: A.ValueRef, type: Type, amount: E.PlanAmount) => number;

function declarePlan(
  d: Decl<"plan">,
  tables: Map<string, Table>,
  accumulatorNamed: AccumulatorNamed,
  valueOf: ValueOf,
  report: (d: Diagnostic) => void,
): IrPlan {
  let feeSchedule: IrPlan["feeSchedule"] = null;
  if (d.feeSchedule) {
    const table = tables.get(d.feeSchedule.table.text);
    const column = table?.columns.find((c) => c.name === d.feeSchedule!.column.text);
    if (!table) {
      const name = d.feeSchedule.table;
      report(E.unknownTable(name.span, name.text, closest(name.text, tables.keys())));
    } else if (!column) {
      const name = d.feeSchedule.column;
      report(
        E.unknownColumn(
          name.span,
          table.name,
          name.text,
          closest(
            name.text,
            table.columns.map((c) => c.name),
          ),
        ),
      );
    } else if (column.type !== "money" || table.keyColumns.length !== 1 || table.columns.find((c) => c.key)?.type !== "procedure") {
      report(E.feeScheduleType(d.feeSchedule.span));
    } else feeSchedule = { table, column: column.name };
  }
  const tier = (network: "in" | "out"): Tier => {
    const t = d.tiers.find((x) => x.network === network);
    if (!t?.deductible || !(t.outOfPocket || t.noOutOfPocket) || !t.coinsurance) {
      report(E.incompleteTier(t?.span ?? d.span, network));
      return { deductible: 0, deductibleAccumulator: "", outOfPocket: 0, outOfPocketAccumulator: "", coinsurance: 0 };
    }
    return {
      deductible: valueOf(t.deductible.amount, T.money, "deductible"),
      deductibleAccumulator: accumulatorNamed(t.deductible.accumulator, "money"),
      outOfPocket: t.outOfPocket ? valueOf(t.outOfPocket.amount, T.money, "outOfPocket") : null,
      outOfPocketAccumulator: t.outOfPocket ? accumulatorNamed(t.outOfPocket.accumulator, "money") : null,
      coinsurance: valueOf(t.coinsurance.rate, T.percent, "coinsurance"),
    };
  };
  const header = d.pack.header.effective;
  const year = header ? { from: dayOf(header.from), to: dayOf(header.to) } : null;
  // a plan that does not say coordinates by the NAIC model (grammar/SEMANTICS.md §8)
  const method = d.coordination ? coordinationMethod(d.coordination.method, report) : null;
  const coordination =
    d.coordination && method
      ? { method, pack: d.pack.name, span: d.coordination.span, cites: [] }
      : { method: "standard" as const, pack: d.pack.name, span: d.span, cites: [] };
  return { pack: d.pack.name, title: d.title?.value ?? "plan", feeSchedule, tiers: { in: tier("in"), out: tier("out") }, coordination, year, span: d.span };
}

function coordinationMethod(word: A.Name, report: (d: Diagnostic) => void): CoordinationMethod | null {
  if ((COORDINATION_METHODS as readonly string[]).includes(word.text)) return word.text as CoordinationMethod;
  report(E.unknownCoordination(word.span, word.text, COORDINATION_METHODS, closest(word.text, COORDINATION_METHODS)));
  return null;
}

/** `first` and `second` are two of the member's coverages; the condition says when `first` pays before `second` */
function declarePrecedence(d: Decl<"precedence">, scope: Scope): IrPrecedence {
  const checker = new ExpressionChecker(scope);
  checker.bind("first", T.record("coverage"));
  checker.bind("second", T.record("coverage"));
  const when = checker.condition(d.when);
  return {
    id: d.name.text,
    pack: d.pack.name,
    title: d.title?.value ?? d.name.text,
    cites: d.cites.map((c) => c.value),
    when,
    slots: checker.maxSlot + 1,
    span: d.span,
  };
}

function dayOf(date: A.DateLit): number {
  const lit = literalValue(date);
  return lit.ok ? (lit.value as number) : 0;
}

function declareBenefit(
  d: Decl<"benefit">,
  scope: Scope,
  plan: IrPlan | null,
  accumulatorNamed: AccumulatorNamed,
  valueOf: ValueOf,
  report: (d: Diagnostic) => void,
): IrBenefit | undefined {
  const checker = new ExpressionChecker(scope);
  const items: Array<{ from: string; to?: string }> = [];
  for (const c of d.codes) {
    if ("kind" in c) {
      const set = checker.inlineCodeSet(c, "procedure");
      items.push(...[...set.exact].map((x) => ({ from: x })), ...set.ranges);
    } else {
      const vs = scope.valuesets.get(c.text);
      if (!vs) report(E.unknownValueSet(c.span, c.text, closest(c.text, scope.valuesets.keys())));
      else if (vs.kind !== "procedure") report(E.benefitCodesKind(c.span, c.text, vs.kind));
      else items.push(...[...vs.set.exact].map((x) => ({ from: x })), ...vs.set.ranges);
    }
  }
  if (d.codes.length === 0) report(E.noCodes(d.name.span, d.name.text));
  const when = d.when ? checker.condition(d.when) : null;

  const costShare = (network: "in" | "out"): CostShare => {
    const tier = plan?.tiers[network];
    const base: CostShare = { copay: 0, deductible: true, coinsurance: tier?.coinsurance ?? 0 };
    const decls = d.costShares.filter((c) => c.network === network);
    for (const extra of decls.slice(1)) report(E.duplicateCostShare(extra.span, network));
    const decl = decls[0];
    if (!decl) return base;
    if (decl.none) return { copay: 0, deductible: false, coinsurance: 0 };
    for (const term of decl.terms) {
      if (term.kind === "copay") base.copay = valueOf(term.amount, T.money, "copay");
      else if (term.kind === "deductible") base.deductible = term.applies;
      else base.coinsurance = valueOf(term.rate, T.percent, "coinsurance");
    }
    return base;
  };

  const limit = d.limit
    ? {
        max: valueOf(d.limit.amount, T.integer, "limit"),
        unit: d.limit.unit,
        accumulator: accumulatorNamed(d.limit.accumulator, "count"),
        span: d.limit.span,
      }
    : null;
  return {
    id: d.name.text,
    pack: d.pack.name,
    title: d.title?.value ?? d.name.text,
    codes: makeCodeSet(d.name.text, items),
    when,
    slots: checker.maxSlot + 1,
    costShare: { in: costShare("in"), out: costShare("out") },
    limit,
    requiresAuthorization: d.requiresAuthorization !== undefined,
    cites: d.cites.map((c) => c.value),
    span: d.span,
  };
}

function declareRule(d: Decl<"rule">, scope: Scope, reasonCodes: ReasonCodeTable, report: (d: Diagnostic) => void): IrRule {
  const checker = new ExpressionChecker(scope);
  const when = checker.condition(d.when);
  const remarks = (names: A.Name[]): string[] =>
    names.map((n) => {
      if (!reasonCodes.rarc.has(n.text)) report(E.unknownRemark(n.span, n.text, closest(n.text, reasonCodes.rarc.keys())));
      return n.text;
    });
  const reason = (r: A.ReasonRef | undefined, fallback: { group: string; carc: string }) => {
    if (!r) return fallback;
    if (!reasonCodes.groups.has(r.group)) report(E.unknownGroup(r.span, r.group));
    if (!reasonCodes.carc.has(r.code)) report(E.unknownReason(r.span, r.code, closest(r.code, reasonCodes.carc.keys())));
    return { group: r.group, carc: r.code };
  };
  let action: IrAction;
  const a = d.action;
  switch (a.kind) {
    case "deny":
      action = { kind: "deny", reason: reason(a.reason, { group: "CO", carc: "0" }), remarks: remarks(a.remarks) };
      break;
    case "pend":
      action = { kind: "pend", reason: reason(a.reason, { group: "CO", carc: "133" }), remarks: remarks(a.remarks) };
      break;
    case "remark":
      action = { kind: "remark", remarks: remarks(a.remarks) };
      break;
    case "setAllowed": {
      if (d.phase.value !== "pricing") {
        report(E.setAllowedOutsidePricing(a.span));
      }
      const amount = checker.check(a.amount);
      if (amount.type.t !== "money" && amount.span) {
        report(E.allowedNotMoney(a.amount.span, amount.text, amount.type));
      }
      action = { kind: "setAllowed", amount, remarks: remarks(a.remarks) };
      break;
    }
  }
  return {
    id: d.name.text,
    pack: d.pack.name,
    title: d.title?.value ?? d.name.text,
    phase: d.phase.value,
    cites: d.cites.map((c) => c.value),
    when,
    action,
    slots: checker.maxSlot + 1,
    span: d.span,
  };
}
