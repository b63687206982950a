// The workbench's messages with the checker worker: running the pack's tests (with coverage) and
// measuring a change's impact on claims. Plain JSON-safe data (and a Blob for a picked file): it
// crosses postMessage.
import type { Diagnostic } from "../../common/diagnostic.js";
import type { Span } from "../../common/span.js";
import type { Result } from "../../model/types.js";
import type { Difference } from "../../testing/match.js";
import type { Figures } from "../../testing/coverage.js";
import type { ClaimChange, DiffSummaryJson } from "../../batch/diff.js";

export type { Difference, ClaimChange, DiffSummaryJson, Figures };

export interface PackRef {
  entry: string;
  files: Record<string, string>;
}

/** claims to compare: records given inline (the example claims), or an NDJSON file the analyst picked */
export type ImpactSource = { kind: "records"; records: Array<{ name: string; claim: unknown; context: unknown }> } | { kind: "file"; file: Blob; name: string };

export type WorkbenchRequest =
  | { id: number; kind: "tests"; version: number; entry: string; files: Record<string, string> }
  | {
      id: number;
      kind: "impact";
      base: PackRef;
      head: PackRef;
      source: ImpactSource;
      /** the context of records that carry none (as `edict diff --context`) */
      defaultContext?: unknown;
    };

/** one test case as run: as `edict test` reports it */
export interface TestCaseReport {
  /** the case's file, as `edict test` names it: "rules/demo-ppo/tests/01-office-visit.json" */
  name: string;
  description: string;
  status: "passed" | "failed" | "invalid";
  /** invalid: what is wrong, each `path: message` */
  errors: string[];
  differences: Difference[];
  /** exactly what `edict test` prints for the case (formatOutcome) */
  text: string;
}

/** a coverage gap placed in the source: a rule never exercised, or a condition never seen true or false */
export interface CoverageMark {
  kind: "item" | "condition";
  /** "pack/id" of the rule, benefit or precedence rule */
  name: string;
  span: Span;
  /** the gap as `edict test` words it */
  message: string;
}

export type TestsReply =
  | { kind: "rule-errors"; diagnostics: Diagnostic[] }
  | { kind: "no-tests"; folder: string }
  | {
      kind: "run";
      outcomes: TestCaseReport[];
      passed: number;
      failed: number;
      invalid: number;
      /** `edict test`'s last line: counts and coverage */
      summary: string;
      gaps: string[];
      marks: CoverageMark[];
      coverage: Figures;
      millis: number;
    };

export interface ImpactProgress {
  /** records read so far */
  records: number;
  changed: number;
  /** bytes of the file read so far, and its size (records given inline: records and their count) */
  done: number;
  total: number;
}

/** a changed claim, with both results when they were kept (the first ones) */
export interface ImpactClaim extends ClaimChange {
  /** the example's name, for records given inline */
  name?: string;
  sides?: { claim: unknown; base: Result; head: Result };
}

export interface MalformedRecord {
  line: number;
  claimId: string | null;
  issues: Array<{ path: string; message: string }>;
}

export type ImpactReply =
  | { kind: "rule-errors"; side: "base" | "head"; diagnostics: Diagnostic[] }
  | {
      kind: "impact";
      changes: ImpactClaim[];
      /** changed claims found beyond those listed (a large file lists the first ones only) */
      more: number;
      malformed: MalformedRecord[];
      summary: DiffSummaryJson;
      /** the summary as `edict diff` prints it */
      text: string;
      millis: number;
    };
