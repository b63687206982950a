// FHIR R4 at Edict's edge: read Claims (and Bundles of them) into the claim contract, answer
// with ClaimResponse and CARIN Blue Button ExplanationOfBenefit resources, decide prior
// authorizations. Types come from @medplum/fhirtypes; R4 validation (./validate.ts) uses
// @medplum/core only when a host asks for it. ./README.md lists what is mapped and what is not.
export { fromFhirClaim } from "./read.js";
export type {
  FhirIssue,
  FhirRead,
  FhirReadOptions,
  FhirClaimRead,
  FhirClaimMapping,
  FhirClaimFailure,
  FhirClaimSource,
  CoverageJson,
  Network,
} from "./read.js";
export { toClaimResponse, type WriteOptions } from "./claim-response.js";
export { toExplanationOfBenefit } from "./eob.js";
export { toFhirClaim, type ToFhirClaim, type ToFhirClaimOptions } from "./write-claim.js";
export { decidePriorAuthorization, approvedAuthorizations, priorAuthSkippedRules, PRIOR_AUTH_SKIPPED_PHASES } from "./prior-auth.js";
export type { PriorAuthDecision, PriorAuthItem, AuthorizationJson } from "./prior-auth.js";
export { createFhirValidator, type FhirValidator, type FhirDefinitions } from "./validate.js";
export { checkRequirements, CARIN_PROFESSIONAL_REQUIREMENTS, type Requirement, type ProfileIssue } from "./carin.js";
export { fhirId, preAuthRef } from "./ids.js";
export { contextWithCoverage } from "./context.js";
export * as FHIR_SYSTEMS from "./systems.js";
