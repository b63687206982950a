// The compiled evaluator's table indexes (src/compile/closures.ts): a one-key table on its own or
// sharing records with others of its key type, a two- or three-key table as nested Maps (two keys
// of short codes packed, below), each give the rows a plain scan gives (in file order, active on
// the day), and a line's primed record answers as a probe would. A table alone of its key type
// answers `x in T` for short codes from a packed-code hash it fills as codes are met: the same
// answers, for codes it lacks too.
// A primed KeyRecord answers as a probe would on any day and after other probes, as claims come
// and go, and a record fetched before another table joined its group is not used.
// A two-key table of short codes is packed at load (a directory of first keys, each with a bit
// filter and a hash of its second keys): the same answers, and no pair with rows is ever filtered out.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { KeyRecord, PairHash, RECORD_LINES_MAX, packCode, TableIndex } from "../../src/compile/closures.js";
import { rowActiveOn, type ColumnInfo, type Row, type Table } from "../../src/ir/table.js";

const column = (name: string, type: ColumnInfo["type"], key: boolean): ColumnInfo => ({ name, type, key, optional: !key });

function table(name: string, keys: string[], rows: Row[], dated: boolean, keyType: ColumnInfo["type"] = "procedure"): Table {
  return {
    name,
    pack: "t",
    title: name,
    path: `${name}.csv`,
    columns: [...keys.map((k) => column(k, keyType, true)), column("n", "integer", false), column("from", "date", false), column("until", "date", false)],
    keyColumns: keys,
    active: dated ? { from: "from", until: "until" } : null,
    rows,
    span: { file: `${name}.csv`, line: 1, col: 1, endLine: 1, endCol: 1, offset: 0, endOffset: 0 },
  } as Table;
}

/** the rows a plain scan finds: every key equal, active on the day (or any day when null) */
const scan = (t: Table, keys: string[], day: number | null) =>
  t.rows.filter((r) => t.keyColumns.every((k, i) => r[k] === keys[i]) && (day === null || rowActiveOn(t, r, day)));

const CODES = ["A", "B", "C", "D", "E", "F", "G", "H"];
const code = fc.constantFrom(...CODES);
const period = fc.tuple(fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }), fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }));
const rowsOf = (keys: number) =>
  fc.array(
    fc.tuple(fc.array(code, { minLength: keys, maxLength: keys }), period).map(([k, [from, until]]) => ({ k, from, until })),
    { maxLength: 40 },
  );

describe("table indexes", () => {
  it("give a plain scan's rows for one, two and three keys, shared or alone, dated or not", () => {
    fc.assert(
      fc.property(
        rowsOf(1),
        rowsOf(1),
        rowsOf(2),
        rowsOf(3),
        fc.boolean(),
        fc.array(fc.tuple(code, code, code), { minLength: 1, maxLength: 20 }),
        fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
        (a, b, pairs, triples, dated, probes, day) => {
          const rows = (keys: string[], rs: Array<{ k: string[]; from: number | null; until: number | null }>) =>
            rs.map((r, n) => ({ ...Object.fromEntries(keys.map((key, i) => [key, r.k[i]!])), n, from: r.from, until: r.until }) as Row);
          const alone = table("alone", ["code"], rows(["code"], a), dated, "diagnosis");
          const shared1 = table("shared1", ["code"], rows(["code"], a), dated);
          const shared2 = table("shared2", ["code"], rows(["code"], b), !dated);
          const two = table("two", ["c1", "c2"], rows(["c1", "c2"], pairs), dated);
          const three = table("three", ["c1", "c2", "c3"], rows(["c1", "c2", "c3"], triples), dated);
          const index = new TableIndex();
          index.buildAll([alone, shared1, shared2, two, three]);
          for (const [x, y, z] of probes) {
            for (const t of [alone, shared1, shared2]) {
              expect(index.build(t).rows1(x, day)).toEqual(scan(t, [x], day));
              expect(index.build(t).has1(x, day)).toBe(scan(t, [x], day).length > 0);
            }
            expect(index.build(two).rows2(x, y, day)).toEqual(scan(two, [x, y], day));
            expect(index.build(two).rows([x, y], day)).toEqual(scan(two, [x, y], day));
            expect(index.build(three).rows([x, y, z], day)).toEqual(scan(three, [x, y, z], day));
            // a record primed for a line's code answers as a probe would, and is dropped by another probe
            index.keyRecord("procedure", x)!.prime(x);
            expect(index.build(shared2).rows1(x, day)).toEqual(scan(shared2, [x], day));
            expect(index.build(shared1).rows1(y, day)).toEqual(scan(shared1, [y], day));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("answers from a primed record as a probe would, on any day, as lines and claims come and go", () => {
    // Claims in a row: each line primes its code's record (one per code, kept for good, as the
    // evaluator keeps one per procedure code), then asks the tables about its code on its own
    // date, and sometimes about another value in between (which drops the primed record). Codes
    // repeat across claims on other dates, so anything a record kept from one date would show on another.
    const value = fc.constantFrom("A", "B", "C", "D", "a.b", "99213", "");
    const line = fc.record({
      code: value,
      day: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
      other: fc.option(value, { nil: null }),
      order: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 6 }),
    });
    const keyed = fc.array(
      fc.tuple(value, period).map(([k, [from, until]]) => ({ k, from, until })),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(keyed, keyed, keyed, fc.array(fc.array(line, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }), (a, b, c, claims) => {
        const rows = (rs: Array<{ k: string; from: number | null; until: number | null }>) =>
          rs.map((r, n) => ({ code: r.k, n, from: r.from, until: r.until }) as Row);
        const tables = [table("t0", ["code"], rows(a), true), table("t1", ["code"], rows(b), true), table("t2", ["code"], rows(c), false)];
        const index = new TableIndex();
        index.buildAll(tables);
        const records = new Map<string, NonNullable<ReturnType<TableIndex["keyRecord"]>>>();
        for (const claim of claims)
          for (const { code: x, day, other, order } of claim) {
            let record = records.get(x);
            if (!record) records.set(x, (record = index.keyRecord("procedure", x)!));
            record.prime(x);
            for (const t of order) {
              const bound = index.build(tables[t]!);
              expect(bound.has1(x, day)).toBe(scan(tables[t]!, [x], day).length > 0);
              expect(bound.rows1(x, day)).toEqual(scan(tables[t]!, [x], day));
              expect(bound.has1(x, null)).toBe(scan(tables[t]!, [x], null).length > 0);
            }
            if (other !== null) {
              // another value probed while x is primed, each way and twice: x's record must not answer for it
              for (const t of tables)
                for (let again = 0; again < 2; again++) {
                  expect(index.build(t).rows1(other, day)).toEqual(scan(t, [other], day));
                  expect(index.build(t).has1(other, day)).toBe(scan(t, [other], day).length > 0);
                }
              for (const t of tables) expect(index.build(t).has1(x, day)).toBe(scan(t, [x], day).length > 0);
            }
          }
      }),
      { numRuns: 300 },
    );
  });

  it("does not answer from a record fetched before another table joined its group", () => {
    const rows = (codes: string[], from: number) => codes.map((code, n) => ({ code, n, from, until: from + 5 })) as Row[];
    const first = table("first", ["code"], rows(["A"], 0), true);
    const other = table("other", ["code"], rows(["B"], 0), true);
    const second = table("second", ["code"], rows(["A", "C"], 10), true);
    const index = new TableIndex();
    index.buildAll([first, other]); // two tables of procedure keys: they share records
    const [oldA, oldC] = [index.keyRecord("procedure", "A")!, index.keyRecord("procedure", "C")!];
    oldA.prime("A");
    expect(index.build(first).has1("A", 2)).toBe(true);
    oldC.prime("C");
    expect([index.build(first).has1("C", 2), index.build(other).has1("C", 2), index.build(first).rows1("C", 2)]).toEqual([false, false, []]);
    index.build(second); // joins the group of procedure keys: the old records no longer cover every table
    for (const [record, x] of [
      [oldA, "A"],
      [oldC, "C"],
    ] as const) {
      record.prime(x);
      expect([index.build(second).has1(x, 2), index.build(second).has1(x, 12), index.build(first).has1(x, 12)]).toEqual([false, true, false]);
      expect(index.build(second).rows1(x, 12)).toEqual(scan(second, [x], 12));
      index.keyRecord("procedure", x)!.prime(x);
      expect([index.build(second).has1(x, 12), index.build(second).has1(x, 2), index.build(first).has1(x, 2)]).toEqual([true, false, x === "A"]);
    }
  });

  it("finds every pair of a large two-key table and no pair it lacks", () => {
    const rows: Row[] = [];
    for (let i = 0; i < 3000; i++) rows.push({ c1: `P${i % 97}`, c2: `Q${(i * 7) % 131}`, n: i, from: null, until: null });
    const t = table("big", ["c1", "c2"], rows, false);
    const index = new TableIndex();
    index.buildAll([t]);
    const bound = index.build(t);
    for (let a = 0; a < 100; a++) for (let b = 0; b < 135; b += 3) expect(bound.rows2(`P${a}`, `Q${b}`)).toEqual(scan(t, [`P${a}`, `Q${b}`], null));
    expect(bound.rows2("P1", "nothing")).toEqual([]);
  });

  it("answers pairs as a scan does when first keys come and go in any order, more of them than it keeps as probed last", () => {
    // 20 first keys (P0–P15 with rows, P16–P19 without), probed in a random order through equal
    // strings that are new objects each time, so keys kept as probed last are met, dropped and met again
    const rows: Row[] = [];
    for (let i = 0; i < 400; i++) rows.push({ c1: `P${i % 16}`, c2: `Q${(i * 7) % 23}`, n: i, from: i % 3 === 0 ? 5 : null, until: null });
    const t = table("ring", ["c1", "c2"], rows, true);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 19 }), fc.integer({ min: 0, max: 24 }), fc.option(fc.integer({ min: 0, max: 9 }), { nil: null })), {
          minLength: 1,
          maxLength: 120,
        }),
        (probes) => {
          const index = new TableIndex();
          index.buildAll([t]);
          const bound = index.build(t);
          for (const [a, b, day] of probes) {
            const c1 = ["P", String(a)].join("");
            const c2 = ["Q", String(b)].join("");
            expect(bound.rows2(c1, c2, day)).toEqual(scan(t, [c1, c2], day));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("answers pairs from a first key's packed level as from its Map, whatever the second keys are", () => {
    // P0's second keys are all short codes (its level becomes packed on first meeting); P1 has a
    // key of six characters and P2 one in lower case (their Maps are kept); probes include
    // values that are no short code, and each pair is asked twice (rows made on first use)
    const seconds: Record<string, string[]> = { P0: ["Q1", "99213", "ZZZZZ", "0"], P1: ["Q1", "ABCDEF"], P2: ["Q1", "q1"] };
    const rows: Row[] = [];
    let n = 0;
    for (const [c1, list] of Object.entries(seconds))
      for (const c2 of list) for (let k = 0; k < 2; k++) rows.push({ c1, c2, n: n++, from: k * 10, until: k * 10 + 10 });
    const t = table("mixed", ["c1", "c2"], rows, true);
    const index = new TableIndex();
    index.buildAll([t]);
    const bound = index.build(t);
    const probes: unknown[] = ["Q1", "99213", "ZZZZZ", "0", "ABCDEF", "q1", "Q2", "", "ABCDEFG", 99213, null];
    for (const day of [null, 5, 15, 25])
      for (const c1 of ["P0", "P1", "P2", "P3"])
        for (const c2 of probes)
          for (let again = 0; again < 2; again++) {
            const expected = scan(t, [c1, c2 as string], day);
            expect(again === 0 ? bound.rows([c1, c2 as string], day) : bound.rows2(c1, c2 as string, day)).toEqual(expected);
            expect(bound.rows2(c1, c2 as string, day)).toEqual(expected);
          }
    expect(bound.rows2("P0", "Q1", 5).map((r) => r.n)).toEqual([0]);
  });

  it("packs short codes into distinct numbers, and nothing else", () => {
    const shortCode = fc.stringMatching(/^[0-9A-Z]{1,10}$/);
    fc.assert(
      fc.property(shortCode, shortCode, (a, b) => {
        const [pa, pb] = [packCode(a), packCode(b)];
        expect(Number.isSafeInteger(pa) && pa > 0).toBe(true);
        expect(pa === pb).toBe(a === b);
      }),
    );
    for (const other of ["", "a12", "A.1", "ABCDEFGHIJK", "Z 1", "É1"]) expect(packCode(other)).toBe(-1);
  });

  it("answers membership from the packed-code hash as a scan does, for codes in it, codes not in it and values that are no code", () => {
    const rows: Row[] = [];
    // 5,000 keys, one in ten with a second row of another period, so both paths are taken
    for (let i = 0; i < 5000; i++) {
      const code = `Z${(i * 7919).toString(36).toUpperCase()}`;
      rows.push({ code, n: i, from: i % 30, until: i % 4 === 0 ? null : 20 + (i % 50) });
      if (i % 10 === 0) rows.push({ code, n: i, from: 60, until: null });
    }
    const dated = table("diagnoses", ["code"], rows, true, "diagnosis");
    const plain = table("modifiers", ["code"], rows.slice(0, 300), false, "modifier");
    // a key that is not a short code: that table keeps its Map alone, with the same answers
    const odd = table("odd", ["code"], [...rows.slice(0, 50), { code: "a.b", n: 0, from: 0, until: null }], true, "text");
    const index = new TableIndex();
    index.buildAll([dated, plain, odd]);
    const probes = [...rows.slice(0, 400).map((r) => r.code as string), "ZZZZZZZZZ", "Z0", "z1", "a.b", "", "ABCDEFGHIJKLM", 12 as unknown as string];
    for (const t of [dated, plain, odd]) {
      const bound = index.build(t);
      // each probe twice: the first fills the hash from the table's Map, the second answers from it
      for (const x of probes) for (const day of [null, 0, 5, 25, 45, 70, 5, 70]) expect(bound.has1(x, day)).toBe(scan(t, [x], day).length > 0);
    }
    // past the bound on codes with no row remembered, answers stay right
    const junk = Array.from({ length: 3000 }, (_, i) => `Y${i}`);
    const bound = index.build(plain);
    for (const x of [...junk, ...junk, ...probes]) expect(bound.has1(x, null)).toBe(scan(plain, [x], null).length > 0);
  });

  it("answers pairs of short codes from the packed pairs as a scan does, and its filter passes every pair with rows", () => {
    const shortCode = fc.stringMatching(/^[0-9A-Z]{1,5}$/);
    fc.assert(
      fc.property(
        fc.array(shortCode, { minLength: 1, maxLength: 12 }),
        fc.array(
          fc.tuple(fc.nat(), fc.nat(), period, fc.nat({ max: 3 })).map(([i, j, [from, until], copies]) => ({ i, j, from, until, copies })),
          { maxLength: 80 },
        ),
        fc.boolean(),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.option(fc.integer({ min: 0, max: 20 }), { nil: null })), { minLength: 1, maxLength: 30 }),
        (codes, picks, dated, probes) => {
          const rows: Row[] = [];
          // a pair may have several rows (of other periods), not one after another in the file
          for (const { i, j, from, until, copies } of picks)
            for (let c = 0; c <= copies; c++)
              rows.splice((i + c * 7) % (rows.length + 1), 0, { c1: codes[i % codes.length]!, c2: codes[j % codes.length]!, n: rows.length, from, until });
          const t = table("pairs", ["c1", "c2"], rows, dated);
          const pairs = PairHash.of(t);
          expect(pairs).not.toBeNull();
          for (const r of rows) expect(pairs!.find(r.c1, r.c2)).toBeGreaterThanOrEqual(0);
          const index = new TableIndex();
          index.buildAll([t]);
          const bound = index.build(t);
          const others = ["", "ABCDEF", "a1", 12345, null, codes[0]!.toLowerCase()];
          for (const [x, y, day] of probes) {
            const a = codes[x % codes.length]!;
            const b = y % 4 === 3 ? others[y % others.length] : codes[y % codes.length]!;
            expect(bound.rows2(a, b as string, day)).toEqual(scan(t, [a, b as string], day));
            expect(bound.rows2(b as string, a, day)).toEqual(scan(t, [b as string, a], day));
            expect(bound.rows([a, b as string], day)).toEqual(scan(t, [a, b as string], day));
          }
          for (const r of rows) expect(bound.rows2(r.c1, r.c2, null)).toEqual(scan(t, [r.c1 as string, r.c2 as string], null));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("finds every pair of a table of 200,000 rows, and few pairs it lacks get past the filter", () => {
    const code = (k: number) => (k * 7919).toString(36).toUpperCase().slice(0, 5);
    const rows: Row[] = [];
    // 400 first keys of 1 to 999 second keys each, as a PTP table's column-one codes have
    for (let a = 0, k = 0; rows.length < 200_000; a++)
      for (let b = 0; b < 1 + ((a * 37) % 999) && rows.length < 200_000; b++)
        rows.push({ c1: code(a), c2: code(100_000 + (k++ % 5000) * 3 + (a % 3)), n: rows.length, from: null, until: null });
    const t = table("ptp", ["c1", "c2"], rows, false);
    const pairs = PairHash.of(t)!;
    const present = new Set(rows.map((r) => `${r.c1} ${r.c2}`));
    for (const r of rows) expect(pairs.find(r.c1, r.c2)).toBeGreaterThanOrEqual(0);
    let absent = 0;
    let passed = 0;
    const firsts = [...new Set(rows.map((r) => r.c1 as string))];
    for (let k = 0; k < 50_000; k++) {
      const a = firsts[(k * 31) % firsts.length]!;
      const b = code(100_000 + ((k * 17) % 15_000));
      if (present.has(`${a} ${b}`)) continue;
      absent++;
      expect(pairs.find(a, b)).toBe(-1);
      if (pairs.passes(a, b) >= 0) passed++;
    }
    expect(absent).toBeGreaterThan(40_000);
    // about 8 bits a row and 3 bits a key: a few percent at most
    expect(passed / absent).toBeLessThan(0.08);
  });

  it("answers as a scan for many first keys met in any order, with and without rows, through its cache of first keys met lately", () => {
    // 1,200 first keys with rows and 1,200 without: far more than the 256 the cache holds, so
    // keys share its places, are dropped and met again; a key with no row is remembered too
    const rows: Row[] = [];
    for (let a = 0; a < 1200; a++)
      for (let b = 0; b < 1 + (a % 5); b++) rows.push({ c1: `F${a}`, c2: `S${(a * 13 + b * 7) % 50}`, n: rows.length, from: null, until: null });
    const t = table("many", ["c1", "c2"], rows, false);
    const present = new Map<string, number[]>();
    for (const r of rows) present.set(`${r.c1} ${r.c2}`, [...(present.get(`${r.c1} ${r.c2}`) ?? []), r.n as number]);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 2399 }), fc.integer({ min: 0, max: 49 })), { minLength: 200, maxLength: 600 }), (probes) => {
        const index = new TableIndex();
        index.buildAll([t]);
        const bound = index.build(t);
        for (const [a, b] of [...probes, ...probes]) {
          const c1 = ["F", String(a)].join("");
          const c2 = ["S", String(b)].join("");
          expect(bound.rows2(c1, c2).map((r) => r.n)).toEqual(present.get(`${c1} ${c2}`) ?? []);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("is caught when its filter drops a pair: a cleared filter finds no pair, and the scan says there are rows", () => {
    const rows: Row[] = [];
    for (let i = 0; i < 500; i++) rows.push({ c1: `P${i % 20}`, c2: `Q${(i * 7) % 61}`, n: i, from: null, until: null });
    const t = table("broken", ["c1", "c2"], rows, false);
    const pairs = PairHash.of(t)!;
    expect(rows.every((r) => pairs.find(r.c1, r.c2) >= 0)).toBe(true);
    pairs.filter.fill(0);
    // the check the property test makes fails for every pair with rows
    expect(rows.some((r) => pairs.find(r.c1, r.c2) >= 0)).toBe(false);
    expect(rows.every((r) => scan(t, [r.c1 as string, r.c2 as string], null).length > 0)).toBe(true);
  });

  it("answers pairs probed through the claim lines' code records as a scan does, for lines, other objects and two tables sharing the records", () => {
    // keys of short codes, plus one that is no short code (it has no pair, through a record too)
    const keys = ["A1", "B22", "C333", "D4", "E5", "F6", "G7", "ABCDEF"];
    const pairRows = fc.array(
      fc.tuple(fc.nat({ max: 6 }), fc.nat({ max: 6 }), period, fc.nat({ max: 2 })).map(([i, j, [from, until], copies]) => ({ i, j, from, until, copies })),
      { maxLength: 40 },
    );
    const tableOf = (name: string, picks: Array<{ i: number; j: number; from: number | null; until: number | null; copies: number }>, more: number) => {
      const rows: Row[] = [];
      // first keys of no line: a larger directory, so a code's place differs from one table to the other
      for (let k = 0; k < more; k++) rows.push({ c1: `Z${k}`, c2: keys[k % 7]!, n: rows.length, from: null, until: null });
      for (const { i, j, from, until, copies } of picks)
        for (let c = 0; c <= copies; c++) rows.splice((i + c * 5) % (rows.length + 1), 0, { c1: keys[i]!, c2: keys[j]!, n: rows.length, from, until });
      return table(name, ["c1", "c2"], rows, true);
    };
    fc.assert(
      fc.property(
        pairRows,
        pairRows,
        // the claim's lines (codes by index into keys), and probes: [first, second] as a line's index or, past the lines, an object of its own
        fc.array(fc.nat({ max: 7 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(fc.nat({ max: 9 }), fc.nat({ max: 9 }), fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }), fc.boolean()), {
          minLength: 1,
          maxLength: 40,
        }),
        // a claim longer than RECORD_LINES_MAX, whose pairs are probed the plain way
        fc.boolean(),
        (picks1, picks2, lineCodes, probes, long) => {
          while (long && lineCodes.length <= RECORD_LINES_MAX) lineCodes.push(lineCodes.length % 8);
          const [t1, t2] = [tableOf("p1", picks1, 0), tableOf("p2", picks2, 40)];
          const index = new TableIndex();
          index.buildAll([t1, t2]);
          const [b1, b2] = [index.build(t1), index.build(t2)];
          // one record per code, as the compiled evaluator keeps them, on each line of the code
          const records = new Map<string, KeyRecord>();
          const recordOf = (c: string) => records.get(c) ?? records.set(c, new KeyRecord(null, undefined, 0, c)).get(c)!;
          const lines = lineCodes.map((k) => ({ line: { code: keys[k]! }, rules: recordOf(keys[k]!) }));
          index.claim.lines = lines;
          // objects not among the lines (history entries, say), and a line's code read from a copy of the line
          const others = [{ code: keys[1]! }, { code: keys[lineCodes[0]!]! }, { ...lines[0]!.line }, { code: "ZZ" }];
          const owner = (x: number) => (x < lines.length ? lines[x]!.line : others[x % others.length]!);
          for (const [x, y, day, second] of probes) {
            const [oa, ob] = [owner(x), owner(y)];
            const [t, b] = second ? [t2, b2] : [t1, b1];
            const want = scan(t, [oa.code, ob.code], day);
            expect(b.rowsOf2(oa.code, ob.code, oa, ob, day)).toEqual(want);
            expect(b.rowsOf2(oa.code, ob.code, null, ob, day)).toEqual(want);
            expect(b.rowsOf2(oa.code, ob.code, oa, null, day)).toEqual(want);
            expect(b.rows2(oa.code, ob.code, day)).toEqual(want);
          }
          // no claim lines (a probe outside a runner): the same answers
          index.claim.lines = null;
          for (const [x, y, day] of probes)
            expect(b1.rowsOf2(owner(x).code, owner(y).code, owner(x), owner(y), day)).toEqual(scan(t1, [owner(x).code, owner(y).code], day));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("makes a found pair's entry once, and reaches it again without a Map, whichever pair was made first", () => {
    const rows: Row[] = [];
    for (let i = 0; i < 60; i++) rows.push({ c1: `P${i % 6}`, c2: `Q${(i * 7) % 11}`, n: i, from: null, until: null });
    const t = table("entries", ["c1", "c2"], rows, false);
    const pairs = [...new Set(rows.map((r) => `${r.c1} ${r.c2}`))].map((k) => k.split(" ") as [string, string]);
    for (const order of [pairs, [...pairs].reverse()]) {
      const index = new TableIndex();
      index.buildAll([t]);
      const bound = index.build(t);
      const first = order.map(([a, b]) => bound.rows2(a, b));
      order.forEach(([a, b], k) => {
        // the same list, not one made again, and the pair's own rows
        expect(bound.rows2(a, b)).toBe(first[k]);
        expect(first[k]).toEqual(scan(t, [a, b], null));
      });
    }
  });

  it("keeps nested levels for two-key tables whose keys are not all short codes", () => {
    const base: Row[] = [{ c1: "A1", c2: "B1", n: 0, from: null, until: null }];
    for (const odd of [
      { c1: "A1", c2: "BBBBBB" },
      { c1: "a1", c2: "B1" },
      { c1: "A.1", c2: "B1" },
      { c1: "A1", c2: 7 },
    ]) {
      const t = table("odd", ["c1", "c2"], [...base, { ...odd, n: 1, from: null, until: null } as Row], false);
      expect(PairHash.of(t)).toBeNull();
      const index = new TableIndex();
      index.buildAll([t]);
      for (const [a, b] of [
        ["A1", "B1"],
        [odd.c1, odd.c2],
        ["A1", "B2"],
      ] as Array<[string, string]>)
        expect(index.build(t).rows2(a, b)).toEqual(scan(t, [a, b], null));
    }
  });

  it("packs a loaded artifact's key columns from their string ids as from their values", () => {
    const strings = ["99213", "G0101", "", "x", "00103"];
    const rowsOf = (c1: number[], c2: number[]) => {
      const rows: Row[] = c1.map((id, i) => ({ c1: id < 0 ? null : strings[id]!, c2: c2[i]! < 0 ? null : strings[c2[i]!]!, n: i, from: null, until: null }));
      const t = table("col", ["c1", "c2"], rows, false);
      const ids: Record<string, Int32Array> = { c1: Int32Array.from(c1), c2: Int32Array.from(c2) };
      t.columnar = { count: rows.length, value: (c, i) => rows[i]![c]!, row: (i) => rows[i]!, stringIds: (c) => ids[c] ?? null, strings };
      return t;
    };
    const good = rowsOf([0, 1, 4, 0, 0], [1, 0, 0, 1, 4]);
    const index = new TableIndex();
    index.buildAll([good]);
    expect(PairHash.of(good)).not.toBeNull();
    for (const a of ["99213", "G0101", "00103", "x"])
      for (const b of ["99213", "G0101", "00103", ""]) expect(index.build(good).rows2(a, b)).toEqual(scan(good, [a, b], null));
    expect(
      index
        .build(good)
        .rows2("99213", "G0101")
        .map((r) => r.n),
    ).toEqual([0, 3]);
    // an empty string, one that is no code, or an empty cell: no packed pairs
    for (const odd of [rowsOf([0, 2], [1, 1]), rowsOf([0, 3], [1, 1]), rowsOf([0, 1], [1, -1])]) expect(PairHash.of(odd)).toBeNull();
  });
});
