// The required elements of CARIN Blue Button's professional ExplanationOfBenefit profile
// (C4BB-ExplanationOfBenefit-Professional-NonClinician and its parent C4BB-ExplanationOfBenefit,
// STU 2 FSH sources of HL7/carin-bb: input/fsh/EOBBaseProfile.fsh, EOBProfessionalProfile.fsh,
// ValueSets.fsh), written down as data — cardinalities, slices and required bindings — and a
// small checker over them. It checks what an EOB must contain; it does not replace a profile
// validator (terminology expansion, invariants in FHIRPath beyond the focal-insurance one).
import * as S from "./systems.js";

interface Code {
  system: string;
  code: string;
}
const codes = (system: string, ...list: string[]): Code[] => list.map((code) => ({ system, code }));

/** value sets of the profile's required bindings and slice discriminators (ValueSets.fsh) */
export const VALUE_SETS = {
  C4BBAdjudication: [
    ...codes(S.ADJUDICATION, "submitted", "copay", "eligible", "deductible", "benefit"),
    ...codes(
      S.C4BB_ADJUDICATION,
      "coinsurance",
      "noncovered",
      "priorpayerpaid",
      "paidbypatient",
      "paidbypatientcash",
      "paidbypatientother",
      "paidtopatient",
      "paidtoprovider",
      "memberliability",
      "discount",
      "drugcost",
    ),
  ],
  C4BBPayerBenefitPaymentStatus: codes(S.C4BB_PAYER_ADJUDICATION_STATUS, "innetwork", "outofnetwork", "other"),
  C4BBAdjudicationDiscriminator: codes(
    S.C4BB_ADJUDICATION_DISCRIMINATOR,
    "allowedunits",
    "denialreason",
    "billingnetworkcontractingstatus",
    "renderingnetworkcontractingstatus",
    "benefitpaymentstatus",
  ),
  C4BBPayerProviderContractingStatus: codes(S.C4BB_PAYER_ADJUDICATION_STATUS, "contracted", "noncontracted"),
  C4BBPayerClaimPaymentStatusCode: codes(S.C4BB_PAYER_ADJUDICATION_STATUS, "paid", "denied", "partiallypaid"),
  C4BBProfessionalAndNonClinicianClaimType: codes(S.CLAIM_TYPE, "professional"),
  C4BBClaimProfessionalAndNonClinicianDiagnosisType: [...codes(S.DIAGNOSIS_TYPE, "principal"), ...codes(S.C4BB_CLAIM_DIAGNOSIS_TYPE, "secondary")],
  C4BBClaimIdentifierType: codes(S.C4BB_IDENTIFIER_TYPE, "uc"),
  C4BBPayeeType: [
    ...codes("http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBPayeeType", "beneficiary"),
    ...codes("http://terminology.hl7.org/CodeSystem/payeetype", "subscriber", "provider", "other"),
  ],
} as const;
const categoryDiscriminator = [...VALUE_SETS.C4BBAdjudication, ...VALUE_SETS.C4BBPayerBenefitPaymentStatus, ...VALUE_SETS.C4BBAdjudicationDiscriminator];
const one = (system: string, code: string): Code[] => [{ system, code }];

export interface Requirement {
  /** the element or slice, as the profile names it */
  id: string;
  /** the element each instance of which is checked (the resource when absent) */
  context?: string;
  /** the element counted, relative to the context; `a|b` for a choice (serviced[x]) */
  path: string;
  min: number;
  max?: number;
  /** a slice: only elements whose `where.path` holds a code of `where.in` count */
  where?: { path: string; in: readonly Code[] };
  /** a slice's own element: only contexts whose `onlyIf.path` holds a code of `onlyIf.in` are checked */
  onlyIf?: { path: string; in: readonly Code[] };
  /** a required binding or fixed value: every value must be one of these codes */
  valueIn?: readonly Code[];
  /** a required binding checked by code system only (code lists too large or licensed: CPT, HCPCS, POS, CARC/RARC) */
  systemIn?: readonly string[];
  /** only elements with this boolean value count (the focal-insurance invariant) */
  equals?: boolean;
}

/** C4BB-ExplanationOfBenefit (the abstract base) and -Professional-NonClinician, element by element */
export const CARIN_PROFESSIONAL_REQUIREMENTS: readonly Requirement[] = [
  { id: "meta", path: "meta", min: 1, max: 1 },
  { id: "meta.lastUpdated", path: "meta.lastUpdated", min: 1, max: 1 },
  { id: "meta.profile", path: "meta.profile", min: 1 },
  { id: "identifier", path: "identifier", min: 1 },
  { id: "identifier.type", context: "identifier", path: "type", min: 1, max: 1 },
  { id: "identifier:uniqueclaimid (type uc)", path: "identifier", min: 1, where: { path: "type", in: VALUE_SETS.C4BBClaimIdentifierType } },
  { id: "status", path: "status", min: 1, max: 1 },
  { id: "type", path: "type", min: 1, max: 1, valueIn: VALUE_SETS.C4BBProfessionalAndNonClinicianClaimType },
  { id: "use = claim", path: "use", min: 1, max: 1, valueIn: [{ system: "", code: "claim" }] },
  { id: "patient", path: "patient", min: 1, max: 1 },
  { id: "billablePeriod", path: "billablePeriod", min: 1, max: 1 },
  { id: "created", path: "created", min: 1, max: 1 },
  { id: "insurer", path: "insurer", min: 1, max: 1 },
  { id: "provider", path: "provider", min: 1, max: 1 },
  { id: "outcome", path: "outcome", min: 1, max: 1 },
  { id: "related.relationship", context: "related", path: "relationship", min: 1, max: 1 },
  { id: "related.reference", context: "related", path: "reference", min: 1, max: 1 },
  { id: "payee.type", context: "payee", path: "type", min: 1, max: 1, valueIn: VALUE_SETS.C4BBPayeeType },
  { id: "payee.party", context: "payee", path: "party", min: 1, max: 1 },
  { id: "careTeam.provider", context: "careTeam", path: "provider", min: 1, max: 1 },
  { id: "careTeam.role", context: "careTeam", path: "role", min: 1, max: 1 },
  {
    id: "supportingInfo:clmrecvddate",
    path: "supportingInfo",
    min: 0,
    max: 1,
    where: { path: "category", in: one(S.C4BB_SUPPORTING_INFO_TYPE, "clmrecvddate") },
  },
  {
    id: "supportingInfo:clmrecvddate.timingDate",
    context: "supportingInfo",
    path: "timingDate",
    min: 1,
    max: 1,
    onlyIf: { path: "category", in: one(S.C4BB_SUPPORTING_INFO_TYPE, "clmrecvddate") },
  },
  { id: "diagnosis", path: "diagnosis", min: 1 },
  { id: "diagnosis.type", context: "diagnosis", path: "type", min: 1, max: 1, valueIn: VALUE_SETS.C4BBClaimProfessionalAndNonClinicianDiagnosisType },
  { id: "diagnosis.diagnosis[x] (CodeableConcept)", context: "diagnosis", path: "diagnosisCodeableConcept", min: 1, max: 1, systemIn: [S.ICD10CM] },
  { id: "diagnosis.diagnosisReference (not allowed)", context: "diagnosis", path: "diagnosisReference", min: 0, max: 0 },
  { id: "insurance", path: "insurance", min: 1 },
  { id: "insurance.coverage", context: "insurance", path: "coverage", min: 1, max: 1 },
  { id: "insurance.focal", context: "insurance", path: "focal", min: 1, max: 1 },
  { id: "EOB-insurance-focal: at most one focal", path: "insurance.focal", min: 0, max: 1, equals: true },
  { id: "item.productOrService", context: "item", path: "productOrService", min: 0, max: 1, systemIn: [S.CPT, S.HCPCS] },
  { id: "item.modifier", context: "item", path: "modifier", min: 0, systemIn: [S.CPT, S.HCPCS] },
  { id: "item.serviced[x]", context: "item", path: "servicedDate|servicedPeriod", min: 1, max: 1 },
  { id: "item.location[x] (CodeableConcept)", context: "item", path: "locationCodeableConcept", min: 1, max: 1, systemIn: [S.PLACE_OF_SERVICE] },
  { id: "item.locationAddress / locationReference (not allowed)", context: "item", path: "locationAddress|locationReference", min: 0, max: 0 },
  { id: "item.adjudication.category", context: "item.adjudication", path: "category", min: 1, max: 1, valueIn: categoryDiscriminator },
  {
    id: "item.adjudication:adjudicationamounttype",
    context: "item",
    path: "adjudication",
    min: 1,
    where: { path: "category", in: VALUE_SETS.C4BBAdjudication },
  },
  {
    id: "item.adjudication:adjudicationamounttype.amount",
    context: "item.adjudication",
    path: "amount",
    min: 1,
    max: 1,
    onlyIf: { path: "category", in: VALUE_SETS.C4BBAdjudication },
  },
  {
    id: "item.adjudication:benefitpaymentstatus",
    context: "item",
    path: "adjudication",
    min: 1,
    max: 1,
    where: { path: "category", in: VALUE_SETS.C4BBPayerBenefitPaymentStatus },
  },
  {
    id: "item.adjudication:denialreason",
    context: "item",
    path: "adjudication",
    min: 0,
    max: 1,
    where: { path: "category", in: one(S.C4BB_ADJUDICATION_DISCRIMINATOR, "denialreason") },
  },
  {
    id: "item.adjudication:denialreason.reason",
    context: "item.adjudication",
    path: "reason",
    min: 1,
    max: 1,
    systemIn: [S.CARC, S.RARC],
    onlyIf: { path: "category", in: one(S.C4BB_ADJUDICATION_DISCRIMINATOR, "denialreason") },
  },
  {
    id: "item.adjudication:allowedunits",
    context: "item",
    path: "adjudication",
    min: 0,
    max: 1,
    where: { path: "category", in: one(S.C4BB_ADJUDICATION_DISCRIMINATOR, "allowedunits") },
  },
  { id: "adjudication.category", context: "adjudication", path: "category", min: 1, max: 1, valueIn: categoryDiscriminator },
  {
    id: "adjudication:billingnetworkcontractingstatus",
    path: "adjudication",
    min: 0,
    max: 1,
    where: { path: "category", in: one(S.C4BB_ADJUDICATION_DISCRIMINATOR, "billingnetworkcontractingstatus") },
  },
  {
    id: "adjudication:billingnetworkcontractingstatus.reason",
    context: "adjudication",
    path: "reason",
    min: 1,
    max: 1,
    valueIn: VALUE_SETS.C4BBPayerProviderContractingStatus,
    onlyIf: { path: "category", in: one(S.C4BB_ADJUDICATION_DISCRIMINATOR, "billingnetworkcontractingstatus") },
  },
  { id: "total", path: "total", min: 1 },
  { id: "total.category", context: "total", path: "category", min: 1, max: 1 },
  { id: "total:adjudicationamounttype", path: "total", min: 1, where: { path: "category", in: VALUE_SETS.C4BBAdjudication } },
  { id: "payment.type", context: "payment", path: "type", min: 0, max: 1, valueIn: VALUE_SETS.C4BBPayerClaimPaymentStatusCode },
];

type Node = { value: unknown; path: string };
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** the values at a dotted path below each node, arrays flattened, each with its FHIRPath */
function select(nodes: Node[], path: string): Node[] {
  let out = nodes;
  for (const name of path.split(".")) {
    const next: Node[] = [];
    for (const n of out) {
      if (!isRecord(n.value) || !(name in n.value)) continue;
      const v = n.value[name];
      if (Array.isArray(v)) v.forEach((x, i) => next.push({ value: x, path: `${n.path}.${name}[${i}]` }));
      else if (v !== undefined) next.push({ value: v, path: `${n.path}.${name}` });
    }
    out = next;
  }
  return out;
}

const codingsOf = (v: unknown): Array<{ system?: unknown; code?: unknown }> =>
  typeof v === "string"
    ? [{ code: v }]
    : isRecord(v) && Array.isArray(v.coding)
      ? (v.coding as Array<{ system?: unknown; code?: unknown }>)
      : isRecord(v) && "code" in v
        ? [v]
        : [];
const inSet = (v: unknown, set: readonly Code[]) => codingsOf(v).some((c) => set.some((s) => s.code === c.code && (s.system === "" || s.system === c.system)));

export interface ProfileIssue {
  /** the FHIRPath of the offending element, or of its parent when something is missing */
  path: string;
  requirement: string;
  message: string;
}

/** every requirement `resource` breaks; [] when it has all the profile requires */
export function checkRequirements(resource: unknown, requirements: readonly Requirement[] = CARIN_PROFESSIONAL_REQUIREMENTS): ProfileIssue[] {
  const rootName = isRecord(resource) && typeof resource.resourceType === "string" ? resource.resourceType : "Resource";
  const root: Node[] = [{ value: resource, path: rootName }];
  const issues: ProfileIssue[] = [];
  for (const req of requirements) {
    const contexts = req.context ? select(root, req.context) : root;
    for (const ctx of contexts) {
      if (req.onlyIf && !select([ctx], req.onlyIf.path).some((n) => inSet(n.value, req.onlyIf!.in))) continue;
      let found = req.path.split("|").flatMap((p) => select([ctx], p));
      if (req.where) found = found.filter((n) => select([n], req.where!.path).some((w) => inSet(w.value, req.where!.in)));
      if (req.equals !== undefined) found = found.filter((n) => n.value === req.equals);
      if (found.length < req.min)
        issues.push({ path: ctx.path, requirement: req.id, message: `${req.id}: at least ${req.min} required, found ${found.length}` });
      if (req.max !== undefined && found.length > req.max)
        issues.push({ path: ctx.path, requirement: req.id, message: `${req.id}: at most ${req.max} allowed, found ${found.length}` });
      for (const n of found) {
        if (req.valueIn && !inSet(n.value, req.valueIn))
          issues.push({ path: n.path, requirement: req.id, message: `${req.id}: ${JSON.stringify(n.value)} is not in the required value set` });
        if (req.systemIn && !codingsOf(n.value).some((c) => req.systemIn!.includes(String(c.system)))) {
          issues.push({ path: n.path, requirement: req.id, message: `${req.id}: no coding from ${req.systemIn.join(" or ")}` });
        }
      }
    }
  }
  return issues;
}
