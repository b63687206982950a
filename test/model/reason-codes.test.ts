// Tests for src/model/reason-codes.ts: the shipped table, its CSV twin in rules/, and the parser.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_REASON_CODES,
  REASON_CODES_CSV,
  describeAdjustment,
  describeCarc,
  describeGroup,
  describeRarc,
  parseReasonCodes,
  readCsvRecords,
} from "../../src/model/reason-codes.js";

const REQUIRED = {
  groups: ["CO", "PR", "OA", "PI", "CR"],
  carc: "1 2 3 4 5 6 7 8 9 10 11 16 18 22 23 24 26 27 29 31 45 49 50 55 56 96 97 109 119 133 146 149 151 181 182 183 184 185 197 198 199 204 222 226 227 234 236 242 243".split(
    " ",
  ),
  rarc: "N4 N20 N56 N59 N130 N362 N381 N425 N522 M15 M51 M76 M77 MA04 MA130 MA63 N45 N115".split(" "),
};

describe("the default reason codes", () => {
  it("has every code Edict uses", () => {
    for (const g of REQUIRED.groups) expect(describeGroup(g), g).toBeTruthy();
    for (const c of REQUIRED.carc) expect(describeCarc(c), c).toBeTruthy();
    for (const r of REQUIRED.rarc) expect(describeRarc(r), r).toBeTruthy();
    expect(DEFAULT_REASON_CODES.groups.size).toBe(REQUIRED.groups.length);
    expect(DEFAULT_REASON_CODES.carc.size).toBe(REQUIRED.carc.length);
    expect(DEFAULT_REASON_CODES.rarc.size).toBe(REQUIRED.rarc.length);
  });

  it("keeps descriptions short", () => {
    for (const map of [DEFAULT_REASON_CODES.groups, DEFAULT_REASON_CODES.carc, DEFAULT_REASON_CODES.rarc]) {
      for (const [code, text] of map) expect(text.length, code).toBeLessThanOrEqual(90);
    }
  });

  it("looks codes up", () => {
    expect(describeCarc("45")).toBe("Billed amount above the allowed amount for this service");
    expect(describeCarc(" 236 ")).toMatch(/same day/);
    expect(describeRarc("n362")).toMatch(/maximum/);
    expect(describeGroup("co")).toMatch(/Contractual/);
    expect(describeCarc("999")).toBeUndefined();
    expect(describeAdjustment("CO-45")).toBe(`${describeCarc("45")} (${describeGroup("CO")})`);
    expect(describeAdjustment("XX-45")).toBeUndefined();
    expect(describeAdjustment("CO45")).toBeUndefined();
  });

  it("is identical to rules/reason-codes.csv", () => {
    const file = readFileSync(new URL("../../rules/reason-codes.csv", import.meta.url), "utf8");
    expect(file).toBe(REASON_CODES_CSV);
  });
});

describe("parseReasonCodes", () => {
  it("reads a payer's table with quotes, CRLF, a BOM and blank lines", () => {
    const text = '\uFEFFkind,code,description\r\ncarc,45,"Charge exceeds, ""quoted"" fee"\r\n\r\nrarc,N362,"two\nlines"\r\ngroup,CO,Contractual\r\n';
    const r = parseReasonCodes(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.table.carc.get("45")).toBe('Charge exceeds, "quoted" fee');
    expect(r.table.rarc.get("N362")).toBe("two\nlines");
    expect(describeGroup("CO", r.table)).toBe("Contractual");
    expect(describeCarc("45", r.table)).toBe('Charge exceeds, "quoted" fee');
  });

  it("reports every bad row with its row number", () => {
    const text = [
      "kind,code,description",
      "carc,45,ok",
      "carc,045,bad code",
      "rarc,N4,",
      "remark,N4,bad kind",
      "carc,45,duplicate",
      "carc,46",
      "group,CO,fine",
    ].join("\n");
    const r = parseReasonCodes(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      { row: 3, message: '"045" is not a CARC (like 45 or A1)' },
      { row: 4, message: "the description is empty" },
      { row: 5, message: 'kind "remark" is not carc, rarc or group' },
      { row: 6, message: "carc 45 is listed twice (first at row 2)" },
      { row: 7, message: "expected 3 fields (kind,code,description), found 2" },
    ]);
  });

  it("rejects a wrong header, an empty file and an open quote", () => {
    expect(parseReasonCodes("")).toEqual({ ok: false, errors: [{ row: 1, message: "the file is empty" }] });
    const h = parseReasonCodes("type,code,text\ncarc,45,x\n");
    expect(h.ok).toBe(false);
    if (!h.ok) expect(h.errors[0]!.message).toMatch(/expected the header kind,code,description/);
    const q = parseReasonCodes('kind,code,description\ncarc,45,"open');
    expect(q.ok).toBe(false);
    if (!q.ok) expect(q.errors[0]).toEqual({ row: 2, message: "a quoted field is not closed" });
  });

  it("numbers records by their first line", () => {
    const { records } = readCsvRecords('a,b\n"x\ny",z\nlast,one');
    expect(records.map((r) => r.row)).toEqual([1, 2, 4]);
    expect(records[2]!.fields).toEqual(["last", "one"]);
  });
});
