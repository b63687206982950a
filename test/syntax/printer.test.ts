import { describe, it, expect } from "vitest";
import { parse } from "../../src/syntax/parser.js";
import { format, print } from "../../src/syntax/printer.js";
import { PACKS, shape } from "./support.js";

function fmt(text: string): string {
  const result = format(text, "f.edict");
  expect(result.diagnostics).toEqual([]);
  return result.text;
}

describe("print", () => {
  for (const pack of PACKS) {
    it(`leaves the formatted pack ${pack.path} exactly as it is`, () => {
      expect(fmt(pack.text)).toBe(pack.text);
    });
  }

  it("writes one declaration per paragraph in the canonical style", () => {
    const text = `parameter   p  "P"=$25.00 accumulator a  "A" : money
benefit b "B"
{ codes v
  cite "c" requires authorization in_network: no cost share }
rule r "R" phase ptp when a=1 then deny CO-1 remark N1,N2`;
    expect(fmt(text)).toBe(`parameter p "P" = $25.00

accumulator a "A": money

benefit b "B" {
  codes v
  in_network: no cost share
  requires authorization
  cite "c"
}

rule r "R"
  phase ptp
  when a = 1
  then deny CO-1 remark N1, N2
`);
  });

  it("breaks a long condition at top-level and/or, with where on its own line", () => {
    const text = `rule r phase ptp when any o in claim.lines where o.lineNumber != line.lineNumber and o.serviceDate = line.serviceDate and (o.code = line.code or o.units > 1) then deny CO-1`;
    expect(fmt(text)).toBe(`rule r
  phase ptp
  when
    any o in claim.lines
      where o.lineNumber != line.lineNumber
            and o.serviceDate = line.serviceDate
            and (o.code = line.code or o.units > 1)
  then deny CO-1
`);
  });

  it("prints parentheses exactly where the source had them", () => {
    expect(fmt("rule r phase ptp when ((a)) or (b and c) then deny CO-1")).toContain("when ((a)) or (b and c)\n");
    expect(fmt("rule r phase ptp when a or b and c then deny CO-1")).toContain("when a or b and c\n");
  });

  it("escapes quotes and backslashes, and writes one-unit durations in the singular", () => {
    expect(fmt(String.raw`parameter p "say \"hi\" \\ bye" = 1 days`)).toBe(String.raw`parameter p "say \"hi\" \\ bye" = 1 day` + "\n");
  });

  it("prints empty blocks and an empty file", () => {
    expect(fmt('plan {} table t from "t.csv" {} valueset v = procedure {}')).toBe('plan {\n}\n\ntable t from "t.csv" {\n}\n\nvalueset v = procedure { }\n');
    expect(fmt("")).toBe("");
  });

  it("wraps a long value set at the width, each line ending in a comma", () => {
    const codes = Array.from({ length: 30 }, (_, i) => String(99200 + i)).join(", ");
    const printed = fmt(`valueset v "Codes" = procedure { ${codes} }`);
    const lines = printed.trimEnd().split("\n");
    expect(lines[0]).toBe('valueset v "Codes" = procedure {');
    expect(lines.at(-1)).toBe("}");
    for (const line of lines.slice(1, -1)) {
      expect(line.length).toBeLessThanOrEqual(96);
      expect(line).toMatch(/^ {2}\S.*,$/);
    }
  });
});

describe("comments", () => {
  it("are kept: before declarations, with their blank lines, at line ends and at the end", () => {
    const text = `// header one
// header two

// section

parameter p = 1 // one

// about q
parameter q = 2

// the end
`;
    expect(fmt(text)).toBe(text);
  });

  it("inside a value set stay with the item that follows them", () => {
    const text = `valueset m "M" = modifier {
  // anatomic
  E1..E4, FA,
  // global surgery
  24, 25,
  // nothing after this
}
`;
    expect(fmt(text)).toBe(text);
  });

  it("inside a rule or block move to just before it, never dropped", () => {
    const text = `rule r // the rule
  phase ptp
  when a // first
    and b
  then deny CO-1

benefit b {
  // the codes
  codes v
}
`;
    const printed = fmt(text);
    expect(printed).toBe(`// the rule
// first
rule r
  phase ptp
  when a and b
  then deny CO-1

// the codes
benefit b {
  codes v
}
`);
    expect(fmt(printed)).toBe(printed);
  });

  it("all survive formatting of the shipped packs, in order", () => {
    for (const pack of PACKS) {
      const before = parse(pack.text, pack.path).ast.comments.map((c) => c.text.trimEnd());
      const after = parse(fmt(pack.text), pack.path).ast.comments.map((c) => c.text.trimEnd());
      expect(after).toEqual(before);
    }
  });
});

describe("format", () => {
  it("refuses text with syntax errors: the original text comes back with the diagnostics", () => {
    const text = "rule r phase ptp wen a then deny CO-1\n";
    const result = format(text, "f.edict");
    expect(result.text).toBe(text);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["syntax"]);
  });

  it("keeps the meaning: the formatted text parses to the same declarations", () => {
    for (const pack of PACKS) {
      const original = parse(pack.text, pack.path).ast;
      expect(shape(parse(print(original), pack.path).ast)).toEqual(shape(original));
    }
  });
});
