// An esbuild plugin for the builds (tsup.config.ts, bench/build.ts): a bundled JSON module is
// emitted as its text, parsed with JSON.parse, instead of esbuild's object literal. The value is
// the same; V8 compiles a large object literal when the module loads (the X12 guide maps, ~1 MB,
// cost ~45 ms of start-up) but only scans a string. A large JSON object (the maps) is parsed on
// first use, behind a read-through proxy, since only X12 work reads it (~8 ms more); anything
// else is parsed when the module loads.
import { readFile } from "node:fs/promises";
import type { Plugin } from "esbuild";

/** JSON objects at least this large (characters) are parsed on first use */
const LAZY_FROM = 64 * 1024;

export const jsonParsePlugin: Plugin = {
  name: "json-parse",
  setup(build) {
    build.onLoad({ filter: /\.json$/ }, async (args) => {
      // parsed here, so a malformed file fails the build as esbuild's own loader would
      const value: unknown = JSON.parse(await readFile(args.path, "utf8"));
      const text = JSON.stringify(JSON.stringify(value));
      const lazy = text.length >= LAZY_FROM && typeof value === "object" && value !== null && !Array.isArray(value);
      const contents = lazy
        ? `let value;
const parsed = () => (value ??= JSON.parse(${text}));
export default new Proxy({}, {
  get: (_, key) => Reflect.get(parsed(), key),
  has: (_, key) => Reflect.has(parsed(), key),
  ownKeys: () => Reflect.ownKeys(parsed()),
  getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(parsed(), key),
  set: (_, key, v) => Reflect.set(parsed(), key, v),
  defineProperty: (_, key, d) => Reflect.defineProperty(parsed(), key, d),
  deleteProperty: (_, key) => Reflect.deleteProperty(parsed(), key),
});
`
        : `export default JSON.parse(${text});\n`;
      return { contents, loader: "js" };
    });
  },
};
