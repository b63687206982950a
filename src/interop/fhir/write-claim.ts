// Edict's claim contract → a FHIR R4 Claim (professional), with the member as a contained
// Patient, when given the coverage as a contained Coverage, and each prior payer as an
// insurance ahead of the focal one, its adjudication a contained ClaimResponse: what a host
// sends Edict over FHIR for a claim it holds as JSON. fromFhirClaim reads it back to the same
// claim, which the round-trip tests hold it to; the examples in examples/fhir are written with it.
import type { Claim as FhirClaim, ClaimInsurance, ClaimItem, ClaimResponse, Coverage as FhirCoverage, Patient } from "@medplum/fhirtypes";
import { parseClaim } from "../../model/schemas.js";
import { formatMoney } from "../../model/money.js";
import { formatDate } from "../../model/dates.js";
import type { InputIssue } from "../../model/types.js";
import type { CoverageJson } from "./read.js";
import * as S from "./systems.js";
import { fhirId } from "./ids.js";
import { adjudicationJson, adjustmentCategory, concept, usd } from "./answer.js";

export interface ToFhirClaimOptions {
  /** "preauthorization" writes a prior-authorization request */
  use?: "claim" | "preauthorization";
  /** the member's coverage, written as a contained Coverage */
  coverage?: CoverageJson;
  /** the last day of each line's period, by line number, for requests that span days */
  periodEnds?: Record<number, string>;
}

export type ToFhirClaim = { ok: true; claim: FhirClaim } | { ok: false; issues: InputIssue[] };

const GENDER = { F: "female", M: "male", U: "unknown" } as const;

/** the claim JSON (checked by parseClaim first) as a FHIR Claim */
export function toFhirClaim(claimJson: unknown, options: ToFhirClaimOptions = {}): ToFhirClaim {
  const parsed = parseClaim(claimJson);
  if (!parsed.ok) return parsed;
  const c = parsed.claim;
  const raw = claimJson as { diagnoses: string[]; lines: Array<{ lineNumber: number; diagnosisPointers: number[] }> };
  const patient: Patient = {
    resourceType: "Patient",
    id: "patient",
    identifier: [{ type: concept(S.IDENTIFIER_TYPE, "MB", "Member Number"), system: S.EDICT_MEMBER_ID, value: c.member.id }],
    gender: GENDER[c.member.sex],
    birthDate: formatDate(c.member.birthDate),
  };
  const contained: Array<Patient | FhirCoverage | ClaimResponse> = [patient];
  if (options.coverage) {
    const cov = options.coverage;
    contained.push({
      resourceType: "Coverage",
      id: "coverage",
      status: "active",
      beneficiary: { reference: "#patient" },
      payor: [{ display: cov.planId }],
      class: [{ type: concept(S.COVERAGE_CLASS, "plan"), value: cov.planId }],
      period: { start: cov.from, ...(cov.to ? { end: cov.to } : {}) },
    });
  }
  const received = formatDate(c.receivedDate);
  // each prior payer: its adjudication as a contained ClaimResponse, its insurance ahead of the focal one
  const priorInsurance: ClaimInsurance[] = c.priorPayers.map((payer, n) => {
    const id = `prior-${n + 1}`;
    contained.push({
      resourceType: "ClaimResponse",
      id,
      status: "active",
      type: concept(S.CLAIM_TYPE, "professional"),
      use: "claim",
      patient: { reference: "#patient" },
      created: received,
      insurer: { display: payer.payerId },
      outcome: "complete",
      ...(payer.adjustments.length
        ? {
            adjudication: payer.adjustments.map((a) =>
              adjudicationJson({ category: adjustmentCategory(a), amount: formatMoney(a.amount), reason: `${a.group}-${a.reason}` }),
            ),
          }
        : {}),
      item: payer.lines.map((l) => ({
        itemSequence: l.lineNumber,
        adjudication: [
          adjudicationJson({ category: "eligible", amount: formatMoney(l.allowed) }),
          adjudicationJson({ category: "benefit", amount: formatMoney(l.paid) }),
          ...l.adjustments.map((a) => adjudicationJson({ category: adjustmentCategory(a), amount: formatMoney(a.amount), reason: `${a.group}-${a.reason}` })),
        ],
      })),
    });
    return { sequence: n + 1, focal: false, coverage: { display: payer.payerId }, claimResponse: { reference: `#${id}` } };
  });
  const items: ClaimItem[] = c.lines.map((l) => {
    const end = options.periodEnds?.[l.lineNumber];
    const start = formatDate(l.serviceDate);
    return {
      sequence: l.lineNumber,
      diagnosisSequence: [...l.diagnosisPointers],
      productOrService: concept(S.procedureSystem(l.code), l.code),
      ...(l.modifiers.length ? { modifier: l.modifiers.map((m) => concept(/^\d+$/.test(m) ? S.CPT : S.HCPCS, m)) } : {}),
      ...(end && end !== start ? { servicedPeriod: { start, end } } : { servicedDate: start }),
      locationCodeableConcept: concept(S.PLACE_OF_SERVICE, l.placeOfService),
      quantity: { value: l.units },
      net: usd(l.charge),
    };
  });
  const claim: FhirClaim = {
    resourceType: "Claim",
    id: fhirId("claim", c.id),
    contained,
    identifier: [{ system: S.EDICT_CLAIM_ID, value: c.id }],
    status: "active",
    type: concept(S.CLAIM_TYPE, "professional"),
    use: options.use ?? "claim",
    patient: { reference: "#patient" },
    created: received,
    provider: {
      extension: [{ url: S.EXT.network, valueCode: c.provider.network }],
      identifier: { system: S.NPI, value: c.provider.npi },
    },
    priority: concept(S.PROCESS_PRIORITY, "normal"),
    supportingInfo: [{ sequence: 1, category: concept(S.C4BB_SUPPORTING_INFO_TYPE, "clmrecvddate"), timingDate: received }],
    diagnosis: raw.diagnoses.map((d, i) => ({
      sequence: i + 1,
      diagnosisCodeableConcept: concept(S.ICD10CM, d.trim().toUpperCase()),
      ...(i === 0 ? { type: [concept(S.DIAGNOSIS_TYPE, "principal")] } : {}),
    })),
    insurance: [
      ...priorInsurance,
      {
        sequence: priorInsurance.length + 1,
        focal: true,
        coverage: options.coverage ? { reference: "#coverage" } : { display: "the member's coverage" },
        ...(c.priorAuthorization !== null ? { preAuthRef: [c.priorAuthorization] } : {}),
      },
    ],
    item: items,
    total: usd(formatMoney(c.lines.reduce((n, l) => n + l.charge, 0))),
  };
  return { ok: true, claim };
}
