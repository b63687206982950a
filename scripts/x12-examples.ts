// `npx tsx scripts/x12-examples.ts`: writes each example claim (examples/claims/*/claim.json) as
// an 837P file beside it (claim.837), dated its receipt date so the 837's functional-group date
// is the claim's receivedDate, and examples/claims/providers.csv, the provider directory an 837
// needs beside it (the network is not in an 837). The outputs are committed; test/interop/x12
// checks they are what this script writes.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { examples837 } from "../test/interop/x12/examples.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { files, providersCsv } = examples837(
  join(ROOT, "examples/claims"),
  (dir) => readdirSync(dir),
  (path) => readFileSync(path, "utf8"),
);
for (const [path, text] of files) writeFileSync(path, text);
writeFileSync(join(ROOT, "examples/claims/providers.csv"), providersCsv);
console.log(`wrote ${files.size} claim.837 files and examples/claims/providers.csv`);
