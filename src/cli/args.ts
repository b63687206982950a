// How an `edict` command declares itself and how its command line is read. A command is one
// object (see `defineCommand`): its name, a one-line summary, its usage lines, and one option
// table that both Node's `util.parseArgs` (strict) reads the command line with and `--help`
// prints. Every command gets `-h`/`--help` from here; an unknown option, a missing value or a
// value outside an option's choices is a usage error (exit 3) that says what was meant.
import { parseArgs } from "node:util";
import { closest } from "../check/suggest.js";
import { EXIT_MEANINGS, usageError } from "./exit.js";

export interface OptionSpec {
  type: "string" | "boolean";
  /** a one-letter alias, e.g. "o" for --output */
  short?: string;
  /** the value's placeholder in help, e.g. "<file>" (string options without choices) */
  value?: string;
  /** the only values allowed; help shows them as `a|b` */
  choices?: readonly string[];
  /** the value when the option is absent (string options) */
  default?: string;
  /** one line for `--help` */
  help: string;
}

export type OptionTable = Readonly<Record<string, OptionSpec>>;

type ValueOf<S extends OptionSpec> = S["type"] extends "boolean"
  ? boolean
  : (S extends { choices: readonly (infer C extends string)[] } ? C : string) | (S extends { default: string } ? never : undefined);

/** the parsed options: booleans are true or false, strings their value (or default, or undefined) */
export type Values<O extends OptionTable> = { -readonly [K in keyof O]: ValueOf<O[K]> };

export interface Args<O extends OptionTable = OptionTable> {
  values: Values<O>;
  /** the arguments that are not options, in order */
  operands: string[];
}

/** `out` takes text as is (add the newlines); `err` takes one line and ends it */
export type Sink = (text: string) => void;
export interface Io {
  out: Sink;
  err: Sink;
}

export interface Command<O extends OptionTable = OptionTable> {
  /** what follows `edict`: one word, or two for a subcommand (`tables import`) */
  name: string;
  /** one line for `edict --help` */
  summary: string;
  /** what follows `edict <name>` in each usage line, e.g. "[--format text|json] <pack>" */
  usage: readonly string[];
  options: O;
  /** paragraphs `--help` prints after the options */
  notes?: string;
  /**
   * does the work; returns an exit code of ./exit.ts or throws a CliError. A command that
   * waits on the network or a database returns a promise of the exit code (and rejects with a
   * CliError); `run` in ./main.ts handles both alike.
   */
  run(args: Args<O>, io: Io): number | Promise<number>;
}

/** declares a command; `const` keeps the option table's literal types for `run`'s values */
export function defineCommand<const O extends OptionTable>(command: Command<O>): Command<O> {
  return command;
}

const HELP_OPTION: OptionSpec = { type: "boolean", short: "h", help: "show this help" };

/** whether the command line asks for help (before a `--`, which ends the options) */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === "--") return false;
    if (arg === "--help" || arg === "-h") return true;
  }
  return false;
}

const parseConfig = (options: OptionTable) =>
  Object.fromEntries(Object.entries(options).map(([name, o]) => [name, o.short ? { type: o.type, short: o.short } : { type: o.type }]));

/** reads `argv` (what follows the command's name) against the command's option table */
export function parseCommandLine<O extends OptionTable>(command: Command<O>, argv: string[]): Args<O> {
  const config = parseConfig(command.options);
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: config, strict: true, allowPositionals: true });
  } catch (e) {
    throw usageError(explainParseError(command, argv, e));
  }
  const values: Record<string, string | boolean | undefined> = {};
  for (const [name, spec] of Object.entries(command.options)) {
    const given = parsed.values[name];
    if (spec.type === "boolean") {
      values[name] = given === true;
      continue;
    }
    const value = typeof given === "string" ? given : spec.default;
    if (value !== undefined && spec.choices && !spec.choices.includes(value)) {
      const near = closest(value, spec.choices);
      throw usageError(`--${name} is ${orList(spec.choices)}, not ${value}${near ? `; did you mean ${near}?` : ""}`);
    }
    values[name] = value;
  }
  return { values: values as Values<O>, operands: parsed.positionals };
}

/**
 * Turns util.parseArgs's refusal into a sentence naming the option: a lenient second reading
 * of the same command line gives the tokens, and the first one the strict reading refused is
 * the culprit.
 */
function explainParseError(command: Command, argv: string[], e: unknown): string {
  const code = (e as { code?: string })?.code ?? "";
  if (!code.startsWith("ERR_PARSE_ARGS_")) throw e;
  const { tokens } = parseArgs({ args: argv, options: parseConfig(command.options), strict: false, allowPositionals: true, tokens: true });
  for (const t of tokens) {
    if (t.kind !== "option") continue;
    const spec = command.options[t.name];
    if (!spec) {
      const known = Object.keys(command.options).map((n) => `--${n}`);
      const near = t.rawName.startsWith("--") ? closest(t.rawName, known) : undefined;
      return `unknown option ${t.rawName} for edict ${command.name}${near ? `; did you mean ${near}?` : ""} (edict ${command.name} --help lists its options)`;
    }
    if (spec.type === "string" && (t.value === undefined || (!t.inlineValue && t.value.startsWith("-")))) {
      return `${t.rawName} needs a value: ${t.rawName} ${valueText(spec)}`;
    }
    if (spec.type === "boolean" && t.value !== undefined) return `${t.rawName} takes no value`;
  }
  return `${(e as Error).message} (edict ${command.name} --help)`;
}

/** "a", "a or b", "a, b or c" */
export const orList = (items: readonly string[]): string =>
  items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;

const valueText = (o: OptionSpec): string => (o.choices ? o.choices.join("|") : (o.value ?? "<value>"));

/** two columns, the left padded to its widest entry (at most `cap` wide; a longer one gets a line to itself) */
function columns(rows: ReadonlyArray<readonly [string, string]>, cap = 28): string[] {
  const width = Math.min(cap, Math.max(0, ...rows.map(([l]) => l.length)));
  const indent = " ".repeat(width + 4);
  return rows.map(([left, rightText]) => {
    const right = rightText.split("\n").join(`\n${indent}`);
    return left.length > width ? `  ${left}\n${indent}${right}` : `  ${left.padEnd(width)}  ${right}`;
  });
}

/** `edict <command> --help` */
export function commandHelp(command: Command): string {
  const options: Array<[string, OptionSpec]> = [...Object.entries(command.options), ["help", HELP_OPTION]];
  const rows = options.map(([name, o]): [string, string] => [
    `${o.short ? `-${o.short}, ` : "    "}--${name}${o.type === "string" ? ` ${valueText(o)}` : ""}`,
    `${o.help}${o.default !== undefined ? ` (default ${o.default})` : ""}`,
  ]);
  const parts = [
    `edict ${command.name} — ${command.summary}`,
    "",
    "Usage:",
    ...command.usage.map((u) => `  edict ${command.name} ${u}`.trimEnd()),
    "",
    "Options:",
    ...columns(rows),
  ];
  if (command.notes) parts.push("", command.notes.trim());
  return parts.join("\n") + "\n";
}

/** `edict --help`: every command with its summary and usage lines, then the exit codes */
export function usageText(commands: readonly Command[]): string {
  return (
    [
      "edict — adjudicate health-insurance claims with rules you can read",
      "",
      "Commands:",
      ...columns(
        commands.map((c) => [c.name, c.summary]),
        16,
      ),
      "",
      "Usage:",
      ...commands.flatMap((c) => c.usage.map((u) => `  edict ${c.name} ${u}`.trimEnd())),
      "  edict --version",
      "",
      "`edict <command> --help` lists a command's options. A claim's context is --context, or",
      "else context.json beside the claim; a folder argument means every claim.json below it.",
      "",
      "Exit codes:",
      ...columns(EXIT_MEANINGS.map(([code, meaning]) => [String(code), meaning])),
    ].join("\n") + "\n"
  );
}

/** `edict <word> --help` when <word> is the first word of two-word commands (`edict tables`) */
export function groupHelp(word: string, group: readonly Command[]): string {
  return (
    [
      `edict ${word} — subcommands: ${group.map((c) => c.name.slice(word.length + 1)).join(", ")}`,
      "",
      "Commands:",
      ...columns(
        group.map((c) => [c.name, c.summary]),
        16,
      ),
      "",
      "Usage:",
      ...group.flatMap((c) => c.usage.map((u) => `  edict ${c.name} ${u}`.trimEnd())),
      "",
      `\`edict ${word} <subcommand> --help\` lists a subcommand's options.`,
    ].join("\n") + "\n"
  );
}
