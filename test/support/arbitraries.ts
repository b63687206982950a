// fast-check generators of claims and contexts (as JSON, the way a host sends them) that hit
// the shipped packs' rules often: codes from their benefits and tables, PT authorizations,
// history that duplicates or bundles, accumulators near their limits.
import fc from "fast-check";

export const PROCEDURES = [
  "99202",
  "99203",
  "99204",
  "99205",
  "99211",
  "99212",
  "99213",
  "99214",
  "99215",
  "99381",
  "99385",
  "99386",
  "99391",
  "99395",
  "99396",
  "99397",
  "45378",
  "45380",
  "45330",
  "97110",
  "97112",
  "97140",
  "97530",
  "36415",
  "81002",
  "93000",
  "76805",
  "55700",
  "58150",
  "G0121",
  "99999",
];
export const DIAGNOSES = ["Z00.00", "Z12.11", "M54.50", "M25.561", "S83.511A", "K57.30", "R10.9", "J06.9", "I10", "E11.9", "N40.0", "Z34.00"];
export const MODIFIERS = ["25", "59", "XU", "LT", "RT", "26", "TC", "ZZ", "91"];

const day = (from: string, spanDays: number) =>
  fc.integer({ min: 0, max: spanDays }).map((n) => {
    const d = new Date(`${from}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  });

const serviceDate = day("2025-12-15", 400);
const money = fc.integer({ min: 0, max: 200_000 }).map((c) => (c % 3 === 0 ? (c / 100).toFixed(2) : c / 100));

/** lines mostly share the claim's date of service, so same-day edits (PTP, MUE) meet */
export const claimLine = (lineNumber: number, diagnosisCount: number, claimDate: string) =>
  fc.record({
    lineNumber: fc.constant(lineNumber),
    serviceDate: fc.oneof({ arbitrary: fc.constant(claimDate), weight: 3 }, { arbitrary: serviceDate, weight: 1 }),
    code: fc.constantFrom(...PROCEDURES),
    modifiers: fc.uniqueArray(fc.constantFrom(...MODIFIERS), { maxLength: 2 }),
    units: fc.integer({ min: 1, max: 6 }),
    charge: money,
    placeOfService: fc.constantFrom("11", "22"),
    diagnosisPointers: fc.uniqueArray(fc.integer({ min: 1, max: diagnosisCount }), { minLength: 1, maxLength: Math.min(4, diagnosisCount) }),
  });

export const claim = fc
  .record({
    diagnoses: fc.uniqueArray(fc.constantFrom(...DIAGNOSES), { minLength: 1, maxLength: 4 }),
    lineCount: fc.integer({ min: 1, max: 6 }),
    claimDate: serviceDate,
  })
  .chain(({ diagnoses, lineCount, claimDate }) =>
    fc.record({
      id: fc.constant("C-PROP"),
      // received on or after the last date of service (an earlier receipt is malformed input)
      receivedAfter: fc.integer({ min: 0, max: 420 }),
      member: fc.record({ id: fc.constant("M-1"), birthDate: day("1940-01-01", 30000), sex: fc.constantFrom("F", "M", "U") }),
      provider: fc.record({ npi: fc.constantFrom("1234567893", "1987654321"), network: fc.constantFrom("in", "out") }),
      diagnoses: fc.constant(diagnoses),
      lines: fc.tuple(...Array.from({ length: lineCount }, (_, i) => claimLine(i + 1, diagnoses.length, claimDate))),
      priorAuthorization: fc.option(fc.constantFrom(5001, 5002), { nil: undefined }),
    }),
  )
  .map(({ receivedAfter, ...c }) => {
    const last = c.lines
      .map((l) => l.serviceDate)
      .sort()
      .at(-1)!;
    const received = new Date(`${last}T00:00:00Z`);
    received.setUTCDate(received.getUTCDate() + receivedAfter);
    const { id, ...rest } = c;
    const out: Record<string, unknown> = { id, receivedDate: received.toISOString().slice(0, 10), ...rest };
    if (c.priorAuthorization === undefined) delete out.priorAuthorization;
    return out;
  });

export const context = fc.record({
  asOf: fc.constant("2026-12-31"),
  coverage: fc.constantFrom(
    [{ planId: "DEMO-PPO", from: "2026-01-01", to: null }],
    [{ planId: "DEMO-PPO", from: "2026-01-01", to: "2026-06-30" }],
    [{ planId: "DEMO-PPO", from: "2026-03-01", to: null }],
  ),
  accumulators: fc.record({
    deductible: fc.integer({ min: 0, max: 500_00 }).map((c) => (c / 100).toFixed(2)),
    out_of_pocket: fc.integer({ min: 0, max: 3000_00 }).map((c) => (c / 100).toFixed(2)),
    oon_deductible: fc.integer({ min: 0, max: 1000_00 }).map((c) => c / 100),
    oon_out_of_pocket: fc.integer({ min: 0, max: 6000_00 }).map((c) => c / 100),
    pt_visits: fc.integer({ min: 0, max: 21 }),
  }),
  authorizations: fc
    .array(
      fc.record({
        number: fc.constantFrom(5001, 5002, 5003),
        codes: fc.uniqueArray(fc.constantFrom("97110", "97112", "97140", "97530"), { minLength: 1, maxLength: 4 }),
        from: day("2025-12-01", 120),
        to: day("2026-04-01", 300),
        units: fc.integer({ min: 1, max: 30 }),
        used: fc.integer({ min: 0, max: 30 }),
      }),
      { maxLength: 3 },
    )
    .map((list) => list.filter((a, i) => list.findIndex((b) => b.number === a.number) === i)),
  history: fc.array(
    fc.record({
      claimId: fc.constant("C-OLD"),
      serviceDate,
      code: fc.constantFrom(...PROCEDURES),
      modifiers: fc.uniqueArray(fc.constantFrom(...MODIFIERS), { maxLength: 1 }),
      providerNpi: fc.constantFrom("1234567893", "1987654321"),
      status: fc.constantFrom("paid", "denied"),
    }),
    { maxLength: 3 },
  ),
});

/** the same JSON with object keys in another order: hosts do not promise an order */
export function shuffleKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v, i) => shuffleKeys(v, seed + i));
  if (value && typeof value === "object") {
    const entries = Object.entries(value);
    const rotated = entries.map((_e, i) => entries[(i + seed) % entries.length]).reverse();
    return Object.fromEntries(rotated.map(([k, v], i) => [k, shuffleKeys(v, seed + i)]));
  }
  return value;
}
