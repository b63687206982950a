// Claims for the ledger tests whose effects are known: out-of-network office visits (deductible,
// then 40% coinsurance; charges in whole dollars under the fee, so the allowed amount is the
// charge and every split is exact in any order), in-network office visits (a $25 copay), and
// physical therapy (authorization units, 20 visits a year).
export const ENROLLMENT = {
  coverage: [{ planId: "DEMO-PPO-2026", from: "2026-01-01", to: null }],
  authorizations: [{ number: "PA-7", codes: ["97110", "97140"], from: "2026-01-01", to: "2026-12-31", units: 30, used: 0 }],
  accumulators: {},
};

export interface VisitOptions {
  network?: "in" | "out";
  code?: string;
  charge?: string;
  units?: number;
  npi?: string;
  extra?: Record<string, unknown>;
}

export function visit(id: string, member: string, date: string, o: VisitOptions = {}) {
  const pt = (o.code ?? "99215").startsWith("97");
  return {
    id,
    receivedDate: "2026-12-20",
    member: { id: member, birthDate: "1980-01-01", sex: "F" },
    provider: { npi: o.npi ?? "1982453106", network: o.network ?? "out" },
    diagnoses: [pt ? "M54.16" : "J02.9"],
    lines: [
      {
        lineNumber: 1,
        serviceDate: date,
        code: o.code ?? "99215",
        modifiers: pt ? ["GP"] : [],
        units: o.units ?? 1,
        charge: o.charge ?? "150.00",
        placeOfService: "11",
        diagnosisPointers: [1],
      },
    ],
    ...(o.extra ?? {}),
  };
}

/** a calendar date in 2026, the n-th day from January 2 */
export function day(n: number): string {
  const d = new Date(Date.UTC(2026, 0, 2 + n));
  return d.toISOString().slice(0, 10);
}

/**
 * A mix for `members` members: per member, out-of-network visits that cross the deductible,
 * in-network copay visits, physical therapy past both the authorization's units and the visit
 * limit, and exact duplicates under other claim ids (one is paid, the other denied CO-18).
 */
export function mix(members: number, perMember: number, prefix: string) {
  const claims: ReturnType<typeof visit>[] = [];
  for (let m = 0; m < members; m++) {
    const member = `${prefix}-M${m}`;
    for (let k = 0; k < perMember; k++) {
      const id = `${prefix}-C${m}-${k}`;
      const kind = k % 4;
      if (kind === 0) claims.push(visit(id, member, day(k), { charge: `${120 + (k % 7) * 9}.00` }));
      else if (kind === 1) claims.push(visit(id, member, day(k), { network: "in", code: "99213", charge: "90.00" }));
      else if (kind === 2) claims.push(visit(id, member, day(k), { network: "in", code: "97110", units: 2, charge: "60.00" }));
      else claims.push(visit(id, member, day(k - 3), { charge: `${120 + ((k - 3) % 7) * 9}.00` })); // the same service as claim k-3
    }
  }
  return claims;
}
