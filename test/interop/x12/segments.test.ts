// The segment layer: the sender's delimiters are read from ISA (including ISA16 and a missing
// repetition separator), kept when writing, and text that is not X12 is named as such.
import { describe, expect, it } from "vitest";
import { SegmentWriter, splitSegments, X12SyntaxError } from "../../../src/interop/x12/segments.js";
import { readEnvelopes } from "../../../src/interop/x12/envelope.js";

const ISA = (e: string, c: string, rep: string, term: string) =>
  [
    "ISA",
    "00",
    "          ",
    "00",
    "          ",
    "ZZ",
    "SENDER         ",
    "ZZ",
    "RECEIVER       ",
    "260101",
    "1200",
    rep,
    "00501",
    "000000007",
    "0",
    "P",
    c,
  ].join(e) + term;

describe("splitSegments", () => {
  it("reads the element, component, repetition and segment delimiters from ISA", () => {
    const text = `${ISA("|", ">", "^", "!")}\r\nGS|HC|A|B|20260101|1200|7|X|005010X222A1!\r\nSV1|HC>99213>25|100!`;
    const { delimiters, segments } = splitSegments(text);
    expect(delimiters).toEqual({ element: "|", component: ">", repetition: "^", segment: "!", suffix: "\r\n" });
    expect(segments.map((s) => s.id)).toEqual(["ISA", "GS", "SV1"]);
    expect(segments[2]!.e).toEqual(["SV1", "HC>99213>25", "100"]);
    expect(segments[2]!.ordinal).toBe(3);
  });

  it("takes an alphanumeric ISA11 (4010's U) as no repetition separator", () => {
    expect(splitSegments(ISA("*", ":", "U", "~")).delimiters.repetition).toBeNull();
  });

  it("names text that is not X12, and a broken ISA", () => {
    expect(() => splitSegments('{"id": "C-1"}')).toThrow(
      new X12SyntaxError('not X12: the text does not start with an ISA segment (it starts with "{\\"id\\": \\"C-1\\"}")'),
    );
    expect(() => splitSegments("")).toThrow(/it is empty/);
    expect(() => splitSegments("ISA*00*short~")).toThrow(/does not have its 16 elements/);
  });

  it("writes with the sender's delimiters and drops trailing empty elements", () => {
    const w = new SegmentWriter({ element: "|", component: ">", repetition: null, segment: "!", suffix: "" });
    w.add("SV1", ["HC", "99213", "25", ""], "100", "", undefined);
    w.add("CAS", "CO", "45", "10", "", "3", "5");
    expect(w.text()).toBe("SV1|HC>99213>25|100!CAS|CO|45|10||3|5!");
  });
});

describe("readEnvelopes", () => {
  const good = `${ISA("*", ":", "^", "~")}GS*HC*A*B*20260101*1200*7*X*005010X222A1~ST*837*0001*005010X222A1~BHT*0019~SE*3*0001~GE*1*7~IEA*1*000000007~`;

  it("reads an interchange, its group and transaction set with no errors", () => {
    const { interchanges } = readEnvelopes(good);
    expect(interchanges).toHaveLength(1);
    const g = interchanges[0]!.groups[0]!;
    expect([interchanges[0]!.errors, g.errors, g.transactions[0]!.errors]).toEqual([[], [], []]);
    expect(g.transactions[0]!.segments.map((s) => s.id)).toEqual(["ST", "BHT", "SE"]);
  });

  it("reports wrong counts and control numbers with the acknowledgment codes", () => {
    const broken = good.replace("SE*3*0001", "SE*9*0002").replace("GE*1*7", "GE*2*8").replace("IEA*1*000000007", "IEA*1*000000008");
    const ic = readEnvelopes(broken).interchanges[0]!;
    expect(ic.groups[0]!.transactions[0]!.errors.map((e) => e.code)).toEqual(["4", "3"]);
    expect(ic.groups[0]!.errors.map((e) => e.code)).toEqual(["5", "4"]);
    expect(ic.errors.map((e) => [e.code, e.message])).toEqual([["001", 'IEA02 "000000008" does not match ISA13 "000000007"']]);
  });

  it("reports missing trailers", () => {
    const cut = good.slice(0, good.indexOf("SE*"));
    const ic = readEnvelopes(cut).interchanges[0]!;
    expect(ic.groups[0]!.transactions[0]!.errors.map((e) => e.code)).toEqual(["2"]);
    expect(ic.groups[0]!.errors.map((e) => e.code)).toEqual(["3"]);
    expect(ic.errors.map((e) => e.code)).toEqual(["023"]);
  });
});
