// How the `edict` command fails: the one exit-code table every command returns from, and the
// one error type a command throws to stop with a message. `run` (./main.ts) prints a CliError's
// message as `edict: <message>` on stderr and exits with its code; anything else is a bug in
// Edict (exit 70). README's "The command line" lists the same codes.

/** exit codes, each with the sentence `edict --help` shows for it */
export const EXIT = {
  ok: 0,
  /** the rules have errors or fail a test case; `fmt --check`: a file is not formatted; `export --strict`, `import`: something could not be converted */
  ruleErrors: 1,
  /** a claim, context, batch record, test case or table row is malformed */
  badInput: 2,
  /** the command line is wrong */
  usage: 3,
  /** a file cannot be read or written */
  io: 4,
  /** a bug in Edict itself */
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** the meaning of each exit code, for the usage text (README's table says the same); "\n" breaks a long one */
export const EXIT_MEANINGS: ReadonlyArray<readonly [ExitCode, string]> = [
  [EXIT.ok, "success"],
  [
    EXIT.ruleErrors,
    "the rules have errors or fail a test case; `fmt --check` found an unformatted\nfile; `export --strict` or `import` could not convert everything",
  ],
  [EXIT.badInput, "a claim, context, batch record, test case or table row is malformed"],
  [EXIT.usage, "the command line is wrong"],
  [EXIT.io, "a file cannot be read or written"],
  [EXIT.internal, "an internal error in Edict (please report it)"],
];

/** stops a command: `message` goes to stderr after `edict: `, `exit` is the process's exit code */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exit: ExitCode,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** a usage error (exit 3): the command line is wrong */
export const usageError = (message: string): CliError => new CliError(message, EXIT.usage);

/**
 * Thrown by the stdout sink when the reader went away (`edict … | head -1`): not an error, the
 * command just stops early and exits 0 without a word.
 */
export class OutputClosed extends Error {
  constructor() {
    super("stdout was closed");
    this.name = "OutputClosed";
  }
}
