// The 837 reader: the example claims written as 837P read back to the same claims; the shared
// 837 files each give claims or a 999 that positions every problem; bad X12 of every kind loses
// no claim; 837I and coordination-of-benefits loops map to the contract.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { read837 } from "../../../src/interop/x12/read837.js";
import { parseClaim } from "../../../src/model/schemas.js";
import { examples837 } from "./examples.js";
import { EXAMPLES, FIXTURES, exampleNames, exampleNetwork, guideProblems, readJson } from "./support.js";

const fixture = (path: string) => readFileSync(join(FIXTURES, path), "utf8");
const segmentsOf = (text: string) =>
  text
    .split("~")
    .map((s) => s.trim())
    .filter(Boolean);
const clmCount = (text: string) => segmentsOf(text).filter((s) => s.startsWith("CLM*")).length;

describe("the example claims as 837P", () => {
  it("the committed claim.837 files and providers.csv are what scripts/x12-examples.ts writes", () => {
    const { files, providersCsv } = examples837(
      EXAMPLES,
      (d) => readdirSync(d),
      (p) => readFileSync(p, "utf8"),
    );
    expect(files.size).toBe(exampleNames().length);
    for (const [path, text] of files) expect(readFileSync(path, "utf8"), path).toBe(text);
    expect(readFileSync(join(EXAMPLES, "providers.csv"), "utf8")).toBe(providersCsv);
  });

  for (const name of exampleNames()) {
    it(`${name}: reads back to the claim in claim.json, and the 999 accepts it`, () => {
      const text = readFileSync(join(EXAMPLES, name, "claim.837"), "utf8");
      expect(guideProblems(text, "837P")).toEqual([]);
      const read = read837(text, { network: exampleNetwork() });
      expect(read.errors).toEqual([]);
      expect(read.rejected).toEqual([]);
      expect(read.claims).toHaveLength(1);
      const expected = parseClaim(readJson(join(EXAMPLES, name, "claim.json")));
      if (!expected.ok) throw new Error("example claim is invalid");
      expect(read.claims[0]!.parsed).toEqual(expected.claim);
      expect(read.ack).toMatch(/\nIK5\*A~\nAK9\*A\*1\*1\*1~/);
      expect(guideProblems(read.ack!, "999")).toEqual([]);
    });
  }
});

describe("the shared 837 files (imsweb/x12-parser fixtures)", () => {
  const shared = [
    "837_5010_x12_valid.txt",
    "837_5010_x12_complex.txt",
    "837_5010_x12_many_claims.txt",
    "837_5010_x12_multiple_transactions.txt",
    "837_5010_x12_missing_elements.txt",
    "837_5010_x12_segments_out_of_order.txt",
    "837_5010_x223-test.txt",
  ];

  for (const file of shared) {
    it(`${file}: every CLM is a claim or a rejected claim with a reason, and the 999 is valid and positions every error`, () => {
      const text = fixture(`imsweb/${file}`);
      const read = read837(text);
      expect(read.claims.length + read.rejected.length).toBe(clmCount(text));
      for (const r of read.rejected) expect(r.reasons.length, `claim ${r.claimId}`).toBeGreaterThan(0);
      expect(guideProblems(read.ack!, "999")).toEqual([]);
      const ack = segmentsOf(read.ack!);
      const transactions = segmentsOf(text).filter((s) => s.startsWith("ST*")).length;
      expect(ack.filter((s) => s.startsWith("AK2*"))).toHaveLength(transactions);
      // these parser fixtures all carry SE01 = 25 whatever their length: each transaction set is rejected for it
      expect(ack.filter((s) => s.startsWith("IK5*"))).toEqual(Array(transactions).fill(expect.stringMatching(/^IK5\*R\*4/)));
      for (const e of read.errors) expect(e).toMatch(/^(transaction set \S+|functional group \S+|interchange \S+)[:,]/);
    });
  }

  it("valid: the HI composites and the HL tree are positioned (IK3 position, loop, code; IK4 element, data element, code, value)", () => {
    const ack = segmentsOf(read837(fixture("imsweb/837_5010_x12_valid.txt")).ack!);
    expect(ack).toContain("IK3*HI*21*2300*8");
    expect(ack).toContain("CTX*CLM01:A37YH556");
    expect(ack).toContain("IK4*1:2*1271*1");
    expect(ack).toContain("IK4*2:1*1270*5*8901");
    expect(ack).toContain("IK3*HL*25*2000*8");
    expect(ack).toContain("IK4*2*734*7*3");
  });

  it("missing elements: NM102 of 1000B and CLM05 of the second claim, each at its segment", () => {
    const read = read837(fixture("imsweb/837_5010_x12_missing_elements.txt"));
    const ack = segmentsOf(read.ack!);
    expect(ack.slice(ack.indexOf("IK3*NM1*5*1000*8"), ack.indexOf("IK3*NM1*5*1000*8") + 2)).toEqual(["IK3*NM1*5*1000*8", "IK4*2*1065*1"]);
    expect(ack.slice(ack.indexOf("IK3*CLM*29*2300*8"), ack.indexOf("IK3*CLM*29*2300*8") + 3)).toEqual(["IK3*CLM*29*2300*8", "CTX*CLM01:A37YH667", "IK4*5**1"]);
    expect(read.errors).toContain(
      "transaction set 987654, segment 29 (CLM, loop 2300; file segment 31): segment CLM at position 29 (loop 2300): CLM05 (Health Care Service Location Information) is required",
    );
    expect(read.rejected.map((r) => r.claimId)).toEqual(["A37YH556", "A37YH667"]);
    expect(read.rejected[1]!.reasons[0]).toMatch(/^transaction set 987654 is rejected \(see the 999\): /);
  });

  it("segments out of order: N4 after REF in 2010AA and N3 after N4 in 2010AB are IK3 code 7", () => {
    const read = read837(fixture("imsweb/837_5010_x12_segments_out_of_order.txt"));
    const ack = segmentsOf(read.ack!);
    expect(ack).toContain("IK3*N4*10*2010*7");
    expect(ack).toContain("IK3*N3*15*2010*7");
    expect(
      read.errors.some((e) => e.includes("segment 10 (N4, loop 2010AA; file segment 12): segment N4 (Billing Provider City, State, ZIP Code) is out of order")),
    ).toBe(true);
  });

  it("837I: the institutional guide is used (CLM05-2 must be A; statement dates must be a range)", () => {
    const ack = segmentsOf(read837(fixture("imsweb/837_5010_x223-test.txt")).ack!);
    expect(ack).toContain("AK2*837*987654*005010X223A2");
    expect(ack).toContain("IK4*5:2*1332*7*B");
    expect(ack).toContain("IK4*2*1250*7*D8");
  });

  it("the same file gives the same bytes", () => {
    const text = fixture("imsweb/837_5010_x12_complex.txt");
    expect(read837(text).ack).toBe(read837(text).ack);
  });

  for (const [file, kind] of [
    ["277_5010_x12_277CA_accepted.txt", "277"],
    ["x270_271_x271.txt", "271"],
  ] as const) {
    it(`${file}: not an 837, so a 999 rejects it as not supported`, () => {
      const text = fixture(`imsweb/${file}`);
      const st = segmentsOf(text)
        .find((s) => s.startsWith("ST*"))!
        .split("*");
      const gs = segmentsOf(text)
        .find((s) => s.startsWith("GS*"))!
        .split("*");
      const read = read837(text);
      expect(read.claims).toEqual([]);
      expect(read.errors).toContain(`transaction set ${st[2]} is a "${kind}", not an 837`);
      const ack = segmentsOf(read.ack!);
      expect(ack).toContain(`AK1*${gs[1]}*${gs[6]}*${gs[8]}`);
      expect(ack.find((s) => s.startsWith("IK5*"))).toMatch(/^IK5\*R(\*\w+)*\*1$/);
      expect(ack.find((s) => s.startsWith("AK9*"))).toMatch(/^AK9\*R\*1\*1\*0\*1/);
    });
  }
});

describe("bad X12 loses nothing", () => {
  const example = readFileSync(join(EXAMPLES, "09-pt-deductible-then-coinsurance", "claim.837"), "utf8");
  const claimId = readJson(join(EXAMPLES, "09-pt-deductible-then-coinsurance", "claim.json")).id;
  const edit = (from: string, to: string) => {
    expect(example).toContain(from);
    return example.replace(from, to);
  };
  const fixCount = (text: string) => text.replace(/SE\*\d+\*0001/, `SE*${segmentsOf(text).filter((s) => /^(?!ISA|GS|GE|IEA)/.test(s)).length}*0001`);

  it("text that is not X12 has no acknowledgment, and says why", () => {
    const read = read837('{"id": "C-1"}');
    expect(read).toEqual({
      claims: [],
      rejected: [],
      ack: null,
      errors: ['not X12: the text does not start with an ISA segment (it starts with "{\\"id\\": \\"C-1\\"}")'],
    });
  });

  it("a broken envelope (no IEA) gets a TA1, and its claims are rejected", () => {
    const read = read837(example.replace(/IEA\*[^~]*~\n?$/, ""));
    expect(read.claims).toEqual([]);
    expect(read.rejected.map((r) => r.claimId)).toEqual([claimId]);
    expect(read.rejected[0]!.reasons[0]).toMatch(/its envelope is broken \(interchange 000000001 has no IEA trailer/);
    expect(segmentsOf(read.ack!)).toContain("TA1*000000001*260420*0000*R*023");
    expect(guideProblems(read.ack!, "999")).toEqual([]);
  });

  it("a missing required segment (N4 of the billing provider) is IK3 code 3 at the segment where it was due", () => {
    const read = read837(fixCount(edit("N4*ANYTOWN*MD*20705~\n", "")));
    expect(segmentsOf(read.ack!)).toContain("IK3*N4*10*2010*3");
    expect(read.rejected.map((r) => r.claimId)).toEqual([claimId]);
  });

  it("a missing required element (CLM05) is IK4 code 1 under the CLM's IK3", () => {
    const read = read837(edit("*11:B:1*", "**"));
    const ack = segmentsOf(read.ack!);
    const at = ack.findIndex((s) => s.startsWith("IK3*CLM*"));
    expect(ack.slice(at, at + 3)).toEqual(["IK3*CLM*16*2300*8", `CTX*CLM01:${claimId}`, "IK4*5**1"]);
    expect(read.rejected).toHaveLength(1);
  });

  it("segments out of order (a DTP before its SV1) are IK3 code 7", () => {
    const lines = example.split("\n");
    const sv1 = lines.findIndex((l) => l.startsWith("SV1*"));
    [lines[sv1], lines[sv1 + 1]] = [lines[sv1 + 1]!, lines[sv1]!];
    const read = read837(lines.join("\n"));
    expect(segmentsOf(read.ack!).filter((s) => s.startsWith("IK3*"))).toEqual(["IK3*SV1*20*2400*7"]);
    expect(read.rejected.map((r) => r.claimId)).toEqual([claimId]);
  });

  it("a segment no 837 has is IK3 code 6; a value not in the guide's codes is IK4 code 7", () => {
    const read = read837(fixCount(edit("REF*6R*1~", "REF*6R*1~\nZZZ*1~")).replace(/(DMG\*D8\*\d+)\*[FMU]/, "$1*X"));
    const ack = segmentsOf(read.ack!);
    expect(ack.some((s) => /^IK3\*ZZZ\*\d+\*2400\*6$/.test(s))).toBe(true);
    expect(ack).toContain("IK4*3*1068*7*X");
  });

  it("a claim the contract rejects is listed with the field, the message and the segment it came from", () => {
    const read = read837(fixCount(edit("HI*ABK:M5450", "HI*ABK:8901").replace("*UN*2*", "*UN*1.5*")));
    expect(read.ack).toMatch(/IK5\*A~/);
    expect(read.claims).toEqual([]);
    expect(read.rejected[0]!.claimId).toBe(claimId);
    expect(read.rejected[0]!.reasons).toEqual([
      'diagnoses[0]: "8901" is not an ICD-10-CM diagnosis code (like Z12.11) — from segment 17 (HI)',
      "lines[0].units: expected a positive whole number — from segment 19 (SV104)",
    ]);
  });
});

describe("loops mapped to the contract", () => {
  it("837I: type of bill, revenue codes, statement dates, the place of service of the bill type, a string authorization", () => {
    const read = read837(fixture("edict/institutional.837"), { network: () => "in" });
    expect(read.errors).toEqual([]);
    const [c] = read.claims;
    expect(c!.claim).toEqual({
      id: "H-2026-0042",
      receivedDate: "2026-03-20",
      member: { id: "M-20001", birthDate: "1980-03-12", sex: "F" },
      provider: { npi: "1458937020", network: "in" },
      diagnoses: ["J069", "I10"],
      lines: [
        { lineNumber: 1, serviceDate: "2026-03-05", code: "99213", modifiers: [], units: 1, charge: "120", placeOfService: "22", diagnosisPointers: [1] },
        { lineNumber: 2, serviceDate: "2026-03-05", code: "36415", modifiers: [], units: 1, charge: "30", placeOfService: "22", diagnosisPointers: [1] },
      ],
      priorAuthorization: "PA-9",
    });
    expect(c!.source).toMatchObject({
      guide: "837I",
      typeOfBill: "131",
      lines: [
        { lineNumber: 1, revenueCode: "0450" },
        { lineNumber: 2, revenueCode: "0300" },
      ],
    });
  });

  it("837P with a patient (2000C), a rendering provider (2310B), line control numbers and an earlier payer (2320/2330B/2430)", () => {
    const read = read837(fixture("edict/professional-cob.837"), { receivedDate: "2026-04-11" });
    expect(read.errors).toEqual([]);
    const [c] = read.claims;
    expect(c!.claim).toMatchObject({
      receivedDate: "2026-04-11",
      member: { id: "M-30001", birthDate: "2010-06-15", sex: "F" },
      provider: { npi: "1320784659", network: "out" },
      priorAuthorization: "PA-9",
      priorPayers: [
        {
          payerId: "P00001",
          lines: [
            {
              lineNumber: 1,
              allowed: "140.00",
              paid: "120",
              adjustments: [
                { group: "CO", reason: "45", amount: "40" },
                { group: "PR", reason: "3", amount: "20" },
              ],
            },
            { lineNumber: 2, allowed: "30.00", paid: "30", adjustments: [{ group: "CO", reason: "45", amount: "40" }] },
          ],
          adjustments: [{ group: "OA", reason: "23", amount: "10" }],
        },
      ],
    });
    expect(c!.parsed.priorPayers![0]!.lines[0]).toEqual({
      lineNumber: 1,
      allowed: 14000,
      paid: 12000,
      adjustments: [
        { group: "CO", reason: "45", amount: 4000 },
        { group: "PR", reason: "3", amount: 2000 },
      ],
    });
    expect(c!.source).toMatchObject({
      patient: { lastName: "CHEN", firstName: "MEI", relationship: "19" },
      billingProvider: { npi: "1673248518" },
      lines: [{ controlNumber: "A1" }, { controlNumber: "A2" }],
    });
  });

  it("lines that quote different authorizations, and a CLM02 that is not the lines' sum, are rejected with the segment", () => {
    const text = fixture("edict/professional-cob.837")
      .replace("REF*G1*PA-9~\n", "")
      .replace("REF*6R*A1~", "REF*G1*PA-1~\nREF*6R*A1~")
      .replace("REF*6R*A2~", "REF*G1*PA-2~\nREF*6R*A2~")
      .replace("CLM*P-2026-0007*250", "CLM*P-2026-0007*260")
      .replace("SE*47", "SE*48");
    const read = read837(text);
    expect(read.rejected[0]!.reasons).toEqual([
      "the lines quote different prior authorizations (PA-1, PA-2); the contract holds one per claim",
      "CLM02 total charge 260 (segment 22 (CLM02)) is not the sum of the lines' charges (250.00)",
    ]);
  });
});
