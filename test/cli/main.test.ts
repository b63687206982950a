// Dispatch and failure handling of src/cli/main.ts over a command list of the test's own: an
// asynchronous command, a CliError thrown or rejected, a bug (exit 70, no stack), a closed
// stdout (quiet exit 0), two-word commands and their group help.
import { describe, it, expect } from "vitest";
import { defineCommand, type Command } from "../../src/cli/args.js";
import { CliError, EXIT, OutputClosed } from "../../src/cli/exit.js";
import { runCommands } from "../../src/cli/main.js";

const commands: Command[] = [
  defineCommand({
    name: "echo",
    summary: "prints its operands",
    usage: ["[--upper] <word>..."],
    options: { upper: { type: "boolean", help: "in capitals" } },
    run: ({ values, operands }, { out }) => {
      const text = operands.join(" ");
      out((values.upper ? text.toUpperCase() : text) + "\n");
      return EXIT.ok;
    },
  }),
  defineCommand({
    name: "later",
    summary: "answers after a wait",
    usage: ["[--fail | --crash] <word>"],
    options: { fail: { type: "boolean", help: "reject with a CliError" }, crash: { type: "boolean", help: "reject with a bug" } },
    run: async ({ values, operands }, { out }) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (values.fail) throw new CliError(`cannot read ${operands[0]}`, EXIT.io);
      if (values.crash) throw new TypeError("x is undefined");
      out(`${operands[0]}\n`);
      return EXIT.ok;
    },
  }),
  defineCommand({ name: "bug", summary: "throws", usage: [""], options: {}, run: () => JSON.parse("{") }),
  defineCommand({
    name: "stream",
    summary: "writes until stdout closes",
    usage: [""],
    options: {},
    run: (_args, { out }) => {
      for (;;) out("x\n");
    },
  }),
  defineCommand({ name: "pair one", summary: "first of a pair", usage: ["<a>"], options: {}, run: () => 11 }),
  defineCommand({ name: "pair two", summary: "second of a pair", usage: ["<b>"], options: {}, run: () => 12 }),
];

async function edict(argv: string[], out: (s: string) => void = () => {}) {
  let stdout = "";
  let stderr = "";
  const code = await runCommands(
    commands,
    argv,
    (s) => {
      out(s);
      stdout += s;
    },
    (s) => (stderr += s + "\n"),
  );
  return { code, stdout, stderr };
}

describe("dispatch", () => {
  it("runs a command with its options and operands", async () => {
    expect(await edict(["echo", "--upper", "a", "b"])).toEqual({ code: 0, stdout: "A B\n", stderr: "" });
  });

  it("waits for an asynchronous command; its rejection is handled as a throw", async () => {
    const pending = runCommands(
      commands,
      ["later", "w"],
      () => {},
      () => {},
    );
    expect(pending).toBeInstanceOf(Promise);
    expect(await edict(["later", "w"])).toEqual({ code: 0, stdout: "w\n", stderr: "" });
    expect(await edict(["later", "--fail", "f.json"])).toEqual({ code: EXIT.io, stdout: "", stderr: "edict: cannot read f.json\n" });
    const crash = await edict(["later", "--crash", "w"]);
    expect(crash.code).toBe(EXIT.internal);
    expect(crash.stderr).toBe("edict: internal error: x is undefined — please report this with the command you ran\n");
  });

  it("a bug is exit 70 with one sentence, never a stack trace", async () => {
    const r = await edict(["bug"]);
    expect(r.code).toBe(70);
    expect(r.stderr).toMatch(/^edict: internal error: .*JSON.* — please report this with the command you ran\n$/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("a closed stdout stops the command quietly with exit 0", async () => {
    let writes = 0;
    const r = await edict(["stream"], () => {
      if (++writes === 3) throw new OutputClosed();
    });
    expect(writes).toBe(3);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
  });

  it("two-word commands: dispatch, the group's help, a missing or mistyped second word", async () => {
    expect((await edict(["pair", "two", "x"])).code).toBe(12);
    const help = await edict(["pair", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("  edict pair one <a>\n  edict pair two <b>\n");
    expect(help.stdout.startsWith("edict pair — subcommands: one, two\n")).toBe(true);
    expect(help.stdout).not.toContain("edict echo");
    expect(await edict(["pair"])).toMatchObject({ code: 3, stderr: "edict: edict pair needs a subcommand: one or two (edict pair --help)\n" });
    expect(await edict(["pair", "tow"])).toMatchObject({
      code: 3,
      stderr: 'edict: unknown subcommand "pair tow"; did you mean pair two? (edict pair has one or two)\n',
    });
    expect(await edict(["echa"])).toMatchObject({
      code: 3,
      stderr: 'edict: unknown command "echa"; did you mean echo? (commands: echo, later, bug, stream, pair)\n',
    });
  });
});
