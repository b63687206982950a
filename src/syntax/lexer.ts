// The tokens of the Edict language (grammar/edict.ebnf, bottom section), as a chevrotain lexer.
// Keywords are lower-case words; codes start with an upper-case letter or are digits followed by
// a letter; a bare number may be a number or a code, and the checker decides which.
import { createToken, Lexer, type TokenType } from "chevrotain";

export const Identifier = createToken({ name: "Identifier", label: "a name", pattern: /[a-z_][a-zA-Z0-9_]*/ });
export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: "Comment", pattern: /\/\/[^\n\r]*/, group: "comments" });

const keywordTokens: TokenType[] = [];
function keyword(word: string): TokenType {
  const token = createToken({ name: `kw_${word}`, label: `"${word}"`, pattern: new RegExp(`${word}(?![a-zA-Z0-9_])`), longer_alt: Identifier });
  keywordTokens.push(token);
  return token;
}

export const KW = {
  pack: keyword("pack"),
  version: keyword("version"),
  effective: keyword("effective"),
  to: keyword("to"),
  include: keyword("include"),
  valueset: keyword("valueset"),
  table: keyword("table"),
  from: keyword("from"),
  key: keyword("key"),
  active: keyword("active"),
  until: keyword("until"),
  parameter: keyword("parameter"),
  accumulator: keyword("accumulator"),
  plan: keyword("plan"),
  fee: keyword("fee"),
  schedule: keyword("schedule"),
  network: keyword("network"),
  deductible: keyword("deductible"),
  out_of_pocket: keyword("out_of_pocket"),
  out_of_network: keyword("out_of_network"),
  in_network: keyword("in_network"),
  coinsurance: keyword("coinsurance"),
  copay: keyword("copay"),
  applies: keyword("applies"),
  waived: keyword("waived"),
  benefit: keyword("benefit"),
  codes: keyword("codes"),
  when: keyword("when"),
  then: keyword("then"),
  cost: keyword("cost"),
  share: keyword("share"),
  limit: keyword("limit"),
  visits: keyword("visits"),
  units: keyword("units"),
  per: keyword("per"),
  requires: keyword("requires"),
  authorization: keyword("authorization"),
  cite: keyword("cite"),
  rule: keyword("rule"),
  phase: keyword("phase"),
  deny: keyword("deny"),
  pend: keyword("pend"),
  remark: keyword("remark"),
  set: keyword("set"),
  allowed: keyword("allowed"),
  and: keyword("and"),
  or: keyword("or"),
  not: keyword("not"),
  any: keyword("any"),
  no: keyword("no"),
  in: keyword("in"),
  out: keyword("out"),
  where: keyword("where"),
  count: keyword("count"),
  sum: keyword("sum"),
  for: keyword("for"),
  is: keyword("is"),
  missing: keyword("missing"),
  matches: keyword("matches"),
  on: keyword("on"),
  true: keyword("true"),
  false: keyword("false"),
  days: keyword("days"),
  day: keyword("day"),
  months: keyword("months"),
  month: keyword("month"),
  years: keyword("years"),
  year: keyword("year"),
  procedure: keyword("procedure"),
  diagnosis: keyword("diagnosis"),
  modifier: keyword("modifier"),
  money: keyword("money"),
} as const;

// literals; order matters: the first pattern that matches wins
export const StringLit = createToken({ name: "StringLit", label: "a quoted text", pattern: /"(?:[^"\\\n\r]|\\.)*"/ });
export const UnterminatedString = createToken({ name: "UnterminatedString", label: "an unterminated text", pattern: /"(?:[^"\\\n\r]|\\.)*/ });
export const DateLit = createToken({ name: "DateLit", label: "a date", pattern: /\d{4}-\d{2}-\d{2}(?![0-9A-Za-z])/ });
export const MoneyLit = createToken({ name: "MoneyLit", label: "an amount like $25.00", pattern: /\$\d+(?:\.\d+)?/ });
export const PercentLit = createToken({ name: "PercentLit", label: "a percentage", pattern: /\d+(?:\.\d+)?%/ });
export const ReasonLit = createToken({ name: "ReasonLit", label: "a reason code like CO-45", pattern: /(?:CO|PR|OA|PI|CR)-[A-Z0-9]+/ });
/** codes: Z12.11, C50.*, Z12*, E1, LT, G0121, N362, 0001F */
export const CodeLit = createToken({ name: "CodeLit", label: "a code", pattern: /[A-Z][A-Z0-9]*(?:\.[A-Z0-9]+\*?|\.\*|\*)?|\d+[A-Z][A-Z0-9]*\*?|\d+\*/ });
export const IntegerLit = createToken({ name: "IntegerLit", label: "a number", pattern: /\d+/ });

export const LBrace = createToken({ name: "LBrace", label: '"{"', pattern: /\{/ });
export const RBrace = createToken({ name: "RBrace", label: '"}"', pattern: /\}/ });
export const LParen = createToken({ name: "LParen", label: '"("', pattern: /\(/ });
export const RParen = createToken({ name: "RParen", label: '")"', pattern: /\)/ });
export const LBracket = createToken({ name: "LBracket", label: '"["', pattern: /\[/ });
export const RBracket = createToken({ name: "RBracket", label: '"]"', pattern: /\]/ });
export const Comma = createToken({ name: "Comma", label: '","', pattern: /,/ });
export const Colon = createToken({ name: "Colon", label: '":"', pattern: /:/ });
export const Question = createToken({ name: "Question", label: '"?"', pattern: /\?/ });
export const Range = createToken({ name: "Range", label: '".."', pattern: /\.\./ });
export const Dot = createToken({ name: "Dot", label: '"."', pattern: /\./ });
export const NotEqual = createToken({ name: "NotEqual", label: '"!="', pattern: /!=/ });
export const LessEqual = createToken({ name: "LessEqual", label: '"<="', pattern: /<=/ });
export const GreaterEqual = createToken({ name: "GreaterEqual", label: '">="', pattern: />=/ });
export const Less = createToken({ name: "Less", label: '"<"', pattern: /</ });
export const Greater = createToken({ name: "Greater", label: '">"', pattern: />/ });
export const Equal = createToken({ name: "Equal", label: '"="', pattern: /=/ });
export const Plus = createToken({ name: "Plus", label: '"+"', pattern: /\+/ });
export const Minus = createToken({ name: "Minus", label: '"-"', pattern: /-/ });
export const Star = createToken({ name: "Star", label: '"*"', pattern: /\*/ });
export const Slash = createToken({ name: "Slash", label: '"/"', pattern: /\// });

export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  StringLit,
  UnterminatedString,
  DateLit,
  MoneyLit,
  PercentLit,
  ReasonLit,
  CodeLit,
  IntegerLit,
  ...keywordTokens,
  Identifier,
  LBrace,
  RBrace,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Colon,
  Question,
  Range,
  Dot,
  NotEqual,
  LessEqual,
  GreaterEqual,
  Less,
  Greater,
  Equal,
  Plus,
  Minus,
  Star,
  Slash,
];

export const KEYWORDS = keywordTokens.map((t) => (t.name as string).slice(3));

export const EdictLexer = new Lexer(allTokens, { positionTracking: "full", ensureOptimizations: false });
