// The 837 reader: 837P (005010X222A1) and 837I (005010X223A2) claims to the JSON contract.
// The guide walk (./guide.ts) places each segment in its loop; this file maps the loops — the HL
// tree of billing provider (2000A), subscriber (2000B) and patient (2000C), the claim (2300),
// its service lines (2400) and the other payers' adjudications (2320/2330/2430) — to claim JSON,
// runs it through parseClaim, and reports every problem with the segment it comes from. Facts an
// 837 does not carry (receipt date, provider network) come from the host through the options.
import { parseClaim, type ClaimJson } from "../../model/schemas.js";
import { formatMoney, parseMoney } from "../../model/money.js";
import type { Claim, InputIssue } from "../../model/types.js";
import { readEnvelopes, type EnvelopeError, type Group, type Interchange, type Transaction } from "./envelope.js";
import { guide, guideFor, loopsStartingWith, segmentOf, segmentsOf, walk, type LoopNode, type PlacedSegment, type SegmentIssue } from "./guide.js";
import { components, X12SyntaxError, type Delimiters, type Segment } from "./segments.js";
import { write999, type AckInterchange } from "./write999.js";

export interface Read837Options {
  /** the date the payer received the claims, YYYY-MM-DD; default: the functional group's date (GS04) */
  receivedDate?: string;
  /** each rendering or billing NPI's network; default: none listed, so every provider is out of network */
  network?: (npi: string) => "in" | "out";
  /** the 999's interchange control number; default: the 837's (ISA13) */
  controlNumber?: number;
}

/** where a claim came from, and what of the 837 the contract has no field for */
export interface ClaimSource {
  /** "837P" or "837I" */
  guide: string;
  interchange: { control: string; sender: string; receiver: string; usage: string };
  group: { control: string; date: string; sender: string; receiver: string };
  transaction: string;
  /** the CLM segment: its position in the transaction set and its ordinal in the file */
  position: number;
  ordinal: number;
  /** CLM05-1: place of service (837P) or facility type (837I) */
  facilityCode: string;
  /** CLM05-3: 1 original, 7 replacement, 8 void */
  frequencyCode: string;
  /** 837I: facility type and frequency, e.g. "131" */
  typeOfBill?: string;
  /** CLM02 */
  totalCharge: string;
  /** SBR09 of the subscriber, e.g. "CI" (commercial insurance); the 835's CLP06 */
  claimFilingIndicator: string;
  billingProvider: { npi: string; name: string; taxId?: string };
  payer: { id: string; name: string };
  subscriber: { id: string; lastName: string; firstName: string };
  /** the 2000C patient, when not the subscriber */
  patient?: { lastName: string; firstName: string; relationship: string };
  lines: Array<{
    lineNumber: number;
    /** REF*6R, the provider's line item control number */
    controlNumber?: string;
    /** 837I: SV201 */
    revenueCode?: string;
    /** the last day of a DTP*472 range */
    serviceDateTo?: string;
  }>;
}

export interface ClaimRead {
  /** the claim as contract JSON (what `edict x12 read` prints) */
  claim: ClaimJson;
  /** the same claim, validated and normalised by parseClaim */
  parsed: Claim;
  source: ClaimSource;
}

export interface RejectedClaim {
  /** CLM01, when the CLM segment has one */
  claimId: string | null;
  /** the CLM segment's position in its transaction set and ordinal in the file */
  transaction: string;
  position: number;
  ordinal: number;
  /** why, each naming the segment */
  reasons: string[];
}

export interface Read837 {
  claims: ClaimRead[];
  rejected: RejectedClaim[];
  /** the 999 acknowledgment (with a TA1 when the interchange envelope is broken); null when the text is not X12 */
  ack: string | null;
  /** every problem found, one sentence each, naming its segment */
  errors: string[];
}

// ---------------------------------------------------------------- entry point

export function read837(text: string, options: Read837Options = {}): Read837 {
  let envelopes: ReturnType<typeof readEnvelopes>;
  try {
    envelopes = readEnvelopes(text);
  } catch (e) {
    if (e instanceof X12SyntaxError) return { claims: [], rejected: [], ack: null, errors: [e.message] };
    throw e;
  }
  const { delimiters } = envelopes;
  const out: Read837 = { claims: [], rejected: [], ack: null, errors: [] };
  const acks: AckInterchange[] = [];
  for (const interchange of envelopes.interchanges) {
    const ack: AckInterchange = { isa: interchange.isa, errors: interchange.errors, groups: [] };
    acks.push(ack);
    for (const e of interchange.errors) out.errors.push(`interchange ${interchange.control}: ${e.message}`);
    for (const group of interchange.groups) {
      const ackGroup = { gs: group.gs, ge: group.ge, errors: [...group.errors], transactions: [] as AckInterchange["groups"][number]["transactions"] };
      ack.groups.push(ackGroup);
      for (const e of group.errors) out.errors.push(`functional group ${group.control}: ${e.message}`);
      if (group.functionalId !== "HC") {
        const e: EnvelopeError = {
          code: "1",
          message: `functional group ${group.control} is ${JSON.stringify(group.functionalId)}, not HC (health care claims)`,
          ordinal: group.gs.ordinal,
        };
        ackGroup.errors.push(e);
        out.errors.push(e.message);
      }
      const envelopeBroken = interchange.errors.length > 0 || ackGroup.errors.length > 0;
      for (const transaction of group.transactions) {
        const result = readTransaction(transaction, group, interchange, delimiters, options, envelopeBroken);
        ackGroup.transactions.push({ st: transaction.st, errors: result.envelope, issues: result.issues });
        out.claims.push(...result.claims);
        out.rejected.push(...result.rejected);
        out.errors.push(...result.errors);
      }
    }
  }
  const first = envelopes.interchanges[0];
  const date = first?.groups[0]?.date || (first ? `20${first.isa.e[9] ?? ""}` : "");
  out.ack = write999(acks, { delimiters, date, controlNumber: options.controlNumber ?? (Number(first?.control) || 1) });
  return out;
}

// ---------------------------------------------------------------- one transaction set

interface TransactionRead {
  claims: ClaimRead[];
  rejected: RejectedClaim[];
  errors: string[];
  issues: SegmentIssue[];
  envelope: EnvelopeError[];
}

function readTransaction(
  t: Transaction,
  group: Group,
  interchange: Interchange,
  d: Delimiters,
  options: Read837Options,
  envelopeBroken: boolean,
): TransactionRead {
  const envelope = [...t.errors];
  const errors = envelope.map((e) => `transaction set ${t.control}: ${e.message}`);
  const g = t.id === "837" ? guideFor(t.id, t.version) : null;
  if (!g) {
    const e: EnvelopeError =
      t.id !== "837"
        ? { code: "1", message: `transaction set ${t.control} is a ${JSON.stringify(t.id)}, not an 837`, ordinal: t.st.ordinal }
        : {
            code: "I6",
            message: `transaction set ${t.control} follows ${JSON.stringify(t.version)}; Edict reads 005010X222A1 (837P) and 005010X223A2 (837I)`,
            ordinal: t.st.ordinal,
          };
    envelope.push(e);
    errors.push(e.message);
  }
  if (group.version && t.version && group.version !== t.version && g) {
    errors.push(`transaction set ${t.control}: ST03 ${t.version} differs from GS08 ${group.version}`);
  }
  const w = walk(g ?? guide("837P"), t.segments, d);
  const issues = g ? w.issues : [];
  for (const i of issues)
    errors.push(
      `transaction set ${t.control}, segment ${i.position} (${i.segmentId}${i.loop ? `, loop ${i.loop}` : ""}; file segment ${i.ordinal}): ${i.message}`,
    );
  const clms = t.segments.map((s, k) => ({ s, position: k + 1 })).filter((x) => x.s.id === "CLM");
  if (!g || issues.length || envelope.length || envelopeBroken) {
    const why = !g
      ? envelope.at(-1)!.message
      : envelopeBroken
        ? `its envelope is broken (${interchange.errors[0]?.message ?? group.errors[0]?.message ?? "functional group not supported"})`
        : `${envelope.length + issues.length} error${envelope.length + issues.length === 1 ? "" : "s"} in the transaction set, the first: ${firstMessage(envelope, issues)}`;
    return {
      claims: [],
      rejected: clms.map(({ s, position }) => ({
        claimId: s.e[1] || null,
        transaction: t.control,
        position,
        ordinal: s.ordinal,
        reasons: [`transaction set ${t.control} is rejected (see the 999): ${why}`],
      })),
      errors,
      issues,
      envelope,
    };
  }
  const claims: ClaimRead[] = [];
  const rejected: RejectedClaim[] = [];
  const context: MapContext = { d, t, group, interchange, options, guideName: g.name };
  forEachClaim(w.root, (claimLoop, hierarchy) => {
    const mapped = mapClaim(claimLoop, hierarchy, context);
    if (mapped.ok) claims.push(mapped.read);
    else rejected.push(mapped.rejected);
  });
  for (const r of rejected)
    for (const reason of r.reasons) errors.push(`claim ${r.claimId ?? "(no CLM01)"} (transaction set ${t.control}, segment ${r.position}): ${reason}`);
  return { claims, rejected, errors, issues, envelope };
}

function firstMessage(envelope: EnvelopeError[], issues: SegmentIssue[]): string {
  if (envelope.length) return envelope[0]!.message;
  const i = issues[0]!;
  return `segment ${i.position} (${i.segmentId}): ${i.message}`;
}

interface Hierarchy {
  billing: LoopNode;
  subscriber: LoopNode;
  patient: LoopNode | null;
}

/** every 2300 loop with the HL levels above it, in file order */
function forEachClaim(root: LoopNode, visit: (claim: LoopNode, h: Hierarchy) => void): void {
  const hl = (n: LoopNode, level: string) => n.segments[0]?.seg.id === "HL" && n.segments[0].seg.e[3] === level;
  const descend = (node: LoopNode, h: Partial<Hierarchy>) => {
    for (const child of node.loops) {
      if (hl(child, "20")) descend(child, { billing: child });
      else if (hl(child, "22")) descend(child, { billing: h.billing, subscriber: child, patient: null });
      else if (hl(child, "23")) descend(child, { ...h, patient: child });
      else if (child.segments[0]?.seg.id === "CLM") visit(child, h as Hierarchy);
      else descend(child, h);
    }
  };
  descend(root, {});
}

// ---------------------------------------------------------------- mapping a claim

interface MapContext {
  billingCache?: Map<LoopNode, { billingNm1: PlacedSegment | undefined; billing: ReturnType<typeof nameOf>; billingTaxId: string | undefined }>;
  d: Delimiters;
  t: Transaction;
  group: Group;
  interchange: Interchange;
  options: Read837Options;
  guideName: string;
}

/** where each contract field came from, for positioned messages: "segment 19 (SV104)" */
type Origins = Map<string, string>;

const el = (p: PlacedSegment | undefined, n: number) => (p ? (p.seg.e[n] ?? "") : "");

function x12Date(value: string): string {
  return /^\d{8}$/.test(value) ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6)}` : value;
}

/** an X12 decimal ("12.250", ".5", "100") as the contract's money or count (the contract reports what stays bad) */
function x12Decimal(value: string): string {
  let v = value.startsWith(".") ? `0${value}` : value;
  if (/^\d+\.\d*$/.test(v)) v = v.replace(/0+$/, "").replace(/\.$/, "");
  return v;
}

function x12Number(value: string): number | string {
  const v = x12Decimal(value);
  return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
}

function nameOf(nm1: PlacedSegment | undefined): { last: string; first: string; id: string } {
  return { last: el(nm1, 3), first: el(nm1, 4), id: el(nm1, 9) };
}

/** TOB facility type (first two digits) → the place-of-service code of the same setting (README.md here) */
const FACILITY_PLACE_OF_SERVICE: Record<string, string> = {
  "11": "21",
  "12": "21",
  "13": "22",
  "21": "31",
  "22": "31",
  "23": "32",
  "32": "12",
  "33": "12",
  "34": "12",
  "71": "72",
  "72": "65",
  "73": "50",
  "77": "50",
  "81": "34",
  "82": "34",
  "83": "24",
  "85": "22",
};

const PAYER_ORDER = "PSTABCDEFGHU";

function billingOf(node: LoopNode, c: MapContext) {
  c.billingCache ??= new Map();
  let hit = c.billingCache.get(node);
  if (!hit) {
    const loop = node.loops.find((l) => l.segments[0]?.seg.id === "NM1" && l.segments[0].seg.e[1] === "85");
    const billingNm1 = loop?.segments[0];
    hit = { billingNm1, billing: nameOf(billingNm1), billingTaxId: (loop && el(segmentOf(loop, "REF", "EI"), 2)) || undefined };
    c.billingCache.set(node, hit);
  }
  return hit;
}

/**
 * Maps one 2300 loop. Where each field came from is recorded only when `origins` is given:
 * mapClaim runs a second time, with it, for the few claims parseClaim refuses.
 */
function mapClaim(
  loop: LoopNode,
  h: Hierarchy,
  c: MapContext,
  origins: Origins | null = null,
): { ok: true; read: ClaimRead } | { ok: false; rejected: RejectedClaim } {
  const clm = loop.segments[0]!;
  const claimId = el(clm, 1);
  const reasons: string[] = [];
  const at = (p: PlacedSegment, element: string) => `segment ${p.position} (${element})`;
  const from = (path: string, placed: PlacedSegment | undefined, element: string) => {
    if (origins && placed) origins.set(path, `segment ${placed.position} (${element})`);
  };
  const institutional = c.guideName === "837I";

  // 2000A / 2010AA billing provider (looked up once per 2000A: it holds every subscriber level below it)
  const { billingNm1, billing, billingTaxId } = billingOf(h.billing, c);
  // 2000B / 2010BA subscriber, 2010BB payer
  const sbr = segmentOf(h.subscriber, "SBR");
  const subscriberLoop = loopsStartingWith(h.subscriber, "NM1", "IL")[0];
  const subscriberNm1 = subscriberLoop?.segments[0];
  const subscriber = nameOf(subscriberNm1);
  const payer = nameOf(loopsStartingWith(h.subscriber, "NM1", "PR")[0]?.segments[0]);
  // 2000C / 2010CA patient, when the patient is not the subscriber
  const patientLoop = h.patient ? loopsStartingWith(h.patient, "NM1", "QC")[0] : undefined;
  const demographics = patientLoop ? segmentOf(patientLoop, "DMG") : subscriberLoop ? segmentOf(subscriberLoop, "DMG") : undefined;

  const member: Record<string, unknown> = {};
  if (subscriber.id) member.id = subscriber.id;
  from("member.id", subscriberNm1, "2010BA NM109");
  if (demographics) {
    if (el(demographics, 2)) member.birthDate = x12Date(el(demographics, 2));
    if (el(demographics, 3)) member.sex = el(demographics, 3);
    from("member.birthDate", demographics, "DMG02");
    from("member.sex", demographics, "DMG03");
  } else {
    reasons.push(
      `${patientLoop ? "the patient (2010CA)" : "the subscriber (2010BA)"} has no DMG segment, so no birth date or sex${subscriberNm1 ? ` (${at(patientLoop?.segments[0] ?? subscriberNm1, "NM1")})` : ""}`,
    );
  }

  // 2310B (837P) / 2310D (837I) rendering provider, else the billing provider
  const rendering = loopsStartingWith(loop, "NM1", "82")[0]?.segments[0];
  const providerNm1 = rendering && el(rendering, 9) ? rendering : billingNm1;
  const npi = el(providerNm1, 9);
  const network = c.options.network ? c.options.network(npi) : "out";
  from("provider.npi", providerNm1, rendering && providerNm1 === rendering ? "2310 NM109 (rendering)" : "2010AA NM109 (billing)");

  // HI: principal (ABK) first, then the others (ABF)
  const diagnoses: string[] = [];
  const hiSegments = segmentsOf(loop, "HI");
  for (const hi of hiSegments) {
    for (let n = 1; n < hi.seg.e.length; n++) {
      const [qualifier, code] = components(hi.seg.e[n], c.d);
      if (qualifier === "ABK" || qualifier === "BK") diagnoses.unshift(code ?? "");
      else if (qualifier === "ABF" || qualifier === "BF") diagnoses.push(code ?? "");
    }
  }
  if (hiSegments[0]) from("diagnoses", hiSegments[0], "HI");

  // CLM05: facility code : qualifier : frequency
  const [facilityCode = "", , frequencyCode = ""] = components(el(clm, 5), c.d);
  let claimPlace = facilityCode;
  if (institutional) {
    claimPlace = FACILITY_PLACE_OF_SERVICE[facilityCode] ?? "";
    if (!claimPlace)
      reasons.push(
        `type of bill ${facilityCode}${frequencyCode} (${at(clm, "CLM05")}) has no place of service in Edict's crosswalk (src/interop/x12/README.md)`,
      );
  }

  // REF*G1 prior authorization: the claim's, else the one its lines agree on
  const claimAuth = el(segmentOf(loop, "REF", "G1"), 2);
  from("priorAuthorization", segmentOf(loop, "REF", "G1"), "REF02 (G1)");

  // 2400 service lines
  const statement = segmentOf(loop, "DTP", "434");
  const lineLoops = loop.loops.filter((l) => l.segments[0]?.seg.id === "LX");
  const lines: Array<Record<string, unknown>> = [];
  const sourceLines: ClaimSource["lines"] = [];
  const lineAuths = new Set<string>();
  let lineTotal = 0;
  lineLoops.forEach((lx, i) => {
    const lineNumber = Number(el(lx.segments[0], 1));
    const path = `lines[${i}]`;
    const line: Record<string, unknown> = { lineNumber: Number.isSafeInteger(lineNumber) && lineNumber > 0 ? lineNumber : el(lx.segments[0], 1) };
    from(`${path}.lineNumber`, lx.segments[0], "LX01");
    const sourceLine: ClaimSource["lines"][number] = { lineNumber };
    const sv1 = segmentOf(lx, "SV1");
    const sv2 = segmentOf(lx, "SV2");
    if (sv1) {
      const [, code = "", ...modifiers] = components(el(sv1, 1), c.d);
      line.code = code;
      line.modifiers = modifiers.slice(0, 4).filter((m) => m !== "");
      line.charge = x12Decimal(el(sv1, 2));
      line.units = x12Number(el(sv1, 4));
      line.placeOfService = el(sv1, 5) || claimPlace;
      line.diagnosisPointers = components(el(sv1, 7), c.d).map((p) => x12Number(p));
      from(`${path}.code`, sv1, "SV101-2");
      from(`${path}.modifiers`, sv1, "SV101-3..6");
      from(`${path}.charge`, sv1, "SV102");
      from(`${path}.units`, sv1, "SV104");
      from(`${path}.placeOfService`, sv1, el(sv1, 5) ? "SV105" : "CLM05-1");
      from(`${path}.diagnosisPointers`, sv1, "SV107");
    } else if (sv2) {
      sourceLine.revenueCode = el(sv2, 1);
      const [, code = "", ...modifiers] = components(el(sv2, 2), c.d);
      if (!code)
        reasons.push(
          `line ${lineNumber} bills revenue code ${el(sv2, 1)} without a HCPCS code (${at(sv2, "SV202")}); Edict adjudicates institutional lines by their HCPCS code`,
        );
      line.code = code;
      line.modifiers = modifiers.slice(0, 4).filter((m) => m !== "");
      line.charge = x12Decimal(el(sv2, 3));
      line.units = x12Number(el(sv2, 5));
      line.placeOfService = claimPlace;
      // an institutional line has no diagnosis pointers: it serves the principal diagnosis
      line.diagnosisPointers = [1];
      from(`${path}.code`, sv2, "SV202-2");
      from(`${path}.modifiers`, sv2, "SV202-3..6");
      from(`${path}.charge`, sv2, "SV203");
      from(`${path}.units`, sv2, "SV205");
      from(`${path}.placeOfService`, clm, "CLM05-1 (type of bill)");
    }
    const cents = parseMoney(typeof line.charge === "string" ? line.charge : "");
    if (cents.ok) lineTotal += cents.cents;
    const dtp = segmentOf(lx, "DTP", "472") ?? (institutional ? statement : undefined);
    if (dtp) {
      const [start = "", end] = el(dtp, 3).split("-");
      line.serviceDate = x12Date(start);
      if (end && end !== start) sourceLine.serviceDateTo = x12Date(end);
      from(`${path}.serviceDate`, dtp, dtp === statement ? "DTP03 (434 statement dates)" : "DTP03 (472)");
    }
    const controlNumber = el(segmentOf(lx, "REF", "6R"), 2);
    if (controlNumber) sourceLine.controlNumber = controlNumber;
    const lineAuth = el(segmentOf(lx, "REF", "G1"), 2);
    if (lineAuth) lineAuths.add(lineAuth);
    // the contract's key order, for readable output
    const ordered: Record<string, unknown> = {};
    for (const key of ["lineNumber", "serviceDate", "code", "modifiers", "units", "charge", "placeOfService", "diagnosisPointers"])
      if (line[key] !== undefined) ordered[key] = line[key];
    lines.push(ordered);
    sourceLines.push(sourceLine);
  });

  let priorAuthorization: string | undefined = claimAuth || undefined;
  if (!priorAuthorization && lineAuths.size === 1) priorAuthorization = [...lineAuths][0];
  if (!claimAuth && lineAuths.size > 1) {
    reasons.push(`the lines quote different prior authorizations (${[...lineAuths].join(", ")}); the contract holds one per claim`);
  }

  const total = parseMoney(x12Decimal(el(clm, 2)));
  if (total.ok && total.cents !== lineTotal) {
    reasons.push(`CLM02 total charge ${el(clm, 2)} (${at(clm, "CLM02")}) is not the sum of the lines' charges (${formatMoney(lineTotal)})`);
  }

  const priorPayers = readPriorPayers(loop, lineLoops, origins);

  const claim: Record<string, unknown> = {
    id: claimId,
    receivedDate: c.options.receivedDate ?? x12Date(c.group.date),
    member,
    provider: { npi, network },
    diagnoses,
    lines,
  };
  if (priorAuthorization) claim.priorAuthorization = priorAuthorization;
  if (priorPayers.length) claim.priorPayers = priorPayers;
  from("id", clm, "CLM01");
  origins?.set(
    "receivedDate",
    c.options.receivedDate !== undefined ? "the receipt date the host gave" : `GS04 of the functional group (file segment ${c.group.gs.ordinal})`,
  );

  const parsed = parseClaim(claim);
  if (!parsed.ok && !origins) return mapClaim(loop, h, c, new Map());
  if (!parsed.ok) for (const issue of parsed.issues) reasons.push(positioned(issue, origins!, clm));
  if (reasons.length || !parsed.ok) {
    return { ok: false, rejected: { claimId: claimId || null, transaction: c.t.control, position: clm.position, ordinal: clm.seg.ordinal, reasons } };
  }
  const isa = c.interchange.isa;
  const source: ClaimSource = {
    guide: c.guideName,
    interchange: { control: c.interchange.control, sender: (isa.e[6] ?? "").trim(), receiver: (isa.e[8] ?? "").trim(), usage: isa.e[15] ?? "" },
    group: { control: c.group.control, date: c.group.date, sender: c.group.gs.e[2] ?? "", receiver: c.group.gs.e[3] ?? "" },
    transaction: c.t.control,
    position: clm.position,
    ordinal: clm.seg.ordinal,
    facilityCode,
    frequencyCode,
    ...(institutional ? { typeOfBill: `${facilityCode}${frequencyCode}` } : {}),
    totalCharge: el(clm, 2),
    claimFilingIndicator: el(sbr, 9),
    billingProvider: { npi: billing.id, name: billing.last, ...(billingTaxId ? { taxId: billingTaxId } : {}) },
    payer: { id: payer.id, name: payer.last },
    subscriber: { id: subscriber.id, lastName: subscriber.last, firstName: subscriber.first },
    ...(patientLoop
      ? { patient: { lastName: el(patientLoop.segments[0], 3), firstName: el(patientLoop.segments[0], 4), relationship: el(segmentOf(h.patient!, "PAT"), 1) } }
      : {}),
    lines: sourceLines,
  };
  return { ok: true, read: { claim: claim as ClaimJson, parsed: parsed.claim, source } };
}

/** 2320 (other subscriber), 2330B (other payer) and 2430 (line adjudication) as the contract's priorPayers */
function readPriorPayers(claimLoop: LoopNode, lineLoops: LoopNode[], origins: Origins | null): Array<Record<string, unknown>> {
  const payers = claimLoop.loops
    .filter((l) => l.segments[0]?.seg.id === "SBR")
    .map((other) => ({ other, rank: PAYER_ORDER.indexOf(el(other.segments[0], 1)) }))
    .sort((a, b) => a.rank - b.rank);
  return payers.map(({ other }, i) => {
    const payerNm1 = loopsStartingWith(other, "NM1", "PR")[0]?.segments[0];
    const payerId = el(payerNm1, 9);
    if (payerNm1) origins?.set(`priorPayers[${i}].payerId`, `segment ${payerNm1.position} (2330B NM109)`);
    const adjustments = segmentsOf(other, "CAS").flatMap((cas) => casAdjustments(cas.seg));
    if (adjustments.length) origins?.set(`priorPayers[${i}].adjustments`, `segment ${segmentsOf(other, "CAS")[0]!.position} (2320 CAS)`);
    const lines: Array<Record<string, unknown>> = [];
    for (const lx of lineLoops) {
      for (const adjudication of lx.loops.filter((l) => l.segments[0]?.seg.id === "SVD" && el(l.segments[0], 1) === payerId)) {
        const svd = adjudication.segments[0]!;
        const lineAdjustments = segmentsOf(adjudication, "CAS").flatMap((cas) => casAdjustments(cas.seg));
        const paid = parseMoney(x12Decimal(el(svd, 2)));
        const patient = lineAdjustments
          .filter((a) => a.group === "PR")
          .reduce((sum, a) => {
            const amount = parseMoney(a.amount);
            return amount.ok ? sum + amount.cents : sum;
          }, 0);
        origins?.set(`priorPayers[${i}].lines[${lines.length}]`, `segment ${svd.position} (2430 SVD)`);
        lines.push({
          lineNumber: x12Number(el(lx.segments[0], 1)),
          // an 837 carries no allowed amount for the other payer: what it paid plus what it left to the patient
          allowed: paid.ok ? formatMoney(paid.cents + patient) : x12Decimal(el(svd, 2)),
          paid: x12Decimal(el(svd, 2)),
          adjustments: lineAdjustments,
        });
      }
    }
    return { payerId, lines, ...(adjustments.length ? { adjustments } : {}) };
  });
}

/** a CAS segment's (reason, amount) pairs under its group */
function casAdjustments(cas: Segment): Array<{ group: string; reason: string; amount: string }> {
  const out: Array<{ group: string; reason: string; amount: string }> = [];
  for (let n = 2; n < cas.e.length; n += 3) {
    if (!cas.e[n]) continue;
    out.push({ group: cas.e[1] ?? "", reason: cas.e[n]!, amount: x12Decimal(cas.e[n + 1] ?? "") });
  }
  return out;
}

/** a parseClaim issue with the segment and element its field came from */
function positioned(issue: InputIssue, origins: Origins, clm: PlacedSegment): string {
  let path = issue.path;
  for (;;) {
    const where = origins.get(path);
    if (where) return `${issue.path}: ${issue.message} — from ${where}`;
    const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
    if (cut <= 0) break;
    path = path.slice(0, cut);
  }
  return `${issue.path}: ${issue.message} — in the claim at segment ${clm.position} (CLM)`;
}
