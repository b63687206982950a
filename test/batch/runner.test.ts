// The pure batch core: records, order, carrying a member's state, deciding rules, the summary.
import { describe, it, expect } from "vitest";
import { shippedPack } from "../support/packs.js";
import { BatchRunner, parseDefaultContext, isErrorRecord, type ResultRecord, type ErrorRecord } from "../../src/batch/runner.js";
import { compareKeys, decodeRunLine, encodeRunLine, mergeSorted, sameGroup, sortKeyOf } from "../../src/batch/order.js";
import { splitRecord } from "../../src/batch/records.js";
import { BatchSummary, factsOf, percent, progressLine } from "../../src/batch/summary.js";
import { CONTEXT, officeVisit } from "./support.js";

const demo = () => shippedPack("demo-ppo");
const runner = () => new BatchRunner(demo(), parseDefaultContext(demo(), CONTEXT));
const result = (r: { record: unknown }) => r.record as ResultRecord;

describe("records", () => {
  it("a record is a claim, or { claim, context } and nothing else", () => {
    expect(splitRecord({ id: "x" })).toEqual({ ok: true, claim: { id: "x" }, context: undefined });
    expect(splitRecord({ claim: 1, context: 2 })).toEqual({ ok: true, claim: 1, context: 2 });
    const bad = splitRecord({ claim: {}, extra: 1 });
    expect(bad.ok).toBe(false);
    expect(splitRecord([1]).ok).toBe(false);
  });
});

describe("order", () => {
  it("sorts by member, then first date of service, then input line; members missing first", () => {
    const texts = [
      JSON.stringify(officeVisit("a", "M-2", "2026-03-01")),
      JSON.stringify({ claim: officeVisit("b", "M-1", "2026-05-01"), context: CONTEXT }),
      "{not json",
      JSON.stringify(officeVisit("c", "M-1", "2026-02-01")),
      JSON.stringify(officeVisit("d", "M-2", "2026-03-01")),
    ];
    const keys = texts.map((t, i) => sortKeyOf(t, i + 1)).sort(compareKeys);
    expect(keys.map((k) => k.line)).toEqual([3, 4, 2, 1, 5]);
    expect(sameGroup(keys[0], keys[0])).toBe(false); // no member: a group of its own
    expect(sameGroup(keys[1], keys[2])).toBe(true);
  });

  it("run lines round-trip, whatever the member id holds", () => {
    const r = { member: JSON.stringify('tab\there "quoted"'), day: -5, line: 12, text: '{"a":"\\t"}' };
    expect(decodeRunLine(encodeRunLine(r))).toEqual(r);
  });

  it("merges sorted sources into one sorted sequence", () => {
    const source = (xs: number[]) => ({ next: () => (xs.length ? xs.shift()! : null) });
    const merged = [...mergeSorted([source([1, 4, 9]), source([]), source([2, 3, 10]), source([0, 5])], (a, b) => a - b)];
    expect(merged).toEqual([0, 1, 2, 3, 4, 5, 9, 10]);
  });
});

describe("carrying a member's state", () => {
  it("the second claim sees the deductible the first met", () => {
    const r = runner();
    r.startGroup();
    const first = result(r.process(JSON.stringify(officeVisit("C-1", "M-1", "2026-03-02")), 1));
    const second = result(r.process(JSON.stringify(officeVisit("C-2", "M-1", "2026-03-09", { npi: "1003000126" })), 2));
    // 99215 allows 186.81: the first claim takes the last 100.00 of the 1000.00 deductible
    expect(first.lines[0].adjustments).toContainEqual({ group: "PR", reason: "1", amount: "100.00" });
    expect(first.accumulators.oon_deductible).toBe("100.00");
    // the second sees it met: no deductible, 40% coinsurance of 186.81
    expect(second.lines[0].adjustments.find((a) => a.reason === "1")).toBeUndefined();
    expect(second.lines[0].adjustments).toContainEqual({ group: "PR", reason: "2", amount: "74.72" });
    // alone, the second claim would have paid toward the deductible
    const alone = runner();
    alone.startGroup();
    expect(result(alone.process(JSON.stringify(officeVisit("C-2", "M-1", "2026-03-09", { npi: "1003000126" })), 1)).lines[0].adjustments).toContainEqual({
      group: "PR",
      reason: "1",
      amount: "100.00",
    });
  });

  it("a repeat of a paid line of an earlier claim is a duplicate; other members are not affected", () => {
    const r = runner();
    r.startGroup();
    r.process(JSON.stringify(officeVisit("C-1", "M-1", "2026-03-02")), 1);
    const again = result(r.process(JSON.stringify(officeVisit("C-9", "M-1", "2026-03-02")), 2));
    expect(again.lines[0]).toMatchObject({ status: "denied", reason: "CO-18" });
    expect(again.decidedBy).toEqual([{ lineNumber: 1, rule: "demo-ppo/duplicate_of_paid" }]);
    const other = result(r.process(JSON.stringify(officeVisit("C-10", "M-2", "2026-03-02")), 3));
    expect(other.lines[0].status).toBe("paid");
    r.startGroup(); // a new group forgets
    expect(result(r.process(JSON.stringify(officeVisit("C-11", "M-1", "2026-03-02")), 4)).lines[0].status).toBe("paid");
  });

  it("a malformed record is an error record with its line and claim id, and changes no state", () => {
    const r = runner();
    r.startGroup();
    const bad = officeVisit("C-1", "M-1", "2026-03-02") as { lines: Array<{ units: number }> };
    bad.lines[0].units = 0;
    const out = r.process(JSON.stringify(bad), 7);
    expect(isErrorRecord(out.record)).toBe(true);
    expect((out.record as ErrorRecord).error).toMatchObject({ line: 7, claimId: "C-1", issues: [{ path: "lines[0].units" }] });
    expect((r.process("{oops", 8).record as ErrorRecord).error.line).toBe(8);
    const next = result(r.process(JSON.stringify(officeVisit("C-2", "M-1", "2026-03-09")), 9));
    expect(next.lines[0].adjustments).toContainEqual({ group: "PR", reason: "1", amount: "100.00" });
  });

  it("without --context and without a record context, the record is an error", () => {
    const r = new BatchRunner(demo(), null);
    const out = r.process(JSON.stringify(officeVisit("C-1", "M-1", "2026-03-02")), 1);
    expect((out.record as ErrorRecord).error.issues[0].path).toBe("context");
  });
});

describe("summary", () => {
  it("counts statuses, denials by reason and rule, money in cents", () => {
    const r = runner();
    const s = new BatchSummary();
    r.startGroup();
    for (const [i, c] of [
      officeVisit("C-1", "M-1", "2026-03-02"),
      officeVisit("C-2", "M-1", "2026-03-02"),
      officeVisit("C-3", "M-1", "2026-04-02", { charge: "0.10" }),
    ].entries()) {
      s.add(factsOf(r.process(JSON.stringify(c), i + 1).record));
    }
    s.add(factsOf(r.process("nope", 4).record));
    const j = s.toJson();
    expect(j).toMatchObject({ records: 4, errors: 1, claims: 3, claimsByStatus: { paid: 2, denied: 1, partial: 0, pended: 0 }, lines: 3 });
    expect(j.deniedByReason).toEqual([{ reason: "CO-18", lines: 1, rate: "33.33%" }]);
    expect(j.deniedByRule).toEqual([{ rule: "demo-ppo/duplicate_of_paid", lines: 1, rate: "33.33%" }]);
    expect(j.totals).toEqual({ billed: "500.10", allowed: "186.91", paid: "52.15", patientResponsibility: "134.76" }); // 52.09 + 0.06; 100.00 + 34.72 + 0.04
    expect(j.firstPassPaymentRate).toBe("66.67%");
    expect(s.toText()).toContain("first-pass payment rate: 66.67%");
  });

  it("percent and the progress line", () => {
    expect(percent(1, 3)).toBe("33.33%");
    expect(percent(0, 0)).toBe("0.00%");
    expect(progressLine("adjudicating", 500, 1000, 10)).toMatch(/\[#{12}-{12}\] {2}50\.0% {2}500\/1,000 claims {2}50 claims\/s {2}ETA 10s/);
  });
});
