// `edict tables import --from cms-ptp|cms-mue|cms-hcpcs|cms-mce <input> [-o <out>]`: converts
// CMS's published files into the CSV layouts of the shipped packs (the conversions are
// src/tables/cms.ts, hcpcs.ts and mce.ts; this is the file I/O). The input is read in chunks and
// never held whole, so million-line PTP files convert in constant memory. A file with any bad
// row writes nothing: with -o the CSV goes to a temporary file renamed into place only when every
// row converted; to stdout, a first pass checks the whole file and a second writes it. The MCE
// file holds many lists, so `-o` names a folder and each list goes to its own temporary file,
// all renamed into place only at the end.
import { openSync, readSync, closeSync, writeSync, renameSync, unlinkSync, mkdirSync, rmdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { CMS_LAYOUTS, cmsConverter, formatCmsProblem, lineSplitter, type CmsConverter, type CmsLayout, type CmsSummary } from "../tables/cms.js";
import { hcpcsConverter } from "../tables/hcpcs.js";
import { mceConverter, type MceList, type MceSummary } from "../tables/mce.js";
import { defineCommand } from "./args.js";
import { CliError, EXIT, usageError } from "./exit.js";

type Layout = CmsLayout | "cms-hcpcs" | "cms-mce";
const LAYOUTS: readonly Layout[] = [...CMS_LAYOUTS, "cms-hcpcs", "cms-mce"];
const USAGE = `edict tables import --from ${LAYOUTS.join("|")} <input> [-o <out.csv | folder for cms-mce>]`;

/** how many problems are printed; the rest are counted */
const MAX_PRINTED = 20;
const CHUNK = 1 << 20;
const FLUSH_AT = 1 << 16;

/** feeds the file's lines to `onLine`, a chunk at a time (HCPCS files are ISO-8859-1: one byte, one position) */
function eachLine(path: string, onLine: (line: string) => void, encoding: "utf8" | "latin1" = "utf8"): void {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    throw new CliError(`cannot read ${path}`, EXIT.io);
  }
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    const decoder = new StringDecoder(encoding);
    const splitter = lineSplitter(onLine);
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buffer, 0, CHUNK, null);
      } catch {
        throw new CliError(`cannot read ${path}`, EXIT.io);
      }
      if (n === 0) break;
      splitter.push(decoder.write(buffer.subarray(0, n)));
    }
    splitter.push(decoder.end());
    splitter.end();
  } finally {
    closeSync(fd);
  }
}

/** one pass over the input; `emit` gets the CSV text in pieces (header first) */
function convertFile(layout: Exclude<Layout, "cms-mce">, input: string, emit?: (text: string) => void): CmsSummary {
  const converter: CmsConverter =
    layout === "cms-hcpcs" ? hcpcsConverter(input, { maxProblems: MAX_PRINTED }) : cmsConverter(layout, input, { maxProblems: MAX_PRINTED });
  let pending = emit ? converter.header + "\n" : "";
  eachLine(
    input,
    (line) => {
      const row = converter.line(line);
      if (row === undefined || !emit) return;
      pending += row + "\n";
      if (pending.length >= FLUSH_AT) {
        emit(pending);
        pending = "";
      }
    },
    layout === "cms-hcpcs" ? "latin1" : "utf8",
  );
  const summary = converter.end();
  if (emit && pending !== "" && summary.problemCount === 0) emit(pending);
  return summary;
}

function report(summary: CmsSummary, input: string, err: (s: string) => void): number {
  for (const p of summary.problems) err(formatCmsProblem(p));
  const more = summary.problemCount - summary.problems.length;
  if (more > 0) err(`… and ${more} more error${more === 1 ? "" : "s"}`);
  err(`edict: ${summary.problemCount} error${summary.problemCount === 1 ? "" : "s"} in ${input}; nothing written`);
  return EXIT.badInput;
}

export const tablesImportCommand = defineCommand({
  name: "tables import",
  summary: "convert CMS's published files (NCCI, HCPCS, MCE) into the shipped packs' CSV tables",
  usage: [`--from ${LAYOUTS.filter((l) => l !== "cms-mce").join("|")} <input> [-o <out.csv>]`, "--from cms-mce <input> -o <folder>"],
  options: {
    from: { type: "string", choices: LAYOUTS, help: "the layout of the input file" },
    output: {
      type: "string",
      short: "o",
      value: "<out.csv | folder>",
      help: "where the CSV goes (cms-mce: a folder, one CSV a list); written only if every row converts",
    },
  },
  notes: "Every bad row is reported with file, line and column (exit 2), and then nothing is written.",
  run({ values, operands }, { out, err }) {
    const layout = values.from;
    if (layout === undefined) throw usageError(`say the source layout: ${USAGE}`);
    const [input, ...extra] = operands;
    if (!input) throw usageError(`say which file to import: ${USAGE}`);
    if (extra.length) throw usageError(`edict tables import takes one input file, not ${extra.length + 1}`);
    const target = values.output;
    if (layout === "cms-mce") {
      if (target === undefined) throw usageError(`the MCE file holds one list per edit: say which folder they go to, -o <folder>`);
      return importMce(input, target, out, err);
    }

    if (target === undefined) {
      // stdout cannot be taken back: check every row first, then write
      const checked = convertFile(layout, input);
      if (checked.problemCount > 0) return report(checked, input, err);
      convertFile(layout, input, out);
      return EXIT.ok;
    }

    const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
    let fd: number;
    try {
      fd = openSync(temp, "w");
    } catch {
      throw new CliError(`cannot write ${target}`, EXIT.io);
    }
    let summary: CmsSummary;
    try {
      summary = convertFile(layout, input, (text) => {
        try {
          writeSync(fd, text);
        } catch {
          throw new CliError(`cannot write ${target}`, EXIT.io);
        }
      });
    } catch (e) {
      closeSync(fd);
      unlinkSync(temp);
      throw e;
    }
    closeSync(fd);
    if (summary.problemCount > 0) {
      unlinkSync(temp);
      return report(summary, input, err);
    }
    try {
      renameSync(temp, target);
    } catch {
      unlinkSync(temp);
      throw new CliError(`cannot write ${target}`, EXIT.io);
    }
    out(`${target}: ${summary.rows} rows from ${input} (${layout})${summary.note ? `; ${summary.note}` : ""}\n`);
    return EXIT.ok;
  },
});

/** the MCE file's lists, one CSV each in `folder`, written only when every row converted */
function importMce(input: string, folder: string, out: (s: string) => void, err: (s: string) => void): number {
  let created = false;
  try {
    if (!statSync(folder).isDirectory()) throw new CliError(`${folder} is not a folder`, EXIT.io);
  } catch (e) {
    if (e instanceof CliError) throw e;
    try {
      mkdirSync(folder, { recursive: true });
      created = true;
    } catch {
      throw new CliError(`cannot write ${folder}`, EXIT.io);
    }
  }
  const files = new Map<MceList, { fd: number; temp: string; pending: string }>();
  const flush = (f: { fd: number; pending: string }) => {
    try {
      writeSync(f.fd, f.pending);
    } catch {
      throw new CliError(`cannot write in ${folder}`, EXIT.io);
    }
    f.pending = "";
  };
  const discard = () => {
    for (const f of files.values()) {
      closeSync(f.fd);
      unlinkSync(f.temp);
    }
    if (created) rmdirSync(folder);
  };
  const converter = mceConverter(input, { maxProblems: MAX_PRINTED });
  let summary: MceSummary;
  try {
    eachLine(input, (line) => {
      const converted = converter.line(line);
      if (!converted) return;
      let f = files.get(converted.list);
      if (!f) {
        const temp = join(folder, `.${converted.list.file}.${process.pid}.tmp`);
        try {
          f = { fd: openSync(temp, "w"), temp, pending: converter.header + "\n" };
        } catch {
          throw new CliError(`cannot write in ${folder}`, EXIT.io);
        }
        files.set(converted.list, f);
      }
      f.pending += converted.row + "\n";
      if (f.pending.length >= FLUSH_AT) flush(f);
    });
    summary = converter.end();
    if (summary.problemCount === 0) for (const f of files.values()) flush(f);
  } catch (e) {
    discard();
    throw e;
  }
  if (summary.problemCount > 0) {
    discard();
    return report(summary, input, err);
  }
  for (const [list, f] of files) {
    closeSync(f.fd);
    try {
      renameSync(f.temp, join(folder, list.file));
    } catch {
      throw new CliError(`cannot write ${join(folder, list.file)}`, EXIT.io);
    }
  }
  out(`${folder}: ${summary.rows} rows of MCE version ${summary.version} from ${input}, one file per list (cms-mce):\n`);
  for (const [list, rows] of summary.perList) {
    const ages = !list.ages ? "" : list.ages.min === list.ages.max ? `, age ${list.ages.min}` : `, ages ${list.ages.min}–${list.ages.max}`;
    out(
      `  ${list.file.padEnd(28)} edit ${list.edit.padEnd(4)} ${list.editType} ${list.codeType}: ${rows} row${rows === 1 ? "" : "s"} (${list.title}${ages})\n`,
    );
  }
  return EXIT.ok;
}
