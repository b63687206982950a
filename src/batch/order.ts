// The processing order of a batch, and the pieces an external sort needs to reach it in bounded
// memory. A batch is adjudicated member by member: members in order of their id, each member's
// claims by first date of service, ties by input line. Records with no readable member id
// (malformed ones) come first, by input line. Each record's sort key travels with its text as
// one line of a sorted run: `<member as JSON>\t<first day>\t<input line>\t<record text>`; the
// runs are merged with a heap (`mergeSorted`). Pure: no I/O.
import { indexKeyOf } from "./records.js";

/** what orders one record: member id as JSON text ("" when it has none), first day, input line */
export interface SortKey {
  member: string;
  day: number;
  line: number;
}

export interface KeyedRecord extends SortKey {
  text: string;
}

/** the sort key of one record's text (1-based input line) */
export function sortKeyOf(text: string, line: number): SortKey {
  const { member, day } = indexKeyOf(text);
  return { member: member === null ? "" : JSON.stringify(member), day, line };
}

export function compareKeys(a: SortKey, b: SortKey): number {
  if (a.member !== b.member) return a.member < b.member ? -1 : 1;
  return a.day - b.day || a.line - b.line;
}

/** one line of a sorted run (no newline): the key, then the record text */
export function encodeRunLine(r: KeyedRecord): string {
  return `${r.member}\t${r.day}\t${r.line}\t${r.text}`;
}

/** reads back a line written by `encodeRunLine` (the member JSON has no raw tab) */
export function decodeRunLine(s: string): KeyedRecord {
  const t1 = s.indexOf("\t");
  const t2 = s.indexOf("\t", t1 + 1);
  const t3 = s.indexOf("\t", t2 + 1);
  if (t1 < 0 || t2 < 0 || t3 < 0) throw new Error("a sorted run of the batch is damaged");
  return { member: s.slice(0, t1), day: Number(s.slice(t1 + 1, t2)), line: Number(s.slice(t2 + 1, t3)), text: s.slice(t3 + 1) };
}

/** whether two records belong to the same group (member); records without a member are each their own */
export const sameGroup = (a: { member: string }, b: { member: string }): boolean => a.member !== "" && a.member === b.member;

/**
 * Merges sorted sources into one sorted sequence with a binary heap: memory is one record per
 * source. `next()` of a source returns null when it is exhausted.
 */
export function* mergeSorted<T>(sources: ReadonlyArray<{ next(): T | null }>, compare: (a: T, b: T) => number): Generator<T> {
  const heap: Array<{ value: T; source: number }> = [];
  const less = (i: number, j: number) => {
    const c = compare(heap[i].value, heap[j].value);
    return c < 0 || (c === 0 && heap[i].source < heap[j].source);
  };
  const swap = (i: number, j: number) => {
    const t = heap[i];
    heap[i] = heap[j];
    heap[j] = t;
  };
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(i, parent)) break;
      swap(i, parent);
      i = parent;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(l, m)) m = l;
      if (r < heap.length && less(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  sources.forEach((s, source) => {
    const value = s.next();
    if (value !== null) {
      heap.push({ value, source });
      up(heap.length - 1);
    }
  });
  while (heap.length) {
    const top = heap[0];
    yield top.value;
    const value = sources[top.source].next();
    if (value !== null) {
      heap[0] = { value, source: top.source };
      down(0);
    } else {
      const last = heap.pop()!;
      if (heap.length) {
        heap[0] = last;
        down(0);
      }
    }
  }
}
