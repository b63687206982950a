// Small claims and contexts for the batch tests: an out-of-network office visit (deductible
// applies, then 40% coinsurance) for one member, on a date, by a provider.
export const CONTEXT = {
  asOf: "2026-12-31",
  coverage: [{ planId: "DEMO-PPO-2026", from: "2026-01-01", to: null }],
  accumulators: { oon_deductible: "900.00", oon_out_of_pocket: "900.00" },
};

export function officeVisit(id: string, member: string, date: string, options: { code?: string; npi?: string; charge?: string } = {}) {
  return {
    id,
    receivedDate: date,
    member: { id: member, birthDate: "1980-01-01", sex: "F" },
    provider: { npi: options.npi ?? "1982453106", network: "out" },
    diagnoses: ["J02.9"],
    lines: [
      {
        lineNumber: 1,
        serviceDate: date,
        code: options.code ?? "99215",
        modifiers: [],
        units: 1,
        charge: options.charge ?? "250.00",
        placeOfService: "11",
        diagnosisPointers: [1],
      },
    ],
  };
}
