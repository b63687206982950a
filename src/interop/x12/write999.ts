// The 999 writer (005010X231A1): acknowledges each functional group of a received interchange,
// each transaction set accepted (IK5*A) or rejected (IK5*R) with an IK3 per segment in error
// (segment id, position, loop, code), CTX naming the claim (CLM01) it belongs to, and IK4 per
// element in error. A broken interchange envelope adds a TA1. Dates and control numbers come
// from the caller, so the same input gives the same bytes.
import type { EnvelopeError } from "./envelope.js";
import type { SegmentIssue } from "./guide.js";
import { SegmentWriter, type Delimiters, type Segment } from "./segments.js";

export interface AckTransaction {
  st: Segment;
  /** envelope problems (IK502 codes) */
  errors: EnvelopeError[];
  /** segment and element problems */
  issues: SegmentIssue[];
}

export interface AckGroup {
  gs: Segment;
  ge: Segment | null;
  /** AK905 codes */
  errors: EnvelopeError[];
  transactions: AckTransaction[];
}

export interface AckInterchange {
  isa: Segment;
  /** TA1 note codes */
  errors: EnvelopeError[];
  groups: AckGroup[];
}

export interface Write999Options {
  delimiters: Delimiters;
  /** CCYYMMDD: the acknowledgment's date */
  date: string;
  /** the first interchange's control number; groups and later interchanges count on from it */
  controlNumber: number;
}

const pad = (s: string, n: number) => (s.length >= n ? s.slice(0, n) : s + " ".repeat(n - s.length));
const control9 = (n: number) => String(((n - 1) % 999_999_999) + 1).padStart(9, "0");

/** the ISA header, fixed-width as X12 requires */
export function isaSegment(
  d: Delimiters,
  fields: { senderQualifier: string; sender: string; receiverQualifier: string; receiver: string; date: string; time: string; control: number; usage: string },
): string {
  const e = d.element;
  return [
    "ISA",
    "00",
    pad("", 10),
    "00",
    pad("", 10),
    pad(fields.senderQualifier, 2),
    pad(fields.sender, 15),
    pad(fields.receiverQualifier, 2),
    pad(fields.receiver, 15),
    fields.date.slice(2),
    fields.time,
    d.repetition ?? "U",
    "00501",
    control9(fields.control),
    "0",
    fields.usage,
    d.component,
  ].join(e);
}

/** IK3 loop ids are at most 4 characters: "2300", and "2010" for 2010AA (the full id is in the message) */
const loopCode = (loop: string | undefined) => (loop && /^\d{4}/.test(loop) ? loop.slice(0, 4) : undefined);

function safe(value: string | undefined, d: Delimiters): string | undefined {
  if (value === undefined || value === "") return undefined;
  for (const c of [d.element, d.component, d.segment, d.repetition ?? ""]) if (c && value.includes(c)) return undefined;
  return value.slice(0, 99);
}

export function write999(interchanges: AckInterchange[], options: Write999Options): string {
  const d = options.delimiters;
  let control = options.controlNumber;
  let text = "";
  for (const ic of interchanges) {
    const w = new SegmentWriter(d);
    const isa = ic.isa.e;
    const interchangeControl = control;
    w.raw(
      isaSegment(d, {
        senderQualifier: (isa[7] ?? "ZZ").trim() || "ZZ",
        sender: (isa[8] ?? "").trim(),
        receiverQualifier: (isa[5] ?? "ZZ").trim() || "ZZ",
        receiver: (isa[6] ?? "").trim(),
        date: options.date,
        time: "0000",
        control: interchangeControl,
        usage: isa[15] === "T" ? "T" : "P",
      }),
    );
    if (ic.errors.length) {
      w.add("TA1", (isa[13] ?? "").trim(), isa[9], isa[10], "R", ic.errors[0]!.code);
    }
    let groupNumber = 0;
    for (const g of ic.groups) {
      const groupControl = control + groupNumber++;
      const gs = g.gs.e;
      w.add("GS", "FA", gs[3], gs[2], options.date, "0000", groupControl, "X", "005010X231A1");
      const start = w.count;
      w.add("ST", "999", "0001", "005010X231A1");
      w.add("AK1", gs[1], gs[6], gs[8]);
      let accepted = 0;
      for (const t of g.transactions) {
        const st = t.st.e;
        w.add("AK2", st[1], st[2], st[3]);
        for (const issue of t.issues) {
          w.add("IK3", issue.segmentId, issue.position, loopCode(issue.loop), issue.code);
          if (issue.claimId && safe(issue.claimId, d)) w.add("CTX", ["CLM01", issue.claimId]);
          for (const e of issue.elements) {
            // IK402 is a number: composites (C023) and ISA's elements (I01) have none to give
            w.add(
              "IK4",
              e.component ? [String(e.position), String(e.component)] : e.position,
              /^\d+$/.test(e.dataElement) ? e.dataElement : undefined,
              e.code,
              safe(e.value, d),
            );
          }
        }
        const rejected = t.errors.length > 0 || t.issues.length > 0 || ic.errors.length > 0 || g.errors.length > 0;
        if (!rejected) accepted++;
        const codes = [...new Set(t.errors.map((e) => e.code))];
        if (t.issues.length) codes.push(t.issues.some((i) => /^\d/.test(i.code)) ? "5" : "I5");
        w.add("IK5", rejected ? "R" : "A", ...codes.slice(0, 5));
      }
      const received = g.transactions.length;
      const ge = /^\d+$/.test(g.ge?.e[1] ?? "") ? Number(g.ge!.e[1]) : received;
      const status = accepted === received && !g.errors.length && !ic.errors.length ? "A" : accepted === 0 || g.errors.length || ic.errors.length ? "R" : "P";
      w.add("AK9", status, ge, received, status === "R" ? 0 : accepted, ...[...new Set(g.errors.map((e) => e.code))].slice(0, 5));
      w.add("SE", w.count - start + 1, "0001");
      w.add("GE", 1, groupControl);
    }
    w.add("IEA", ic.groups.length, control9(interchangeControl));
    control += Math.max(ic.groups.length, 1);
    text += w.text();
  }
  return text;
}
