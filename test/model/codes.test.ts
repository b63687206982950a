// Unit tests for src/model/codes.ts: normalisation, code shapes and ranges.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  codeInRange,
  codeParts,
  codeShape,
  displayDiagnosis,
  expandRange,
  isCarc,
  isDiagnosisCode,
  isDiagnosisPattern,
  isGroupCode,
  isModifier,
  isProcedureCode,
  isRarc,
  normalizeCode,
} from "../../src/model/codes.js";

describe("normalizeCode / displayDiagnosis", () => {
  it("normalises", () => {
    expect(normalizeCode(" z12.11 ")).toBe("Z1211");
    expect(normalizeCode("Z1211")).toBe("Z1211");
    expect(normalizeCode("c50.*")).toBe("C50*");
    expect(normalizeCode("g0121")).toBe("G0121");
    expect(normalizeCode("lt")).toBe("LT");
  });

  it("displays ICD-10 with the dot after the third character", () => {
    expect(displayDiagnosis("Z1211")).toBe("Z12.11");
    expect(displayDiagnosis("Z12.11")).toBe("Z12.11");
    expect(displayDiagnosis("C50")).toBe("C50");
    expect(displayDiagnosis("S72001A")).toBe("S72.001A");
    expect(displayDiagnosis("Z121*")).toBe("Z12.1*");
    expect(displayDiagnosis("C50*")).toBe("C50*");
  });
});

describe("shape checks", () => {
  it("procedure codes", () => {
    for (const ok of ["99213", "00100", "0001F", "0042T", "0001U", "G0121", "A0425", "V2020", "j1100", " 99213 "]) {
      expect(isProcedureCode(ok), ok).toBe(true);
    }
    for (const bad of ["9921", "992134", "W1234", "Z1234", "G012", "0001X", "99.213", "", "ABCDE", 99213, null]) {
      expect(isProcedureCode(bad), String(bad)).toBe(false);
    }
  });

  it("diagnosis codes", () => {
    for (const ok of ["Z12.11", "Z1211", "C50", "C50.911", "S72.001A", "S72001A", "T36.0X1A", "m54.5", "U07.1", "A00"]) {
      expect(isDiagnosisCode(ok), ok).toBe(true);
    }
    for (const bad of ["Z1", "Z12.", "Z1.211", "Z12.11111", "Z12111111", "1Z2", "ZZ2", "Z12..11", "Z12.1.1", "Z12.11*", "", 12, undefined]) {
      expect(isDiagnosisCode(bad), String(bad)).toBe(false);
    }
  });

  it("diagnosis patterns", () => {
    for (const ok of ["C50*", "C50.*", "Z12.1*", "Z121*", "C*", "C5*", "m54.5*", "S72001A*"]) {
      expect(isDiagnosisPattern(ok), ok).toBe(true);
    }
    for (const bad of ["*", "C50", "C5.*", "C50**", "*C50", "C50*1", "5*", "CC*", "Z12.1234*X"]) {
      expect(isDiagnosisPattern(bad), bad).toBe(false);
    }
  });

  it("modifiers and reason codes", () => {
    for (const ok of ["25", "LT", "xu", "F1", "E4"]) expect(isModifier(ok), ok).toBe(true);
    for (const bad of ["2", "255", "L-", "", 25]) expect(isModifier(bad), String(bad)).toBe(false);
    for (const ok of ["1", "45", "236", "A1", "B7", "P12", "W1"]) expect(isCarc(ok), ok).toBe(true);
    for (const bad of ["0", "045", "1000", "AB", "A123", "CO-45"]) expect(isCarc(bad), bad).toBe(false);
    for (const ok of ["N4", "N362", "M15", "MA04", "MA130"]) expect(isRarc(ok), ok).toBe(true);
    for (const bad of ["N", "N1234", "X12", "MB1", "45"]) expect(isRarc(bad), bad).toBe(false);
    for (const ok of ["CO", "PR", "OA", "PI", "CR"]) expect(isGroupCode(ok), ok).toBe(true);
    for (const bad of ["C", "COO", "C1"]) expect(isGroupCode(bad), bad).toBe(false);
  });
});

describe("ranges", () => {
  it("shapes", () => {
    expect(codeShape("99213")).toBe("#####");
    expect(codeShape("E1")).toBe("E#");
    expect(codeShape("0001F")).toBe("####F");
    expect(codeShape("G0121")).toBe("G####");
    expect(codeShape("LT")).toBe("LT");
    expect(codeParts("S72001A")).toEqual({ prefix: "S", digits: "72001", suffix: "A" });
    expect(codeParts("A1B2")).toEqual({ prefix: "A1B", digits: "2", suffix: "" });
    expect(codeParts("LT")).toBeNull();
  });

  it("codeInRange", () => {
    expect(codeInRange("99203", "99202", "99205")).toBe(true);
    expect(codeInRange("99202", "99202", "99205")).toBe(true);
    expect(codeInRange("99205", "99202", "99205")).toBe(true);
    expect(codeInRange("99206", "99202", "99205")).toBe(false);
    expect(codeInRange("99201", "99202", "99205")).toBe(false);
    expect(codeInRange("E3", "E1", "E4")).toBe(true);
    expect(codeInRange("E5", "E1", "E4")).toBe(false);
    expect(codeInRange("E10", "E1", "E4")).toBe(false);
    expect(codeInRange("F3", "E1", "E4")).toBe(false);
    expect(codeInRange("F5", "F1", "F9")).toBe(true);
    expect(codeInRange("G0121", "99202", "99205")).toBe(false);
    expect(codeInRange("0002F", "0001F", "0005F")).toBe(true);
    expect(codeInRange("0002T", "0001F", "0005F")).toBe(false);
    expect(codeInRange("99203", "99205", "99202")).toBe(false);
  });

  it("expandRange", () => {
    expect(expandRange("99202", "99205")).toEqual(["99202", "99203", "99204", "99205"]);
    expect(expandRange("E1", "E4")).toEqual(["E1", "E2", "E3", "E4"]);
    expect(expandRange("0001F", "0003F")).toEqual(["0001F", "0002F", "0003F"]);
    expect(expandRange("G0008", "G0011")).toEqual(["G0008", "G0009", "G0010", "G0011"]);
    expect(expandRange("LT", "LT")).toEqual(["LT"]);
    expect(expandRange("LT", "RT")).toBeNull();
    expect(expandRange("E1", "F4")).toBeNull();
    expect(expandRange("99205", "99202")).toEqual([]);
    expect(expandRange("00000", "99999", 1000)).toBeNull();
    expect(expandRange("00000", "99999")).toHaveLength(100_000);
  });

  it("expansion and membership agree (property)", () => {
    const code = fc
      .tuple(fc.constantFrom("", "G", "E"), fc.integer({ min: 0, max: 999 }), fc.constantFrom("", "F"))
      .map(([p, n, s]) => `${p}${String(n).padStart(3, "0")}${s}`);
    fc.assert(
      fc.property(code, code, code, (a, b, c) => {
        const expanded = expandRange(a, b, 2000);
        if (expanded === null) expect(codeShape(a)).not.toBe(codeShape(b));
        else expect(expanded.includes(c)).toBe(codeInRange(c, a, b));
      }),
      { numRuns: 2000 },
    );
  });
});
