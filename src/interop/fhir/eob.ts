// An adjudicated claim as a FHIR R4 ExplanationOfBenefit shaped to CARIN Blue Button's
// professional profile (C4BB-ExplanationOfBenefit-Professional-NonClinician): the unique
// claim id, the claim-received date, ICD-10-CM diagnoses typed principal/secondary, each item
// with its place of service and the profile's adjudication slices (amount categories, benefit
// payment status in or out of network, the denial reason), totals, payment status and amount.
// An institutional claim gets the same shape without the professional profile claimed.
import type { ExplanationOfBenefit, ExplanationOfBenefitItem } from "@medplum/fhirtypes";
import type { Result } from "../../model/types.js";
import type { FhirClaimMapping } from "./read.js";
import type { WriteOptions } from "./claim-response.js";
import * as S from "./systems.js";
import { fhirId } from "./ids.js";
import {
  adjudicationJson,
  categoryOf,
  concept,
  decidingEntry,
  decisionExtension,
  lineEntries,
  lineNote,
  reasonConcept,
  remarkConcept,
  rulesetExtension,
  totals,
  traceExtension,
  usd,
} from "./answer.js";

const PAYMENT_STATUS = { paid: "paid", partial: "partiallypaid", denied: "denied" } as const;

/** the ExplanationOfBenefit of a claim's result (use = claim only: CARIN's EOBs are for adjudicated claims) */
export function toExplanationOfBenefit(result: Result, mapping: FhirClaimMapping, options: WriteOptions = {}): ExplanationOfBenefit {
  if (mapping.use !== "claim") throw new Error("an ExplanationOfBenefit is written for a claim, not a prior-authorization request (write a ClaimResponse)");
  const src = mapping.source;
  const claim = mapping.claim;
  const created = options.created ?? String(claim.receivedDate);
  const network = claim.provider.network;
  const dates = claim.lines.flatMap((l) => {
    const p = src.periods[Number(l.lineNumber)];
    return p ? [p.start, p.end] : [String(l.serviceDate)];
  });
  const diagnoses = claim.diagnoses as string[];
  const notes: string[] = [];
  const items = result.lines.map((line): ExplanationOfBenefitItem => {
    const input = claim.lines.find((l) => l.lineNumber === line.lineNumber)!;
    const period = src.periods[line.lineNumber];
    const entry = decidingEntry(line, result.trace);
    notes.push(lineNote(line, entry));
    const adjudication = [
      ...lineEntries(line).map(adjudicationJson),
      { category: categoryOf(network === "in" ? "innetwork" : "outofnetwork") },
      ...(line.status !== "paid" ? [{ category: categoryOf("denialreason"), reason: reasonConcept(line.reason!) }] : []),
    ];
    const extension = [
      ...line.remarks.map((r) => ({ url: S.EXT.remark, valueCodeableConcept: remarkConcept(r) })),
      ...(result.trace ? [decisionExtension(line.status, line.reason, entry)] : []),
      ...(options.trace ? (result.trace ?? []).filter((t) => t.lineNumber === line.lineNumber).map(traceExtension) : []),
    ];
    const code = String(input.code);
    return {
      ...(extension.length ? { extension } : {}),
      sequence: line.lineNumber,
      diagnosisSequence: (input.diagnosisPointers as number[]).slice(),
      productOrService: concept(S.procedureSystem(code), code),
      ...((input.modifiers ?? []).length ? { modifier: (input.modifiers as string[]).map((m) => concept(/^\d+$/.test(m) ? S.CPT : S.HCPCS, m)) } : {}),
      ...(period && period.start !== period.end ? { servicedPeriod: { start: period.start, end: period.end } } : { servicedDate: String(input.serviceDate) }),
      locationCodeableConcept: concept(S.PLACE_OF_SERVICE, String(input.placeOfService)),
      quantity: { value: Number(input.units) },
      net: usd(line.billed),
      noteNumber: [notes.length],
      adjudication,
    };
  });
  const eob: ExplanationOfBenefit = {
    resourceType: "ExplanationOfBenefit",
    id: fhirId("eob", result.claimId),
    meta: {
      lastUpdated: `${created}T00:00:00Z`,
      ...(mapping.type === "professional" ? { profile: [S.C4BB_PROFESSIONAL_PROFILE] } : {}),
    },
    extension: [rulesetExtension(result.ruleset)],
    identifier: [
      {
        type: concept(S.C4BB_IDENTIFIER_TYPE, "uc", "Unique Claim ID"),
        system: S.EDICT_CLAIM_ID,
        value: result.claimId,
      },
    ],
    status: "active",
    type: src.type,
    use: "claim",
    patient: src.patient,
    billablePeriod: { start: [...dates].sort()[0], end: [...dates].sort().at(-1) },
    created,
    insurer: src.insurer ?? { display: `${result.ruleset.name} ${result.ruleset.version}` },
    provider: src.provider,
    outcome: result.status === "pended" ? "partial" : "complete",
    ...(src.resource.id && !src.at.includes(".contained") ? { claim: src.request } : {}),
    supportingInfo: [{ sequence: 1, category: concept(S.C4BB_SUPPORTING_INFO_TYPE, "clmrecvddate"), timingDate: String(claim.receivedDate) }],
    diagnosis: diagnoses.map((code, i) => ({
      sequence: i + 1,
      diagnosisCodeableConcept: concept(S.ICD10CM, code),
      type: [i === 0 ? concept(S.DIAGNOSIS_TYPE, "principal", "Principal Diagnosis") : concept(S.C4BB_CLAIM_DIAGNOSIS_TYPE, "secondary", "Secondary")],
    })),
    insurance: [
      {
        focal: true,
        coverage: src.coverage ?? { display: "the member's coverage" },
        ...(claim.priorAuthorization != null ? { preAuthRef: [String(claim.priorAuthorization)] } : {}),
      },
    ],
    item: items,
    adjudication: [
      {
        category: categoryOf("billingnetworkcontractingstatus"),
        reason: concept(S.C4BB_PAYER_ADJUDICATION_STATUS, network === "in" ? "contracted" : "noncontracted"),
      },
    ],
    total: totals(result).map((t) => ({ category: categoryOf(t.category), amount: usd(t.amount) })),
    ...(result.status !== "pended"
      ? {
          payment: {
            type: concept(S.C4BB_PAYER_ADJUDICATION_STATUS, PAYMENT_STATUS[result.status as keyof typeof PAYMENT_STATUS]),
            amount: usd(result.totals.paid),
          },
        }
      : {}),
    processNote: notes.map((text, i) => ({ number: i + 1, type: "display", text })),
  };
  return eob;
}
