// The Monarch tokenizer of the `.edict` language and the theme that colours its tokens. Token
// shapes follow src/syntax/lexer.ts; the keyword list is the lexer's own KEYWORDS.
import type * as Monaco from "monaco-editor/editor";
import { RULE_PHASES } from "../../common/phases.js";
import { FUNCTIONS, ROOTS } from "../../ir/types.js";

export const LANGUAGE_ID = "edict";
export const THEME_IDS = { light: "edict-light", dark: "edict-dark" } as const;

export function edictMonarch(keywords: readonly string[]): Monaco.languages.IMonarchLanguage {
  return {
    defaultToken: "",
    tokenPostfix: ".edict",
    keywords: [...keywords],
    phases: [...RULE_PHASES],
    roots: Object.keys(ROOTS),
    functions: Object.keys(FUNCTIONS),
    tokenizer: {
      root: [
        [/\/\/.*$/, "comment"],
        [/"(?:[^"\\]|\\.)*"/, "string"],
        [/"(?:[^"\\]|\\.)*$/, "string.invalid"],
        [/\d{4}-\d{2}-\d{2}(?![0-9A-Za-z])/, "number.date"],
        [/\$\d+(?:\.\d+)?/, "number.money"],
        [/\d+(?:\.\d+)?%/, "number.percent"],
        [/(?:CO|PR|OA|PI|CR)-[A-Z0-9]+/, "type.reason"],
        [/[A-Z][A-Z0-9]*(?:\.[A-Z0-9]+\*?|\.\*|\*)?|\d+[A-Z][A-Z0-9]*\*?|\d+\*/, "constant.code"],
        [/\d+/, "number"],
        [
          /[a-z_][a-zA-Z0-9_]*/,
          {
            cases: {
              "@keywords": "keyword",
              "@phases": "type.phase",
              "@roots": "variable.predefined",
              "@functions": "predefined.function",
              "@default": "identifier",
            },
          },
        ],
        [/[{}()[\]]/, "@brackets"],
        [/\.\.|!=|<=|>=|[<>=+\-*/?]/, "operator"],
        [/[:,.]/, "delimiter"],
        [/[ \t\r\n]+/, "white"],
      ],
    },
  };
}

/** the editor background of each theme (monaco's vs and vs-dark), which every colour is read against */
export const THEME_BACKGROUND = { light: "#ffffff", dark: "#1e1e1e" } as const;

/**
 * bracket pair colours (three levels, then repeated) and the colour of an unmatched bracket: each at
 * least 4.5:1 against its background (WCAG AA for text; test/editor/theme.test.ts measures them).
 * monaco's own light green (#319331) reaches only 3.9:1.
 */
export const BRACKET_COLORS = {
  light: { levels: ["#0431fa", "#1a7f37", "#8a4b00"], unexpected: "#cf222e" },
  dark: { levels: ["#ffd700", "#da70d6", "#4fb4ff"], unexpected: "#ff7b72" },
} as const;

function bracketColors(theme: "light" | "dark"): Record<string, string> {
  const { levels, unexpected } = BRACKET_COLORS[theme];
  const colors: Record<string, string> = { "editor.background": THEME_BACKGROUND[theme], "editorBracketHighlight.unexpectedBracket.foreground": unexpected };
  for (let i = 0; i < 6; i++) colors[`editorBracketHighlight.foreground${i + 1}`] = levels[i % levels.length];
  return colors;
}

export const edictThemes: Record<"light" | "dark", Monaco.editor.IStandaloneThemeData> = {
  light: {
    base: "vs",
    inherit: true,
    rules: [
      { token: "keyword.edict", foreground: "0033b3", fontStyle: "bold" },
      { token: "comment.edict", foreground: "6a737d", fontStyle: "italic" },
      { token: "string.edict", foreground: "067d17" },
      { token: "string.invalid.edict", foreground: "cd3131", fontStyle: "underline" },
      { token: "number.edict", foreground: "1750eb" },
      { token: "number.money.edict", foreground: "8a4b00" },
      { token: "number.percent.edict", foreground: "8a4b00" },
      { token: "number.date.edict", foreground: "7a3e9d" },
      { token: "type.reason.edict", foreground: "b3261e", fontStyle: "bold" },
      { token: "type.phase.edict", foreground: "00627a" },
      { token: "constant.code.edict", foreground: "9e5a00" },
      { token: "variable.predefined.edict", foreground: "871094" },
      { token: "predefined.function.edict", foreground: "00627a" },
      { token: "identifier.edict", foreground: "1f2328" },
      { token: "operator.edict", foreground: "555555" },
    ],
    colors: bracketColors("light"),
  },
  dark: {
    base: "vs-dark",
    inherit: true,
    rules: [
      { token: "keyword.edict", foreground: "79b8ff", fontStyle: "bold" },
      { token: "comment.edict", foreground: "8b949e", fontStyle: "italic" },
      { token: "string.edict", foreground: "7ee787" },
      { token: "string.invalid.edict", foreground: "ff7b72", fontStyle: "underline" },
      { token: "number.edict", foreground: "a5d6ff" },
      { token: "number.money.edict", foreground: "ffa657" },
      { token: "number.percent.edict", foreground: "ffa657" },
      { token: "number.date.edict", foreground: "d2a8ff" },
      { token: "type.reason.edict", foreground: "ff7b72", fontStyle: "bold" },
      { token: "type.phase.edict", foreground: "56d4dd" },
      { token: "constant.code.edict", foreground: "e3b341" },
      { token: "variable.predefined.edict", foreground: "d2a8ff" },
      { token: "predefined.function.edict", foreground: "56d4dd" },
      { token: "identifier.edict", foreground: "e6edf3" },
      { token: "operator.edict", foreground: "c9d1d9" },
    ],
    colors: bracketColors("dark"),
  },
};
