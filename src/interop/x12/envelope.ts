// The X12 envelopes: interchanges (ISA…IEA) holding functional groups (GS…GE) holding
// transaction sets (ST…SE). Checks what the envelopes promise — trailer present, counts and
// control numbers agreeing — and keeps every problem with the acknowledgment code that reports
// it (TA1 note codes, 999 AK905 and IK502 codes), so nothing is dropped without a reason.
import { splitSegments, type Delimiters, type Segment } from "./segments.js";

export interface EnvelopeError {
  /** the acknowledgment code: a TA1 note code for interchanges, AK905 for groups, IK502 for transaction sets */
  code: string;
  message: string;
  /** the segment where it was found */
  ordinal?: number;
}

export interface Transaction {
  st: Segment;
  se: Segment | null;
  /** ST through SE (or through the last segment before the envelope broke) */
  segments: Segment[];
  /** ST01, e.g. "837" */
  id: string;
  /** ST02 */
  control: string;
  /** ST03, e.g. "005010X222A1" */
  version: string;
  errors: EnvelopeError[];
}

export interface Group {
  gs: Segment;
  ge: Segment | null;
  /** GS01, e.g. "HC" */
  functionalId: string;
  /** GS06 */
  control: string;
  /** GS08 */
  version: string;
  /** GS04, CCYYMMDD */
  date: string;
  transactions: Transaction[];
  errors: EnvelopeError[];
}

export interface Interchange {
  isa: Segment;
  iea: Segment | null;
  /** ISA13 */
  control: string;
  groups: Group[];
  errors: EnvelopeError[];
}

export interface Envelopes {
  delimiters: Delimiters;
  interchanges: Interchange[];
}

const where = (s: Segment) => `segment ${s.ordinal} (${s.id})`;

/** reads the envelopes of X12 text; throws X12SyntaxError only when the text is not X12 at all */
export function readEnvelopes(text: string): Envelopes {
  const { delimiters, segments } = splitSegments(text);
  const interchanges: Interchange[] = [];
  let interchange: Interchange | null = null;
  let group: Group | null = null;
  let transaction: Transaction | null = null;

  const closeTransaction = (at: Segment) => {
    if (!transaction) return;
    transaction.errors.push({ code: "2", message: `transaction set ${transaction.control} has no SE trailer before ${where(at)}`, ordinal: at.ordinal });
    transaction = null;
  };
  const closeGroup = (at: Segment) => {
    closeTransaction(at);
    if (!group) return;
    group.errors.push({ code: "3", message: `functional group ${group.control} has no GE trailer before ${where(at)}`, ordinal: at.ordinal });
    group = null;
  };
  const closeInterchange = (at: Segment | null) => {
    if (at) closeGroup(at);
    if (!interchange) return;
    interchange.errors.push({
      code: "023",
      message: `interchange ${interchange.control} has no IEA trailer${at ? ` before ${where(at)}` : " (the file ends early)"}`,
      ordinal: at?.ordinal,
    });
    interchange = null;
  };

  for (const s of segments) {
    if (transaction && s.id !== "SE" && s.id !== "GE" && s.id !== "IEA" && s.id !== "ISA" && s.id !== "GS" && s.id !== "ST") {
      transaction.segments.push(s);
      continue;
    }
    switch (s.id) {
      case "ISA":
        if (interchange) closeInterchange(s);
        interchange = { isa: s, iea: null, control: (s.e[13] ?? "").trim(), groups: [], errors: [] };
        if (s.e.length !== 17) interchange.errors.push({ code: "024", message: `the ISA segment has ${s.e.length - 1} elements, not 16`, ordinal: s.ordinal });
        if (s.e[12] !== "00501")
          interchange.errors.push({ code: "017", message: `ISA12 is ${JSON.stringify(s.e[12] ?? "")}: only version 00501 (5010) is read`, ordinal: s.ordinal });
        if (!/^\d{9}$/.test(s.e[13] ?? ""))
          interchange.errors.push({ code: "018", message: `ISA13 ${JSON.stringify(s.e[13] ?? "")} is not a 9-digit control number`, ordinal: s.ordinal });
        interchanges.push(interchange);
        break;
      case "GS": {
        if (!interchange) throw new Error("unreachable: segments start with ISA");
        if (group) closeGroup(s);
        group = { gs: s, ge: null, functionalId: s.e[1] ?? "", control: s.e[6] ?? "", version: s.e[8] ?? "", date: s.e[4] ?? "", transactions: [], errors: [] };
        if (!/^\d{1,9}$/.test(group.control))
          group.errors.push({ code: "6", message: `GS06 ${JSON.stringify(group.control)} is not a control number of 1 to 9 digits`, ordinal: s.ordinal });
        interchange.groups.push(group);
        break;
      }
      case "ST": {
        if (transaction) closeTransaction(s);
        if (!group) {
          interchange?.errors.push({
            code: "024",
            message: `${where(s)} starts a transaction set outside any functional group (no GS before it)`,
            ordinal: s.ordinal,
          });
          break;
        }
        const control = s.e[2] ?? "";
        transaction = { st: s, se: null, segments: [s], id: s.e[1] ?? "", control, version: s.e[3] ?? "", errors: [] };
        if (group.transactions.some((t) => t.control === control)) {
          transaction.errors.push({
            code: "23",
            message: `transaction set control number ${control} is used twice in functional group ${group.control}`,
            ordinal: s.ordinal,
          });
        }
        group.transactions.push(transaction);
        break;
      }
      case "SE": {
        if (!transaction) {
          interchange?.errors.push({ code: "024", message: `${where(s)} ends a transaction set that was never started`, ordinal: s.ordinal });
          break;
        }
        const t: Transaction = transaction;
        t.segments.push(s);
        t.se = s;
        const count = s.e[1] ?? "";
        if (count !== String(t.segments.length)) {
          t.errors.push({
            code: "4",
            message: `SE01 says ${JSON.stringify(count)} segments but transaction set ${t.control} has ${t.segments.length} (ST to SE)`,
            ordinal: s.ordinal,
          });
        }
        if ((s.e[2] ?? "") !== t.control) {
          t.errors.push({ code: "3", message: `SE02 ${JSON.stringify(s.e[2] ?? "")} does not match ST02 ${JSON.stringify(t.control)}`, ordinal: s.ordinal });
        }
        transaction = null;
        break;
      }
      case "GE": {
        closeTransaction(s);
        if (!group) {
          interchange?.errors.push({ code: "024", message: `${where(s)} ends a functional group that was never started`, ordinal: s.ordinal });
          break;
        }
        const g: Group = group;
        g.ge = s;
        if ((s.e[1] ?? "") !== String(g.transactions.length)) {
          g.errors.push({
            code: "5",
            message: `GE01 says ${JSON.stringify(s.e[1] ?? "")} transaction sets but group ${g.control} has ${g.transactions.length}`,
            ordinal: s.ordinal,
          });
        }
        if ((s.e[2] ?? "") !== g.control) {
          g.errors.push({ code: "4", message: `GE02 ${JSON.stringify(s.e[2] ?? "")} does not match GS06 ${JSON.stringify(g.control)}`, ordinal: s.ordinal });
        }
        group = null;
        break;
      }
      case "IEA": {
        closeGroup(s);
        if (!interchange) break;
        const i: Interchange = interchange;
        i.iea = s;
        if ((s.e[1] ?? "") !== String(i.groups.length)) {
          i.errors.push({
            code: "021",
            message: `IEA01 says ${JSON.stringify(s.e[1] ?? "")} functional groups but interchange ${i.control} has ${i.groups.length}`,
            ordinal: s.ordinal,
          });
        }
        if ((s.e[2] ?? "") !== i.control) {
          i.errors.push({
            code: "001",
            message: `IEA02 ${JSON.stringify(s.e[2] ?? "")} does not match ISA13 ${JSON.stringify(i.control)}`,
            ordinal: s.ordinal,
          });
        }
        interchange = null;
        break;
      }
      default:
        // a TA1 (interchange acknowledgment) may sit between ISA and the first GS
        if (s.id === "TA1" && interchange && !group) break;
        (interchange ?? interchanges[interchanges.length - 1])?.errors.push({
          code: "024",
          message: `${where(s)} is outside any transaction set`,
          ordinal: s.ordinal,
        });
    }
  }
  if (transaction) {
    const t: Transaction = transaction;
    t.errors.push({ code: "2", message: `transaction set ${t.control} has no SE trailer (the file ends early)` });
  }
  if (group) {
    const g: Group = group;
    g.errors.push({ code: "3", message: `functional group ${g.control} has no GE trailer (the file ends early)` });
  }
  if (interchange) closeInterchange(null);
  return { delimiters, interchanges };
}
