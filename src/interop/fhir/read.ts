// FHIR R4 Claim → Edict's claim contract. A Claim (or a Bundle of them, for batches) with its
// Patient, Coverage and provider — contained in the claim or entries of the bundle — becomes
// the claim JSON of src/model/schemas.ts, which parseClaim then checks as it checks any claim.
// Every problem comes back at its FHIRPath (`Claim.item[2].quantity.value`): the reader's own,
// the contract's (translated from `lines[2].units`), and the R4 validator's when one is given;
// every element of the Claim that Edict does not use is reported as a warning at its path.
import type {
  Bundle,
  Claim as FhirClaim,
  ClaimResponse,
  CodeableConcept,
  Coding,
  Coverage as FhirCoverage,
  Extension,
  Organization,
  Practitioner,
  PractitionerRole,
  Money,
  Patient,
  Reference,
  Resource,
} from "@medplum/fhirtypes";
import { parseClaim, type ClaimJson } from "../../model/schemas.js";
import { formatMoney, parseMoney } from "../../model/money.js";
import type { Claim } from "../../model/types.js";
import * as S from "./systems.js";
import type { FhirValidator } from "./validate.js";

export interface FhirIssue {
  severity: "error" | "warning";
  /** the FHIRPath of the element, e.g. `Claim.item[2].quantity.value` or `Bundle.entry[1].resource.patient` */
  path: string;
  message: string;
}

export type Network = "in" | "out";

export interface FhirReadOptions {
  /** the date the payer received the claim (YYYY-MM-DD); else the claim's `clmrecvddate` supportingInfo, else `created` */
  received?: string;
  /** the provider's network status when the claim carries no network extension: a value or a lookup by NPI */
  network?: Network | ((npi: string) => Network | undefined);
  /** an R4 validator (./validate.ts); its errors come back with the mapping's */
  validator?: FhirValidator;
}

/** a coverage period from a Coverage resource, in the context's shape */
export interface CoverageJson {
  planId: string;
  from: string;
  to: string | null;
}

/** where a mapped claim came from, for the writers (references, item sequences, periods) */
export interface FhirClaimSource {
  /** the FHIRPath of the claim: `Claim`, or `Bundle.entry[2].resource` */
  at: string;
  resource: FhirClaim;
  type: CodeableConcept;
  /** references usable outside the claim (a contained resource becomes a logical reference) */
  patient: Reference<Patient>;
  provider: Reference<Organization | Practitioner | PractitionerRole>;
  insurer?: Reference<Organization>;
  coverage?: Reference<FhirCoverage>;
  /** the request, as a reference to the Claim (by id or business identifier) */
  request: Reference<FhirClaim>;
  /** lineNumber → the period the item asked for (a date is a one-day period) */
  periods: Record<number, { start: string; end: string }>;
}

export interface FhirClaimMapping {
  ok: true;
  /** the FHIRPath of the claim (as source.at) */
  at: string;
  use: "claim" | "preauthorization";
  type: "professional" | "institutional";
  /** the claim in the JSON contract, as parseClaim accepted it */
  claim: ClaimJson;
  parsed: Claim;
  /** context.coverage from the Coverage resources (empty when none is given) */
  coverage: CoverageJson[];
  source: FhirClaimSource;
  /** elements not used and readings worth knowing; never errors */
  warnings: FhirIssue[];
}

export interface FhirClaimFailure {
  ok: false;
  /** the FHIRPath of the claim */
  at: string;
  /** the claim's identifier when it could be read */
  claimId?: string;
  /** errors first, then warnings */
  issues: FhirIssue[];
}

export type FhirClaimRead = FhirClaimMapping | FhirClaimFailure;

export interface FhirRead {
  /** true when every claim mapped and nothing else is wrong */
  ok: boolean;
  /** one per Claim, in input order */
  claims: FhirClaimRead[];
  /** problems that belong to no one claim (the input's shape, unused bundle entries) */
  issues: FhirIssue[];
}

/** one problem with the input, at its FHIRPath (not a rule diagnostic: those come from common/diagnostic.ts) */
export const fhirIssue = (severity: FhirIssue["severity"], path: string, message: string): FhirIssue => ({ severity, path, message });

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

interface Located {
  resource: Resource;
  at: string;
  fullUrl?: string;
}

/** what a claim's references can reach: its contained resources and the bundle's entries */
class Resolver {
  readonly referenced = new Set<string>();
  constructor(readonly entries: Located[]) {}

  resolve(ref: Reference | undefined, claim: FhirClaim, claimAt: string): Located | null {
    const target = ref?.reference;
    if (typeof target !== "string" || target === "") return null;
    if (target.startsWith("#")) {
      const i = (claim.contained ?? []).findIndex((r) => r.id === target.slice(1));
      return i < 0 ? null : { resource: claim.contained![i]!, at: `${claimAt}.contained[${i}]` };
    }
    const hit = this.entries.find((e) => e.fullUrl === target || `${e.resource.resourceType}/${e.resource.id}` === target || e.fullUrl?.endsWith(`/${target}`));
    if (hit) this.referenced.add(hit.at);
    return hit ?? null;
  }
}

/** the FHIRPaths of a claim that the mapping used, so the rest can be reported */
class Usage {
  private readonly used = new Set<string>();
  mark(...paths: string[]): void {
    for (const p of paths) this.used.add(p);
  }
  /** every element of `value` at `path` not used, at its highest unused level */
  unused(value: unknown, path: string): string[] {
    const partial = new Set<string>();
    for (const p of this.used) {
      for (let i = 1; i < p.length; i++) if (p[i] === "." || p[i] === "[") partial.add(p.slice(0, i));
    }
    const out: string[] = [];
    const walk = (v: unknown, at: string) => {
      if (this.used.has(at)) return;
      if (!partial.has(at)) return void out.push(at);
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
      else if (isRecord(v)) for (const k of Object.keys(v)) walk(v[k], k.startsWith("_") ? `${at}.${k.slice(1)}.extension` : `${at}.${k}`);
      else out.push(at);
    };
    walk(value, path);
    return out;
  }
}

const DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})(?:T.*)?$/;
/** the calendar day of a FHIR date or dateTime ("2015-10-13T00:00:00-07:00" → "2015-10-13"): the day as written, no zone arithmetic */
const dayOf = (v: unknown): string | null => (typeof v === "string" && DATE_PREFIX.test(v) ? DATE_PREFIX.exec(v)![1]! : null);

const codings = (cc: CodeableConcept | undefined): Coding[] => (Array.isArray(cc?.coding) ? cc!.coding! : []);
const hasCode = (cc: CodeableConcept | undefined, code: string, system?: string) =>
  codings(cc).some((c) => c.code === code && (system === undefined || c.system === system));
const showCoding = (c: Coding) => `${c.system ?? "(no system)"}#${c.code ?? "(no code)"}`;

/** a reference that means the same thing outside the claim: contained targets become logical references */
function portable<T extends Resource>(ref: Reference | undefined, identifier?: { system: string; value: string }, display?: string): Reference<T> {
  if (ref?.reference && !ref.reference.startsWith("#")) return { reference: ref.reference, ...(ref.display ? { display: ref.display } : {}) };
  if (ref?.identifier?.value) return { identifier: ref.identifier, ...(ref.display ? { display: ref.display } : {}) };
  if (identifier) return { identifier: { system: identifier.system, value: identifier.value }, ...(display ? { display } : {}) };
  return { display: display ?? ref?.display ?? "unknown" };
}

function moneyCents(m: Money | undefined): number | null {
  if (!m || m.value === undefined) return null;
  const r = parseMoney(m.value, { allowNegative: true });
  return r.ok ? r.cents : null;
}

/** reads one Claim resource at `at` */
function mapClaim(resource: FhirClaim, at: string, resolver: Resolver, options: FhirReadOptions): FhirClaimRead {
  const errors: FhirIssue[] = [];
  const warnings: FhirIssue[] = [];
  const usage = new Usage();
  const error = (path: string, message: string) => errors.push(fhirIssue("error", path, message));
  const warn = (path: string, message: string) => warnings.push(fhirIssue("warning", path, message));
  /** contract path → the FHIRPath its value came from, to place parseClaim's issues */
  const origin = new Map<string, string>();
  const r = resource as FhirClaim & Json;
  usage.mark(`${at}.resourceType`, `${at}.id`, `${at}.meta`, `${at}.text`, `${at}.language`, `${at}.priority`, `${at}.created`, `${at}.total`);

  // status, use, type
  usage.mark(`${at}.status`, `${at}.use`, `${at}.type`);
  if (r.status !== "active")
    error(`${at}.status`, r.status === undefined ? "required" : `a claim with status ${JSON.stringify(r.status)} is not adjudicated; expected "active"`);
  let use: FhirClaimMapping["use"] = "claim";
  if (r.use === "preauthorization") use = "preauthorization";
  else if (r.use === "predetermination")
    error(`${at}.use`, 'predetermination is not mapped yet (use "claim", or "preauthorization" for prior authorization; `edict estimate` gives estimates)');
  else if (r.use !== "claim") error(`${at}.use`, r.use === undefined ? "required" : `expected "claim" or "preauthorization", not ${JSON.stringify(r.use)}`);
  const typeCode = codings(r.type).find((c) => c.code === "professional" || c.code === "institutional")?.code as FhirClaimMapping["type"] | undefined;
  if (!typeCode) {
    const given = codings(r.type).map(showCoding).join(", ");
    error(
      `${at}.type`,
      given ? `Edict adjudicates professional and institutional claims, not ${given}` : `required: ${S.CLAIM_TYPE}#professional or #institutional`,
    );
  }

  // the claim's identifier
  let claimId: string | undefined;
  const identifier0 = r.identifier?.[0]?.value;
  if (typeof identifier0 === "string" && identifier0.trim() !== "") {
    claimId = identifier0;
    usage.mark(`${at}.identifier[0]`);
    origin.set("id", `${at}.identifier[0].value`);
  } else if (typeof r.id === "string") {
    claimId = r.id;
    origin.set("id", `${at}.id`);
  } else error(`${at}.identifier`, "required: the claim's identifier (identifier[0].value, or the resource id)");

  // the date received
  let received: string | null = null;
  const infos = Array.isArray(r.supportingInfo) ? r.supportingInfo : [];
  const receivedInfo = infos.findIndex((s) => hasCode(s.category, "clmrecvddate"));
  if (options.received !== undefined) {
    received = options.received;
    origin.set("receivedDate", `${at}.created`);
  } else if (receivedInfo >= 0) {
    const path = `${at}.supportingInfo[${receivedInfo}]`;
    usage.mark(path);
    received = dayOf(infos[receivedInfo]!.timingDate);
    if (received === null) error(`${path}.timingDate`, "required: the date the claim was received (YYYY-MM-DD)");
    origin.set("receivedDate", `${path}.timingDate`);
  } else {
    received = dayOf(r.created);
    if (received === null)
      error(`${at}.created`, r.created === undefined ? "required (or pass the received date)" : `${JSON.stringify(r.created)} is not a date`);
    origin.set("receivedDate", `${at}.created`);
  }

  // the focal insurance and its Coverage
  const insurance = Array.isArray(r.insurance) ? r.insurance : [];
  let focal = insurance.findIndex((i) => i.focal === true);
  if (focal < 0 && insurance.length === 1) focal = 0;
  let coverageResource: FhirCoverage | null = null;
  let coverageRef: Reference<FhirCoverage> | undefined;
  let priorAuthorization: string | undefined;
  const coverage: CoverageJson[] = [];
  if (focal < 0) {
    error(
      `${at}.insurance`,
      insurance.length === 0 ? "required: the member's insurance (a Coverage)" : "no insurance has focal = true: say which coverage this claim is for",
    );
  } else {
    const ins = insurance[focal]!;
    const path = `${at}.insurance[${focal}]`;
    usage.mark(`${path}.sequence`, `${path}.focal`, `${path}.coverage`);
    const located = resolver.resolve(ins.coverage, r, at);
    if (located?.resource.resourceType === "Coverage") {
      coverageResource = located.resource as FhirCoverage;
      const c = coverageResource;
      const planId = c.class?.find((k) => hasCode(k.type, "plan"))?.value ?? c.identifier?.[0]?.value ?? c.id ?? "coverage";
      const from = dayOf(c.period?.start);
      if (c.status !== undefined && c.status !== "active") warn(`${located.at}.status`, `the coverage is ${c.status}: it gives no coverage period`);
      else if (from === null) warn(`${located.at}.period`, "the coverage has no start date: it gives no coverage period (the context's coverage decides)");
      else coverage.push({ planId, from, to: dayOf(c.period?.end) });
    } else if (ins.coverage?.reference) {
      warn(`${path}.coverage`, `${ins.coverage.reference} is not in the claim or the bundle: the context's coverage decides eligibility`);
    }
    coverageRef = ins.coverage
      ? portable(
          ins.coverage,
          coverageResource?.identifier?.[0]?.value
            ? { system: coverageResource.identifier[0]!.system ?? S.EDICT_PLAN_ID, value: coverageResource.identifier[0]!.value }
            : undefined,
          coverage[0]?.planId,
        )
      : undefined;
    const refs = Array.isArray(ins.preAuthRef) ? ins.preAuthRef : [];
    if (refs.length > 0) {
      priorAuthorization = refs[0];
      usage.mark(`${path}.preAuthRef[0]`);
      origin.set("priorAuthorization", `${path}.preAuthRef[0]`);
      if (refs.length > 1) warn(`${path}.preAuthRef`, `${refs.length} authorization numbers given; Edict considers only the first (${refs[0]})`);
    }
  }

  // the payers before this one: insurances ahead of the focal one (by sequence) whose
  // adjudication (Claim.insurance.claimResponse) is in the claim or the bundle
  const priorPayers: Json[] = [];
  if (focal >= 0) {
    const focalSequence = Number(insurance[focal]!.sequence);
    const ahead = insurance
      .map((ins, i) => ({ ins, i }))
      .filter(({ ins, i }) => i !== focal && ins.claimResponse !== undefined && Number(ins.sequence) < focalSequence)
      .sort((a, b) => Number(a.ins.sequence) - Number(b.ins.sequence));
    for (const { ins, i } of ahead) {
      const path = `${at}.insurance[${i}]`;
      const located = resolver.resolve(ins.claimResponse, r, at);
      if (located?.resource.resourceType !== "ClaimResponse") {
        warn(
          `${path}.claimResponse`,
          `${ins.claimResponse?.reference ?? "the reference"} is not a ClaimResponse in the claim or the bundle: that payer's payment is not counted`,
        );
        continue;
      }
      usage.mark(`${path}.sequence`, `${path}.focal`, `${path}.coverage`, `${path}.claimResponse`);
      priorPayers.push(priorPayer(located.resource as ClaimResponse, located.at, priorPayers.length, origin, error));
    }
  }

  // the patient: the member
  usage.mark(`${at}.patient`);
  const patientLocated = resolver.resolve(r.patient, r, at);
  const patient = patientLocated?.resource.resourceType === "Patient" ? (patientLocated.resource as Patient) : null;
  const member: Json = {};
  if (!patient) {
    error(
      `${at}.patient`,
      r.patient?.reference
        ? `${r.patient.reference} is not a Patient in the claim or the bundle: Edict needs the member's birth date and sex`
        : "required: a reference to the Patient (contained or in the bundle)",
    );
  } else {
    const pAt = patientLocated!.at;
    const ids = patient.identifier ?? [];
    const mb = ids.findIndex((i) => i.system === S.EDICT_MEMBER_ID || hasCode(i.type, "MB"));
    if (mb >= 0 && ids[mb]!.value) {
      member.id = ids[mb]!.value;
      origin.set("member.id", `${pAt}.identifier[${mb}].value`);
    } else if (coverageResource?.subscriberId) {
      member.id = coverageResource.subscriberId;
      origin.set("member.id", `${at}.insurance[${focal}].coverage`);
    } else if (ids[0]?.value) {
      member.id = ids[0].value;
      origin.set("member.id", `${pAt}.identifier[0].value`);
    } else if (patient.id) {
      member.id = patient.id;
      origin.set("member.id", `${pAt}.id`);
    } else error(`${pAt}.identifier`, "required: the member's identifier");
    member.birthDate = patient.birthDate;
    origin.set("member.birthDate", `${pAt}.birthDate`);
    if (patient.birthDate === undefined) error(`${pAt}.birthDate`, "required: the member's birth date (age edits need it)");
    const sex = patient.gender === "female" ? "F" : patient.gender === "male" ? "M" : "U";
    if (patient.gender === undefined) warn(`${pAt}.gender`, "no gender: the member's sex is taken as U (unknown)");
    member.sex = sex;
    origin.set("member.sex", `${pAt}.gender`);
  }

  // the provider: NPI and network
  usage.mark(`${at}.provider`, `${at}.insurer`);
  const providerLocated = resolver.resolve(r.provider, r, at);
  const provider: Json = {};
  origin.set("provider.npi", `${at}.provider`);
  origin.set("provider.network", `${at}.provider`);
  let npi: string | undefined;
  if (r.provider?.identifier?.system === S.NPI) npi = r.provider.identifier.value;
  else if (providerLocated)
    npi = ((providerLocated.resource as { identifier?: Array<{ system?: string; value?: string }> }).identifier ?? []).find((i) => i.system === S.NPI)?.value;
  if (npi === undefined) {
    error(
      `${at}.provider`,
      `no NPI: give the provider as a reference to a Practitioner or Organization (contained or in the bundle) with an ${S.NPI} identifier, or as a logical reference with that identifier`,
    );
  } else provider.npi = npi;
  const networkExt = (r.provider?.extension ?? []).findIndex((e: Extension) => e.url === S.EXT.network);
  let network: Network | undefined;
  if (networkExt >= 0) {
    const v = r.provider!.extension![networkExt]!.valueCode;
    usage.mark(`${at}.provider.extension[${networkExt}]`);
    origin.set("provider.network", `${at}.provider.extension[${networkExt}].valueCode`);
    if (v === "in" || v === "out") network = v;
    else error(`${at}.provider.extension[${networkExt}].valueCode`, `expected "in" or "out", not ${JSON.stringify(v)}`);
  } else if (options.network !== undefined && npi !== undefined) {
    network = typeof options.network === "function" ? options.network(npi) : options.network;
    if (network === undefined) error(`${at}.provider`, `the network status of NPI ${npi} is not known`);
  } else if (npi !== undefined) {
    error(
      `${at}.provider`,
      `whether the provider is in the plan's network is not given: add the extension ${S.EXT.network} (valueCode "in" or "out") or pass the network option (edict: --network in|out)`,
    );
  }
  if (network) provider.network = network;

  // diagnoses: principal first, then by sequence
  const dx = Array.isArray(r.diagnosis) ? r.diagnosis : [];
  const readDx: Array<{ index: number; sequence: unknown; code: string | undefined; principal: boolean }> = [];
  dx.forEach((d, i) => {
    const path = `${at}.diagnosis[${i}]`;
    usage.mark(`${path}.sequence`, `${path}.type`);
    if (d.diagnosisReference) {
      error(`${path}.diagnosisReference`, "a Condition reference is not mapped: give diagnosisCodeableConcept with an ICD-10-CM coding");
      return;
    }
    const all = codings(d.diagnosisCodeableConcept);
    let k = all.findIndex((c) => c.system === S.ICD10CM);
    if (k < 0) {
      k = all.findIndex((c) => c.system === S.ICD10);
      if (k >= 0) warn(`${path}.diagnosisCodeableConcept.coding[${k}].system`, `${S.ICD10} (WHO ICD-10) read as ICD-10-CM`);
    }
    if (k < 0) {
      error(
        `${path}.diagnosisCodeableConcept`,
        all.length ? `no ICD-10-CM coding (${S.ICD10CM}); found ${all.map(showCoding).join(", ")}` : "required: an ICD-10-CM coding",
      );
      return;
    }
    usage.mark(`${path}.diagnosisCodeableConcept`);
    readDx.push({ index: i, sequence: d.sequence, code: all[k]!.code, principal: (d.type ?? []).some((t) => hasCode(t, "principal")) });
  });
  const ordered = [...readDx].sort(
    (a, b) => Number(b.principal) - Number(a.principal) || (Number(a.sequence) || 0) - (Number(b.sequence) || 0) || a.index - b.index,
  );
  const pointerOf = new Map<unknown, number>();
  ordered.forEach((d, i) => {
    const path = `${at}.diagnosis[${d.index}]`;
    if (pointerOf.has(d.sequence)) error(`${path}.sequence`, `diagnosis sequence ${String(d.sequence)} is used twice`);
    pointerOf.set(d.sequence, i + 1);
    origin.set(`diagnoses[${i}]`, `${path}.diagnosisCodeableConcept`);
  });
  if (dx.length === 0) {
    error(`${at}.diagnosis`, "required: at least one diagnosis");
    origin.set("diagnoses", `${at}.diagnosis`);
  }

  // items: the lines
  const items = Array.isArray(r.item) ? r.item : [];
  if (items.length === 0) error(`${at}.item`, "required: at least one item");
  const periods: FhirClaimSource["periods"] = {};
  const lines = items.map((item, i) => {
    const path = `${at}.item[${i}]`;
    const line: Json = {};
    origin.set(`lines[${i}]`, path);
    usage.mark(`${path}.sequence`);
    line.lineNumber = item.sequence;
    origin.set(`lines[${i}].lineNumber`, `${path}.sequence`);

    const all = codings(item.productOrService);
    const k = all.findIndex((c) => S.isProcedureSystem(c.system));
    if (k >= 0) {
      usage.mark(`${path}.productOrService`);
      line.code = all[k]!.code;
      origin.set(`lines[${i}].code`, `${path}.productOrService.coding[${k}].code`);
    } else {
      error(
        `${path}.productOrService`,
        all.length ? `no CPT (${S.CPT}) or HCPCS (${S.HCPCS}) coding; found ${all.map(showCoding).join(", ")}` : "required: a CPT or HCPCS procedure code",
      );
    }

    line.modifiers = (item.modifier ?? []).map((m, j) => {
      usage.mark(`${path}.modifier[${j}]`);
      origin.set(`lines[${i}].modifiers[${j}]`, `${path}.modifier[${j}]`);
      return codings(m)[0]?.code;
    });

    usage.mark(`${path}.quantity`);
    if (item.quantity === undefined) {
      line.units = 1;
      warn(`${path}.quantity`, "no quantity: 1 unit");
    } else line.units = item.quantity.value;
    origin.set(`lines[${i}].units`, `${path}.quantity.value`);

    usage.mark(`${path}.net`, `${path}.unitPrice`, `${path}.factor`);
    for (const [name, m] of [
      ["net", item.net],
      ["unitPrice", item.unitPrice],
    ] as const) {
      if (m?.currency !== undefined && m.currency !== "USD") error(`${path}.${name}.currency`, `Edict decides amounts in USD, not ${m.currency}`);
    }
    if (item.net !== undefined) {
      line.charge = item.net.value;
      origin.set(`lines[${i}].charge`, `${path}.net.value`);
    } else if (item.unitPrice !== undefined) {
      const unit = moneyCents(item.unitPrice);
      const qty = typeof line.units === "number" && Number.isSafeInteger(line.units) ? line.units : null;
      origin.set(`lines[${i}].charge`, `${path}.unitPrice.value`);
      if (item.factor !== undefined && item.factor !== 1) error(`${path}.factor`, "a factor other than 1 needs net (the line's charge) to be given");
      else if (unit === null) line.charge = item.unitPrice.value;
      else if (qty !== null) line.charge = formatMoney(unit * qty);
    } else error(`${path}.net`, "required: the line's charge (net, or unitPrice × quantity)");

    usage.mark(`${path}.servicedDate`, `${path}.servicedPeriod`);
    if (item.servicedDate !== undefined) {
      line.serviceDate = dayOf(item.servicedDate) ?? item.servicedDate;
      origin.set(`lines[${i}].serviceDate`, `${path}.servicedDate`);
      if (typeof line.serviceDate === "string" && dayOf(line.serviceDate)) periods[Number(item.sequence)] = { start: line.serviceDate, end: line.serviceDate };
    } else if (item.servicedPeriod !== undefined) {
      const start = dayOf(item.servicedPeriod.start);
      const end = dayOf(item.servicedPeriod.end) ?? start;
      line.serviceDate = start ?? item.servicedPeriod.start;
      origin.set(`lines[${i}].serviceDate`, `${path}.servicedPeriod.start`);
      if (start !== null && end !== null) {
        periods[Number(item.sequence)] = { start, end };
        if (end < start) error(`${path}.servicedPeriod.end`, `the period ends (${end}) before it starts (${start})`);
        else if (end !== start && use === "claim") warn(`${path}.servicedPeriod`, `a line is decided on one date: its first (${start})`);
      }
    } else {
      error(`${path}.serviced[x]`, "required: servicedDate or servicedPeriod");
    }

    const loc = codings(item.locationCodeableConcept);
    const p = loc.findIndex((c) => S.isPlaceOfServiceSystem(c.system));
    if (p >= 0) {
      usage.mark(`${path}.locationCodeableConcept`);
      line.placeOfService = loc[p]!.code;
      origin.set(`lines[${i}].placeOfService`, `${path}.locationCodeableConcept.coding[${p}].code`);
    } else if (item.locationAddress || item.locationReference) {
      error(`${path}.location[x]`, "only locationCodeableConcept (a CMS place-of-service code) is mapped");
    } else {
      error(
        `${path}.locationCodeableConcept`,
        loc.length
          ? `no CMS place-of-service coding (${S.PLACE_OF_SERVICE}); found ${loc.map(showCoding).join(", ")}`
          : "required: the CMS place-of-service code",
      );
    }

    if (Array.isArray(item.diagnosisSequence) && item.diagnosisSequence.length > 0) {
      usage.mark(`${path}.diagnosisSequence`);
      line.diagnosisPointers = item.diagnosisSequence.map((seq, j) => {
        const pointer = pointerOf.get(seq);
        origin.set(`lines[${i}].diagnosisPointers[${j}]`, `${path}.diagnosisSequence[${j}]`);
        if (pointer === undefined) error(`${path}.diagnosisSequence[${j}]`, `no diagnosis has sequence ${String(seq)}`);
        return pointer ?? seq;
      });
    } else {
      line.diagnosisPointers = [1];
      origin.set(`lines[${i}].diagnosisPointers`, `${path}.diagnosisSequence`);
      if (dx.length > 0) warn(`${path}.diagnosisSequence`, "no diagnosisSequence: the line points at the principal diagnosis");
    }
    return line;
  });

  // contained resources the claim does not reference are not used
  (r.contained ?? []).forEach((c, i) => {
    const target = `#${c.id}`;
    const referenced = [r.patient, r.provider, ...insurance.flatMap((x) => [x.coverage, x.claimResponse])].some((ref) => ref?.reference === target);
    if (referenced) usage.mark(`${at}.contained[${i}]`);
  });

  const claimJson: Json = {
    id: claimId,
    receivedDate: received ?? undefined,
    member,
    provider,
    diagnoses: ordered.map((d) => d.code),
    lines,
  };
  if (priorAuthorization !== undefined) claimJson.priorAuthorization = priorAuthorization;
  if (priorPayers.length > 0) claimJson.priorPayers = priorPayers;
  const parsed = parseClaim(claimJson, { planned: use === "preauthorization" });
  if (!parsed.ok) {
    for (const issue of parsed.issues) {
      const path = translate(issue.path, origin, at);
      // a value the reader already reported missing or wrong needs no second word
      // pointers into diagnoses the reader could not read say nothing new
      if (/^lines\[\d+\]\.diagnosisPointers/.test(issue.path) && errors.some((e) => e.path.startsWith(`${at}.diagnosis`))) continue;
      if (errors.some((e) => path === e.path || path.startsWith(`${e.path}.`) || path.startsWith(`${e.path}[`) || e.path.startsWith(`${path}.`))) continue;
      error(path, issue.message);
    }
  }
  for (const path of usage.unused(r, at)) warn(path, "not used by Edict");

  if (errors.length > 0 || !parsed.ok) return { ok: false, at, ...(claimId !== undefined ? { claimId } : {}), issues: [...errors, ...warnings] };
  const provRef = portable<Organization | Practitioner | PractitionerRole>(r.provider, npi ? { system: S.NPI, value: npi } : undefined);
  const patientRef = portable<Patient>(r.patient, { system: S.EDICT_MEMBER_ID, value: String(member.id) });
  return {
    ok: true,
    at,
    use,
    type: typeCode!,
    claim: claimJson as ClaimJson,
    parsed: parsed.claim,
    coverage,
    source: {
      at,
      resource,
      type: { coding: [{ system: S.CLAIM_TYPE, code: typeCode! }] },
      patient: patientRef,
      provider: provRef,
      ...(r.insurer ? { insurer: portable<Organization>(r.insurer) } : {}),
      ...(coverageRef ? { coverage: coverageRef } : {}),
      request: r.id ? { reference: `Claim/${r.id}` } : { identifier: { system: S.EDICT_CLAIM_ID, value: claimId! } },
      periods,
    },
    warnings,
  };
}

/** `lines[2].units` → the FHIRPath it came from; the longest known prefix wins */
/**
 * One prior payer from its ClaimResponse (at `crAt`): each item's eligible amount is what it
 * allowed, its benefit what it paid, and each adjudication with an X12 reason (CARC) and an
 * amount one of its adjustments, grouped by Edict's adjustment-group extension (else PR for the
 * member's share categories, CO for a discount, OA for the rest). `index` is its place in
 * `priorPayers`, for placing the contract's own checks at the FHIRPath the value came from.
 */
function priorPayer(cr: ClaimResponse, crAt: string, index: number, origin: Map<string, string>, error: (path: string, message: string) => void): Json {
  const payerId = cr.insurer?.identifier?.value ?? cr.insurer?.display ?? cr.identifier?.[0]?.value ?? cr.id ?? `payer ${index + 1}`;
  origin.set(`priorPayers[${index}]`, crAt);
  const lines = (cr.item ?? []).map((item, j) => {
    const path = `${crAt}.item[${j}]`;
    const base = `priorPayers[${index}].lines[${j}]`;
    origin.set(`${base}.lineNumber`, `${path}.itemSequence`);
    const entries = item.adjudication ?? [];
    const amountOf = (code: string): number | null => {
      const k = entries.findIndex((e) => hasCode(e.category, code, S.ADJUDICATION));
      if (k < 0) return null;
      origin.set(`${base}.${code === "eligible" ? "allowed" : "paid"}`, `${path}.adjudication[${k}].amount`);
      return moneyCents(entries[k]!.amount);
    };
    const allowed = amountOf("eligible");
    const paid = amountOf("benefit");
    if (paid === null) error(`${path}.adjudication`, "required: the amount this payer paid (an adjudication of category benefit)");
    if (allowed === null) error(`${path}.adjudication`, "required: the amount this payer allowed (an adjudication of category eligible)");
    const adjustments: Json[] = [];
    entries.forEach((e, k) => {
      const carc = codings(e.reason).find((c) => c.system === S.CARC)?.code;
      const amount = moneyCents(e.amount);
      if (carc === undefined || amount === null) return;
      const ext = (e.extension ?? []).find((x) => x.url === S.EXT.adjustmentGroup)?.valueCode;
      const category = codings(e.category)[0]?.code;
      const group = ext ?? (category === "copay" || category === "deductible" || category === "coinsurance" ? "PR" : category === "discount" ? "CO" : "OA");
      origin.set(`${base}.adjustments[${adjustments.length}]`, `${path}.adjudication[${k}]`);
      adjustments.push({ group, reason: carc, amount: formatMoney(amount) });
    });
    return { lineNumber: item.itemSequence, allowed: formatMoney(allowed ?? 0), paid: formatMoney(paid ?? 0), adjustments };
  });
  // the payer's claim-level adjustments (ClaimResponse.adjudication), kept as the contract keeps them
  const adjustments: Json[] = [];
  (cr.adjudication ?? []).forEach((e, k) => {
    const carc = codings(e.reason).find((c) => c.system === S.CARC)?.code;
    const amount = moneyCents(e.amount);
    if (carc === undefined || amount === null) return;
    const group = (e.extension ?? []).find((x) => x.url === S.EXT.adjustmentGroup)?.valueCode ?? "OA";
    origin.set(`priorPayers[${index}].adjustments[${adjustments.length}]`, `${crAt}.adjudication[${k}]`);
    adjustments.push({ group, reason: carc, amount: formatMoney(amount) });
  });
  return { payerId, lines, ...(adjustments.length ? { adjustments } : {}) };
}

function translate(contractPath: string, origin: Map<string, string>, at: string): string {
  let p = contractPath;
  for (;;) {
    const hit = origin.get(p);
    if (hit) return hit;
    const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
    if (cut <= 0) return at;
    p = p.slice(0, cut);
  }
}

/**
 * Reads a FHIR R4 Claim, or a Bundle holding Claims (a batch) with the Patients, Coverages,
 * Practitioners and Organizations they reference. Never throws on bad input.
 */
export function fromFhirClaim(input: unknown, options: FhirReadOptions = {}): FhirRead {
  const issues: FhirIssue[] = [];
  if (!isRecord(input) || typeof input.resourceType !== "string") {
    return {
      ok: false,
      claims: [],
      issues: [fhirIssue("error", "", "expected a FHIR resource (a JSON object with resourceType Claim or Bundle)")],
    };
  }
  const root = input.resourceType;
  let reads: FhirClaimRead[];
  let resolver: Resolver;
  if (root === "Claim") {
    resolver = new Resolver([]);
    reads = [mapClaim(input as unknown as FhirClaim, "Claim", resolver, options)];
  } else if (root === "Bundle") {
    const entries: Located[] = [];
    const bundle = input as unknown as Bundle;
    (Array.isArray(bundle.entry) ? bundle.entry : []).forEach((e, i) => {
      if (isRecord(e.resource) && typeof e.resource.resourceType === "string")
        entries.push({ resource: e.resource as Resource, at: `Bundle.entry[${i}].resource`, ...(e.fullUrl ? { fullUrl: e.fullUrl } : {}) });
      else issues.push(fhirIssue("error", `Bundle.entry[${i}]`, "an entry without a resource"));
    });
    resolver = new Resolver(entries);
    reads = entries.filter((e) => e.resource.resourceType === "Claim").map((e) => mapClaim(e.resource as FhirClaim, e.at, resolver, options));
    if (reads.length === 0) issues.push(fhirIssue("error", "Bundle.entry", "no Claim in the bundle"));
    for (const e of entries) {
      if (e.resource.resourceType !== "Claim" && !resolver.referenced.has(e.at)) {
        issues.push(fhirIssue("warning", e.at, `a ${e.resource.resourceType} no claim references: not used`));
      }
    }
  } else {
    return { ok: false, claims: [], issues: [fhirIssue("error", "resourceType", `expected Claim or Bundle, not ${JSON.stringify(root)}`)] };
  }
  if (options.validator) {
    for (const v of options.validator.validate(input as unknown as Resource)) {
      const owner = reads.find((c) => v.path === c.at || v.path.startsWith(`${c.at}.`));
      if (!owner) {
        issues.push(v);
        continue;
      }
      if (v.severity !== "error") {
        (owner.ok ? owner.warnings : owner.issues).push(v);
        continue;
      }
      const i = reads.indexOf(owner);
      const failure: FhirClaimFailure = owner.ok
        ? { ok: false, at: owner.at, claimId: String(owner.claim.id), issues: [v, ...owner.warnings] }
        : { ...owner, issues: [v, ...owner.issues] };
      reads[i] = failure;
    }
    for (const c of reads) if (!c.ok) c.issues.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
  }
  return { ok: issues.every((i) => i.severity !== "error") && reads.every((c) => c.ok), claims: reads, issues };
}
