// The build's eager-compile plugin (scripts/eager-compile-plugin.ts): the rewritten source means
// what the source means (same results, same function names), the compile path's functions reach
// dist/ as parenthesized function expressions, and a function the module uses while loading is
// refused rather than read before it is defined.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { transform } from "esbuild";
import { describe, expect, it } from "vitest";
import { EAGER_FILES, eagerFunctions } from "../scripts/eager-compile-plugin.js";

const SAMPLE = `
export const inc = (a: number) => a + 1;
export const pair = (a: number) => ({ a, b: inc(a) });
export function add<T extends number>(x: T, y = 2): number {
  const twice = (z: number) => {
    return z * 2;
  };
  const curried = (p: number) => (q: number) => p + q;
  return curried(twice(x))(y);
}
export async function later(x: number): Promise<number> {
  const wait = async (v: number) => v + 1;
  return wait(x);
}
export function* count(n: number) {
  for (let i = 0; i < n; i++) yield i;
}
function over(a: string): string;
function over(a: number): number;
function over(a: string | number): string | number {
  return a;
}
export { over };
export class Box {
  constructor(readonly v: number) {}
  // an arrow reading \`this\` stays an arrow
  get all() {
    return [1, 2].map((k) => this.v * k);
  }
}
export class Counter {
  n = 0;
  add(k: number): this {
    this.n += k;
    return this;
  }
  private twice() {
    return [this.n].map((x) => x * 2)[0];
  }
  total(): number {
    return this.twice() + inc(0);
  }
  // reads the module's \`inc\`: the function expression has no name of its own to hide it
  inc(): number {
    return inc(this.n);
  }
}
export class Sub extends Counter {
  override total(): number {
    return super.total() + 1;
  }
}
export function counted() {
  const c = new Counter().add(2).add(3);
  const s = new Sub().add(1);
  return [c.total(), c.inc(), s.total(), Object.keys(Counter.prototype), Object.getOwnPropertyNames(Counter.prototype), Counter.prototype.add.name, Object.keys(c)];
}
export function boxed(v: number) {
  return new Box(v).all;
}
export function names() {
  const local = () => 0;
  return [add.name, inc.name, local.name, count.name];
}
`;

async function load(ts: string): Promise<Record<string, unknown>> {
  const { code } = await transform(ts, { loader: "ts", format: "esm" });
  return import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
}

describe("the eager-compile plugin", () => {
  it("rewrites declarations and arrows as parenthesized function expressions, keeping arrows that read this", () => {
    const out = eagerFunctions("sample.ts", SAMPLE);
    expect(out).toContain("export const add = (function <T extends number>(x: T, y = 2): number {");
    expect(out).toContain("const twice = (function (z: number) {");
    expect(out).toContain("export const inc = (function (a: number) { return a + 1; });");
    expect(out).toContain("export const later = (async function (x: number)");
    expect(out).toContain("const wait = (async function (v: number) { return v + 1; });");
    expect(out).toContain("export const count = (function* (n: number)");
    expect(out).toContain("(k) => this.v * k");
    expect(out).toContain('static { Object.defineProperty(this.prototype, "add", { value: { add: (function (k: number): this {');
    expect(out).toContain('static { Object.defineProperty(this.prototype, "twice", { value: { twice: (function () {');
    expect(out).toContain('static { Object.defineProperty(this.prototype, "inc", { value: { inc: (function (): number {');
    expect(out).toContain("return [this.n].map((function (x) { return x * 2; }))[0];");
    expect(out).toMatch(/^ {2}override total\(\): number \{$/m);
    // the overloads' signatures are gone, the implementation stays
    expect(out).not.toContain("function over(a: string): string;");
    expect(out).toContain("const over = (function (a: string | number)");
    // each rewritten function keeps its lines, so the source map stays line-true
    expect(out.split("\n").length).toBe(SAMPLE.split("\n").length);
  });

  it("the rewritten module computes what the original does", async () => {
    const before = await load(SAMPLE);
    const after = await load(eagerFunctions("sample.ts", SAMPLE));
    for (const m of [before, after]) {
      expect((m.add as (x: number, y?: number) => number)(3)).toBe(8);
    }
    const call = (m: Record<string, unknown>, name: string, ...args: unknown[]) => (m[name] as (...a: unknown[]) => unknown)(...args);
    expect(call(after, "add", 5, 1)).toBe(call(before, "add", 5, 1));
    expect(call(after, "pair", 4)).toEqual(call(before, "pair", 4));
    expect(await call(after, "later", 9)).toBe(await call(before, "later", 9));
    expect([...(call(after, "count", 3) as Iterable<number>)]).toEqual([...(call(before, "count", 3) as Iterable<number>)]);
    expect(call(after, "over", "x")).toBe("x");
    expect(call(after, "boxed", 3)).toEqual([3, 6]);
    expect(call(after, "names")).toEqual(call(before, "names"));
    expect(call(after, "names")).toEqual(["add", "inc", "local", "count"]);
    expect(call(after, "counted")).toEqual(call(before, "counted"));
    expect(call(after, "counted")).toEqual([11, 6, 4, [], ["constructor", "add", "twice", "total", "inc"], "add", ["n"]]);
  });

  it("refuses a function the module uses while it loads, before its declaration", () => {
    expect(() => eagerFunctions("early.ts", "const A = b();\nfunction b() {\n  return 1;\n}\n")).toThrow(/early\.ts: b is used while the module loads/);
    expect(() => eagerFunctions("table.ts", "const T = { b };\nfunction b() {\n  return 1;\n}\n")).toThrow(/table\.ts: b/);
    // used only inside a function body, which runs later: fine
    expect(eagerFunctions("late.ts", "const a = () => b();\nfunction b() {\n  return 1;\n}\n")).toContain("const b = (function ()");
  });

  it("every listed file exists and is rewritten", () => {
    for (const file of EAGER_FILES) {
      expect(existsSync(file), file).toBe(true);
      expect(eagerFunctions(file, readFileSync(file, "utf8")), file).toMatch(/= \((async )?function/);
    }
  });

  it("dist/ holds the compile path's functions as parenthesized function expressions", () => {
    const chunks = readdirSync("dist")
      .filter((f) => f.endsWith(".js"))
      .map((f) => readFileSync(`dist/${f}`, "utf8"))
      .join("\n");
    for (const name of ["tokenize", "checkRuleset", "compilePack", "parseMoney"]) {
      expect(chunks, name).toMatch(new RegExp(`^var ${name} = \\(function\\(`, "m"));
      expect(chunks, name).not.toMatch(new RegExp(`^function ${name}\\(`, "m"));
    }
  });
});
