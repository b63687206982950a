// Edict's library API: compile a pack from files the host supplies, then adjudicate claims
// synchronously and purely. Browser-safe: no file system, clock or environment below here.
import { checkRuleset } from "./check/ruleset.js";
import { memoryHost, type PackHost } from "./check/packs.js";
import type { Program } from "./ir/ir.js";
import type { Diagnostic } from "./common/diagnostic.js";
import { makeRuleset } from "./engine/ruleset.js";

export { compilePack } from "./engine/compile-pack.js";
export type { CompileOutput } from "./engine/compile-pack.js";

export { checkRuleset, memoryHost, makeRuleset };
export type { Ruleset, AdjudicateOptions, Adjudication } from "./engine/ruleset.js";
export type { Decisions } from "./engine/adjudicate.js";
export type { PackHost, Program, Diagnostic };
export { formatDiagnostic, DIAGNOSTIC_CODES } from "./common/diagnostic.js";
export type { DiagnosticCode } from "./common/diagnostic.js";
export { parse, print, format } from "./syntax/index.js";
export { explain } from "./trace/explain.js";
export { suggestFixes, fixesFor, formatFixes } from "./fixes/fixes.js";
export type { FixHint, FixChange, FixOptions, FixOutcome } from "./fixes/fixes.js";
export { parseClaim, parseContext } from "./model/schemas.js";
export type * from "./model/types.js";
export {
  fromFhirClaim,
  toClaimResponse,
  toExplanationOfBenefit,
  toFhirClaim,
  decidePriorAuthorization,
  approvedAuthorizations,
  contextWithCoverage,
  createFhirValidator,
} from "./interop/fhir/index.js";
export type {
  FhirIssue,
  FhirRead,
  FhirReadOptions,
  FhirClaimRead,
  FhirClaimMapping,
  PriorAuthDecision,
  PriorAuthItem,
  AuthorizationJson,
  FhirValidator,
  WriteOptions as FhirWriteOptions,
} from "./interop/fhir/index.js";
export { read837, write835, read835, balance835, pendedClaims } from "./interop/x12/index.js";
export type {
  Read837,
  Read837Options,
  ClaimRead,
  ClaimSource,
  RejectedClaim,
  Remittance,
  Write835Options,
  PayerProfile,
  Read835,
  Payment835,
} from "./interop/x12/index.js";
