// `edict tables import --from cms-ptp|cms-mue <input> [-o <out.csv>]`: converts CMS's published
// NCCI files into the CSV layouts of rules/cms-edits/tables (the conversion is src/tables/cms.ts;
// this is the file I/O). The input is read in chunks and never held whole, so million-line PTP
// files convert in constant memory. A file with any bad row writes nothing: with -o the CSV goes
// to a temporary file renamed into place only when every row converted; to stdout, a first pass
// checks the whole file and a second writes it.
import { openSync, readSync, closeSync, writeSync, renameSync, unlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { CMS_LAYOUTS, cmsConverter, formatCmsProblem, lineSplitter, type CmsLayout, type CmsSummary } from "../tables/cms.js";

/** the exit codes of src/cli/main.ts (EXIT), repeated here so this module need not import main */
const EXIT = { ok: 0, badInput: 2, usage: 3, io: 4 } as const;

/** how many problems are printed; the rest are counted */
const MAX_PRINTED = 20;
const CHUNK = 1 << 20;
const FLUSH_AT = 1 << 16;

export interface TablesArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

class Stop extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

/** feeds the file's lines to `onLine`, a chunk at a time */
function eachLine(path: string, onLine: (line: string) => void): void {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    throw new Stop(`cannot read ${path}`, EXIT.io);
  }
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    const decoder = new StringDecoder("utf8");
    const splitter = lineSplitter(onLine);
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buffer, 0, CHUNK, null);
      } catch {
        throw new Stop(`cannot read ${path}`, EXIT.io);
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
function convertFile(layout: CmsLayout, input: string, emit?: (text: string) => void): CmsSummary {
  const converter = cmsConverter(layout, input, { maxProblems: MAX_PRINTED });
  let pending = emit ? converter.header + "\n" : "";
  eachLine(input, (line) => {
    const row = converter.line(line);
    if (row === undefined || !emit) return;
    pending += row + "\n";
    if (pending.length >= FLUSH_AT) {
      emit(pending);
      pending = "";
    }
  });
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

function importCommand(args: TablesArgs, out: (s: string) => void, err: (s: string) => void): number {
  const from = args.flags.get("from");
  if (typeof from !== "string" || !(CMS_LAYOUTS as readonly string[]).includes(from)) {
    throw new Stop(`say the source layout: edict tables import --from ${CMS_LAYOUTS.join("|")} <input> [-o <out.csv>]`, EXIT.usage);
  }
  const layout = from as CmsLayout;
  const [, input, ...extra] = args.positional;
  if (!input) throw new Stop("say which file to import: edict tables import --from " + layout + " <input> [-o <out.csv>]", EXIT.usage);
  if (extra.length) throw new Stop(`edict tables import takes one input file, not ${extra.length + 1}`, EXIT.usage);
  const target = args.flags.get("output");
  if (target === true) throw new Stop("-o needs a file name", EXIT.usage);

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
    throw new Stop(`cannot write ${target}`, EXIT.io);
  }
  let summary: CmsSummary;
  try {
    summary = convertFile(layout, input, (text) => {
      try {
        writeSync(fd, text);
      } catch {
        throw new Stop(`cannot write ${target}`, EXIT.io);
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
    throw new Stop(`cannot write ${target}`, EXIT.io);
  }
  out(`${target}: ${summary.rows} rows from ${input} (${layout})\n`);
  return EXIT.ok;
}

export function tablesCommand(args: TablesArgs, out: (s: string) => void, err: (s: string) => void): number {
  try {
    const [sub] = args.positional;
    if (sub !== "import") throw new Stop(`edict tables has one subcommand: edict tables import --from ${CMS_LAYOUTS.join("|")} <input> [-o <out.csv>]`, EXIT.usage);
    return importCommand(args, out, err);
  } catch (e) {
    if (e instanceof Stop) {
      err(`edict: ${e.message}`);
      return e.code;
    }
    throw e;
  }
}
