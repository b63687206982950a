// The code systems, identifier systems and extension URLs Edict reads and writes in FHIR, in
// one place, so the reader, the writers and the mapping document (./README.md) agree.

/** CPT (AMA) and HCPCS Level II (CMS) procedure codes, as CARIN Blue Button names them */
export const CPT = "http://www.ama-assn.org/go/cpt";
export const HCPCS = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";
export const ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";
/** WHO ICD-10: read as ICD-10-CM with a warning (the shapes agree; the code lists differ) */
export const ICD10 = "http://hl7.org/fhir/sid/icd-10";
export const PLACE_OF_SERVICE = "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set";
export const NPI = "http://hl7.org/fhir/sid/us-npi";

export const CLAIM_TYPE = "http://terminology.hl7.org/CodeSystem/claim-type";
export const PROCESS_PRIORITY = "http://terminology.hl7.org/CodeSystem/processpriority";
export const ADJUDICATION = "http://terminology.hl7.org/CodeSystem/adjudication";
export const DIAGNOSIS_TYPE = "http://terminology.hl7.org/CodeSystem/ex-diagnosistype";
export const PAYMENT_TYPE = "http://terminology.hl7.org/CodeSystem/ex-paymenttype";
export const IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203";
export const COVERAGE_CLASS = "http://terminology.hl7.org/CodeSystem/coverage-class";

/** X12's claim adjustment reason codes and remittance advice remark codes */
export const CARC = "https://x12.org/codes/claim-adjustment-reason-codes";
export const RARC = "https://x12.org/codes/remittance-advice-remark-codes";

const C4BB = "http://hl7.org/fhir/us/carin-bb";
export const C4BB_ADJUDICATION = `${C4BB}/CodeSystem/C4BBAdjudication`;
export const C4BB_ADJUDICATION_DISCRIMINATOR = `${C4BB}/CodeSystem/C4BBAdjudicationDiscriminator`;
export const C4BB_PAYER_ADJUDICATION_STATUS = `${C4BB}/CodeSystem/C4BBPayerAdjudicationStatus`;
export const C4BB_SUPPORTING_INFO_TYPE = `${C4BB}/CodeSystem/C4BBSupportingInfoType`;
export const C4BB_IDENTIFIER_TYPE = `${C4BB}/CodeSystem/C4BBIdentifierType`;
export const C4BB_CLAIM_DIAGNOSIS_TYPE = `${C4BB}/CodeSystem/C4BBClaimDiagnosisType`;
export const C4BB_PROFESSIONAL_PROFILE = `${C4BB}/StructureDefinition/C4BB-ExplanationOfBenefit-Professional-NonClinician`;

/**
 * Edict's own extensions, code systems and identifier systems. They are logical names (URNs):
 * Edict publishes no StructureDefinition for them; ./README.md describes each.
 */
const EDICT = "urn:edict:fhir";
export const EXT = {
  /** on Claim.provider: "in" or "out" of the plan's network (valueCode) */
  network: `${EDICT}:extension:network`,
  /** on ClaimResponse / ExplanationOfBenefit: the ruleset (name, version, hash) that decided */
  ruleset: `${EDICT}:extension:ruleset`,
  /** on an item: the decision and the rule that made it (outcome, reason, rule, at, cite) */
  decision: `${EDICT}:extension:decision`,
  /** on an item: one trace entry (phase, rule, at, action, fact, cite) */
  trace: `${EDICT}:extension:trace`,
  /** on an item: a remittance advice remark code (valueCodeableConcept, RARC system) */
  remark: `${EDICT}:extension:remark`,
  /** on an adjudication: the claim adjustment group code (CO, PR, OA, PI, CR) of its reason */
  adjustmentGroup: `${EDICT}:extension:adjustment-group`,
} as const;
export const EDICT_CLAIM_ID = `${EDICT}:claim-id`;
export const EDICT_MEMBER_ID = `${EDICT}:member-id`;
export const EDICT_PLAN_ID = `${EDICT}:plan-id`;
export const EDICT_REVIEW_OUTCOME = `${EDICT}:review-outcome`;

/** a place-of-service coding: the CMS system, or a spelling of it (the R4 examples use another URL) */
export const isPlaceOfServiceSystem = (system: string | undefined): boolean => system !== undefined && /place[-_ ]of[-_ ]service/i.test(system);
export const isProcedureSystem = (system: string | undefined): boolean =>
  system === CPT || system === HCPCS || system === "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";
/** the system a procedure code belongs to: HCPCS Level II codes start with a letter */
export const procedureSystem = (code: string): string => (/^[A-Z]/i.test(code) ? HCPCS : CPT);
