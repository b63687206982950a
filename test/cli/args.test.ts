// The command-line reader of src/cli/args.ts on a small declared command: values, defaults,
// choices, and the sentence for each kind of mistake; the help text generated from the table.
import { describe, it, expect } from "vitest";
import { commandHelp, defineCommand, parseCommandLine, wantsHelp } from "../../src/cli/args.js";
import { CliError, EXIT } from "../../src/cli/exit.js";

const sample = defineCommand({
  name: "sample",
  summary: "a command for the tests",
  usage: ["--rules <pack> [--format json|text] <file>..."],
  options: {
    rules: { type: "string", value: "<pack>", help: "the rules" },
    format: { type: "string", choices: ["json", "text"], default: "json", help: "output format" },
    output: { type: "string", short: "o", value: "<file>", help: "where to write" },
    trace: { type: "boolean", help: "add the trace" },
  },
  notes: "A closing paragraph.",
  run: () => 0,
});

/** the usage error `argv` makes, as [exit code, message] */
function refusal(argv: string[]): [number, string] {
  try {
    parseCommandLine(sample, argv);
  } catch (e) {
    if (e instanceof CliError) return [e.exit, e.message];
    throw e;
  }
  throw new Error(`${argv.join(" ")} was accepted`);
}

describe("parseCommandLine", () => {
  it("reads string, short, boolean and inline options, defaults and operands in order", () => {
    const a = parseCommandLine(sample, ["x.json", "--rules", "p", "-o", "out.txt", "--trace", "--format=text", "y.json"]);
    expect(a.values).toEqual({ rules: "p", format: "text", output: "out.txt", trace: true });
    expect(a.operands).toEqual(["x.json", "y.json"]);
    const b = parseCommandLine(sample, ["--rules=p"]);
    expect(b.values).toEqual({ rules: "p", format: "json", output: undefined, trace: false });
    expect(b.operands).toEqual([]);
  });

  it("takes everything after -- as operands", () => {
    expect(parseCommandLine(sample, ["--", "--trace", "-o"]).operands).toEqual(["--trace", "-o"]);
  });

  it("an unknown option is exit 3 with the closest known one", () => {
    const [exit, message] = refusal(["--rulez", "p"]);
    expect(exit).toBe(EXIT.usage);
    expect(message).toBe("unknown option --rulez for edict sample; did you mean --rules? (edict sample --help lists its options)");
    expect(refusal(["--verbosity"])[1]).toBe("unknown option --verbosity for edict sample (edict sample --help lists its options)");
    expect(refusal(["-x"])[1]).toMatch(/^unknown option -x for edict sample/);
  });

  it("a missing value names the option and what it takes, also when the next word is an option", () => {
    expect(refusal(["--rules"])).toEqual([EXIT.usage, "--rules needs a value: --rules <pack>"]);
    expect(refusal(["--rules", "--trace", "x"])).toEqual([EXIT.usage, "--rules needs a value: --rules <pack>"]);
    expect(refusal(["x", "-o"])).toEqual([EXIT.usage, "-o needs a value: -o <file>"]);
    expect(refusal(["--format"])).toEqual([EXIT.usage, "--format needs a value: --format json|text"]);
  });

  it("a value outside the choices lists them, with the closest", () => {
    expect(refusal(["--format", "xml"])).toEqual([EXIT.usage, "--format is json or text, not xml"]);
    expect(refusal(["--format", "jsn"])).toEqual([EXIT.usage, "--format is json or text, not jsn; did you mean json?"]);
  });

  it("a boolean option takes no value", () => {
    expect(refusal(["--trace=yes"])).toEqual([EXIT.usage, "--trace takes no value"]);
  });
});

describe("help", () => {
  it("is asked for by --help or -h anywhere before --", () => {
    expect(wantsHelp(["x", "--help"])).toBe(true);
    expect(wantsHelp(["-h", "--rulez"])).toBe(true);
    expect(wantsHelp(["--", "--help"])).toBe(false);
    expect(wantsHelp(["--rules", "p"])).toBe(false);
  });

  it("is generated from the option table: usage, every option with its value, default and help", () => {
    const help = commandHelp(sample);
    expect(help.startsWith("edict sample — a command for the tests\n\nUsage:\n  edict sample --rules <pack> [--format json|text] <file>...\n")).toBe(true);
    expect(help).toMatch(/^ {6}--rules <pack> +the rules$/m);
    expect(help).toMatch(/^ {6}--format json\|text +output format \(default json\)$/m);
    expect(help).toMatch(/^ {2}-o, --output <file> +where to write$/m);
    expect(help).toMatch(/^ {6}--trace +add the trace$/m);
    expect(help).toMatch(/^ {2}-h, --help +show this help$/m);
    expect(help.endsWith("\nA closing paragraph.\n")).toBe(true);
  });
});
