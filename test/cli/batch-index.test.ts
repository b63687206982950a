// The in-memory order of a batch (src/cli/batch-index.ts) against the external sort
// (src/cli/batch-io.ts): the same records, in the same order, with the same text read back by
// position — over blank and whitespace lines, CRLF, a byte-order mark, malformed records,
// escaped and non-ASCII member ids, a last line without a newline, and ranges of any size.
import { describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
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
