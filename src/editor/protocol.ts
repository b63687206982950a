// The messages between the editor (main thread) and its checker worker, and the symbol index the
// worker derives from the parsed pack. Plain JSON-safe data only: it crosses postMessage.
import type { Span } from "../common/span.js";
import type { Diagnostic } from "../common/diagnostic.js";
import type { InputIssue, Result } from "../model/types.js";
import type { FixHint } from "../fixes/fixes.js";

import type { ImpactProgress, WorkbenchRequest } from "./workbench/protocol.js";

export type { Span, Diagnostic, InputIssue, Result, FixHint };

/** path → text, as `compilePack` takes it */
export type PackFiles = Record<string, string>;

export interface ValueSetSymbol {
  name: string;
  title?: string;
  codeKind: string;
  /** the items as written: "99202..99205", "Z12.*" */
  items: string[];
  nameSpan: Span;
  span: Span;
}

export interface ColumnSymbol {
  name: string;
  type: string;
  key: boolean;
  optional: boolean;
  span: Span;
}

export interface TableSymbol {
  name: string;
  title?: string;
  /** the CSV file's path in the pack, resolved */
  path: string;
  columns: ColumnSymbol[];
  dated: boolean;
  /** data rows, when the CSV could be read */
  rows?: number;
  nameSpan: Span;
  span: Span;
}

export interface NamedSymbol {
  kind: "rule" | "benefit" | "parameter" | "accumulator";
  name: string;
  title?: string;
  /** rule: the phase; parameter: the value as written; accumulator: money | count */
  detail?: string;
  nameSpan: Span;
  span: Span;
}

export interface SymbolIndex {
  valuesets: ValueSetSymbol[];
  tables: TableSymbol[];
  symbols: NamedSymbol[];
  /** spans of the plan declarations (trace entries of pricing and cost share point at them) */
  plans: Span[];
}

export type WorkerRequest =
  | { id: number; kind: "check"; version: number; entry: string; files: PackFiles }
  | { id: number; kind: "format"; path: string; text: string }
  | { id: number; kind: "adjudicate"; version: number; entry: string; files: PackFiles; claim: unknown; context: unknown }
  | WorkbenchRequest;

export interface CheckReply {
  version: number;
  ok: boolean;
  diagnostics: Diagnostic[];
  symbols: SymbolIndex;
  millis: number;
}

export interface FormatReply {
  text: string;
  diagnostics: Diagnostic[];
}

/** where each rule, benefit, plan and table of the compiled program was declared */
export interface ProgramSpan {
  kind: "rule" | "benefit" | "plan" | "table";
  id: string;
  span: Span;
}

export type AdjudicateReply =
  /** `fixes`: the verified fix hints of the denied and pended lines (src/fixes), when there are such lines */
  | { kind: "result"; result: Result; spans: ProgramSpan[]; millis: number; fixes?: FixHint[] }
  | { kind: "bad-input"; issues: InputIssue[] }
  | { kind: "rule-errors"; diagnostics: Diagnostic[] };

export type WorkerReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: string }
  /** a long request's progress (impact): the request is still running */
  | { id: number; progress: ImpactProgress };
