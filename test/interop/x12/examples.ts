// The example claims as 837P files: one function shared by scripts/x12-examples.ts (which writes
// them) and the tests (which check the committed files are exactly what it writes).
import { join } from "node:path";
import { write837 } from "../../../src/interop/x12/write837.js";

export const EXAMPLE_CONTROL_NUMBER = 1;

/** claim.837 text per example folder, and the providers.csv of every example provider */
export function examples837(
  dir: string,
  list: (dir: string) => string[],
  read: (path: string) => string,
): { files: Map<string, string>; providersCsv: string } {
  const files = new Map<string, string>();
  const network = new Map<string, string>();
  for (const name of list(dir)
    .filter((n) => /^\d\d-/.test(n))
    .sort()) {
    const claim = JSON.parse(read(join(dir, name, "claim.json")));
    const seen = network.get(claim.provider.npi);
    if (seen && seen !== claim.provider.network)
      throw new Error(`${name}: provider ${claim.provider.npi} is ${claim.provider.network} here and ${seen} elsewhere`);
    network.set(claim.provider.npi, claim.provider.network);
    files.set(join(dir, name, "claim.837"), write837([claim], { controlNumber: EXAMPLE_CONTROL_NUMBER, date: claim.receivedDate }));
  }
  const rows = [...network].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([npi, n]) => `${npi},${n}`);
  return { files, providersCsv: `npi,network\n${rows.join("\n")}\n` };
}
