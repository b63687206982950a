// The `edict` command: finds the command a command line names (./commands.ts), reads its
// options (./args.ts) and runs it. Here and only here an error becomes its exit code
// (./exit.ts): a CliError prints `edict: <message>` on stderr, a closed stdout ends quietly
// with 0, anything else is a bug and says so — never a stack trace.
import { closest } from "../check/suggest.js";
import { commandHelp, groupHelp, orList, parseCommandLine, usageText, wantsHelp, type Command, type Io, type Sink } from "./args.js";
import { COMMANDS } from "./commands.js";
import { CliError, EXIT, OutputClosed, usageError } from "./exit.js";
import { packageVersion, processIo } from "./io.js";

/** the first word of each command's name (`tables` for `tables import`), once each */
const firstWords = (commands: readonly Command[]) => [...new Set(commands.map((c) => c.name.split(" ")[0]))];

/** the command `argv` names and the arguments after its name, or the exit code of a group's help */
function findCommand(commands: readonly Command[], argv: string[], io: Io): { command: Command; rest: string[] } | { exit: number } {
  const [word, ...rest] = argv;
  const direct = commands.find((c) => c.name === word);
  if (direct) return { command: direct, rest };
  const group = commands.filter((c) => c.name.startsWith(`${word} `));
  if (group.length === 0) {
    const near = closest(word, firstWords(commands));
    throw usageError(`unknown command "${word}"${near ? `; did you mean ${near}?` : ""} (commands: ${firstWords(commands).join(", ")})`);
  }
  const subs = group.map((c) => c.name.slice(word.length + 1));
  const [sub, ...after] = rest;
  if (sub === undefined || sub.startsWith("-")) {
    if (wantsHelp(rest)) {
      io.out(groupHelp(word, group));
      return { exit: EXIT.ok };
    }
    throw usageError(`edict ${word} needs a subcommand: ${orList(subs)} (edict ${word} --help)`);
  }
  const command = group.find((c) => c.name === `${word} ${sub}`);
  if (!command) {
    const near = closest(sub, subs);
    throw usageError(`unknown subcommand "${word} ${sub}"${near ? `; did you mean ${word} ${near}?` : ""} (edict ${word} has ${orList(subs)})`);
  }
  return { command, rest: after };
}

function dispatch(commands: readonly Command[], argv: string[], io: Io): number | Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.out(usageText(commands));
    return EXIT.usage;
  }
  if (first === "--help" || first === "-h" || first === "help") {
    if (first === "help" && rest.length) return dispatch(commands, [...rest, "--help"], io);
    io.out(usageText(commands));
    return EXIT.ok;
  }
  if (first === "--version") {
    io.out(`edict ${packageVersion()}\n`);
    return EXIT.ok;
  }
  if (first.startsWith("-")) throw usageError(`unknown option ${first}: before a command edict takes only --help or --version (edict --help)`);
  const found = findCommand(commands, argv, io);
  if ("exit" in found) return found.exit;
  if (wantsHelp(found.rest)) {
    io.out(commandHelp(found.command));
    return EXIT.ok;
  }
  return found.command.run(parseCommandLine(found.command, found.rest), io);
}

/** the exit code for what a command threw (or its promise rejected with) */
function exitFor(e: unknown, err: Sink): number {
  if (e instanceof OutputClosed) return EXIT.ok;
  if (e instanceof CliError) {
    err(`edict: ${e.message}`);
    return e.exit;
  }
  err(`edict: internal error: ${(e as Error)?.message ?? String(e)} — please report this with the command you ran`);
  return EXIT.internal;
}

/** `run` over another command list (the tests' own commands) */
export function runCommands(commands: readonly Command[], argv: string[], out: Sink, err: Sink): number | Promise<number> {
  try {
    const exit = dispatch(commands, argv, { out, err });
    return typeof exit === "number" ? exit : exit.catch((e: unknown) => exitFor(e, err));
  } catch (e) {
    return exitFor(e, err);
  }
}

/**
 * Runs one command line; `out` takes text as is, `err` one line at a time. The exit code, or a
 * promise of it when the command is asynchronous.
 */
export function run(argv: string[], out: Sink, err: Sink): number | Promise<number> {
  return runCommands(COMMANDS, argv, out, err);
}

/** `edict` as a process (bin/edict.js): the process's own stdout and stderr */
export function main(argv: string[]): number | Promise<number> {
  const io = processIo();
  return run(argv, io.out, io.err);
}
