// The 835 writer: every example claim, read from its 837P and adjudicated, gives an 835 whose
// CLP/SVC/CAS amounts, allowed amounts and remarks equal the JSON path's results; the 835 follows
// the 835 guide's map and balances; pended claims are left out; output is deterministic.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { read837 } from "../../../src/interop/x12/read837.js";
import { write835, pendedClaims, x12Amount, type Remittance } from "../../../src/interop/x12/write835.js";
import { read835, balance835 } from "../../../src/interop/x12/read835.js";
import { parseDecimalToCents } from "../../../src/model/money.js";
import { parseContext } from "../../../src/model/schemas.js";
import type { Result } from "../../../src/model/types.js";
import { shippedPack } from "../../support/packs.js";
import { EXAMPLES, exampleNames, exampleNetwork, guideProblems, readJson } from "./support.js";

const ruleset = shippedPack("demo-ppo");
const cents = (s: string) => parseDecimalToCents(s)!;

/** each example through the X12 path (837 → read → adjudicate), beside its JSON-path result */
function examples(): Array<{ name: string; remittance: Remittance; json: Result }> {
  return exampleNames().map((name) => {
    const read = read837(readFileSync(join(EXAMPLES, name, "claim.837"), "utf8"), { network: exampleNetwork() });
    const contextJson = readJson(join(EXAMPLES, name, "context.json"));
    const context = parseContext(contextJson, { accumulators: ruleset.program.accumulators });
    if (!context.ok || read.claims.length !== 1) throw new Error(`${name}: ${read.errors.join("; ")}`);
    const json = ruleset.adjudicate(readJson(join(EXAMPLES, name, "claim.json")), contextJson);
    if (!json.ok) throw new Error(`${name}: ${JSON.stringify(json.issues)}`);
    const c = read.claims[0]!;
    return { name, remittance: { claim: c.parsed, result: ruleset.adjudicateParsed(c.parsed, context.context), source: c.source }, json: json.result };
  });
}

describe("the example claims through the 835", () => {
  const all = examples();
  const text = write835(
    all.map((x) => x.remittance),
    { date: "2026-12-01", controlNumber: 42 },
  );
  const payments = read835(text).payments;
  const claims = new Map(payments.flatMap((p) => p.claims).map((c) => [c.id, c]));

  it("follows the 835 guide's map, and balances per SVC, per CLP and in BPR", () => {
    expect(guideProblems(text, "835")).toEqual([]);
    expect(balance835(payments)).toEqual([]);
    expect(read835(text).issues).toEqual([]);
  });

  it("leaves the pended claims out (they are answered later) and keeps every other claim", () => {
    const pended = all.filter((x) => x.json.status === "pended").map((x) => x.json.claimId);
    expect(pended.length).toBeGreaterThan(0);
    expect(pendedClaims(all.map((x) => x.remittance))).toEqual(pended);
    expect([...claims.keys()].sort()).toEqual(
      all
        .filter((x) => x.json.status !== "pended")
        .map((x) => x.json.claimId)
        .sort(),
    );
  });

  for (const { name, json } of all) {
    if (json.status === "pended") continue;
    it(`${name}: CLP, SVC, CAS, AMT*B6 and LQ*HE equal the JSON path's result`, () => {
      const c = claims.get(json.claimId)!;
      expect([c.status, c.charge, c.paid, c.patientResponsibility]).toEqual([
        json.status === "denied" ? "4" : "1",
        cents(json.totals.billed),
        cents(json.totals.paid),
        cents(json.totals.patientResponsibility),
      ]);
      expect(c.adjustments).toEqual([]);
      expect(c.lines.map((l) => Number(l.controlNumber))).toEqual(json.lines.map((l) => l.lineNumber));
      expect(
        c.lines.map((l) => ({
          billed: l.charge,
          paid: l.paid,
          allowed: l.allowed,
          adjustments: l.adjustments.map((a) => ({ ...a })),
          remarks: l.remarks,
        })),
      ).toEqual(
        json.lines.map((l) => ({
          billed: cents(l.billed),
          paid: cents(l.paid),
          allowed: cents(l.allowed),
          adjustments: l.adjustments.map((a) => ({ group: a.group, reason: a.reason, amount: cents(a.amount) })),
          remarks: l.remarks,
        })),
      );
    });
  }

  it('string authorization numbers work end to end: example 43 ("PA-9") decides as example 36 (7002), through JSON and through X12', () => {
    const by = (prefix: string) => all.find((x) => x.name.startsWith(prefix))!;
    const [numbers, strings] = [by("36-"), by("43-")];
    expect(strings.remittance.claim.priorAuthorization).toBe("PA-9");
    expect(readFileSync(join(EXAMPLES, strings.name, "claim.837"), "utf8")).toContain("REF*G1*PA-9~");
    const decisions = (r: Result) => r.lines.map((l) => [l.status, l.reason, l.paid, l.adjustments]);
    expect(decisions(strings.json)).toEqual(decisions(numbers.json));
    expect(decisions(strings.remittance.result)).toEqual(decisions(numbers.json));
    expect(strings.json.lines.map((l) => l.reason)).toEqual(["CO-197", null]);
  });

  it("is deterministic: the same input gives the same bytes", () => {
    expect(
      write835(
        all.map((x) => x.remittance),
        { date: "2026-12-01", controlNumber: 42 },
      ),
    ).toBe(text);
  });

  it("takes its control numbers from the caller: ISA13, GS06, and one ST per payee numbered from 0001", () => {
    const segments = text.split("~\n");
    expect(segments[0]!.split("*")[13]).toBe("000000042");
    expect(segments[1]!.split("*")[6]).toBe("42");
    const payees = new Set(all.filter((x) => x.json.status !== "pended").map((x) => x.remittance.source!.billingProvider.npi));
    expect(segments.filter((s) => s.startsWith("ST*"))).toEqual([...payees].map((_, i) => `ST*835*${String(i + 1).padStart(4, "0")}`));
    expect(payments.map((p) => p.payee.id)).toEqual([...payees]);
    expect(segments.at(-2)).toBe("IEA*1*000000042");
  });

  it("a payment with nothing paid is BPR*H (notification only); otherwise BPR*I by check", () => {
    const denied = all.find((x) => x.name.startsWith("41-"))!;
    expect(denied.json.totals.paid).toBe("0.00");
    const only = write835([denied.remittance], { date: "2026-12-01", controlNumber: 7 });
    expect(only).toContain("BPR*H*0*C*NON************20261201~");
    expect(only).toContain(`CLP*${denied.json.claimId}*4*`);
    expect(guideProblems(only, "835")).toEqual([]);
    expect(text).toMatch(/BPR\*I\*[\d.]+\*C\*CHK\*{12}20261201~/);
  });

  it("writes at most six adjustments to a CAS segment, and the same amounts as decimals without trailing zeros", () => {
    const base = all.find((x) => x.json.status === "paid")!.remittance;
    const line = base.result.lines[0]!;
    const reasons = ["45", "253", "59", "94", "97", "131", "45"];
    const result: Result = {
      ...base.result,
      lines: [{ ...line, paid: "0.00", adjustments: reasons.map((reason) => ({ group: "CO", reason, amount: "0.01" })) }],
    };
    const billed = cents(line.billed);
    result.lines[0]!.adjustments[0]!.amount = ((billed - 6) / 100).toFixed(2);
    const out = write835(
      [
        {
          ...base,
          claim: { ...base.claim, lines: [base.claim.lines[0]!] },
          result: { ...result, totals: { ...result.totals, billed: line.billed, paid: "0.00", patientResponsibility: "0.00" } },
        },
      ],
      {
        date: "2026-12-01",
        controlNumber: 8,
      },
    );
    const cas = out.split("~\n").filter((s) => s.startsWith("CAS*"));
    expect(cas).toEqual([`CAS*CO*45*${x12Amount(billed - 6)}**253*0.01**59*0.01**94*0.01**97*0.01**131*0.01`, "CAS*CO*45*0.01"]);
    expect(balance835(read835(out).payments)).toEqual([]);
  });
});

describe("a claim with an earlier payer", () => {
  it("is answered as processed as secondary (CLP02 2), and still balances", () => {
    // R50.9 is not in the shipped diagnosis table: I10 keeps the office visit payable
    const text837 = readFileSync("test/interop/x12/fixtures/edict/professional-cob.837", "utf8").replace("ABF:R509", "ABF:I10");
    const read = read837(text837, { network: () => "in" });
    const context = parseContext(
      { asOf: "2026-04-30", coverage: [{ planId: "DEMO-PPO-2026", from: "2026-01-01", to: null }] },
      { accumulators: ruleset.program.accumulators },
    );
    if (!context.ok || read.claims.length !== 1) throw new Error("fixture");
    const c = read.claims[0]!;
    const text = write835([{ claim: c.parsed, result: ruleset.adjudicateParsed(c.parsed, context.context), source: c.source }], {
      date: "2026-12-01",
      controlNumber: 9,
    });
    const [payment] = read835(text).payments;
    expect(payment!.claims[0]!.paid).toBeGreaterThan(0);
    expect(payment!.claims[0]!.status).toBe("2");
    expect(balance835([payment!])).toEqual([]);
  });
});

describe("x12Amount", () => {
  it("writes cents as X12 decimals", () => {
    expect([0, 5, 50, 2500, 2550, 2555, 100000].map(x12Amount)).toEqual(["0", "0.05", "0.5", "25", "25.5", "25.55", "1000"]);
  });
});
