// JSON text of the IR and back, without recursion: a long `or` chain is an IR tree thousands of
// levels deep, past what JSON.stringify (and JSON.parse with a reviver) can take on the stack.
// Same text as JSON.stringify for plain data; a Set is written as {"$set": [...]}.

type Replace = (value: object, key: string | number, holder: object) => unknown;

/**
 * JSON.stringify(value) for plain data, iteratively; `replace` may swap an object for another
 * value (undefined: keep it), as a replacer would.
 */
export function toJsonText(value: unknown, replace?: Replace): string {
  const out: string[] = [];
  // work items: a value to write, or a literal piece of text
  type Item = { v: unknown; key: string | number; holder: object | null } | string;
  const stack: Item[] = [{ v: value, key: "", holder: null }];
  while (stack.length) {
    const item = stack.pop()!;
    if (typeof item === "string") {
      out.push(item);
      continue;
    }
    let v = item.v;
    if (v !== null && typeof v === "object" && replace && item.holder) {
      const r = replace(v, item.key, item.holder);
      if (r !== undefined) v = r;
    }
    if (v instanceof Set) v = { $set: [...v] };
    if (v === null || typeof v !== "object") {
      out.push(scalar(v));
      continue;
    }
    if (Array.isArray(v)) {
      out.push("[");
      const parts: Item[] = [];
      v.forEach((x, i) => {
        if (i > 0) parts.push(",");
        parts.push(writable(x) ? { v: x, key: i, holder: v as object } : "null");
      });
      parts.push("]");
      for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]);
      continue;
    }
    out.push("{");
    const parts: Item[] = [];
    for (const key of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[key];
      if (!writable(x)) continue;
      if (parts.length) parts.push(",");
      parts.push(JSON.stringify(key) + ":", { v: x, key, holder: v as object });
    }
    parts.push("}");
    for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]);
  }
  return out.join("");
}

const writable = (x: unknown) => x !== undefined && typeof x !== "function" && typeof x !== "symbol";

function scalar(v: unknown): string {
  return JSON.stringify(v) ?? "null";
}

/** turns {"$set": [...]} objects of parsed JSON back into Sets, iteratively; returns the root */
export function reviveJson(root: unknown): unknown {
  const isSet = (x: unknown): x is { $set: unknown[] } => !!x && typeof x === "object" && Array.isArray((x as { $set?: unknown }).$set);
  if (isSet(root)) return new Set(root.$set);
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== "object") continue;
    const holder = node as Record<string, unknown>;
    for (const key of Object.keys(holder)) {
      const x = holder[key];
      if (isSet(x)) holder[key] = new Set(x.$set);
      else if (x && typeof x === "object") stack.push(x);
    }
  }
  return root;
}
