// The 837P writer (005010X222A1): contract claims as a professional claim interchange — what a
// provider's billing system would send. Edict uses it to turn its example and generated claims
// into X12 for tests and benchmarks; the contract's facts an 837 does not carry (network,
// receipt date) stay with the host. One subscriber level (2000B) per claim, under one billing
// provider level (2000A) per run of claims with the same provider.
import { parseClaim } from "../../model/schemas.js";
import { formatDate } from "../../model/dates.js";
import type { Claim } from "../../model/types.js";
import { DEFAULT_DELIMITERS, SegmentWriter, type Delimiters } from "./segments.js";
import { isaSegment } from "./write999.js";
import { x12Amount } from "./write835.js";

export interface Write837Options {
  /** ISA13 and GS06 */
  controlNumber: number;
  /** the date the file is created, YYYY-MM-DD (GS04; the reader's default receipt date) */
  date: string;
  submitter?: { id: string; name: string };
  receiver?: { id: string; name: string };
  delimiters?: Delimiters;
  /** CLM05-3: 1 original (default) */
  frequencyCode?: string;
}

const ymd = (day: number) => formatDate(day).replace(/-/g, "");

/** writes claims (contract JSON or parseClaim's output) as one 837P interchange; throws on claims parseClaim rejects */
export function write837(claims: Array<Claim | unknown>, options: Write837Options): string {
  const d = options.delimiters ?? DEFAULT_DELIMITERS;
  const submitter = options.submitter ?? { id: "SUBMITTER", name: "EDICT SUBMITTER" };
  const receiver = options.receiver ?? { id: "EDICT", name: "EDICT PAYER" };
  const date = options.date.replace(/-/g, "");
  const w = new SegmentWriter(d);
  w.raw(
    isaSegment(d, {
      senderQualifier: "ZZ",
      sender: submitter.id,
      receiverQualifier: "ZZ",
      receiver: receiver.id,
      date,
      time: "0000",
      control: options.controlNumber,
      usage: "P",
    }),
  );
  w.add("GS", "HC", submitter.id, receiver.id, date, "0000", options.controlNumber, "X", "005010X222A1");
  const start = w.count;
  w.add("ST", "837", "0001", "005010X222A1");
  w.add("BHT", "0019", "00", String(options.controlNumber), date, "0000", "CH");
  w.add("NM1", "41", "2", submitter.name, "", "", "", "", "46", submitter.id);
  w.add("PER", "IC", "EDI CONTACT", "TE", "0000000000");
  w.add("NM1", "40", "2", receiver.name, "", "", "", "", "46", receiver.id);
  let hl = 0;
  let billingHl = 0;
  let billingNpi: string | null = null;
  for (const input of claims) {
    const claim = isParsed(input) ? input : parsed(input);
    if (claim.provider.npi !== billingNpi) {
      billingNpi = claim.provider.npi;
      billingHl = ++hl;
      w.add("HL", billingHl, "", "20", "1");
      w.add("NM1", "85", "2", `PROVIDER ${billingNpi}`, "", "", "", "", "XX", billingNpi);
      w.add("N3", "1 MAIN STREET");
      w.add("N4", "ANYTOWN", "MD", "20705");
      w.add("REF", "EI", "000000000");
    }
    w.add("HL", ++hl, billingHl, "22", "0");
    w.add("SBR", "P", "18", "", "", "", "", "", "", "CI");
    w.add("NM1", "IL", "1", "MEMBER", "", "", "", "", "MI", claim.member.id);
    w.add("DMG", "D8", ymd(claim.member.birthDate), claim.member.sex);
    w.add("NM1", "PR", "2", receiver.name, "", "", "", "", "PI", receiver.id);
    const total = claim.lines.reduce((sum, l) => sum + l.charge, 0);
    const place = claim.lines[0]!.placeOfService;
    w.add("CLM", claim.id, x12Amount(total), "", "", [place, "B", options.frequencyCode ?? "1"], "Y", "A", "Y", "Y");
    if (claim.priorAuthorization) w.add("REF", "G1", claim.priorAuthorization);
    w.add("HI", ...claim.diagnoses.map((code, i) => [i === 0 ? "ABK" : "ABF", code]));
    writePriorPayers(w, claim);
    for (const line of claim.lines) {
      w.add("LX", line.lineNumber);
      w.add(
        "SV1",
        ["HC", line.code, ...line.modifiers],
        x12Amount(line.charge),
        "UN",
        line.units,
        line.placeOfService === place ? "" : line.placeOfService,
        "",
        line.diagnosisPointers.map(String),
      );
      w.add("DTP", "472", "D8", ymd(line.serviceDate));
      w.add("REF", "6R", String(line.lineNumber));
      for (const payer of claim.priorPayers ?? []) {
        for (const adjudicated of payer.lines.filter((l) => l.lineNumber === line.lineNumber)) {
          w.add("SVD", payer.payerId, x12Amount(adjudicated.paid), ["HC", line.code, ...line.modifiers], "", line.units);
          for (const [group, list] of byGroup(adjudicated.adjustments)) w.add("CAS", group, ...list.flatMap((a) => [a.reason, x12Amount(a.amount), ""]));
          w.add("DTP", "573", "D8", ymd(claim.receivedDate));
        }
      }
    }
  }
  w.add("SE", w.count - start + 1, "0001");
  w.add("GE", "1", options.controlNumber);
  w.add("IEA", "1", String(options.controlNumber).padStart(9, "0"));
  return w.text();
}

function writePriorPayers(w: SegmentWriter, claim: Claim): void {
  (claim.priorPayers ?? []).forEach((payer, i) => {
    w.add("SBR", "PST"[i] ?? "T", "18", "", "", "", "", "", "", "CI");
    for (const [group, list] of byGroup(payer.adjustments)) w.add("CAS", group, ...list.flatMap((a) => [a.reason, x12Amount(a.amount), ""]));
    w.add("OI", "", "", "Y", "", "", "Y");
    w.add("NM1", "IL", "1", "MEMBER", "", "", "", "", "MI", claim.member.id);
    w.add("NM1", "PR", "2", `PAYER ${payer.payerId}`, "", "", "", "", "PI", payer.payerId);
  });
}

function byGroup<T extends { group: string }>(list: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const a of list) out.set(a.group, [...(out.get(a.group) ?? []), a]);
  return out;
}

const isParsed = (x: unknown): x is Claim => typeof x === "object" && x !== null && typeof (x as Claim).receivedDate === "number";

function parsed(json: unknown): Claim {
  const r = parseClaim(json);
  if (!r.ok) throw new Error(`write837: the claim is not valid: ${r.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
  return r.claim;
}
