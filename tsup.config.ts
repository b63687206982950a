import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", node: "src/node/index.ts", cli: "src/cli/main.ts", "batch-worker": "src/cli/batch-worker.ts" },
  format: ["esm", "cjs"],
  dts: { entry: { index: "src/index.ts", node: "src/node/index.ts" } },
  sourcemap: true,
  clean: true,
  target: "node20",
  splitting: false,
  // import.meta.url (the batch worker file sits beside the CLI) in the CommonJS build too
  shims: true,
});
