// The X12 path of the `edict` binary: an 837 adjudicated to an 835 (stdout or --output), to the
// usual JSON and text, read as contract JSON; host facts from --received, --context (one, or per
// member) and --providers; the 999 with --ack; bad X12 and bad host files as clear errors.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { edict } from "./installed.js";
import { tempDir } from "../support/temp.js";
import { read835, balance835 } from "../../src/interop/x12/read835.js";

const EX = "examples/claims";
const PROVIDERS = `${EX}/providers.csv`;
const example = (name: string) => ({
  claim: `${EX}/${name}/claim.837`,
  context: `${EX}/${name}/context.json`,
  json: JSON.parse(readFileSync(`${EX}/${name}/expected.json`, "utf8")),
});

describe("edict adjudicate on an 837", () => {
  it("--format x12 writes an 835 whose amounts are the example's expected result", () => {
    const e = example("09-pt-deductible-then-coinsurance");
    const r = edict(["adjudicate", "--rules", "rules/demo-ppo", "--context", e.context, "--providers", PROVIDERS, "--format", "x12", e.claim]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`${e.claim}: 1 claim in the 835\n`);
    const [payment] = read835(r.stdout).payments;
    const clp = payment!.claims[0]!;
    expect([clp.id, clp.charge / 100, clp.paid / 100]).toEqual([e.json.claimId, Number(e.json.totals.billed), Number(e.json.totals.paid)]);
    expect(clp.lines.map((l) => l.adjustments.map((a) => `${a.group}-${a.reason} ${(a.amount / 100).toFixed(2)}`))).toEqual(
      e.json.lines.map((l: { adjustments: Array<{ group: string; reason: string; amount: string }> }) =>
        l.adjustments.map((a) => `${a.group}-${a.reason} ${a.amount}`),
      ),
    );
    expect(balance835([payment!])).toEqual([]);
    // the 835's control number follows the 837's (000000001), its date is the context's asOf
    expect(r.stdout).toMatch(/^ISA\*[^~]*\*000000002\*0\*P\*:~/);
    expect(r.stdout).toContain(`DTM*405*${JSON.parse(readFileSync(e.context, "utf8")).asOf.replace(/-/g, "")}~`);
  });

  it("--output, --control-number and --ack; the same input gives the same bytes", () => {
    const dir = tempDir("edict-x12-");
    const e = example("01-office-visit-in-network");
    const args = [
      "adjudicate",
      "--rules",
      "rules/demo-ppo",
      "--context",
      e.context,
      "--providers",
      PROVIDERS,
      "--format",
      "x12",
      "--control-number",
      "555",
      "--ack",
      join(dir, "ack.999"),
    ];
    const a = edict([...args, "--output", join(dir, "a.835"), e.claim]);
    const b = edict([...args, "--output", join(dir, "b.835"), e.claim]);
    expect([a.code, b.code, a.stdout]).toEqual([0, 0, ""]);
    expect(readFileSync(join(dir, "a.835"), "utf8")).toBe(readFileSync(join(dir, "b.835"), "utf8"));
    expect(readFileSync(join(dir, "a.835"), "utf8")).toContain("*000000555*");
    expect(readFileSync(join(dir, "ack.999"), "utf8")).toContain("IK5*A~");
  });

  it("--format json gives the JSON path's result; --format text explains it", () => {
    const e = example("24-ptp-indicator-0");
    const json = edict(["adjudicate", "--rules", "rules/demo-ppo", "--context", e.context, "--providers", PROVIDERS, "--format", "json", e.claim]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(e.json);
    const text = edict(["adjudicate", "--rules", "rules/demo-ppo", "--context", e.context, "--providers", PROVIDERS, "--format", "text", e.claim]);
    expect(text.stdout).toContain("CO-236");
  });

  it("--context with a map of members; a pended claim is left out of the 835 and listed; a member without a context is named", () => {
    const dir = tempDir("edict-x12-");
    const names = ["01-office-visit-in-network", "13-unpriced-code-pends"];
    const claims = names.map((n) => readFileSync(`${EX}/${n}/claim.837`, "utf8"));
    // both claims in one interchange: the second file's transaction set moved into the first's group
    const body = (t: string) => t.slice(t.indexOf("ST*837"), t.indexOf("GE*"));
    const two =
      claims[0]!.slice(0, claims[0]!.indexOf("ST*837")) +
      body(claims[0]!) +
      body(claims[1]!)
        .replace(/ST\*837\*0001/, "ST*837*0002")
        .replace(/SE\*(\d+)\*0001/, "SE*$1*0002") +
      "GE*2*1~\nIEA*1*000000001~\n";
    writeFileSync(join(dir, "two.837"), two);
    const members: Record<string, unknown> = {};
    for (const n of names)
      members[JSON.parse(readFileSync(`${EX}/${n}/claim.json`, "utf8")).member.id] = JSON.parse(readFileSync(`${EX}/${n}/context.json`, "utf8"));
    writeFileSync(join(dir, "members.json"), JSON.stringify({ members }));
    const r = edict([
      "adjudicate",
      "--rules",
      "rules/demo-ppo",
      "--context",
      join(dir, "members.json"),
      "--providers",
      PROVIDERS,
      "--format",
      "x12",
      join(dir, "two.837"),
    ]);
    const pended = JSON.parse(readFileSync(`${EX}/13-unpriced-code-pends/claim.json`, "utf8")).id;
    expect(r.stderr).toContain(`1 claim in the 835; pended, left out of the 835 and answered later: ${pended}`);
    expect(r.code).toBe(0);
    expect(read835(r.stdout).payments.flatMap((p) => p.claims.map((c) => c.id))).toEqual([
      JSON.parse(readFileSync(`${EX}/01-office-visit-in-network/claim.json`, "utf8")).id,
    ]);

    writeFileSync(join(dir, "one-member.json"), JSON.stringify({ members: { [Object.keys(members)[0]!]: Object.values(members)[0] } }));
    const missing = edict(["adjudicate", "--rules", "rules/demo-ppo", "--context", join(dir, "one-member.json"), "--format", "json", join(dir, "two.837")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/claim \S+ \(segment 16 of transaction set 0002\) is not adjudicated: no context for member \S+ in /);
  });

  it("without --providers every provider is out of network; --received sets the receipt date", () => {
    const e = example("01-office-visit-in-network");
    const r = edict(["x12", "read", "--received", "2026-02-20", e.claim]);
    expect(r.code).toBe(0);
    const claim = JSON.parse(r.stdout);
    expect(claim.provider.network).toBe("out");
    expect(claim.receivedDate).toBe("2026-02-20");
    expect(JSON.parse(edict(["x12", "read", "--providers", PROVIDERS, e.claim]).stdout).provider.network).toBe("in");
  });
});

describe("edict x12 read", () => {
  it("prints the claim as contract JSON: the same claim as claim.json", () => {
    const r = edict(["x12", "read", "--providers", PROVIDERS, `${EX}/36-prior-authorization-number-on-claim/claim.837`]);
    expect(r.code).toBe(0);
    const claim = JSON.parse(r.stdout);
    const json = JSON.parse(readFileSync(`${EX}/36-prior-authorization-number-on-claim/claim.json`, "utf8"));
    expect(claim.priorAuthorization).toBe(String(json.priorAuthorization));
    expect(claim.lines.map((l: { code: string; serviceDate: string }) => [l.code, l.serviceDate])).toEqual(
      json.lines.map((l: { code: string; serviceDate: string }) => [l.code, l.serviceDate]),
    );
  });

  it("bad X12: the error names the segment, the 999 positions it, exit 2, no stack", () => {
    const ack = join(tempDir("edict-x12-"), "ack.999");
    const r = edict(["x12", "read", "--ack", ack, "test/interop/x12/fixtures/imsweb/837_5010_x12_missing_elements.txt"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(
      "segment 29 (CLM, loop 2300; file segment 31): segment CLM at position 29 (loop 2300): CLM05 (Health Care Service Location Information) is required",
    );
    expect(r.stderr).toContain("0 claims read, 2 rejected");
    expect(readFileSync(ack, "utf8")).toContain("IK3*CLM*29*2300*8~");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("text that is not X12, a bad provider directory, a bad --received: clear errors", () => {
    const notX12 = edict(["x12", "read", `${EX}/01-office-visit-in-network/claim.json`]);
    expect([notX12.code, notX12.stderr]).toEqual([
      2,
      `edict: ${EX}/01-office-visit-in-network/claim.json: not X12: the text does not start with an ISA segment (it starts with "{ \\"id\\": \\"C-2026-00")\n`,
    ]);
    const dir = tempDir("edict-x12-");
    writeFileSync(join(dir, "p.csv"), "npi,network\n123,in\n");
    const badCsv = edict(["x12", "read", "--providers", join(dir, "p.csv"), `${EX}/01-office-visit-in-network/claim.837`]);
    expect([badCsv.code, badCsv.stderr]).toEqual([2, `edict: ${join(dir, "p.csv")}:2: column npi: "123" is not a 10-digit NPI\n`]);
    const badDate = edict(["x12", "read", "--received", "2026-02-30", `${EX}/01-office-visit-in-network/claim.837`]);
    expect(badDate.code).toBe(3);
    expect(badDate.stderr).toMatch(/^edict: --received: /);
  });
});
