// The 835 reader on three payers' published samples (fixtures/835, with their SOURCE.md): every
// service line reads as the expected CSV beside it says, and every sample balances.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { read835, balance835, type Line835 } from "../../../src/interop/x12/read835.js";
import { parseDecimalToCents } from "../../../src/model/money.js";
import { FIXTURES } from "./support.js";

const SAMPLES = ["blue_cross_nc_sample", "emedny_sample", "united_healthcare_legacy_sample"];

/** the expected CSV: a header row and plain cells (the samples' cells hold no commas or quotes) */
function expectedRows(name: string): Array<Record<string, string>> {
  const [header, ...rows] = readFileSync(join(FIXTURES, "835", `${name}.expected.csv`), "utf8")
    .trim()
    .split("\n");
  const keys = header!.split(",");
  return rows.map((r) => Object.fromEntries(r.split(",").map((v, i) => [keys[i]!, v])));
}

/** "1210.0" → 121000 cents; "" → null */
const money = (cell: string) => (cell === "" ? null : parseDecimalToCents(String(Math.round(Number(cell) * 100) / 100)));
const units = (cell: string) => (cell === "" ? null : Number(cell));

describe("the shared 835 samples", () => {
  for (const name of SAMPLES) {
    const text = readFileSync(join(FIXTURES, "835", `${name}.835.txt`), "utf8");
    const { payments } = read835(text);
    const lines = payments.flatMap((p) => p.claims.flatMap((c) => c.lines.map((l) => ({ claim: c, line: l }))));

    it(`${name}: every service line reads as the expected CSV says`, () => {
      const rows = expectedRows(name);
      expect(lines).toHaveLength(rows.length);
      rows.forEach((row, i) => {
        const { claim, line } = lines[i]!;
        const at = `${name} row ${i}`;
        expect(claim.id, at).toBe(row.marker);
        expect([line.qualifier, line.code, line.modifiers[0] ?? ""], at).toEqual([row.qualifier, row.code, row.modifier]);
        expect([line.charge, line.allowed, line.paid], at).toEqual([money(row.charge_amount!), money(row.allowed_amount!), money(row.paid_amount!)]);
        expect([line.units, line.originalUnits ?? line.units], at).toEqual([units(row.allowed_units!), units(row.billed_units!)]);
        expect(line.serviceDate, at).toBe(row.start_date);
        // the CSV lists the first adjustment of each CAS segment, two at most: they appear, in
        // order, among the adjustments read (the next test shows one it leaves out)
        const listed: Array<{ group: string | undefined; reason: string | undefined; amount: number | null }> = [];
        for (let k = 0; `adj_${k}_code` in row; k++) {
          if (row[`adj_${k}_code`] !== "") listed.push({ group: row[`adj_${k}_group`], reason: row[`adj_${k}_code`], amount: money(row[`adj_${k}_amount`]!) });
        }
        const read = line.adjustments.map((a) => ({ ...a }));
        expect(
          read.filter((a) => listed.some((l) => l.group === a.group && l.reason === a.reason)),
          at,
        ).toEqual(listed);
        expect(line.remarks, at).toEqual(row.rem_0_code ? [row.rem_0_code] : []);
        if ("ref_0_value" in row) expect(line.controlNumber, at).toBe(row.ref_0_value || null);
      });
    });

    it(`${name}: balances per SVC, per CLP and in BPR`, () => {
      expect(payments.length).toBeGreaterThan(0);
      expect(balance835(payments)).toEqual([]);
    });
  }

  it("UnitedHealthcare's third line carries a second PR adjustment (PR-1 110) the CSV has no column for; the balance needs it", () => {
    const text = readFileSync(join(FIXTURES, "835", "united_healthcare_legacy_sample.835.txt"), "utf8");
    const line = read835(text).payments[0]!.claims[1]!.lines[2]! as Line835;
    expect(line.adjustments).toEqual([
      { group: "PR", reason: "2", amount: 513 },
      { group: "PR", reason: "1", amount: 11000 },
      { group: "CO", reason: "45", amount: 18432 },
    ]);
    expect(line.charge! - line.adjustments.reduce((t, a) => t + a.amount, 0)).toBe(line.paid);
  });

  it("a sample that does not balance is named with its segment", () => {
    const text = readFileSync(join(FIXTURES, "835", "blue_cross_nc_sample.835.txt"), "utf8").replace("CAS*PR*3*25", "CAS*PR*3*24");
    expect(balance835(read835(text).payments)).toEqual([
      "claim 200200964A52, SVC 59440 at segment 24: charge 890.00 − adjustments 24.00 = 866.00, but it pays 865.00",
      "claim 200200964A52 at segment 15: charge 2100.00 − adjustments 176.14 = 1923.86, but CLP04 is 1922.86",
    ]);
  });
});
