// Reads the implementation guides' maps (maps/*.json: pyx12's reading of the 837P, 837I, 835 and
// 999 guides) as data and walks a transaction set's segments through them: every segment is
// placed in its loop (2000A, 2300, 2400, …) and every departure from the guide — a segment out
// of order or unexpected, a required segment or element missing, a value too long or not among
// the guide's codes — becomes an issue carrying the 999's IK3/IK4 codes and the segment position.
import map837P from "./maps/837P.json";
import map837I from "./maps/837I.json";
import map835 from "./maps/835.json";
import map999 from "./maps/999.json";
import { parseDate } from "../../model/dates.js";
import type { Delimiters, Segment } from "./segments.js";

// ---------------------------------------------------------------- the maps as data

interface ElementJson {
  el: string;
  de: string;
  name: string;
  usage: string;
  seq: number;
  type: string;
  min: number;
  max: number;
  codes?: string[];
  regex?: string;
}
interface CompositeJson {
  comp?: string;
  de: string;
  name: string;
  usage: string;
  seq: number;
  elements: ElementJson[];
}
interface SegmentJson {
  seg: string;
  name: string;
  usage: string;
  max: number | null;
  syntax?: string[];
  elements: Array<ElementJson | CompositeJson>;
}
interface LoopJson {
  loop: string;
  name: string;
  usage: string;
  repeat: number | null;
  children: Array<LoopJson | SegmentJson>;
}
interface MapJson {
  transaction: string;
  name: string;
  root: LoopJson;
}

export interface ElementDef {
  kind: "element";
  /** e.g. "CLM05-1" or "NM109" */
  id: string;
  /** the data element number, e.g. "1028" */
  de: string;
  name: string;
  usage: string;
  seq: number;
  type: string;
  min: number;
  max: number;
  codes: Set<string> | null;
  pattern: RegExp | null;
}

export interface CompositeDef {
  kind: "composite";
  id: string;
  de: string;
  name: string;
  usage: string;
  seq: number;
  elements: ElementDef[];
}

interface SyntaxRule {
  kind: string;
  positions: number[];
  text: string;
}

export interface SegmentDef {
  kind: "segment";
  id: string;
  name: string;
  usage: string;
  max: number | null;
  syntax: SyntaxRule[];
  /** by element position: elements[1] is the first */
  elements: Array<ElementDef | CompositeDef | undefined>;
  loop: LoopDef;
  /** the codes of the first element that tell this segment from others with its id (see matches) */
  qualifier: { codes: Set<string>; component: boolean } | null;
  /** HL03's codes, for HL segments */
  level: Set<string> | null;
}

export interface LoopDef {
  kind: "loop";
  id: string;
  name: string;
  usage: string;
  repeat: number | null;
  children: Array<LoopDef | SegmentDef>;
  parent: LoopDef | null;
  /** the segment that starts the loop */
  first: SegmentDef;
}

export interface Guide {
  /** "837P", "837I", "835" or "999" */
  name: string;
  /** ST01 */
  transaction: string;
  /** ST03 / GS08 the guide is for */
  version: string;
  title: string;
  /** the ST_LOOP: ST, the header, detail and footer loops, SE */
  transactionLoop: LoopDef;
  segmentIds: Set<string>;
}

function compileElement(json: ElementJson): ElementDef {
  return {
    kind: "element",
    id: json.el,
    de: json.de,
    name: json.name,
    usage: json.usage,
    seq: json.seq,
    type: json.type,
    min: json.min,
    max: json.max,
    codes: json.codes ? new Set(json.codes) : null,
    pattern: json.regex ? new RegExp(`^(?:${json.regex})$`) : null,
  };
}

function compileSegment(json: SegmentJson, loop: LoopDef): SegmentDef {
  const elements: SegmentDef["elements"] = [];
  for (const e of json.elements) {
    // some composites in the maps have no id of their own: name them by position, like CTX01
    elements[e.seq] =
      "elements" in e
        ? {
            kind: "composite",
            id: e.comp ?? `${json.seg}${String(e.seq).padStart(2, "0")}`,
            de: e.de,
            name: e.name,
            usage: e.usage,
            seq: e.seq,
            elements: e.elements.map(compileElement),
          }
        : compileElement(e);
  }
  const syntax = (json.syntax ?? []).map((text) => ({ kind: text[0]!, positions: text.slice(1).match(/\d\d/g)!.map(Number), text }));
  const level = json.seg === "HL" ? ((elements[3] as ElementDef | undefined)?.codes ?? null) : null;
  return { kind: "segment", id: json.seg, name: json.name, usage: json.usage, max: json.max, syntax, elements, loop, qualifier: firstCode(elements[1]), level };
}

function compileLoop(json: LoopJson, parent: LoopDef | null, ids: Set<string>): LoopDef {
  const loop = { kind: "loop", id: json.loop, name: json.name, usage: json.usage, repeat: json.repeat, children: [], parent } as unknown as LoopDef;
  for (const c of json.children) {
    // a loop the guide leaves empty (the 999's detail and footer) can never occur
    if ("loop" in c) {
      if (c.children.length) loop.children.push(compileLoop(c, loop, ids));
    } else {
      ids.add(c.seg);
      loop.children.push(compileSegment(c, loop));
    }
  }
  const head = loop.children[0];
  if (head) loop.first = head.kind === "segment" ? head : head.first;
  return loop;
}

function findLoop(loop: LoopDef, id: string): LoopDef | null {
  if (loop.id === id) return loop;
  for (const c of loop.children) {
    if (c.kind === "loop") {
      const found = findLoop(c, id);
      if (found) return found;
    }
  }
  return null;
}

function compileGuide(name: string, json: MapJson): Guide {
  const ids = new Set<string>();
  const root = compileLoop(json.root, null, ids);
  const transactionLoop = findLoop(root, "ST_LOOP")!;
  const st = transactionLoop.first;
  const gs = findLoop(root, "GS_LOOP")!.first;
  const codes = (def: SegmentDef, n: number) => [...((def.elements[n] as ElementDef | undefined)?.codes ?? [])];
  const version = codes(st, 3)[0] ?? codes(gs, 8)[0] ?? "";
  // pyx12 names some maps "837Q3" or "835W1"; the transaction set id is ST01's code
  const transaction = codes(st, 1)[0] ?? json.transaction;
  return { name, transaction, version, title: json.name, transactionLoop, segmentIds: ids };
}

const cache = new Map<string, Guide>();
const SOURCES: Record<string, MapJson> = {
  "837P": map837P as MapJson,
  "837I": map837I as MapJson,
  "835": map835 as MapJson,
  "999": map999 as MapJson,
};

/** the guide named "837P", "837I", "835" or "999" (compiled once) */
export function guide(name: "837P" | "837I" | "835" | "999"): Guide {
  let g = cache.get(name);
  if (!g) cache.set(name, (g = compileGuide(name, SOURCES[name]!)));
  return g;
}

/** the guide for a transaction set's ST01 and ST03, or null when Edict has none */
export function guideFor(transactionId: string, version: string): Guide | null {
  for (const name of ["837P", "837I", "835", "999"] as const) {
    const g = guide(name);
    if (g.transaction === transactionId && g.version === version) return g;
  }
  return null;
}

// ---------------------------------------------------------------- walking a transaction set

export interface ElementIssue {
  /** the element's position in the segment (IK401-1) */
  position: number;
  /** the component's position in a composite (IK401-2) */
  component?: number;
  /** the data element number (IK402) */
  dataElement: string;
  /** the 999 IK403 code */
  code: string;
  /** the bad value (IK404) */
  value?: string;
  message: string;
}

export interface SegmentIssue {
  /** the segment's position in the transaction set, ST = 1 (IK302) */
  position: number;
  /** the segment's ordinal in the file */
  ordinal: number;
  /** IK301 */
  segmentId: string;
  /** IK303: the loop, when known */
  loop?: string;
  /** the 999 IK304 code */
  code: string;
  message: string;
  elements: ElementIssue[];
  /** the claim (CLM01) the segment belongs to, when inside one */
  claimId?: string;
}

export interface PlacedSegment {
  seg: Segment;
  def: SegmentDef;
  /** position in the transaction set, ST = 1 */
  position: number;
}

export interface LoopNode {
  id: string;
  def: LoopDef;
  segments: PlacedSegment[];
  loops: LoopNode[];
  parent: LoopNode | null;
}

export interface Walk {
  root: LoopNode;
  issues: SegmentIssue[];
}

interface Frame {
  loop: LoopDef;
  node: LoopNode;
  /** index in loop.children of the last child matched */
  cursor: number;
  counts: number[];
  /** HL01 of the loop's HL segment, for checking children's HL02 */
  hl?: string;
}

function firstCode(def: ElementDef | CompositeDef | undefined): { codes: Set<string>; component: boolean } | null {
  if (!def) return null;
  // like pyx12, with one difference: a required first element's codes tell segments apart even
  // when its type is AN (the 999's two CTX segments differ only by CTX01-1's code)
  if (def.kind === "element") return def.usage === "R" && def.codes ? { codes: def.codes, component: false } : null;
  const head = def.elements[0];
  return head && head.usage === "R" && head.codes ? { codes: head.codes, component: true } : null;
}

/** whether a segment is this definition: same id and, like pyx12, the qualifier codes agree */
export function matches(def: SegmentDef, s: Segment, d: Delimiters): boolean {
  if (def.id !== s.id) return false;
  const first = def.qualifier;
  if (first) {
    const e1 = s.e[1] ?? "";
    const cut = first.component ? e1.indexOf(d.component) : -1;
    if (!first.codes.has(cut < 0 ? e1 : e1.slice(0, cut))) return false;
  }
  if (def.level && !def.level.has(s.e[3] ?? "")) return false;
  return true;
}

const describe = (def: { id: string; name: string }) => `${def.id} (${def.name})`;

/**
 * Places each segment of a transaction set (ST…SE) in the guide's loops and checks it against
 * the guide. Never throws; every problem is an issue.
 */
export function walk(g: Guide, segments: Segment[], d: Delimiters): Walk {
  const top = g.transactionLoop;
  const root: LoopNode = { id: top.id, def: top, segments: [], loops: [], parent: null };
  const stack: Frame[] = [{ loop: top, node: root, cursor: -1, counts: new Array(top.children.length).fill(0) }];
  const issues: SegmentIssue[] = [];
  const hlIds = new Set<string>();
  let claimId: string | undefined;

  const issue = (s: Segment, position: number, code: string, message: string, loop?: string, elements: ElementIssue[] = []) =>
    issues.push({
      position,
      ordinal: s.ordinal,
      segmentId: s.id,
      ...(loop ? { loop } : {}),
      code,
      message,
      elements,
      ...(claimId !== undefined ? { claimId } : {}),
    });

  const close = (frame: Frame, s: Segment, position: number) => {
    frame.loop.children.forEach((child, j) => {
      if (child.usage !== "R" || frame.counts[j]! > 0) return;
      if (child.kind === "segment") {
        issue(
          s,
          position,
          "3",
          `required segment ${describe(child)} of loop ${frame.loop.id} is missing (found ${s.id} at position ${position})`,
          frame.loop.id,
        );
        issues[issues.length - 1]!.segmentId = child.id;
      } else {
        issue(s, position, "3", `required loop ${describe(child)} (starting with ${child.first.id}) is missing from loop ${frame.loop.id}`, frame.loop.id);
        issues[issues.length - 1]!.segmentId = child.first.id;
      }
    });
  };

  const place = (frame: Frame, index: number, placed: PlacedSegment) => {
    frame.cursor = index;
    frame.counts[index]!++;
    frame.node.segments.push(placed);
  };

  /** opens child loop `index` of the frame and the loops it starts with, down to the segment */
  const open = (frame: Frame, index: number, s: Segment, position: number): Frame => {
    let f = frame;
    let i = index;
    for (;;) {
      const child = f.loop.children[i]!;
      if (child.kind === "segment") return f;
      f.cursor = i;
      f.counts[i]!++;
      if (child.repeat !== null && f.counts[i]! > child.repeat) {
        issue(s, position, "4", `loop ${describe(child)} occurs more than ${child.repeat} time${child.repeat === 1 ? "" : "s"} in loop ${f.loop.id}`, child.id);
      }
      const node: LoopNode = { id: child.id, def: child, segments: [], loops: [], parent: f.node };
      f.node.loops.push(node);
      const next: Frame = { loop: child, node, cursor: -1, counts: new Array(child.children.length).fill(0) };
      stack.push(next);
      f = next;
      i = 0;
    }
  };

  segments.forEach((s, k) => {
    const position = k + 1;
    let found: { depth: number; index: number } | null = null;
    let overMax: { depth: number; index: number } | null = null;
    search: for (let depth = stack.length - 1; depth >= 0; depth--) {
      const frame = stack[depth]!;
      const children = frame.loop.children;
      // a loop's first segment starts a new instance of the loop: it is never matched again inside it
      const from = Math.max(frame.cursor, children[0]?.kind === "segment" && depth > 0 ? 1 : 0);
      for (let i = from; i < children.length; i++) {
        const child = children[i]!;
        if (child.kind === "segment") {
          if (!matches(child, s, d)) continue;
          if (child.max !== null && i === frame.cursor && frame.counts[i]! >= child.max) {
            overMax ??= { depth, index: i };
            continue;
          }
          found = { depth, index: i };
          break search;
        }
        if (matches(child.first, s, d)) {
          found = { depth, index: i };
          break search;
        }
      }
    }
    let frame: Frame;
    let def: SegmentDef;
    if (found ?? overMax) {
      const at = (found ?? overMax)!;
      while (stack.length - 1 > at.depth) close(stack.pop()!, s, position);
      frame = open(stack[at.depth]!, at.index, s, position);
      const index = frame === stack[at.depth] ? at.index : 0;
      def = frame.loop.children[index] as SegmentDef;
      if (!found)
        issue(s, position, "5", `segment ${describe(def)} occurs more than ${def.max} time${def.max === 1 ? "" : "s"} in loop ${frame.loop.id}`, frame.loop.id);
      place(frame, index, { seg: s, def, position });
    } else {
      frame = stack[stack.length - 1]!;
      const children = frame.loop.children;
      let earlier = -1;
      for (let i = 0; i < Math.max(frame.cursor, 0); i++) {
        const c = children[i]!;
        if (c.kind === "segment" && matches(c, s, d)) earlier = i;
      }
      if (earlier >= 0) {
        def = children[earlier] as SegmentDef;
        issue(
          s,
          position,
          "7",
          `segment ${describe(def)} is out of order in loop ${frame.loop.id}: it belongs before ${describe(children[frame.cursor] as { id: string; name: string })}`,
          frame.loop.id,
        );
        frame.counts[earlier]!++;
        frame.node.segments.push({ seg: s, def, position });
      } else {
        if (!/^[A-Z][A-Z0-9]{1,2}$/.test(s.id)) issue(s, position, "1", `${JSON.stringify(s.id)} is not a segment id`);
        else if (!g.segmentIds.has(s.id)) issue(s, position, "6", `segment ${s.id} is not in the ${g.name} transaction set`, frame.loop.id);
        else
          issue(
            s,
            position,
            "2",
            `segment ${s.id}${s.e[1] ? `*${s.e[1]}` : ""} is not expected here (in loop ${frame.loop.id} after ${frame.node.segments.at(-1)?.seg.id ?? frame.loop.first.id})`,
            frame.loop.id,
          );
        return;
      }
    }
    if (s.id === "CLM") claimId = s.e[1];
    else if (s.id === "HL") claimId = undefined;
    if (def.usage === "N") issue(s, position, "I4", `segment ${describe(def)} is not used in this guide (loop ${frame.loop.id})`, frame.loop.id);
    let elementIssues = checkElements(def, s, d);
    if (s.id === "HL") elementIssues = [...elementIssues, ...checkHierarchy(s, stack, hlIds)];
    if (elementIssues.length) {
      issue(
        s,
        position,
        "8",
        `segment ${s.id} at position ${position} (loop ${frame.loop.id}): ${elementIssues.map((e) => e.message).join("; ")}`,
        frame.loop.id,
        elementIssues,
      );
    }
  });
  while (stack.length > 1) close(stack.pop()!, segments.at(-1)!, segments.length);
  close(stack[0]!, segments.at(-1)!, segments.length);
  issues.sort((a, b) => a.position - b.position);
  return { root, issues };
}

/** HL01 unique; HL02 names the HL of the enclosing level (the tree of billing provider, subscriber, patient) */
function checkHierarchy(s: Segment, stack: Frame[], ids: Set<string>): ElementIssue[] {
  const out: ElementIssue[] = [];
  const id = s.e[1] ?? "";
  const parent = s.e[2] ?? "";
  const frame = stack[stack.length - 1]!;
  let enclosing: string | undefined;
  for (let i = stack.length - 2; i >= 0; i--) {
    if (stack[i]!.hl !== undefined) {
      enclosing = stack[i]!.hl;
      break;
    }
  }
  if (id !== "" && ids.has(id)) out.push({ position: 1, dataElement: "628", code: "7", value: id, message: `HL01 ${id} is used by an earlier HL segment` });
  ids.add(id);
  frame.hl = id;
  if (enclosing !== undefined && parent !== enclosing) {
    out.push({
      position: 2,
      dataElement: "734",
      code: "7",
      value: parent,
      message: `HL02 ${JSON.stringify(parent)} should name the enclosing level's HL ${enclosing}`,
    });
  }
  return out;
}

// ---------------------------------------------------------------- elements

const NUMERIC = /^-?\d+$/;
const DECIMAL = /^-?(?:\d+\.?\d*|\.\d+)$/;
const TIME = /^([01]\d|2[0-3])[0-5]\d(?:[0-5]\d\d*)?$/;

function checkValue(def: ElementDef, value: string): { code: string; message: string } | null {
  const numeric = def.type === "R" || def.type[0] === "N";
  const length = numeric ? value.replace(/[-.]/g, "").length : value.length;
  if (numeric && !(def.type === "R" ? DECIMAL : NUMERIC).test(value))
    return { code: "6", message: `${def.id} (${def.name}) ${JSON.stringify(value)} is not a number` };
  if (length < def.min) return { code: "4", message: `${def.id} (${def.name}) ${JSON.stringify(value)} is shorter than ${def.min} characters` };
  if (length > def.max) return { code: "5", message: `${def.id} (${def.name}) ${JSON.stringify(value)} is longer than ${def.max} characters` };
  if (def.type === "DT") {
    const iso =
      value.length === 8
        ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6)}`
        : value.length === 6
          ? `20${value.slice(0, 2)}-${value.slice(2, 4)}-${value.slice(4)}`
          : "";
    if (!parseDate(iso).ok) return { code: "8", message: `${def.id} (${def.name}) ${JSON.stringify(value)} is not a date` };
  }
  if (def.type === "TM" && !TIME.test(value)) return { code: "9", message: `${def.id} (${def.name}) ${JSON.stringify(value)} is not a time` };
  if (def.codes && !def.codes.has(value)) {
    const codes = [...def.codes];
    return {
      code: "7",
      message: `${def.id} (${def.name}) ${JSON.stringify(value)} is not one of ${codes.length > 8 ? `the guide's ${codes.length} codes` : codes.join(", ")}`,
    };
  }
  if (def.pattern && !def.pattern.test(value))
    return { code: "I12", message: `${def.id} (${def.name}) ${JSON.stringify(value)} does not have the guide's pattern` };
  return null;
}

function checkElements(def: SegmentDef, s: Segment, d: Delimiters): ElementIssue[] {
  let out: ElementIssue[] | null = null;
  const add = (issue: ElementIssue) => (out ??= []).push(issue);
  const e = s.e;
  for (let n = 1; n < def.elements.length; n++) {
    const ed = def.elements[n];
    if (!ed) continue;
    const value = e[n] ?? "";
    if (value === "") {
      if (ed.usage === "R") add({ position: n, dataElement: ed.de, code: "1", message: `${ed.id} (${ed.name}) is required` });
      continue;
    }
    if (ed.usage === "N") {
      add({ position: n, dataElement: ed.de, code: "I10", value, message: `${ed.id} (${ed.name}) is not used in this guide` });
      continue;
    }
    if (ed.kind === "element") {
      const bad = checkValue(ed, value);
      if (bad) add({ position: n, dataElement: ed.de, code: bad.code, value, message: bad.message });
      continue;
    }
    const parts = value.split(d.component);
    if (parts.length > ed.elements.length) {
      add({
        position: n,
        dataElement: ed.de,
        code: "13",
        value,
        message: `${ed.id} (${ed.name}) has ${parts.length} components; the guide allows ${ed.elements.length}`,
      });
    }
    for (let j = 0; j < ed.elements.length; j++) {
      const sub = ed.elements[j]!;
      const v = parts[j] ?? "";
      if (v === "") {
        if (sub.usage === "R") add({ position: n, component: j + 1, dataElement: sub.de, code: "1", message: `${sub.id} (${sub.name}) is required` });
      } else if (sub.usage === "N") {
        add({ position: n, component: j + 1, dataElement: sub.de, code: "I10", value: v, message: `${sub.id} (${sub.name}) is not used in this guide` });
      } else {
        const bad = checkValue(sub, v);
        if (bad) add({ position: n, component: j + 1, dataElement: sub.de, code: bad.code, value: v, message: bad.message });
      }
    }
  }
  const last = lastNonEmpty(e);
  if (last >= def.elements.length) {
    add({
      position: def.elements.length,
      dataElement: "",
      code: "3",
      value: e[last],
      message: `${s.id} has ${last} elements; the guide defines ${def.elements.length - 1}`,
    });
  }
  for (const rule of def.syntax) {
    if (violates(rule, e)) checkSyntax(rule, def, e, (out ??= []));
  }
  return out ?? NO_ISSUES;
}

/** shared by every clean segment (most of them), so checking allocates nothing for them */
const NO_ISSUES: ElementIssue[] = [];

function lastNonEmpty(e: string[]): number {
  let n = e.length - 1;
  while (n > 0 && e[n] === "") n--;
  return n;
}

/** a quick test without allocating; checkSyntax says how the rule is broken */
function violates(rule: SyntaxRule, e: string[]): boolean {
  let count = 0;
  for (const p of rule.positions) if ((e[p] ?? "") !== "") count++;
  const head = (e[rule.positions[0]!] ?? "") !== "";
  switch (rule.kind) {
    case "P":
      return count > 0 && count < rule.positions.length;
    case "R":
      return count === 0;
    case "E":
      return count > 1;
    case "C":
      return head && count < rule.positions.length;
    case "L":
      return head && count === 1;
    default:
      return false;
  }
}

/** the standard's relational conditions between elements (P paired, R required, E exclusive, C conditional, L list) */
function checkSyntax(rule: SyntaxRule, def: SegmentDef, e: string[], out: ElementIssue[]): void {
  const present = rule.positions.map((p) => (e[p] ?? "") !== "");
  const name = (p: number) => `${def.id}${String(p).padStart(2, "0")}`;
  const missing = (p: number, why: string) => {
    if (out.some((i) => i.position === p && i.component === undefined)) return;
    out.push({ position: p, dataElement: def.elements[p]?.de ?? "", code: "2", message: `${name(p)} is required ${why}` });
  };
  const [head, ...rest] = rule.positions;
  switch (rule.kind) {
    case "P":
      if (present.some(Boolean))
        rule.positions.forEach(
          (p, i) =>
            !present[i] &&
            missing(
              p,
              `with ${rule.positions
                .filter((_, j) => present[j])
                .map(name)
                .join(", ")} (${rule.text})`,
            ),
        );
      break;
    case "R":
      if (!present.some(Boolean)) missing(head!, `or one of ${rule.positions.map(name).join(", ")} (${rule.text})`);
      break;
    case "E":
      if (present.filter(Boolean).length > 1) {
        const second = rule.positions.filter((_, i) => present[i])[1]!;
        out.push({
          position: second,
          dataElement: def.elements[second]?.de ?? "",
          code: "10",
          value: e[second],
          message: `${rule.positions
            .filter((_, i) => present[i])
            .map(name)
            .join(" and ")} may not both be given (${rule.text})`,
        });
      }
      break;
    case "C":
      if (present[0]) rest.forEach((p, i) => !present[i + 1] && missing(p, `when ${name(head!)} is given (${rule.text})`));
      break;
    case "L":
      if (present[0] && !present.slice(1).some(Boolean))
        missing(rest[0]!, `(or one of ${rest.map(name).join(", ")}) when ${name(head!)} is given (${rule.text})`);
      break;
  }
}

/** the segments of a loop with the given id (and first element, when given) */
export function segmentsOf(node: LoopNode, id: string, qualifier?: string): PlacedSegment[] {
  return node.segments.filter((p) => p.seg.id === id && (qualifier === undefined || p.seg.e[1] === qualifier));
}

/** the first segment of a loop with the given id (and first element) */
export function segmentOf(node: LoopNode, id: string, qualifier?: string): PlacedSegment | undefined {
  return node.segments.find((p) => p.seg.id === id && (qualifier === undefined || p.seg.e[1] === qualifier));
}

/** the child loops whose first segment has this id and first element */
export function loopsStartingWith(node: LoopNode, id: string, qualifier?: string): LoopNode[] {
  return node.loops.filter((l) => {
    const head = l.segments[0]?.seg;
    return head !== undefined && head.id === id && (qualifier === undefined || head.e[1] === qualifier);
  });
}
