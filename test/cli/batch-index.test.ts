// The in-memory order of a batch (src/cli/batch-index.ts) against the external sort
// (src/cli/batch-io.ts): the same records, in the same order, with the same text read back by
// position — over blank and whitespace lines, CRLF, a byte-order mark, malformed records,
// escaped and non-ASCII member ids, a last line without a newline, and ranges of any size.
import { describe, expect, it } from "vitest";
import { truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { indexBatch, RecordReader } from "../../src/cli/batch-index.js";
import { sortBatch } from "../../src/cli/batch-io.js";
import { generatedLines } from "./batch-support.js";
import { tempDir } from "../support/temp.js";

const dir = tempDir("edict-batch-index-test-");

function compare(name: string, content: string | Buffer): number {
  const input = join(dir, name);
  writeFileSync(input, content);
  const sorted = sortBatch(input, { runBytes: 3000, tempDir: dir });
  const records = sorted.open();
  const expected = [...records].map((r) => ({ member: r.member, line: r.line, text: r.text }));
  records.close();
  sorted.dispose();
  const reader = new RecordReader(input);
  for (const rangeBytes of [1, 7, 500, 1 << 20]) {
    const index = indexBatch(input, { rangeBytes })!;
    expect(index.records).toBe(sorted.records);
    const got = [...index.ordered()].map((r) => ({ member: r.member, line: r.line, text: reader.read(r.offset, r.length) }));
    expect(got).toEqual(expected);
  }
  reader.close();
  return expected.length;
}

describe("the in-memory order", () => {
  it("is the external sort's order, record for record, on tricky input", () => {
    const lines = generatedLines(21, 60);
    const tricky = [
      "",
      "   \t",
      "\u00a0",
      '{"claim": {"id": "C-broken", ',
      '\ufeff{"claim":{"id":"X","member":{"id":"M-\\u0031"},"lines":[{"serviceDate":"2026-01-01"}]}}',
      '{"id":"Y","member":{"id":"Mé"},"lines":[{"serviceDate":"2026-02-01"},{"serviceDate":"2026-01-09"}]}',
      '{"id":"Z","lines":[{"serviceDate":"2026-02-01"}]}',
      "[1,2]",
      '{"claim":{"id":"W","member":{"id":"M-1"}},"context":{},"extra":true}',
    ];
    const all = [...lines.slice(0, 20), ...tricky, ...lines.slice(20), lines[3]!];
    expect(compare("lf.ndjson", all.join("\n"))).toBe(all.filter((l) => l.trim() !== "").length);
    compare("crlf.ndjson", all.join("\r\n") + "\r\n");
    compare("empty.ndjson", "");
    compare("one.ndjson", lines[0]!);
    compare("blank.ndjson", "\n\n \n");
  });

  it("says when the input holds more records than its limit", () => {
    const input = join(dir, "limit.ndjson");
    writeFileSync(input, generatedLines(3, 10).join("\n") + "\n");
    expect(indexBatch(input, { limit: 9, rangeBytes: 100 })).toBeNull();
    expect(indexBatch(input, { limit: 10, rangeBytes: 100 })!.records).toBe(10);
  });
});

describe("reading records back by position", () => {
  // records of many sizes (some longer than the block), non-ASCII text, blank lines and a damaged record between them
  const lines = [...generatedLines(31, 40)];
  lines.splice(5, 0, '{"claim": {"id": "C-broken", ');
  lines.splice(9, 0, `{"claim":{"id":"é€😀","note":"${"x".repeat(700)}"}}`);
  lines.splice(12, 0, "", "  ");
  const text = lines.join("\n") + "\n";
  const bytes = Buffer.from(text, "utf8");
  const positions: Array<{ offset: number; length: number }> = [];
  for (let at = 0; at < bytes.length; ) {
    const nl = bytes.indexOf(10, at);
    positions.push({ offset: at, length: nl - at });
    at = nl + 1;
  }
  const input = join(dir, "read.ndjson");
  writeFileSync(input, bytes);
  const expected = (p: { offset: number; length: number }) => bytes.toString("utf8", p.offset, p.offset + p.length);

  it("gives each record's text, in file order (blocks that end inside records and members), in any order, and with gaps", () => {
    for (const ahead of [1, 97, 1000, 4096, 1 << 16]) {
      const orders = [
        positions, // in file order: served from blocks, records crossing every block edge
        [...positions].reverse(), // from all over the file: each read alone
        positions.filter((_, i) => i % 3 !== 1), // in order with gaps (skipped records): still from blocks
        positions.map((_, i) => positions[(i * 17) % positions.length]!), // jumps back and forth
        [...positions.slice(10), ...positions.slice(0, 10), positions[3]!, positions[3]!], // the same record twice
      ];
      for (const order of orders) {
        const reader = new RecordReader(input, ahead);
        for (const p of order) expect(reader.read(p.offset, p.length)).toBe(expected(p));
        reader.close();
      }
    }
  });

  it("reads a block that runs past the end of the file, and says so when the file became shorter than a record", () => {
    const copy = join(dir, "shrinks.ndjson");
    writeFileSync(copy, bytes);
    const reader = new RecordReader(copy, 1 << 16);
    const last = positions[positions.length - 1]!;
    const before = positions[positions.length - 2]!;
    expect(reader.read(before.offset, before.length)).toBe(expected(before));
    // in order: a block from here to the end of the file (shorter than the block)
    expect(reader.read(last.offset, last.length)).toBe(expected(last));
    truncateSync(copy, positions[3]!.offset + 10);
    expect(() => reader.read(positions[3]!.offset, positions[3]!.length)).toThrow(/became shorter/);
    // after a failed read the reader holds nothing stale
    expect(() => reader.read(positions[4]!.offset, positions[4]!.length)).toThrow(/became shorter/);
    expect(reader.read(positions[0]!.offset, 5)).toBe(expected({ offset: positions[0]!.offset, length: 5 }));
    reader.close();
  });
});
