// Compiles IR expressions to JavaScript closures over a slot array (src/common/slots.ts: the
// three roots, then quantifier variables). No code is generated from strings, so nothing in a rule
// or a claim can become executable. Facts are recorded exactly as the reference interpreter does.
import { isBinaryIr, leftSpine, type BinaryIr, type IrExpr, type Value } from "../ir/ir.js";
import { codeSetHas } from "../ir/codeset.js";
import { rowAt, rowCount, valueAt, type Row, type Table } from "../ir/table.js";
import { compare, arithmetic, callFunction, exactSum, matchesPattern } from "../runtime/values.js";
import { INDEXED_FROM, planKey, planQuantifier, type PlanIndexes } from "./plan.js";
import type { FactLog } from "../runtime/facts.js";
import type { ExprObserver } from "../runtime/evaluator.js";
import { isRootSlot } from "../common/slots.js";

export type Frame = Value[];
export type Compiled = (frame: Frame, log: FactLog | null) => Value;

/**
 * One table's index, bound once (generated code and closures hold it, so a lookup never looks
 * the table up first). A one-key table shares its hash with the other one-key tables whose key
 * has the same type: each key value (a procedure code, say) has one record holding what every
 * such table says about it, and the last record probed is kept, so the rules of one line, which
 * all ask about `line.code`, cost one probe between them rather than one per table. A one-key
 * table alone of its key type keeps its entries in its own Map, one memory read nearer. A
 * two-key table whose keys are all short codes (a PTP table) is packed (see PairHash); other
 * tables of more keys have one nested Map level per key.
 */
export class BoundTable {
  /** the columns bounding a dated table's rows, or null */
  private readonly from: string | null;
  private readonly until: string | null;

  constructor(
    readonly table: Table,
    /** one key: its own entries (a table alone of its key type), or null */
    private readonly direct: Map<unknown, Leaf> | null,
    /** one key: the shared records, and this table's place in each */
    private readonly group: KeyGroup | null,
    private readonly slot: number,
    /** two or more keys: one nested Map level per key column but the last */
    private readonly nested: Map<unknown, unknown> | null,
    /** two keys, every one a short code: the packed pairs (see PairHash), or null */
    private readonly pairs: PairHash | null = null,
    /** the lines of the claim being adjudicated, whose code records a pair probe reads (see PairHash.find) */
    private readonly claim: ClaimLines = { lines: null },
  ) {
    this.from = table.active ? table.active.from : null;
    this.until = table.active ? table.active.until : null;
    this.codes = direct === null ? null : new CodeTable(direct.size);
  }

  /** a one-key table alone of its key type whose keys are all short codes: `has1` in one probe (see CodeTable) */
  private readonly codes: CodeTable | null;

  /** the entry of a one-key table's key value, or null */
  private entry1(v: Value): Entry | null {
    const direct = this.direct;
    if (direct !== null) {
      const leaf = direct.get(v);
      if (leaf === undefined) return null;
      if (typeof leaf === "number" || Array.isArray(leaf)) {
        const entry = this.materialise(leaf);
        direct.set(v, entry);
        return entry;
      }
      return leaf;
    }
    const group = this.group;
    if (group === null) return this.nested === null ? null : this.entry([v]);
    let record: Leaf[] | undefined;
    if (v === group.lastKey) record = group.lastRecord;
    else {
      record = group.records.get(v);
      group.lastKey = v;
      group.lastRecord = record;
    }
    if (record === undefined) return null;
    const leaf = record[this.slot];
    if (leaf === undefined) return null;
    if (typeof leaf === "number" || Array.isArray(leaf)) return (record[this.slot] = this.materialise(leaf));
    return leaf;
  }

  private entry2(a: Value, b: Value, oa: unknown = null, ob: unknown = null): Entry | null {
    const pairs = this.pairs;
    if (pairs !== null) {
      const at = pairs.find(a, b, this.claim.lines, oa, ob);
      if (at < 0) return null;
      return pairs.entryAt(at) ?? pairs.keep(at, this.materialise(pairs.rowsAt(at)));
    }
    const nested = this.nested;
    if (nested === null) return this.entry([a, b]);
    let level = nested.get(a) as Map<unknown, unknown> | PairLevel | undefined;
    if (level === undefined) return null;
    if (level instanceof Map) {
      // first meeting of this first key: its level becomes a PairLevel (see there) when every
      // second key is a short code, and the Map is dropped
      if (this.table.keyColumns.length !== 2) return this.leafEntry(level, b);
      nested.set(a, (level = PairLevel.of(level)));
    }
    return this.leafEntry(level, b);
  }

  private entry(keys: readonly Value[]): Entry | null {
    if (this.pairs !== null) return keys.length === 2 ? this.entry2(keys[0], keys[1]) : null;
    if (this.nested === null) return keys.length === 1 ? this.entry1(keys[0]) : null;
    let level: unknown = this.nested;
    const last = keys.length - 1;
    for (let k = 0; k < last && level !== undefined; k++) level = (level as Map<unknown, unknown>).get(keys[k]);
    if (level === undefined) return null;
    return this.leafEntry(level as Map<unknown, unknown>, keys[last]);
  }

  /** whether a row has this one key value (and is active on `day`, unless it is null) */
  has1(v: Value, day: number | null): boolean {
    const codes = this.codes;
    let e: Entry | null;
    if (codes !== null && typeof v === "string") {
      const at = codes.find(v);
      if (at >= 0) {
        const cells = codes.cells;
        const kind = cells[at + 3];
        if (kind === 2) return false;
        if (kind === 0) return day === null || (cells[at + 1]! <= day && day < cells[at + 2]!);
      }
      // a key of more rows (its entry has every row's period), a code not met yet, or no short code
      e = this.entry1(v);
      if (at === -1) codes.remember(v, e);
    } else e = this.entry1(v);
    if (e === null) return false;
    if (day === null || (e.from0 <= day && day < e.until0)) return true;
    const { from, until } = e;
    if (from === null) return false;
    for (let k = 1; k < from.length; k++) if (from[k]! <= day && day < until![k]!) return true;
    return false;
  }

  /** rows of a one-key table (those active on `day`, unless it is null) */
  rows1(v: Value, day: number | null = null): Row[] {
    return active(this.entry1(v), day);
  }

  /** rows of a two-key table: the same as rows([a, b]) without the array */
  rows2(a: Value, b: Value, day: number | null = null): Row[] {
    return active(this.entry2(a, b), day);
  }

  /** rows2 where `oa`, `ob` are the objects whose `code` the keys were read from (a claim's line: its record answers, see PairHash.find), or null */
  rowsOf2(a: Value, b: Value, oa: unknown, ob: unknown, day: number | null = null): Row[] {
    return active(this.entry2(a, b, oa, ob), day);
  }

  rows(keys: readonly Value[], day: number | null = null): Row[] {
    return active(this.entry(keys), day);
  }

  /** the entry under the last key; row numbers become an entry on first use and stay so */
  private leafEntry(parent: Map<unknown, unknown> | PairLevel, key: Value): Entry | null {
    if (parent instanceof PairLevel) {
      if (parent.map !== null) return this.leafEntry(parent.map, key);
      const at = parent.find(key);
      if (at < 0) return null;
      const leaf = parent.leaves[at]!;
      if (typeof leaf === "number" || Array.isArray(leaf)) return (parent.leaves[at] = this.materialise(leaf));
      return leaf;
    }
    const leaf = parent.get(key) as Leaf | undefined;
    if (leaf === undefined) return null;
    if (typeof leaf === "number" || Array.isArray(leaf)) {
      const entry = this.materialise(leaf);
      parent.set(key, entry);
      return entry;
    }
    return leaf;
  }

  private materialise(leaf: number | number[]): Entry {
    const rows = typeof leaf === "number" ? [rowAt(this.table, leaf)] : leaf.map((i) => rowAt(this.table, i));
    if (this.from === null || this.until === null) return { rows, from0: -Infinity, until0: Infinity, from: null, until: null };
    // as rowActiveOn (src/ir/table.ts) compares: a null start reads as 0 in `from <= day`, a null end is open
    const from = rows.map((r) => (r[this.from!] === null ? 0 : (r[this.from!] as number)));
    const until = rows.map((r) => (r[this.until!] === null ? Infinity : (r[this.until!] as number)));
    return rows.length === 1
      ? { rows, from0: from[0]!, until0: until[0]!, from: null, until: null }
      : { rows, from0: from[0]!, until0: until[0]!, from, until };
  }
}

/**
 * The rows of one key, built on first use, with the active period of each as numbers: the first
 * row's in place (one object read answers a key with one row, the common case), every row's in
 * the arrays when there are more. A table that is not dated: always active, no arrays.
 */
interface Entry {
  rows: Row[];
  from0: number;
  until0: number;
  /** a dated table's key with more than one row: each row's period; otherwise null */
  from: number[] | null;
  until: number[] | null;
}

/** the rows of an entry active on `day` (all of them when day is null or the table is not dated) */
function active(e: Entry | null, day: number | null): Row[] {
  if (e === null) return EMPTY;
  if (day === null) return e.rows;
  const { from, until, rows } = e;
  if (from === null) return e.from0 <= day && day < e.until0 ? rows : EMPTY;
  let all = true;
  for (let k = 0; k < rows.length; k++) if (!(from[k]! <= day && day < until![k]!)) all = false;
  return all ? rows : rows.filter((_, k) => from[k]! <= day && day < until![k]!);
}

/**
 * What a one-key table alone of its key type says about the short codes (see packCode) probed so
 * far, in an open-addressing hash of one Float64Array filled as codes are met: packed key, the
 * first row's start and end, and whether the key has no row (2), more rows (1) or one (0). A
 * probe of a code met before reads one place in one array (one cache miss on a large table) where
 * a Map probe reads its bucket, its entry, the key string and the value. Filled on use rather
 * than at load, which it would slow by tens of milliseconds for a table of 70,000 codes; codes
 * with no row stop being remembered past a bound, so junk codes cannot grow it without end.
 */
export class CodeTable {
  /** four cells a slot: packed key (0: empty), start, end, kind (0 one row, 1 more rows, 2 none) */
  cells = new Float64Array(64 * 4);
  private mask = 63;
  private size = 0;

  /** `keys`: how many keys the table has (codes with no row are remembered up to as many again) */
  constructor(private readonly keys: number) {}

  /** the cell index of the code's slot, −1 when it was not met yet, −2 when it is no short code */
  find(code: string): number {
    const packed = packCode(code);
    if (packed < 0) return -2;
    const cells = this.cells;
    const wrap = this.mask * 4 + 3;
    for (let at = (hashCode(packed) & this.mask) * 4; ; at = (at + 4) & wrap) {
      const key = cells[at]!;
      if (key === packed) return at;
      if (key === 0) return -1;
    }
  }

  /** remembers a short code not met yet: its entry's first period and row count, or no row */
  remember(code: string, e: Entry | null): void {
    if (e === null && this.size >= 2 * this.keys + 1024) return;
    if (++this.size * 2 > this.mask + 1) this.grow();
    this.place(packCode(code), e === null ? 0 : e.from0, e === null ? 0 : e.until0, e === null ? 2 : e.rows.length === 1 ? 0 : 1);
  }

  private place(packed: number, from: number, until: number, kind: number): void {
    const cells = this.cells;
    const wrap = this.mask * 4 + 3;
    let at = (hashCode(packed) & this.mask) * 4;
    while (cells[at] !== 0) at = (at + 4) & wrap;
    cells[at] = packed;
    cells[at + 1] = from;
    cells[at + 2] = until;
    cells[at + 3] = kind;
  }

  private grow(): void {
    const old = this.cells;
    this.mask = this.mask * 2 + 1;
    this.cells = new Float64Array((this.mask + 1) * 4);
    for (let at = 0; at < old.length; at += 4) if (old[at] !== 0) this.place(old[at]!, old[at + 1]!, old[at + 2]!, old[at + 3]!);
  }
}

/**
 * The second level of a two-key table under one first key (a PTP edit's column-one code, say),
 * made from its Map the first time the first key is met: when every second key is a short code
 * of up to 5 characters (see packCode), an open-addressing hash of the packed keys in one
 * Int32Array, with the leaves beside it, so a probe, most often of a pair with no row, reads one
 * place of one array where a Map probe reads its bucket and entries. Made on use, not at load
 * (for millions of rows that would slow loading, and most first keys are never met); the Map
 * is dropped once made. Other second keys: the Map is kept (`map`).
 */
class PairLevel {
  private constructor(
    /** packed second key a slot (0: empty) */
    private readonly keys: Int32Array,
    /** the leaf of each slot's key */
    readonly leaves: Leaf[],
    /** the Map kept when some second key is no short code, else null */
    readonly map: Map<unknown, unknown> | null,
  ) {}

  static of(level: Map<unknown, unknown>): PairLevel {
    let size = 4;
    while (size < level.size * 2) size *= 2;
    const keys = new Int32Array(size);
    const leaves: Leaf[] = new Array(size);
    const mask = size - 1;
    for (const [key, leaf] of level) {
      const packed = packShort(key as Value);
      if (packed < 0) return new PairLevel(new Int32Array(0), [], level);
      let at = hashCode(packed) & mask;
      while (keys[at] !== 0) at = (at + 1) & mask;
      keys[at] = packed;
      leaves[at] = leaf as Leaf;
    }
    return new PairLevel(keys, leaves, null);
  }

  /** the slot of the second key, or −1 when it has no row */
  find(key: Value): number {
    const packed = packShort(key);
    if (packed < 0) return -1;
    const keys = this.keys;
    const mask = keys.length - 1;
    for (let at = hashCode(packed) & mask; ; at = (at + 1) & mask) {
      const k = keys[at]!;
      if (k === packed) return at;
      if (k === 0) return -1;
    }
  }
}

/**
 * A two-key table whose keys are all short codes of up to 5 characters (see packCode), such as a
 * PTP table's column-one and column-two codes, packed into three Int32Arrays built at load:
 * - a directory of the first keys: an open-addressing hash of five cells a slot (packed key, then
 *   where its pairs and its filter are and their sizes), in place of a Map probe that hashes and
 *   compares the key string;
 * - under each first key, a bit filter of its second keys (8 to 16 bits a row, three bits of one
 *   word a key) that answers "certainly no row", as most probes are answered, with one word of a
 *   few hundred bytes that stay in the processor cache for the codes met often;
 * - under each first key, an open-addressing hash of its packed second keys, two cells a slot
 *   (key, the pair's first row; once the pair's rows are an entry, that entry's place in
 *   `entries`, as −1 − place), read only when the filter lets a probe through.
 * A first key's filter and pairs are contiguous, as they would be in a level of their own. A
 * pair's rows are chained in file order and become an entry on first use.
 *
 * A key that is a line's code of the claim being adjudicated is read from the code's record
 * (KeyRecord): packed and hashed once per code, with its directory cell and filter place once per
 * code and table, so a probe of two of the claim's codes reads two records the line's rules read
 * anyway, one filter word, and the pairs only when the filter lets it through. Other keys (a
 * history entry's code, say) are packed and hashed per probe (the second key once for consecutive
 * probes), and the first keys met lately keep their directory cells in a small cache (`hot`).
 */
export class PairHash {
  /** the entries made so far, each at the place its pair's slot holds */
  private readonly entries: Entry[] = [];
  /** the second key probed last: packed, hashed, and its filter bits */
  private lastSecond: Value = null;
  private lastPacked = -1;
  private lastHash = 0;
  private lastBits = 0;
  /** 256 first keys met lately and their directory cells, by the top bits of the key's hash */
  private readonly hot = new Int32Array(512);

  private constructor(
    /** five cells a slot: packed first key (0: empty slot), pairs' first slot, pairs' slots less one, filter's first word, filter's words less one */
    private readonly directory: Int32Array,
    /** every first key's filter words, one after another */
    readonly filter: Int32Array,
    /** every first key's pair slots, one after another: two cells a slot, packed second key (0: empty) and the pair's first row (or −1 − its entry's place) */
    private readonly pairs: Int32Array,
    /** a row's next row of the same pair, or −1 */
    private readonly next: Int32Array,
  ) {}

  /** the pairs of a two-key table, or null when some key is no short code of up to 5 characters */
  static of(table: Table): PairHash | null {
    const [k1, k2] = table.keyColumns;
    const firsts = packColumn(table, k1!);
    const seconds = firsts === null ? null : packColumn(table, k2!);
    if (firsts === null || seconds === null) return null;
    const n = firsts.length;
    // the first keys, numbered as met, and each one's rows
    const ids = new Map<number, number>();
    const rowsOf: number[] = [];
    const rowIds = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let id = ids.get(firsts[i]!);
      if (id === undefined) {
        ids.set(firsts[i]!, (id = ids.size));
        rowsOf.push(0);
      }
      rowsOf[id]!++;
      rowIds[i] = id;
    }
    const keys = ids.size;
    let slots = 4;
    while (slots < keys * 2) slots *= 2;
    const directory = new Int32Array(slots * 5);
    const at = new Int32Array(keys); // each id's directory cell
    let pairSlots = 0;
    let words = 0;
    for (const [packed, id] of ids) {
      const rows = rowsOf[id]!;
      let size = 2;
      while (size < rows * 2) size *= 2;
      let count = 1;
      while (count * 4 < rows) count *= 2;
      let d = (hashCode(packed) & (slots - 1)) * 5;
      while (directory[d] !== 0) d = (d + 5) % (slots * 5);
      directory[d] = packed;
      directory[d + 1] = pairSlots;
      directory[d + 2] = size - 1;
      directory[d + 3] = words;
      directory[d + 4] = count - 1;
      at[id] = d;
      pairSlots += size;
      words += count;
    }
    const filter = new Int32Array(words);
    const pairs = new Int32Array(pairSlots * 2);
    const next = new Int32Array(n);
    // last row first, each put at the head of its pair's chain: the chain is in file order
    for (let i = n - 1; i >= 0; i--) {
      const d = at[rowIds[i]!]!;
      const b = seconds[i]!;
      const h = hashCode(b);
      filter[directory[d + 3]! + ((h >>> 8) & directory[d + 4]!)] |= filterBits(h);
      const base = directory[d + 1]!;
      const mask = directory[d + 2]!;
      let slot = h & mask;
      while (pairs[2 * (base + slot)] !== 0 && pairs[2 * (base + slot)] !== b) slot = (slot + 1) & mask;
      const cell = 2 * (base + slot);
      next[i] = pairs[cell] === 0 ? -1 : pairs[cell + 1]!;
      pairs[cell] = b;
      pairs[cell + 1] = i;
    }
    return new PairHash(directory, filter, pairs, next);
  }

  /**
   * The cell of the pair's slot, or −1 when it has no row. `lines`: the claim's line states, or
   * null; `oa`, `ob`: the objects (claim lines, history entries) whose `code` the keys are, or
   * null. A key that is the code of one of the claim's lines is read from its record (see the class).
   */
  find(a: Value, b: Value, lines: ClaimLines["lines"] = null, oa: unknown = null, ob: unknown = null): number {
    const rb = lines === null || ob === null ? null : recordOf(lines, ob, b);
    if (rb === null) {
      const d = this.passes(a, b);
      return d < 0 ? -1 : this.pairIn(d, this.lastPacked, this.lastHash);
    }
    if (rb.packed === -2) rb.pack();
    const pb = rb.packed;
    if (pb < 0) return -1;
    const ra = oa === null ? null : recordOf(lines!, oa, a);
    let d: number;
    let word: number;
    if (ra !== null) {
      if (ra.pairs !== this) this.place(ra);
      d = ra.cell;
      if (d < 0) return -1;
      word = ra.filterAt + ((rb.hash >>> 8) & ra.filterMask);
    } else {
      const pa = packShort(a);
      if (pa < 0) return -1;
      d = this.cellOf(pa);
      if (d < 0) return -1;
      word = this.directory[d + 3]! + ((rb.hash >>> 8) & this.directory[d + 4]!);
    }
    const want = rb.bits;
    return (this.filter[word]! & want) === want ? this.pairIn(d, pb, rb.hash) : -1;
  }

  /** the cell of a packed second key's slot among the pairs of the first key at directory cell d, or −1 */
  private pairIn(d: number, pb: number, hb: number): number {
    const pairs = this.pairs;
    const directory = this.directory;
    const base = directory[d + 1]!;
    const mask = directory[d + 2]!;
    for (let slot = hb & mask; ; slot = (slot + 1) & mask) {
      const k = pairs[2 * (base + slot)]!;
      if (k === pb) return 2 * (base + slot);
      if (k === 0) return -1;
    }
  }

  /** fills a code record's place in this table as a first key: its directory cell (−1: none) and its filter's words */
  private place(r: KeyRecord): void {
    if (r.packed === -2) r.pack();
    const d = r.packed < 0 ? -1 : this.cellOf(r.packed);
    r.pairs = this;
    r.cell = d;
    r.filterAt = d < 0 ? 0 : this.directory[d + 3]!;
    r.filterMask = d < 0 ? 0 : this.directory[d + 4]!;
  }

  /** the directory cell of a packed first key, or −1 when it has no pairs */
  private cellOf(pa: number): number {
    const directory = this.directory;
    const wrap = directory.length;
    const ha = hashCode(pa);
    // the first keys met lately, in a small direct-mapped cache of their directory cells (−1: none)
    const hot = this.hot;
    const at = (ha >>> 24) * 2;
    if (hot[at] === pa) return hot[at + 1]!;
    let d = (ha & (wrap / 5 - 1)) * 5;
    for (;;) {
      const k = directory[d]!;
      if (k === pa) break;
      if (k === 0) {
        d = -1;
        break;
      }
      d += 5;
      if (d === wrap) d = 0;
    }
    hot[at] = pa;
    hot[at + 1] = d;
    return d;
  }

  /** the directory cell of the first key when its filter lets the second through, or −1: the pair has no row */
  passes(a: Value, b: Value): number {
    const pa = packShort(a);
    if (pa < 0) return -1;
    if (b !== this.lastSecond) {
      const packed = packShort(b);
      this.lastSecond = b;
      this.lastPacked = packed;
      this.lastHash = packed < 0 ? 0 : hashCode(packed);
      this.lastBits = packed < 0 ? 0 : filterBits(this.lastHash);
    }
    if (this.lastPacked < 0) return -1;
    const d = this.cellOf(pa);
    if (d < 0) return -1;
    const want = this.lastBits;
    return (this.filter[this.directory[d + 3]! + ((this.lastHash >>> 8) & this.directory[d + 4]!)]! & want) === want ? d : -1;
  }

  /** the entry made for the pair at a cell, or undefined before its first use */
  entryAt(cell: number): Entry | undefined {
    const v = this.pairs[cell + 1]!;
    return v < 0 ? this.entries[-1 - v] : undefined;
  }

  /** keeps the entry made for the pair at a cell (its first row is then read from the entry) */
  keep(cell: number, e: Entry): Entry {
    this.pairs[cell + 1] = -1 - this.entries.length;
    this.entries.push(e);
    return e;
  }

  /** the rows of the pair at a cell, in file order */
  rowsAt(cell: number): number[] {
    const rows: number[] = [];
    for (let r = this.pairs[cell + 1]!; r >= 0; r = this.next[r]!) rows.push(r);
    return rows;
  }
}

/** a key column's values packed (see packShort), or null when some value is no short code */
function packColumn(table: Table, column: string): Int32Array | null {
  const n = rowCount(table);
  const out = new Int32Array(n);
  const ids = table.columnar?.stringIds?.(column) ?? null;
  const strings = table.columnar?.strings;
  if (ids !== null && strings !== undefined) {
    // a loaded artifact's column: each distinct string packed once (0: not yet)
    const packed = new Int32Array(strings.length);
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      if (id < 0) return null;
      let p = packed[id]!;
      if (p === 0) packed[id] = p = packShort(strings[id]!);
      if (p < 0) return null;
      out[i] = p;
    }
    return out;
  }
  for (let i = 0; i < n; i++) if ((out[i] = packShort(valueAt(table, column, i))) < 0) return null;
  return out;
}

/** a string of 1–5 characters from 0-9 and A-Z packed (below 2^31, never 0); −1 for any other value */
function packShort(v: Value): number {
  return typeof v === "string" && v.length <= 5 ? packCode(v) : -1;
}

/** a second key's three bits in its filter word (from a second mix of its hash, so not the bits that chose the word or the slot) */
function filterBits(h: number): number {
  const g = Math.imul(h, 0x27d4eb2d);
  return (1 << (g >>> 27)) | (1 << ((g >>> 22) & 31)) | (1 << ((g >>> 17) & 31));
}

/** a code of 1–10 characters from 0-9 and A-Z as a positive whole number below 2^53 (distinct codes, distinct numbers); −1 otherwise */
export function packCode(code: string): number {
  const n = code.length;
  if (n === 0 || n > 10) return -1;
  let packed = 0;
  for (let i = 0; i < n; i++) {
    const c = code.charCodeAt(i);
    let digit: number;
    if (c >= 48 && c <= 57) digit = c - 47;
    else if (c >= 65 && c <= 90) digit = c - 54;
    else return -1;
    packed = packed * 37 + digit;
  }
  return packed;
}

/** a 32-bit mix of a packed code's low and high bits */
function hashCode(packed: number): number {
  let h = Math.imul(packed | 0, 0x9e3779b1) ^ Math.imul((packed / 4294967296) | 0, 0x85ebca77);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) ^ (h >>> 13);
}

/** row numbers, until first use makes them an entry */
type Leaf = number | number[] | Entry;

/**
 * A key value's shared record in the one-key tables of its type, fetched once (for a line's code)
 * and made the group's last probe before that line's rules run, so their probes of the value
 * find it without a hash lookup. It also holds the value as a pair key (see PairHash): packed,
 * hashed and its filter bits, and its place as a first key in the last PairHash that asked.
 */
export class KeyRecord {
  /** packed as a short code (see packShort): −2 until first asked, −1 when it is none */
  packed = -2;
  hash = 0;
  bits = 0;
  /** the PairHash whose place is held (null: none yet): directory cell (−1: no pairs), filter's first word and its words less one */
  pairs: PairHash | null = null;
  cell = -1;
  filterAt = 0;
  filterMask = 0;

  constructor(
    /** null: no one-key table has the key's type */
    private readonly group: KeyGroup | null,
    private readonly record: Leaf[] | undefined,
    /** how many tables shared the records when this one was fetched */
    private readonly size: number,
    /** the value this record was fetched for */
    readonly key: Value = null,
  ) {}

  /** makes `v`, the value this record was fetched for, the group's last probe */
  prime(v: Value): void {
    const group = this.group;
    if (group === null || group.size !== this.size) return; // none, or a table joined since: the record may be out of date
    group.lastKey = v;
    group.lastRecord = this.record;
  }

  /** packs and hashes the value as a pair key */
  pack(): void {
    const packed = packShort(this.key);
    this.packed = packed;
    this.hash = packed < 0 ? 0 : hashCode(packed);
    this.bits = packed < 0 ? 0 : filterBits(this.hash);
  }
}

/** the claim being adjudicated, as pair probes read it: its line states, each with its line and its code's record (null: none) */
export interface ClaimLines {
  lines: ReadonlyArray<{ readonly line: { readonly code: unknown }; readonly rules: unknown }> | null;
}

/**
 * Claims with more lines than this probe their pairs the plain way: finding a line's record is a
 * scan of the claim's lines, which must stay short next to the probe it saves.
 */
export const RECORD_LINES_MAX = 64;

/** the record of `v` when `owner` is one of the claim's lines and `v` its code, or null */
function recordOf(lines: NonNullable<ClaimLines["lines"]>, owner: unknown, v: Value): KeyRecord | null {
  if (lines.length > RECORD_LINES_MAX) return null;
  for (let j = 0; j < lines.length; j++) {
    const s = lines[j]!;
    if (s.line === owner) {
      // a line's rules are its code's record (src/compile/evaluator.ts); anything else is not used
      const r = s.rules;
      return r instanceof KeyRecord && s.line.code === v ? r : null;
    }
  }
  return null;
}

/** the type of a one-key table's key column (its one-key tables share records) */
const keyType = (table: Table): string => table.columns.find((c) => c.name === table.keyColumns[0])?.type ?? "";

/** the one-key tables whose key has one type: a record per key value, a slot per table */
export interface KeyGroup {
  records: Map<unknown, Leaf[]>;
  size: number;
  lastKey: unknown;
  lastRecord: Leaf[] | undefined;
}
function addLeaf(leaf: Leaf | undefined, i: number): Leaf {
  if (leaf === undefined) return i;
  if (typeof leaf === "number") return [leaf, i];
  (leaf as number[]).push(i);
  return leaf;
}

/**
 * Hash indexes over tables, built once per table: one-key tables share records by key type
 * (see BoundTable); two-key tables of short codes are packed (see PairHash); others have one
 * nested Map level per key column, so a two-key lookup is two probes and no key string is ever built.
 */
export class TableIndex {
  private bound = new Map<Table, BoundTable>();
  private groups = new Map<string, KeyGroup>();
  /**
   * The line states of the claim a phase runner runs on (./driver.ts sets them), read by the pair
   * probes (see PairHash.find). Lines of an earlier claim cost nothing in correctness: a probe
   * uses a line's record only for the value that is the record's own code.
   */
  readonly claim: ClaimLines = { lines: null };

  /** indexes every table, sharing records among the one-key tables of each key type */
  buildAll(tables: readonly Table[]): void {
    // a one-key table alone of its key type has nothing to share its records with
    const perType = new Map<string, number>();
    for (const t of tables) if (t.keyColumns.length === 1) perType.set(keyType(t), (perType.get(keyType(t)) ?? 0) + 1);
    for (const t of tables) this.build(t, t.keyColumns.length === 1 && perType.get(keyType(t)) === 1);
  }

  /** the bound index of a table, built on first use; `alone`: no other one-key table has its key type */
  build(table: Table, alone = false): BoundTable {
    let bound = this.bound.get(table);
    if (bound) return bound;
    const keys = table.keyColumns;
    const n = rowCount(table);
    let pairs: PairHash | null;
    if (keys.length === 1 && alone) {
      const direct = new Map<unknown, Leaf>();
      for (let i = 0; i < n; i++) {
        const value = valueAt(table, keys[0], i);
        direct.set(value, addLeaf(direct.get(value), i));
      }
      bound = new BoundTable(table, direct, null, 0, null);
    } else if (keys.length === 1) {
      const id = keyType(table);
      let group = this.groups.get(id);
      if (!group) this.groups.set(id, (group = { records: new Map(), size: 0, lastKey: undefined, lastRecord: undefined }));
      const slot = group.size++;
      // a probe may have cached a record before this table joined the group
      group.lastKey = undefined;
      group.lastRecord = undefined;
      for (let i = 0; i < n; i++) {
        const value = valueAt(table, keys[0], i);
        let record = group.records.get(value);
        if (!record) group.records.set(value, (record = []));
        record[slot] = addLeaf(record[slot], i);
      }
      bound = new BoundTable(table, null, group, slot, null);
    } else if (keys.length === 2 && (pairs = PairHash.of(table)) !== null) {
      // every key a short code: the pairs packed (see PairHash)
      bound = new BoundTable(table, null, null, 0, null, pairs, this.claim);
    } else {
      const index = new Map<unknown, unknown>();
      const last = keys.length - 1;
      for (let i = 0; i < n; i++) {
        let level = index;
        for (let k = 0; k < last; k++) {
          const value = valueAt(table, keys[k], i);
          let next = level.get(value) as Map<unknown, unknown> | undefined;
          if (!next) level.set(value, (next = new Map()));
          level = next;
        }
        const value = valueAt(table, keys[last], i);
        level.set(value, addLeaf(level.get(value) as Leaf | undefined, i));
      }
      bound = new BoundTable(table, null, null, 0, index);
    }
    this.bound.set(table, bound);
    return bound;
  }

  /** the shared record of `value` among the one-key tables whose key has `type`, or null when none do */
  keyRecord(type: string, value: Value): KeyRecord | null {
    const group = this.groups.get(type);
    return group ? new KeyRecord(group, group.records.get(value), group.size, value) : null;
  }

  /** the records shared by the one-key tables whose key has `type`, or null when none do (to build a KeyRecord) */
  keyGroup(type: string): KeyGroup | null {
    return this.groups.get(type) ?? null;
  }

  /** rows of a two-key table: the same as rows(table, [a, b]) without the array */
  rows2(table: Table, a: Value, b: Value): Row[] {
    return this.build(table).rows2(a, b);
  }

  rows(table: Table, keys: Value[]): Row[] {
    return this.build(table).rows(keys);
  }

  /**
   * For one key column: the values it takes among the rows with each combination of the other
   * key columns' values (by ./plan.ts's key of those values). Built once, on first use.
   */
  reverseKeys(table: Table, position: number): Map<string, Set<Value>> {
    const out = new Map<string, Set<Value>>();
    const keys = table.keyColumns;
    const n = rowCount(table);
    for (let i = 0; i < n; i++) {
      const others = keys.flatMap((k, j) => (j === position ? [] : [valueAt(table, k, i)]));
      const id = planKey(others);
      if (id === null) continue;
      let set = out.get(id);
      if (!set) out.set(id, (set = new Set()));
      set.add(valueAt(table, keys[position], i));
    }
    return out;
  }

  private values = new Map<string, Set<string>>();

  /** every value of one key column (for rule indexing) */
  keyValues(table: Table, column: string): Set<string> {
    const id = `${table.name}\u0000${column}`;
    let set = this.values.get(id);
    if (!set) {
      set = new Set();
      const n = rowCount(table);
      for (let i = 0; i < n; i++) set.add(String(valueAt(table, column, i)));
      this.values.set(id, set);
    }
    return set;
  }
}

export const EMPTY: Row[] = [];

/**
 * `expr` as a closure. With an observer, every node reports its value after it is evaluated,
 * in the reference interpreter's order (coverage runs pay for it; others do not).
 */
export function compileExpr(expr: IrExpr, tables: TableIndex, observer: ExprObserver | null = null, plans: PlanIndexes | null = null): Compiled {
  const c = (e: IrExpr) => compileExpr(e, tables, observer, plans);
  const compiled = isLongChain(expr) ? compileChain(expr as BinaryIr, c, observer) : compileNode(expr, tables, c, plans);
  if (observer === null) return compiled;
  return (f, log) => {
    const value = compiled(f, log);
    observer.observe(expr, value);
    return value;
  };
}

/** links of a binary chain past which it is compiled as one loop rather than a closure per link */
export const CHAIN_LINKS = 16;

export function isLongChain(expr: IrExpr): boolean {
  let links = 0;
  for (let x: IrExpr = expr; isBinaryIr(x); x = x.left) if (++links > CHAIN_LINKS) return true;
  return false;
}

/**
 * A long chain of binary operations (`a or b or …`, `x + y + …`) as one closure that walks its
 * links in a loop: a closure per link would call the next, as deep as the chain is long. Values,
 * facts and observations come in the same order as the reference interpreter's.
 */
function compileChain(expr: BinaryIr, c: (e: IrExpr) => Compiled, observer: ExprObserver | null): Compiled {
  const { leftmost, spine } = leftSpine(expr);
  const first = c(leftmost);
  const rights = spine.map((node) => c(node.right));
  const last = spine.length - 1;
  return (f, log) => {
    let v = first(f, log);
    for (let i = 0; i <= last; i++) {
      const node = spine[i];
      switch (node.op) {
        case "and":
          v = (v as boolean) && (rights[i](f, log) as boolean);
          break;
        case "or":
          v = (v as boolean) || (rights[i](f, log) as boolean);
          break;
        case "compare":
          v = compare(node.cmp, v, rights[i](f, log), node.lists);
          break;
        case "arith":
          v = arithmetic(node.arith, v, rights[i](f, log));
          break;
        case "matches":
          v = matchesPattern(v, rights[i](f, log));
          break;
      }
      if (observer !== null && i < last) observer.observe(node, v);
    }
    return v;
  };
}

function compileNode(expr: IrExpr, tables: TableIndex, c: (e: IrExpr) => Compiled, plans: PlanIndexes | null): Compiled {
  const text = expr.text;
  const type = expr.type;
  switch (expr.op) {
    case "const": {
      const value = expr.value;
      return () => value;
    }
    case "var": {
      const slot = expr.slot;
      if (isRootSlot(slot)) return (f) => f[slot];
      return (f, log) => {
        const v = f[slot] ?? null;
        if (log) log.record(text, type, v);
        return v;
      };
    }
    case "field": {
      const field = expr.field;
      if (expr.object.op === "var" && isRootSlot(expr.object.slot)) {
        // line.code, claim.lines, context.coverage: one closure, not two
        const slot = expr.object.slot;
        return (f, log) => {
          const v = (f[slot] as Record<string, Value>)[field] ?? null;
          if (log) log.record(text, type, v);
          return v;
        };
      }
      const object = c(expr.object);
      return (f, log) => {
        const o = object(f, log) as Record<string, Value> | null;
        const v = o === null ? null : (o[field] ?? null);
        if (log) log.record(text, type, v);
        return v;
      };
    }
    case "not": {
      const operand = c(expr.operand);
      return (f, log) => !operand(f, log);
    }
    case "and": {
      const left = c(expr.left);
      const right = c(expr.right);
      return (f, log) => (left(f, log) as boolean) && (right(f, log) as boolean);
    }
    case "or": {
      const left = c(expr.left);
      const right = c(expr.right);
      return (f, log) => (left(f, log) as boolean) || (right(f, log) as boolean);
    }
    case "neg": {
      const operand = c(expr.operand);
      return (f, log) => {
        const v = operand(f, log);
        return v === null ? null : -(v as number);
      };
    }
    case "compare": {
      const left = c(expr.left);
      const right = c(expr.right);
      const { cmp, lists } = expr;
      // one closure per operator, so each comparison runs straight-line (same meaning as compare())
      if (!lists) {
        const both =
          (test: (l: Value, r: Value) => boolean): Compiled =>
          (f, log) => {
            const l = left(f, log);
            const r = right(f, log);
            return l !== null && r !== null && test(l, r);
          };
        switch (cmp) {
          case "=":
            return (f, log) => {
              const l = left(f, log);
              const r = right(f, log);
              return l !== null && r !== null && l === r;
            };
          case "!=":
            return (f, log) => {
              const l = left(f, log);
              const r = right(f, log);
              return l !== null && r !== null && l !== r;
            };
          case "<":
            return both((l, r) => (l as number) < (r as number));
          case "<=":
            return both((l, r) => (l as number) <= (r as number));
          case ">":
            return both((l, r) => (l as number) > (r as number));
          case ">=":
            return both((l, r) => (l as number) >= (r as number));
        }
      }
      return (f, log) => compare(cmp, left(f, log), right(f, log), lists);
    }
    case "arith": {
      const left = c(expr.left);
      const right = c(expr.right);
      const op = expr.arith;
      return (f, log) => arithmetic(op, left(f, log), right(f, log));
    }
    case "inSet": {
      const element = c(expr.element);
      const { set, negated } = expr;
      if (set.ranges.length === 0 && set.prefixes.length === 0) {
        const exact = set.exact;
        return (f, log) => {
          const v = element(f, log);
          return v !== null && exact.has(v as string) !== negated;
        };
      }
      return (f, log) => {
        const v = element(f, log);
        return v !== null && codeSetHas(set, v as string) !== negated;
      };
    }
    case "inList": {
      const element = c(expr.element);
      const list = c(expr.list);
      const negated = expr.negated;
      return (f, log) => {
        const v = element(f, log);
        const l = list(f, log) as Value[] | null;
        return v !== null && l !== null && l.includes(v) !== negated;
      };
    }
    case "inTable": {
      const element = c(expr.element);
      const on = expr.on ? c(expr.on) : null;
      const { table, negated } = expr;
      const bound = tables.build(table);
      return (f, log) => {
        const v = element(f, log);
        const day = on ? (on(f, log) as number | null) : null;
        if (v === null || (on && day === null)) return false;
        return bound.has1(v, day) !== negated;
      };
    }
    case "lookup": {
      const keys = expr.keys.map(c);
      const on = expr.on ? c(expr.on) : null;
      const table = expr.table;
      const bound = tables.build(table);
      if (keys.length === 2) {
        // ptp[a, b]: no key array per lookup
        const [first, second] = keys;
        return (f, log) => {
          const a = first(f, log);
          const b = second(f, log);
          const day = on ? (on(f, log) as number | null) : null;
          if (a === null || b === null || (on && day === null)) return EMPTY;
          return bound.rows2(a, b, day);
        };
      }
      return (f, log) => {
        const values = keys.map((k) => k(f, log));
        const day = on ? (on(f, log) as number | null) : null;
        if (values.includes(null) || (on && day === null)) return EMPTY;
        return bound.rows(values, day);
      };
    }
    case "missing": {
      const operand = c(expr.operand);
      const negated = expr.negated;
      return (f, log) => (operand(f, log) === null) !== negated;
    }
    case "matches": {
      const left = c(expr.left);
      const right = c(expr.right);
      return (f, log) => matchesPattern(left(f, log), right(f, log));
    }
    case "call": {
      const args = expr.args.map(c);
      const fn = expr.fn;
      return (f, log) => {
        const v = callFunction(
          fn,
          args.map((a) => a(f, log)),
        );
        if (log) log.record(text, type, v);
        return v;
      };
    }
    case "any":
    case "no":
    case "count":
    case "sum":
      return compileQuantifier(expr, c, plans);
  }
}

/**
 * A quantifier as a loop over its list; over a long list with a plan (./plan.ts), over the
 * items its `where` can accept only, or once per key when the result depends on the key alone.
 */
function compileQuantifier(expr: Extract<IrExpr, { op: "any" | "no" | "count" | "sum" }>, c: (e: IrExpr) => Compiled, plans: PlanIndexes | null): Compiled {
  const collection = c(expr.collection);
  const where = expr.where ? c(expr.where) : null;
  const body = expr.op === "sum" ? c(expr.body) : null;
  const slot = expr.slot;
  const { text, type } = expr;
  const plan = plans ? planQuantifier(expr) : null;
  const equal = plan ? plan.equal.map((e) => c(e.value)) : [];
  const others = plan?.join ? plan.join.others.map((o) => c(o.value)) : null;

  /** the loop itself over `positions` (all items when null), without facts; the witness of an `any` */
  const loop = (f: Frame, items: readonly Value[], positions: readonly number[] | null): { value: Value; witness: number } => {
    const n = positions === null ? items.length : positions.length;
    let count = 0;
    let total = 0;
    for (let k = 0; k < n; k++) {
      const i = positions === null ? k : positions[k];
      f[slot] = items[i];
      if (where && !where(f, null)) continue;
      if (expr.op === "any") return { value: true, witness: i };
      if (expr.op === "no") return { value: false, witness: i };
      count++;
      if (body) {
        const v = body(f, null);
        if (v === null) return { value: null, witness: -1 };
        total += v as number;
      }
    }
    const value = expr.op === "any" ? false : expr.op === "no" ? true : expr.op === "count" ? count : exactSum(total);
    return { value, witness: -1 };
  };

  return (f, log) => {
    const items = (collection(f, log) as Value[] | null) ?? EMPTY;
    let positions: readonly number[] | null = null;
    let result: { value: Value; witness: number } | null = null;
    if (plan && plans && items.length >= INDEXED_FROM) {
      const keys = equal.map((k) => k(f, null));
      positions = plans.candidates(plan, items, keys, others ? others.map((o) => o(f, null)) : null);
      if (plan.keyOnly) {
        const p = positions;
        result = plans.result(plan, items, keys, () => loop(f, items, p));
      }
    }
    if (result === null) {
      if (expr.op === "any" && log !== null && where) {
        // keep only the witness's facts, as the reference does
        const n = positions === null ? items.length : positions.length;
        for (let k = 0; k < n; k++) {
          f[slot] = items[positions === null ? k : positions[k]];
          const mark = log.mark();
          if (where(f, log)) return true;
          log.rollback(mark);
        }
        return false;
      }
      result = loop(f, items, positions);
    } else if (expr.op === "any" && log !== null && where && result.witness >= 0) {
      // a kept result: the witness's facts are read again
      f[slot] = items[result.witness];
      where(f, log);
    }
    if (log && (expr.op === "count" || expr.op === "sum")) log.record(text, type, result.value);
    return result.value;
  };
}
