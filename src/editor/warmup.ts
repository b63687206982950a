// A tiny pack the checker worker compiles (and adjudicates a claim with) once, as soon as it has
// loaded: the first real check then runs on warm code. The worker is idle until the page sends
// its first request, and on a cold start the first compile costs several times what later ones do
// (measured in Node: ~210 ms cold against ~50 ms after this warm-up, for the shipped packs).
export const WARMUP_ENTRY = "warmup";

export const WARMUP_FILES: Record<string, string> = {
  "warmup/plan.edict": [
    'pack "warmup" version "1" effective 2026-01-01 to 2026-12-31',
    "",
    'table fees "Fees" from "tables/fees.csv" {',
    "  key code: procedure",
    "  amount: money",
    "}",
    "",
    'parameter office_copay "Copay" = $25.00',
    'parameter timely_filing "Filing limit" = 365 days',
    'accumulator deductible "Deductible": money',
    'accumulator out_of_pocket "Out of pocket": money',
    "",
    'plan "Warm-up" {',
    "  fee schedule fees.amount",
    "  network in {",
    "    deductible $500.00 accumulator deductible",
    "    out_of_pocket $3000.00 accumulator out_of_pocket",
    "    coinsurance 20%",
    "  }",
    "  network out {",
    "    deductible $1000.00 accumulator deductible",
    "    out_of_pocket $6000.00 accumulator out_of_pocket",
    "    coinsurance 40%",
    "  }",
    "}",
    "",
    'valueset visits "Visits" = procedure { 99202..99215 }',
    "",
    'benefit office_visits "Office visits" {',
    "  codes visits",
    "  in_network: copay office_copay, deductible waived, coinsurance 0%",
    "  out_of_network: deductible applies, coinsurance 40%",
    '  cite "Warm-up"',
    "}",
    "",
    'rule late "Late"',
    "  phase eligibility",
    '  cite "Warm-up"',
    "  when claim.receivedDate > line.serviceDate + timely_filing and line.code in visits",
    "  then deny CO-29",
    "",
  ].join("\n"),
  "warmup/tables/fees.csv": "code,amount\n99213,92.00\n99214,130.00\n",
};

export const WARMUP_CLAIM = {
  id: "WARMUP-1",
  receivedDate: "2026-02-17",
  member: { id: "M-1", birthDate: "1978-06-14", sex: "F" },
  provider: { npi: "1458937020", network: "in" },
  diagnoses: ["J06.9"],
  lines: [{ lineNumber: 1, serviceDate: "2026-02-10", code: "99213", modifiers: [], units: 1, charge: "120.00", placeOfService: "11", diagnosisPointers: [1] }],
};

export const WARMUP_CONTEXT = {
  asOf: "2026-02-17",
  coverage: [{ planId: "WARMUP", from: "2026-01-01", to: null }],
  accumulators: { deductible: "0.00", out_of_pocket: "0.00" },
  authorizations: [],
  history: [],
};
