// The Monarch tokenizer of the `.edict` language and the theme that colours its tokens. Token
// shapes follow src/syntax/lexer.ts; the keyword list is the lexer's own KEYWORDS.
import type * as Monaco from "monaco-editor/editor";
import { RULE_PHASES } from "../../common/phases.js";
import { FUNCTIONS, ROOTS } from "../../ir/types.js";

export const LANGUAGE_ID = "edict";
export const THEME_ID = "edict-light";

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

export const edictTheme: Monaco.editor.IStandaloneThemeData = {
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
  colors: {},
};
