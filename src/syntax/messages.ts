// Plain-language wording for syntax errors: turns what chevrotain knows about a failed parse
// (the token it expected, the one it found, the grammar rule it was in) into one sentence.
import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";
import * as L from "./lexer.js";
import { didYouMean } from "../common/diagnostic.js";

/** separates a message from its hint inside chevrotain's single error-message string */
export const HINT_SEPARATOR = "\u0000";

/** the token after the declaration being parsed; what "the end" really is when a declaration stops short */
let follower: IToken | undefined;
/** what the declaration being parsed is called: "rule", "benefit", … */
let declarationNoun = "declaration";

export function setParseContext(next: IToken | undefined, noun: string): void {
  follower = next;
  declarationNoun = noun;
}

const DECLARATION_LIST = "pack, include, valueset, table, parameter, accumulator, plan, benefit or rule";

const TOKEN_LABELS = new Map<TokenType, string>([
  [L.NameToken, "a name"],
  [L.Identifier, "a name"],
  [L.AnyWord, "a name"],
  [L.StringLiteral, "a quoted text"],
  [L.StringLit, "a quoted text"],
  [L.Integer, "a number"],
  [L.Code, "a code"],
  [L.DigitCode, "a code"],
  [L.DateLit, "a date like 2026-01-01"],
  [L.Money, "an amount like $25.00"],
  [L.Percent, "a percentage like 20%"],
  [L.Reason, "a reason code like CO-45"],
]);

const PUNCTUATION: Record<string, string> = {
  DotDot: "..",
  Dot: ".",
  NotEqual: "!=",
  LessEqual: "<=",
  GreaterEqual: ">=",
  Less: "<",
  Greater: ">",
  Equal: "=",
  LCurly: "{",
  RCurly: "}",
  LParen: "(",
  RParen: ")",
  LBracket: "[",
  RBracket: "]",
  Comma: ",",
  Colon: ":",
  Question: "?",
  Plus: "+",
  Minus: "-",
  Star: "*",
  Slash: "/",
};

/** the keyword a token type stands for, if it is one */
export function keywordOf(type: TokenType): string | undefined {
  return type.name.startsWith("Kw_") ? type.name.slice(3) : undefined;
}

/** how to name a kind of token to a reader: `"then"`, `a name`, `a code` */
export function labelOf(type: TokenType): string {
  const keyword = keywordOf(type);
  if (keyword) return `"${keyword}"`;
  const punctuation = PUNCTUATION[type.name];
  if (punctuation) return `"${punctuation}"`;
  return TOKEN_LABELS.get(type) ?? type.name;
}

function shorten(image: string): string {
  return image.length > 32 ? `${image.slice(0, 30)}…` : image;
}

/** how to name the token actually found */
export function describeFound(token: IToken | undefined): string {
  if (!token || token.tokenType === EOF) return follower ? describeFound(follower) : "the end of the file";
  if (token.tokenType === L.StringLit || token.tokenType === L.UnterminatedString) return `the text ${shorten(token.image)}`;
  return `"${shorten(token.image)}"`;
}

function after(previous: IToken | undefined): string {
  if (!previous || previous.tokenType === EOF || !previous.image) return "";
  if (previous.tokenType === L.StringLit) return ` after the text ${shorten(previous.image)}`;
  return ` after "${shorten(previous.image)}"`;
}

/** wording for "expected … here" when one of several things may come, by grammar rule */
const RULE_EXPECTATIONS: Record<string, string> = {
  declaration: `a declaration (${DECLARATION_LIST})`,
  override: '"rule" or "parameter" (only rules and parameters can be overridden)',
  notExpr: "a condition",
  unary: "a value",
  primary: "a value",
  literal: "a value (a number, an amount like $25.00, a percentage, a date, a quoted text or a code)",
  valueRef: "a value or the name of a parameter",
  codeAtom: "a code",
  codeKind: "the kind of codes (procedure, diagnosis or modifier)",
  columnType: "a column type (procedure, diagnosis, modifier, code, pattern, text, integer, money, percent, date or boolean)",
  accumulatorUnit: '"money" or "count"',
  networkSide: '"in" or "out"',
  planItem: '"fee schedule" or "network"',
  tierItem: "deductible, out_of_pocket or coinsurance",
  benefitCodes: 'the name of a value set or a list of codes in braces, like "{ 45378 }"',
  costShare: '"no cost share" or cost terms (copay, deductible, coinsurance)',
  costTerm: "copay, deductible or coinsurance",
  deductibleMode: '"applies" or "waived"',
  limitUnit: '"visits" or "units"',
  memberSet: "a value set, a table, a list or codes in braces",
  action: "an action (deny, pend, remark or set allowed)",
  comparisonOperator: "a comparison",
  remarks: "a remark code like N362",
  postfix: "a key",
  lookupKeys: "a key",
};

/** what a block may hold, said when its closing "}" was expected but something else came */
const BLOCK_CONTENTS: Record<string, string> = {
  table: 'a column (like "key code: procedure"), "active from … until …" or "}" to close the table',
  plan: '"fee schedule", "network in", "network out" or "}" to close the plan',
  tier: 'deductible, out_of_pocket, coinsurance or "}" to close the network block',
  benefit: 'a benefit line (codes, when, in_network:, out_of_network:, limit, requires authorization, cite) or "}" to close the benefit',
  codeSet: '"," or "}" to close the list of codes',
};

function firstTokens(paths: TokenType[][]): TokenType[] {
  return [...new Set(paths.map((path) => path[0]).filter((t): t is TokenType => t !== undefined))];
}

function keywordsAmong(types: TokenType[]): string[] {
  return types.map(keywordOf).filter((k): k is string => k !== undefined);
}

function joinMessage(message: string, hintWords: string[], found: IToken | undefined): string {
  return message + HINT_SEPARATOR + (misspellingHint(found, hintWords) ?? "");
}

/** `wen` where `when` belongs: suggest the keyword */
function misspellingHint(found: IToken | undefined, candidates: string[]): string | undefined {
  if (!found || found.tokenType !== L.Identifier || candidates.length === 0) return undefined;
  return didYouMean(closestWord(found.image, candidates));
}

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** the candidate within about a third of the word's length in edits, if any */
export function closestWord(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

function mismatchMessage(expected: TokenType, actual: IToken, previous: IToken, ruleName: string): string {
  const found = describeFound(actual);
  if (expected === L.NameToken && keywordOf(actual.tokenType)) {
    return `expected a name${after(previous)}, found "${actual.image}", a word the language reserves; choose another name`;
  }
  if (expected === L.Keyword.then && ruleName === "rule") return `expected "then" after the rule's condition, found ${found}`;
  if (expected === L.Keyword.when && ruleName === "rule") return `expected "when" before the rule's condition, found ${found}`;
  if (expected === L.RCurly && BLOCK_CONTENTS[ruleName]) return `expected ${BLOCK_CONTENTS[ruleName]}, found ${found}`;
  return `expected ${labelOf(expected)}${after(previous)}, found ${found}`;
}

/** the keywords that may start a line of each block, for "did you mean" when a line is misspelled */
const BLOCK_KEYWORDS: Record<string, string[]> = {
  table: ["key", "active"],
  plan: ["fee", "network"],
  tier: ["deductible", "out_of_pocket", "coinsurance"],
  benefit: ["codes", "when", "in_network", "out_of_network", "limit", "requires", "cite"],
};

function mismatchHintWords(expected: TokenType, ruleName: string): string[] {
  const words = keywordsAmong([expected]);
  if (expected === L.RCurly) words.push(...(BLOCK_KEYWORDS[ruleName] ?? []));
  // before "when" a rule may also have more "cite" lines
  if (expected === L.Keyword.when && ruleName === "rule") words.push("cite");
  return words;
}

function oneOfMessage(firsts: TokenType[], actual: IToken | undefined, previous: IToken, ruleName: string): string {
  const wanted = RULE_EXPECTATIONS[ruleName] ?? firsts.map(labelOf).slice(0, 8).join(", ");
  const where = ruleName === "declaration" ? "" : after(previous);
  return `expected ${wanted}${where}, found ${describeFound(actual)}`;
}

/** chevrotain's hooks for error messages; each returns "message\0hint" */
export const messageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual, previous, ruleName }) =>
    joinMessage(mismatchMessage(expected, actual, previous, ruleName), mismatchHintWords(expected, ruleName), actual),
  buildNotAllInputParsedMessage: ({ firstRedundant }) =>
    firstRedundant.tokenType === L.Code && declarationNoun === "rule"
      ? `unexpected ${describeFound(firstRedundant)} after the end of the rule${HINT_SEPARATOR}remark codes follow the word "remark": \`deny CO-151 remark N362\``
      : joinMessage(
          `unexpected ${describeFound(firstRedundant)} after the end of the ${declarationNoun}: a new declaration (${DECLARATION_LIST}) should start here`,
          ["pack", "include", "valueset", "table", "parameter", "accumulator", "plan", "benefit", "rule", "remark"],
          firstRedundant,
        ),
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, previous, ruleName }) => {
    const firsts = firstTokens(expectedPathsPerAlt.flat());
    return joinMessage(oneOfMessage(firsts, actual[0], previous, ruleName), keywordsAmong(firsts), actual[0]);
  },
  buildEarlyExitMessage: ({ expectedIterationPaths, actual, previous, ruleName }) => {
    const firsts = firstTokens(expectedIterationPaths);
    return joinMessage(oneOfMessage(firsts, actual[0], previous, ruleName), keywordsAmong(firsts), actual[0]);
  },
};

/** what a declaration starting with this keyword is called in messages */
export function declarationNounOf(firstWord: string): string {
  const nouns: Record<string, string> = {
    pack: "pack header",
    include: "include",
    valueset: "value set",
    table: "table",
    parameter: "parameter",
    accumulator: "accumulator",
    plan: "plan",
    benefit: "benefit",
    rule: "rule",
    override: "override",
    disable: "disable",
    precedence: "precedence rule",
  };
  return nouns[firstWord] ?? "declaration";
}
