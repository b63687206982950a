// `edict build <pack> -o <file> [--sign <key.pem>]`: the checked pack and its tables compiled into
// one artifact (src/artifact) that --rules accepts and a host loads without parsing CSV; every
// section hashed, and with --sign the manifest signed with an Ed25519 private key.
import { existsSync } from "node:fs";
import { writeFileSync } from "node:fs";
import { loadPack, buildArtifact, signingKeyId } from "../node/index.js";
import { defineCommand } from "./args.js";
import { CliError, EXIT, usageError } from "./exit.js";
import { loadOptions, readText, reportDiagnostics, ruleLoading, RULE_LOADING_OPTIONS } from "./support.js";

export const buildCommand = defineCommand({
  name: "build",
  summary: "compile a pack and its tables into one artifact file",
  usage: ["<pack> -o <pack.edict.bin> [--sign <key.pem>]"],
  options: {
    output: { type: "string", short: "o", value: "<file>", help: "where to write the artifact" },
    sign: { type: "string", value: "<key.pem>", help: "sign it with this Ed25519 private key (openssl genpkey -algorithm ed25519)" },
    ...RULE_LOADING_OPTIONS,
  },
  run({ values, operands }, { out, err }) {
    const [dir, ...extra] = operands;
    const target = values.output;
    if (!dir || target === undefined) throw usageError("say which pack and where: edict build <pack> -o <file>");
    if (extra.length) throw usageError(`edict build takes one pack, not ${operands.length}`);
    if (!existsSync(dir)) throw new CliError(`no such pack folder: ${dir}`, EXIT.io);
    const privateKey = values.sign === undefined ? undefined : readText(values.sign);
    const compiled = loadPack(dir, loadOptions(ruleLoading(values)));
    reportDiagnostics(compiled.diagnostics, err);
    if (!compiled.ok) return EXIT.ruleErrors;
    let bytes: Uint8Array;
    try {
      bytes = buildArtifact(compiled, privateKey);
    } catch (e) {
      throw usageError(`cannot sign with ${values.sign}: ${(e as Error).message}`);
    }
    try {
      writeFileSync(target, bytes);
    } catch {
      throw new CliError(`cannot write ${target}`, EXIT.io);
    }
    const rows = compiled.ruleset.program.tables.reduce((n, t) => n + t.rows.length, 0);
    const signer = privateKey === undefined ? "" : `, signed by key ${signingKeyId(privateKey)}`;
    out(`${target}: ${compiled.ruleset.name} ${compiled.ruleset.version}, ${rows} table rows, ${(bytes.length / 1e6).toFixed(1)} MB${signer}\n`);
    return EXIT.ok;
  },
});
