// The editor's language support without a browser: hover and go to definition read a phase by
// its syntactic place (not a table of the same name), the themes' bracket colours reach 4.5:1,
// the assets folder of the workers is normalised, and "did you mean" diagnostics carry their fix
// as data (the quick fix applies it).
import { describe, expect, it } from "vitest";
import { compilePack } from "../../src/index.js";
import { hoverAt } from "../../src/editor/language/hover.js";
import { definitionAt } from "../../src/editor/language/definition.js";
import { BRACKET_COLORS, edictThemes, THEME_BACKGROUND } from "../../src/editor/language/monarch.js";
import { contrastRatio } from "../../src/editor/language/contrast.js";
import { assetsFolder } from "../../src/editor/worker-client.js";
import { buildSymbolIndex } from "../../src/editor/symbols.js";
import { demoFiles, DEMO_ENTRY } from "../../scripts/editor-data.js";
import { ROOT } from "../../scripts/editor-build.js";

const files = demoFiles(ROOT);
const EDITS = "rules/cms-edits/edits.edict";
const PLAN = "rules/demo-ppo/plan.edict";
const symbols = buildSymbolIndex(files);
const lines = files[EDITS].split("\n");

function at(needle: string, word: string): { line: number; column: number } {
  const index = lines.findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`no line with ${needle}`);
  return { line: index + 1, column: lines[index].indexOf(word, lines[index].indexOf(needle)) + 2 };
}

describe("a phase name in `phase …`", () => {
  it("hovers as the phase, not as the table of the same name", () => {
    // the pack has a table `necessity` and rules in phase `necessity`
    expect(symbols.tables.map((t) => t.name)).toContain("necessity");
    const { line, column } = at("  phase necessity", "necessity");
    const hover = hoverAt(lines, line, column, symbols);
    expect(hover?.contents[0]).toBe("**necessity** — phase 7 of 13");
    expect(hover?.contents.join("\n")).toContain("CO-50");
    expect(hover?.contents.join("\n")).not.toContain("table");
    // and the rules of that phase are listed
    const rules = symbols.symbols.filter((s) => s.kind === "rule" && s.detail === "necessity").map((s) => s.name);
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) expect(hover?.contents.join("\n")).toContain(`\`${r}\``);
  });

  it("has no definition (a phase is built in), while the table's name elsewhere still goes to the table", () => {
    const phase = at("  phase necessity", "necessity");
    expect(definitionAt(lines, phase.line, phase.column, symbols)).toBeUndefined();
    const use = lines.findIndex((l) => /\bnecessity\[/.test(l));
    expect(use).toBeGreaterThan(-1);
    const column = lines[use].indexOf("necessity[") + 2;
    const table = symbols.tables.find((t) => t.name === "necessity")!;
    expect(definitionAt(lines, use + 1, column, symbols)).toEqual(table.nameSpan);
    expect(hoverAt(lines, use + 1, column, symbols)?.contents[0]).toMatch(/^\*\*necessity\*\* — table/);
  });
});

describe("the themes' bracket colours", () => {
  for (const theme of ["light", "dark"] as const) {
    it(`reach 4.5:1 against the ${theme} background`, () => {
      const colors = edictThemes[theme].colors;
      expect(colors["editor.background"]).toBe(THEME_BACKGROUND[theme]);
      const configured = Object.entries(colors).filter(([k]) => k.startsWith("editorBracketHighlight."));
      expect(configured).toHaveLength(7);
      for (const [key, color] of configured) {
        const ratio = contrastRatio(color, THEME_BACKGROUND[theme]);
        expect({ key, color, enough: ratio >= 4.5 }).toEqual({ key, color, enough: true });
      }
      expect(BRACKET_COLORS[theme].levels).toHaveLength(3);
    });
  }

  it("measure as WCAG does (monaco's own green fails, black on white is 21:1)", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#319331", "#ffffff")).toBeLessThan(4.5);
    expect(contrastRatio("#319331", "#ffffff")).toBeGreaterThan(3.8);
  });
});

describe("assetsUrl", () => {
  const page = "https://host.example/admin/rules/index.html";
  const module = "https://cdn.example/edict/edict-editor.js";
  it("is resolved against the page and given its trailing slash", () => {
    expect(assetsFolder("/static/edict", module, page).href).toBe("https://host.example/static/edict/");
    expect(assetsFolder("/static/edict/", module, page).href).toBe("https://host.example/static/edict/");
    expect(assetsFolder("vendor/edict", module, page).href).toBe("https://host.example/admin/rules/vendor/edict/");
    expect(new URL("edict.worker.js", assetsFolder("vendor/edict", module, page)).href).toBe("https://host.example/admin/rules/vendor/edict/edict.worker.js");
  });
  it("defaults to the folder of the editor's script", () => {
    expect(assetsFolder(undefined, module, page).href).toBe("https://cdn.example/edict/");
  });
});

describe("did-you-mean diagnostics", () => {
  const broken = {
    ...files,
    [PLAN]: files[PLAN]
      .replace("line.serviceDate + timely_filing", "line.serviceDat + timely_filng")
      .replace("codes office_visit_codes", "codes office_visit_code")
      .replace("phase eligibility", "phase eligibilty"),
    [EDITS]: files[EDITS].replace("then deny CO-4\n", "then deny CO-44\n"),
  };
  const diagnostics = compilePack(DEMO_ENTRY, broken).diagnostics;

  it("carry the suggestion of their hint as data, the message unchanged", () => {
    const withHint = diagnostics.filter((d) => d.hint?.startsWith("did you mean"));
    expect(withHint.map((d) => d.code).sort()).toEqual(["unknown-field", "unknown-name", "unknown-phase", "unknown-reason", "unknown-valueset"]);
    for (const d of withHint) {
      const named = /did you mean `(.*)`\?/.exec(d.hint!)![1];
      expect(d.suggestion?.text).toBe(named);
      expect(d.suggestion?.span.file).toBe(d.span.file);
    }
    const reason = withHint.find((d) => d.code === "unknown-reason")!;
    expect(reason.message).toBe("`44` is not a claim adjustment reason code (CARC) in the code table");
  });

  it("whose suggestions, applied to the text, leave a pack that checks clean", () => {
    const fixed: Record<string, string> = { ...broken };
    // from the end of each file backwards, so earlier offsets stay right
    const fixes = diagnostics.flatMap((d) => (d.suggestion ? [d.suggestion] : [])).sort((a, b) => b.span.offset - a.span.offset);
    for (const s of fixes) {
      const text = fixed[s.span.file];
      fixed[s.span.file] = text.slice(0, s.span.offset) + s.text + text.slice(s.span.endOffset);
    }
    expect(compilePack(DEMO_ENTRY, fixed).diagnostics).toEqual([]);
    // the reason's fix replaced only its code, with the closest CARC: CO-44 became CO-24
    expect(fixed[EDITS]).toBe(files[EDITS].replace("then deny CO-4\n", "then deny CO-24\n"));
    expect(fixed[PLAN]).toBe(files[PLAN]);
  });
});
