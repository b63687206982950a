// The claim adjustment group, CARC and RARC codes Edict knows, as CSV (`kind,code,description`)
// so a payer can drop in its licensed full X12 list in the same format. The descriptions below
// are Edict's own short summaries, not X12's wording. Also shipped as rules/reason-codes.csv.
import { isCarc, isGroupCode, isRarc } from "./codes.js";

export const REASON_CODES_CSV = `kind,code,description
group,CO,Contractual obligation: the provider absorbs it and may not bill the member
group,CR,Correction or reversal of an earlier claim
group,OA,Other adjustment that fits no other group
group,PI,Reduction made by the payer that the member does not owe
group,PR,Patient responsibility: the member owes this amount
carc,1,Applied to the member's deductible
carc,2,The member's coinsurance share
carc,3,The member's copay
carc,4,Modifier is missing or does not fit the procedure
carc,5,Place of service does not fit the procedure or bill type
carc,6,Procedure does not fit the patient's age
carc,7,Procedure does not fit the patient's sex
carc,8,Procedure does not fit the provider's type or specialty
carc,9,Diagnosis does not fit the patient's age
carc,10,Diagnosis does not fit the patient's sex
carc,11,Procedure and diagnosis do not match
carc,16,Information is missing or was sent in error; see the remarks
carc,18,The same service was already billed and processed
carc,22,Another plan should pay first (coordination of benefits)
carc,23,Reflects what an earlier payer already paid or adjusted
carc,24,Paid through a capitation or managed-care arrangement instead
carc,26,Service date falls before the member's coverage started
carc,27,Service date falls after the member's coverage ended
carc,29,Claim arrived after the filing deadline
carc,31,Member not found in the payer's records
carc,45,Billed amount above the allowed amount for this service
carc,49,Routine or preventive care the plan does not cover
carc,50,The payer does not consider the service medically necessary
carc,55,The payer considers the service experimental or investigational
carc,56,The payer does not consider the service's effectiveness established
carc,96,A charge the plan does not cover
carc,97,Paid as part of another service's allowance
carc,109,Not this payer's claim: send it to the responsible payer
carc,119,The benefit limit for the period has been reached
carc,133,Line held for further review
carc,146,Diagnosis code not valid on the service date
carc,149,The lifetime limit for this benefit has been reached
carc,151,The number or frequency of services is not supported
carc,181,Procedure code not valid on the service date
carc,182,Modifier not valid on the service date
carc,183,The referring provider may not refer this service
carc,184,The ordering provider may not order this service
carc,185,The rendering provider may not perform this service
carc,197,No prior authorization on file for this service
carc,198,Service goes beyond what was authorized
carc,199,Revenue code and procedure code conflict
carc,204,The member's plan has no benefit for this service
carc,222,More hours or days or units than the provider's contract allows for the period
carc,226,Information asked of the provider was missing or late or incomplete
carc,227,Information asked of the member was missing or incomplete
carc,234,Not payable on its own
carc,236,Conflicts with another procedure billed for the same day under coding edits
carc,242,Provider is outside the required network
carc,243,Not referred or approved by the network or primary care provider
rarc,M15,Parts of one procedure billed separately were bundled; no separate payment
rarc,M51,Procedure code missing or invalid
rarc,M76,Diagnosis missing or invalid
rarc,M77,Place of service missing or invalid
rarc,MA04,The primary payer's details are needed before paying as secondary
rarc,MA130,Claim cannot be processed as sent; correct it and submit a new claim
rarc,MA63,Principal diagnosis missing or incomplete or invalid
rarc,N4,The earlier payer's explanation of benefits is missing or unreadable
rarc,N20,Not payable together with another service on the same date
rarc,N45,Paid up to the authorized amount
rarc,N56,Procedure code is wrong or invalid for the service or its date
rarc,N59,See the provider manual for program details
rarc,N115,Decision follows a local coverage determination
rarc,N130,See the plan documents for limits on this service
rarc,N362,Units or days billed above the accepted maximum
rarc,N381,See the provider contract for billing and payment terms
rarc,N425,Service the law excludes from coverage
rarc,N522,Duplicate of a crossover claim
`;

export interface ReasonCodeTable {
  /** claim adjustment reason codes → description */
  carc: ReadonlyMap<string, string>;
  /** remittance advice remark codes → description */
  rarc: ReadonlyMap<string, string>;
  /** claim adjustment group codes (CO, PR, …) → description */
  groups: ReadonlyMap<string, string>;
}

export interface ReasonCodeError {
  /** 1-based line of the CSV text where the record starts (the header is row 1) */
  row: number;
  message: string;
}

export type ReasonCodeParse = { ok: true; table: ReasonCodeTable } | { ok: false; errors: ReasonCodeError[] };

interface CsvRecord {
  row: number;
  fields: string[];
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF */
export function readCsvRecords(text: string): { records: CsvRecord[]; error: ReasonCodeError | null } {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const row = line;
    const fields: string[] = [];
    let field = "";
    for (;;) {
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) return { records, error: { row, message: "a quoted field is not closed" } };
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === "\n") line++;
          field += c;
          i++;
        }
        const next = text[i];
        if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
          return { records, error: { row: line, message: "unexpected text after a closing quote" } };
        }
      } else {
        while (i < text.length && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") field += text[i++];
      }
      if (text[i] === ",") {
        fields.push(field);
        field = "";
        i++;
        continue;
      }
      fields.push(field);
      if (text[i] === "\r") i++;
      if (text[i] === "\n") i++;
      line++;
      break;
    }
    if (!(fields.length === 1 && fields[0]!.trim() === "")) records.push({ row, fields });
  }
  return { records, error: null };
}

const KIND_CHECK: Record<string, { valid: (code: string) => boolean; what: string; key: keyof ReasonCodeTable }> = {
  group: { valid: isGroupCode, what: "a group code (two letters, like CO)", key: "groups" },
  carc: { valid: isCarc, what: "a CARC (like 45 or A1)", key: "carc" },
  rarc: { valid: isRarc, what: "a RARC (like N362 or MA04)", key: "rarc" },
};

/** reads a `kind,code,description` table; every bad row is reported, and then no table is given */
export function parseReasonCodes(csvText: string): ReasonCodeParse {
  const { records, error } = readCsvRecords(csvText);
  const errors: ReasonCodeError[] = error ? [error] : [];
  const header = records[0];
  if (!header) return { ok: false, errors: errors.length ? errors : [{ row: 1, message: "the file is empty" }] };
  const names = header.fields.map((f) => f.trim().toLowerCase());
  if (names.join(",") !== "kind,code,description") {
    errors.push({ row: header.row, message: `expected the header kind,code,description, found ${header.fields.join(",")}` });
    return { ok: false, errors };
  }
  const maps = { carc: new Map<string, string>(), rarc: new Map<string, string>(), groups: new Map<string, string>() };
  const seenAt = new Map<string, number>();
  for (const rec of records.slice(1)) {
    if (rec.fields.length !== 3) {
      errors.push({ row: rec.row, message: `expected 3 fields (kind,code,description), found ${rec.fields.length}` });
      continue;
    }
    const kind = rec.fields[0]!.trim().toLowerCase();
    const code = rec.fields[1]!.trim().toUpperCase();
    const description = rec.fields[2]!.trim();
    const check = KIND_CHECK[kind];
    if (!check) {
      errors.push({ row: rec.row, message: `kind "${rec.fields[0]}" is not carc, rarc or group` });
      continue;
    }
    if (!check.valid(code)) errors.push({ row: rec.row, message: `"${rec.fields[1]}" is not ${check.what}` });
    else if (seenAt.has(`${kind}:${code}`))
      errors.push({ row: rec.row, message: `${kind} ${code} is listed twice (first at row ${seenAt.get(`${kind}:${code}`)})` });
    if (description === "") errors.push({ row: rec.row, message: "the description is empty" });
    if (!seenAt.has(`${kind}:${code}`)) seenAt.set(`${kind}:${code}`, rec.row);
    maps[check.key].set(code, description);
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, table: maps };
}

function mustParse(text: string): ReasonCodeTable {
  const r = parseReasonCodes(text);
  if (!r.ok) throw new Error(`built-in reason codes: ${r.errors.map((e) => `row ${e.row}: ${e.message}`).join("; ")}`);
  return r.table;
}

/** the table parsed from REASON_CODES_CSV */
export const DEFAULT_REASON_CODES: ReasonCodeTable = mustParse(REASON_CODES_CSV);

export function describeCarc(code: string, table: ReasonCodeTable = DEFAULT_REASON_CODES): string | undefined {
  return table.carc.get(code.trim().toUpperCase());
}

export function describeRarc(code: string, table: ReasonCodeTable = DEFAULT_REASON_CODES): string | undefined {
  return table.rarc.get(code.trim().toUpperCase());
}

export function describeGroup(code: string, table: ReasonCodeTable = DEFAULT_REASON_CODES): string | undefined {
  return table.groups.get(code.trim().toUpperCase());
}

/** "CO-45" → "Billed amount above … (Contractual obligation: …)"; undefined when either part is unknown */
export function describeAdjustment(reason: string, table: ReasonCodeTable = DEFAULT_REASON_CODES): string | undefined {
  const m = /^([A-Za-z]{2})-(\w+)$/.exec(reason.trim());
  if (!m) return undefined;
  const group = describeGroup(m[1]!, table);
  const carc = describeCarc(m[2]!, table);
  return group !== undefined && carc !== undefined ? `${carc} (${group})` : undefined;
}
