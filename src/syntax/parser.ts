// The Edict parser: chevrotain, building the AST (./ast.ts) directly, every node with its exact span.
// Recovery works per declaration: the tokens are cut where declarations start and each piece is
// parsed on its own, so one typo gives one diagnostic and everything after it still parses.
// Each declaration goes to the fast path (./fast-parser.ts) first; this parser, the grammar's
// reference, reads what it declines and words every error. A grammar change changes both
// (test/syntax/fast-parser.test.ts holds them equal).
import { RELEASE_BUILD } from "./release.js";
import {
  EarlyExitException,
  EmbeddedActionsParser,
  EOF,
  type IParserErrorMessageProvider,
  type IRecognitionException,
  type IToken,
  NoViableAltException,
  type Rule,
  type TokenType,
} from "chevrotain";
import type * as A from "./ast.js";
import { RULE_PHASES } from "../common/phases.js";
import type { Diagnostic } from "../common/diagnostic.js";
import { spanAt } from "../common/span.js";
import * as L from "./lexer.js";
import * as E from "./errors.js";
import { HINT_SEPARATOR, closestWord, declarationNounOf, messageProvider, setParseContext } from "./messages.js";
import { applyLookaheadTable, type LookaheadPaths, lookaheadKey, type ParserInternals, tokenMatches } from "./lookahead.js";
import { LOOKAHEAD_TABLE } from "./lookahead-table.js";
import { fastDeclaration } from "./fast-parser.js";
import { badMoneyDecimals, DURATION_UNITS, join, lastSpan, stringValue, tokenSpan } from "./spans.js";

const K = L.Keyword;

/** a problem the grammar itself cannot see; fatal ones leave the declaration out of the AST */
interface Problem {
  diagnostic: Diagnostic;
  fatal: boolean;
}

// ------------------------------------------------------------------ the grammar

/** tokens the parser may look ahead to choose a branch (scripts/lookahead-table.ts uses it too) */
export const MAX_LOOKAHEAD = 3;

/** what the error methods below use of chevrotain's parser internals (not in its typings) */
interface ChevrotainErrors extends ParserInternals {
  getCurrRuleFullName(): string;
  errorMessageProvider: IParserErrorMessageProvider;
  SAVE_ERROR(error: IRecognitionException): IRecognitionException;
  raiseNoAltException(occurrence: number, errMsgTypes: string): never;
  raiseEarlyExitException(occurrence: number, prodType: number, userDefinedErrMsg: string | undefined): never;
}

/** chevrotain's own error methods, for what the table does not cover */
const CHEVROTAIN_ERRORS = EmbeddedActionsParser.prototype as unknown as ChevrotainErrors;

/** chevrotain's PROD_TYPE numbers of the productions it raises an early exit for → the table's kinds */
const EARLY_EXIT_KINDS: Record<number, string> = { 2: "RepetitionMandatory", 3: "RepetitionMandatoryWithSeparator" };

class EdictParser extends EmbeddedActionsParser {
  file = "";
  problems: Problem[] = [];

  /** the lookahead paths from ./lookahead-table.ts, when the parser was built from it rather than by chevrotain's analysis */
  private readonly tablePaths: LookaheadPaths | undefined;
  /** whether the lookahead functions came from ./lookahead-table.ts */
  private readonly fromTable: boolean;

  /**
   * `analyse`: record the grammar and compute the lookahead as chevrotain does (and check the
   * grammar, outside release builds) instead of reading the precomputed table (./lookahead.ts).
   * The table is used whenever it was made for these rules and tokens;
   * test/syntax/lookahead-table.test.ts holds it equal to the analysis.
   */
  constructor(analyse = false) {
    // no chevrotain in-rule recovery: its token insertion turns `wen` into a second, confusing
    // error; recovery happens per declaration instead (see parseDeclarations)
    super(L.allTokens, { maxLookahead: MAX_LOOKAHEAD, errorMessageProvider: messageProvider, recoveryEnabled: false, skipValidations: RELEASE_BUILD });
    // what chevrotain's performSelfAnalysis does first, before the rest touches the object
    toFastProperties(this);
    this.tablePaths = analyse ? undefined : applyLookaheadTable(this as unknown as ParserInternals, L.allTokens, LOOKAHEAD_TABLE);
    this.fromTable = this.tablePaths !== undefined;
    if (!this.fromTable) this.performSelfAnalysis();
  }

  /**
   * chevrotain's RecognizerEngine.initRecognizerEngine (called by its constructor), for a token
   * vocabulary given as an array whose types `createToken` made, as Edict's is: the same fields
   * in the same order, without what costs ~5 ms the first time a process runs it (through
   * lodash: re-deriving every token type's categories, which `createToken` derived already, and
   * checks for vocabularies of older chevrotain versions). Token categories are in use, so
   * tokens match as chevrotain's tokenStructuredMatcher matches them (./lookahead.ts `matches`).
   * test/syntax/parser-init.test.ts holds the result equal to chevrotain's.
   */
  initRecognizerEngine(tokenVocabulary: TokenType[], _config: unknown): void {
    const self = this as unknown as Record<string, unknown>;
    self.className = this.constructor.name;
    self.shortRuleNameToFull = {};
    self.fullRuleNameToShort = {};
    self.ruleShortNameIdx = 256;
    self.tokenMatcher = tokenMatches;
    self.subruleIdx = 0;
    self.currRuleShortName = 0;
    self.definedRulesNames = [];
    self.tokensMap = {};
    self.isBackTrackingStack = [];
    self.RULE_STACK = [];
    self.RULE_STACK_IDX = -1;
    self.RULE_OCCURRENCE_STACK = [];
    self.RULE_OCCURRENCE_STACK_IDX = -1;
    self.gastProductionsCache = {};
    const tokensMap: Record<string, TokenType> = {};
    for (const type of tokenVocabulary) tokensMap[type.name] = type;
    tokensMap.EOF = EOF;
    self.tokensMap = tokensMap;
  }

  /**
   * The recorded grammar. A parser built from the table has not recorded it, so it borrows an
   * analysed parser's (built then); chevrotain reads it only to word the two errors below, which
   * take their paths from the table instead.
   */
  override getGAstProductions(): Record<string, Rule> {
    return this.fromTable ? analysedParser().getGAstProductions() : super.getGAstProductions();
  }

  /** chevrotain's ErrorHandler.raiseNoAltException, with the expected paths from the table (the same paths: ./lookahead.ts) */
  raiseNoAltException(occurrence: number, errMsgTypes: string): never {
    const self = this as unknown as ChevrotainErrors;
    const ruleName = self.getCurrRuleFullName();
    const paths = this.tablePaths?.get(lookaheadKey(self, ruleName, "Alternation", occurrence));
    if (!paths) return CHEVROTAIN_ERRORS.raiseNoAltException.call(this, occurrence, errMsgTypes);
    const previous = this.LA(0);
    const message = self.errorMessageProvider.buildNoViableAltMessage({
      expectedPathsPerAlt: paths,
      actual: this.lookingAt(),
      previous,
      customUserDescription: errMsgTypes,
      ruleName,
    });
    throw self.SAVE_ERROR(new NoViableAltException(message, this.LA(1), previous));
  }

  /** chevrotain's ErrorHandler.raiseEarlyExitException (an AT_LEAST_ONE that found none), with the paths from the table */
  raiseEarlyExitException(occurrence: number, prodType: number, userDefinedErrMsg: string | undefined): never {
    const self = this as unknown as ChevrotainErrors;
    const ruleName = self.getCurrRuleFullName();
    const kind = EARLY_EXIT_KINDS[prodType];
    const paths = kind ? this.tablePaths?.get(lookaheadKey(self, ruleName, kind, occurrence)) : undefined;
    if (!paths) return CHEVROTAIN_ERRORS.raiseEarlyExitException.call(this, occurrence, prodType, userDefinedErrMsg);
    const previous = this.LA(0);
    const message = self.errorMessageProvider.buildEarlyExitMessage({
      expectedIterationPaths: paths[0],
      actual: this.lookingAt(),
      previous,
      customUserDescription: userDefinedErrMsg,
      ruleName,
    });
    throw self.SAVE_ERROR(new EarlyExitException(message, this.LA(1), previous));
  }

  /** the next MAX_LOOKAHEAD tokens, as chevrotain lists them in an error */
  private lookingAt(): IToken[] {
    const tokens: IToken[] = [];
    for (let i = 1; i <= MAX_LOOKAHEAD; i++) tokens.push(this.LA(i));
    return tokens;
  }

  private span(first: IToken, last?: IToken): A.Span {
    return tokenSpan(this.file, first, last);
  }

  private report(diagnostic: Diagnostic, fatal: boolean): void {
    this.ACTION(() => this.problems.push({ diagnostic, fatal }));
  }

  // ---------------------------------------------------------------- names and texts

  private name = this.RULE("name", (): A.Name => {
    const t = this.CONSUME(L.NameToken);
    return { text: t.image, span: this.span(t) };
  });

  /** any word, keywords included: after "." (`c.to`, `line.units`) and after "phase" */
  private word = this.RULE("word", (): A.Name => {
    const t = this.CONSUME(L.AnyWord);
    return { text: t.image, span: this.span(t) };
  });

  private text = this.RULE("text", (): A.Text => {
    const t = this.CONSUME(L.StringLiteral);
    return { value: this.ACTION(() => stringValue(t)), span: this.span(t) };
  });

  private title = this.RULE("title", (): A.Text | undefined => this.OPTION(() => this.SUBRULE(this.text)));

  // ---------------------------------------------------------------- declarations

  declaration = this.RULE(
    "declaration",
    (): A.Declaration =>
      this.OR([
        { ALT: () => this.SUBRULE(this.packHeader) },
        { ALT: () => this.SUBRULE(this.include) },
        { ALT: () => this.SUBRULE(this.valueset) },
        { ALT: () => this.SUBRULE(this.table) },
        { ALT: () => this.SUBRULE(this.parameter) },
        { ALT: () => this.SUBRULE(this.accumulator) },
        { ALT: () => this.SUBRULE(this.plan) },
        { ALT: () => this.SUBRULE(this.benefit) },
        { ALT: () => this.SUBRULE(this.rule) },
        { ALT: () => this.SUBRULE(this.override) },
        { ALT: () => this.SUBRULE(this.disable) },
        { ALT: () => this.SUBRULE(this.precedence) },
      ]),
  );

  /**
   * `override rule …` or `override parameter …`: the declaration, marked as replacing an included
   * one; `override coordination METHOD { cite "…" }` changes an included plan's method
   */
  private override = this.RULE("override", (): A.RuleDecl | A.ParameterDecl | A.CoordinationOverrideDecl => {
    const start = this.CONSUME(K.override);
    return this.OR([
      {
        ALT: () => {
          const decl = this.OR2([{ ALT: () => this.SUBRULE(this.rule) }, { ALT: () => this.SUBRULE(this.parameter) }]);
          return this.ACTION(() => ({ ...decl, override: true, span: join(this.span(start), decl.span) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.coordination);
          const method = this.SUBRULE(this.name);
          const cites: A.Text[] = [];
          this.MANY(() => {
            this.CONSUME(K.cite);
            cites.push(this.SUBRULE(this.text));
          });
          return { kind: "coordination", method, cites, span: join(this.span(start), lastSpan(cites, method?.span)) } as A.CoordinationOverrideDecl;
        },
      },
    ]);
  });

  /** `precedence NAME "title" { cite "…" } when condition`: an order-of-benefit rule over `first` and `second` */
  private precedence = this.RULE("precedence", (): A.PrecedenceDecl => {
    const start = this.CONSUME(K.precedence);
    const name = this.SUBRULE(this.name);
    const title = this.SUBRULE(this.title);
    const cites: A.Text[] = [];
    this.MANY(() => {
      this.CONSUME(K.cite);
      cites.push(this.SUBRULE(this.text));
    });
    this.CONSUME(K.when);
    const when = this.SUBRULE(this.expression);
    return { kind: "precedence", name, title, cites, when, span: join(this.span(start), when?.span) };
  });

  /** `disable rule NAME { cite "…" }` */
  private disable = this.RULE("disable", (): A.DisableDecl => {
    const start = this.CONSUME(K.disable);
    this.CONSUME(K.rule);
    const rule = this.SUBRULE(this.name);
    const cites: A.Text[] = [];
    this.MANY(() => {
      this.CONSUME(K.cite);
      cites.push(this.SUBRULE(this.text));
    });
    return { kind: "disable", rule, cites, span: join(this.span(start), lastSpan(cites, rule?.span)) };
  });

  private packHeader = this.RULE("packHeader", (): A.PackHeader => {
    const start = this.CONSUME(K.pack);
    const name = this.SUBRULE(this.text);
    this.CONSUME(K.version);
    const version = this.SUBRULE2(this.text);
    const effective = this.OPTION(() => {
      this.CONSUME(K.effective);
      const from = this.SUBRULE(this.dateLit);
      this.CONSUME(K.to);
      const to = this.SUBRULE2(this.dateLit);
      return { from, to };
    });
    return { kind: "pack", name, version, effective, span: join(this.span(start), (effective?.to ?? version)?.span) };
  });

  private dateLit = this.RULE("dateLit", (): A.DateLit => {
    const t = this.CONSUME(L.DateLit);
    return { kind: "date", text: t.image, span: this.span(t) };
  });

  private include = this.RULE("include", (): A.Include => {
    const start = this.CONSUME(K.include);
    const path = this.SUBRULE(this.text);
    return { kind: "include", path, span: join(this.span(start), path?.span) };
  });

  private valueset = this.RULE("valueset", (): A.ValueSetDecl => {
    const start = this.CONSUME(K.valueset);
    const name = this.SUBRULE(this.name);
    const title = this.SUBRULE(this.title);
    this.CONSUME(L.Equal);
    const codeKind = this.SUBRULE(this.codeKind);
    const set = this.SUBRULE(this.codeSet);
    return { kind: "valueset", name, title, codeKind, items: set?.items, span: join(this.span(start), set?.span) };
  });

  private codeKind = this.RULE("codeKind", (): A.CodeKind => {
    const t = this.OR([{ ALT: () => this.CONSUME(K.procedure) }, { ALT: () => this.CONSUME(K.diagnosis) }, { ALT: () => this.CONSUME(K.modifier) }]);
    return t.image as A.CodeKind;
  });

  /** `{ a, b..c, }`: commas between items, one trailing comma allowed */
  private codeSet = this.RULE("codeSet", (): A.CodeSetLit => {
    const open = this.CONSUME(L.LCurly);
    const items: A.CodeItem[] = [];
    this.OPTION(() => {
      items.push(this.SUBRULE(this.codeItem));
      this.MANY(() => {
        this.CONSUME(L.Comma);
        items.push(this.SUBRULE2(this.codeItem));
      });
      this.OPTION2(() => this.CONSUME2(L.Comma));
    });
    const close = this.CONSUME(L.RCurly);
    return { kind: "codeset", items, span: this.span(open, close) };
  });

  private codeItem = this.RULE("codeItem", (): A.CodeItem => {
    const from = this.SUBRULE(this.codeAtom);
    const to = this.OPTION(() => {
      this.CONSUME(L.DotDot);
      return this.SUBRULE2(this.codeAtom);
    });
    return { from: from.image, to: to?.image, span: this.span(from, to ?? from) };
  });

  private codeAtom = this.RULE(
    "codeAtom",
    (): IToken => this.OR([{ ALT: () => this.CONSUME(L.Code) }, { ALT: () => this.CONSUME(L.DigitCode) }, { ALT: () => this.CONSUME(L.Integer) }]),
  );

  private table = this.RULE("table", (): A.TableDecl => {
    const start = this.CONSUME(K.table);
    const name = this.SUBRULE(this.name);
    const title = this.SUBRULE(this.title);
    this.CONSUME(K.from);
    const path = this.SUBRULE(this.text);
    this.CONSUME(L.LCurly);
    const columns: A.ColumnDecl[] = [];
    this.MANY(() => columns.push(this.SUBRULE(this.column)));
    const active = this.OPTION(() => this.SUBRULE(this.activeClause));
    const end = this.CONSUME(L.RCurly);
    return { kind: "table", name, title, path, columns, active, span: this.span(start, end) };
  });

  private column = this.RULE("column", (): A.ColumnDecl => {
    const key = this.OPTION(() => this.CONSUME(K.key));
    const name = this.SUBRULE(this.name);
    this.CONSUME(L.Colon);
    const type = this.SUBRULE(this.columnType);
    const question = this.OPTION2(() => this.CONSUME(L.Question));
    const span = join(key ? this.span(key) : name?.span, question ? this.span(question) : this.span(type));
    return { name, type: type.image as A.ColumnType, key: key !== undefined, optional: question !== undefined, span };
  });

  private columnType = this.RULE(
    "columnType",
    (): IToken =>
      this.OR(
        (["procedure", "diagnosis", "modifier", "code", "pattern", "text", "integer", "money", "percent", "date", "boolean"] as const).map((type) => ({
          ALT: () => this.CONSUME(K[type]),
        })),
      ),
  );

  private activeClause = this.RULE("activeClause", (): NonNullable<A.TableDecl["active"]> => {
    const start = this.CONSUME(K.active);
    this.CONSUME(K.from);
    const from = this.SUBRULE(this.name);
    this.CONSUME(K.until);
    const until = this.SUBRULE2(this.name);
    return { from, until, span: join(this.span(start), until?.span) };
  });

  private parameter = this.RULE("parameter", (): A.ParameterDecl => {
    const start = this.CONSUME(K.parameter);
    const name = this.SUBRULE(this.name);
    const title = this.SUBRULE(this.title);
    this.CONSUME(L.Equal);
    const value = this.SUBRULE(this.literal);
    return { kind: "parameter", name, title, value, span: join(this.span(start), value?.span) };
  });

  private accumulator = this.RULE("accumulator", (): A.AccumulatorDecl => {
    const start = this.CONSUME(K.accumulator);
    const name = this.SUBRULE(this.name);
    const title = this.SUBRULE(this.title);
    this.CONSUME(L.Colon);
    const unit = this.SUBRULE(this.accumulatorUnit);
    return { kind: "accumulator", name, title, unit: unit.image as "money" | "count", span: this.span(start, unit) };
  });

  private accumulatorUnit = this.RULE("accumulatorUnit", (): IToken => this.OR([{ ALT: () => this.CONSUME(K.money) }, { ALT: () => this.CONSUME(K.count) }]));

  private plan = this.RULE("plan", (): A.PlanDecl => {
    const start = this.CONSUME(K.plan);
    const title = this.SUBRULE(this.title);
    this.CONSUME(L.LCurly);
    const decl: A.PlanDecl = { kind: "plan", title, tiers: [], span: this.span(start) };
    this.MANY(() =>
      this.OR([
        {
          ALT: () => {
            const fee = this.SUBRULE(this.feeSchedule);
            this.ACTION(() => {
              if (decl.feeSchedule) this.report(E.repeatedLine(fee.span, "fee schedule"), true);
              decl.feeSchedule = fee;
            });
          },
        },
        { ALT: () => decl.tiers.push(this.SUBRULE(this.tier)) },
        {
          ALT: () => {
            const t = this.CONSUME(K.coordination);
            const method = this.SUBRULE(this.name);
            this.ACTION(() => {
              const span = join(this.span(t), method.span);
              if (decl.coordination) this.report(E.repeatedLine(span, "coordination"), true);
              decl.coordination = { method, span };
            });
          },
        },
      ]),
    );
    const end = this.CONSUME(L.RCurly);
    decl.span = this.span(start, end);
    return decl;
  });

  private feeSchedule = this.RULE("feeSchedule", (): NonNullable<A.PlanDecl["feeSchedule"]> => {
    const start = this.CONSUME(K.fee);
    this.CONSUME(K.schedule);
    const table = this.SUBRULE(this.name);
    this.CONSUME(L.Dot);
    const column = this.SUBRULE(this.word);
    return { table, column, span: join(this.span(start), column?.span) };
  });

  private tier = this.RULE("tier", (): A.TierDecl => {
    const start = this.CONSUME(K.network);
    const side = this.SUBRULE(this.networkSide);
    this.CONSUME(L.LCurly);
    const tier: A.TierDecl = { network: side, span: this.span(start) };
    const once = (key: "deductible" | "outOfPocket" | "coinsurance", span: A.Span) => {
      // `no out_of_pocket maximum` and an out_of_pocket amount are the same line, said twice
      if (tier[key] || (key === "outOfPocket" && tier.noOutOfPocket)) this.report(E.repeatedLine(span, key === "outOfPocket" ? "out_of_pocket" : key), true);
    };
    this.MANY(() =>
      this.OR([
        {
          ALT: () => {
            const item = this.SUBRULE(this.tierAmount);
            this.ACTION(() => {
              const key = item.word === "deductible" ? "deductible" : "outOfPocket";
              once(key, item.value.span);
              tier[key] = item.value;
            });
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(K.no);
            this.CONSUME(K.out_of_pocket);
            const end = this.CONSUME(K.maximum);
            this.ACTION(() => {
              const span = this.span(t, end);
              once("outOfPocket", span);
              tier.noOutOfPocket = span;
            });
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(K.coinsurance);
            const rate = this.SUBRULE(this.valueRef);
            this.ACTION(() => {
              const span = join(this.span(t), rate.span);
              once("coinsurance", span);
              tier.coinsurance = { rate, span };
            });
          },
        },
      ]),
    );
    const end = this.CONSUME(L.RCurly);
    tier.span = this.span(start, end);
    return tier;
  });

  /** `deductible $500.00 accumulator deductible` or the same with out_of_pocket */
  private tierAmount = this.RULE("tierAmount", () => {
    const t = this.OR([{ ALT: () => this.CONSUME(K.deductible) }, { ALT: () => this.CONSUME(K.out_of_pocket) }]);
    const amount = this.SUBRULE(this.valueRef);
    this.CONSUME(K.accumulator);
    const accumulator = this.SUBRULE(this.name);
    return { word: t.image, value: { amount, accumulator, span: join(this.span(t), accumulator?.span) } };
  });

  private networkSide = this.RULE("networkSide", (): "in" | "out" => {
    const t = this.OR([{ ALT: () => this.CONSUME(K.in) }, { ALT: () => this.CONSUME(K.out) }]);
    return t.image as "in" | "out";
  });

  private valueRef = this.RULE(
    "valueRef",
    (): A.ValueRef =>
      this.OR([
        { ALT: () => this.SUBRULE(this.literal) },
        {
          ALT: () => {
            const n = this.SUBRULE(this.name);
            return { kind: "ident", name: n?.text, span: n?.span } as A.Identifier;
          },
        },
      ]),
  );

  private benefit = this.RULE("benefit", (): A.BenefitDecl => {
    const start = this.CONSUME(K.benefit);
    const name = this.SUBRULE(this.name);
    const title = this.SUBRULE(this.title);
    this.CONSUME(L.LCurly);
    const decl: A.BenefitDecl = { kind: "benefit", name, title, codes: [], costShares: [], cites: [], span: this.span(start) };
    this.MANY(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(K.codes);
            decl.codes.push(this.SUBRULE(this.benefitCodes));
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(K.when);
            const when = this.SUBRULE(this.expression);
            this.ACTION(() => {
              if (decl.when) this.report(E.repeatedLine(this.span(t), "when"), true);
              decl.when = when;
            });
          },
        },
        { ALT: () => decl.costShares.push(this.SUBRULE(this.costShare)) },
        {
          ALT: () => {
            const limit = this.SUBRULE(this.limit);
            this.ACTION(() => {
              if (decl.limit) this.report(E.repeatedLine(limit.span, "limit"), true);
              decl.limit = limit;
            });
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(K.requires);
            const e = this.CONSUME(K.authorization);
            this.ACTION(() => {
              if (decl.requiresAuthorization) this.report(E.repeatedLine(this.span(t, e), "requires authorization"), true);
              decl.requiresAuthorization = this.span(t, e);
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.cite);
            decl.cites.push(this.SUBRULE(this.text));
          },
        },
      ]),
    );
    const end = this.CONSUME(L.RCurly);
    decl.span = this.span(start, end);
    return decl;
  });

  private benefitCodes = this.RULE("benefitCodes", (): A.Name | A.CodeSetLit =>
    this.OR([{ ALT: () => this.SUBRULE(this.name) }, { ALT: () => this.SUBRULE(this.codeSet) }]),
  );

  private limit = this.RULE("limit", (): NonNullable<A.BenefitDecl["limit"]> => {
    const start = this.CONSUME(K.limit);
    const amount = this.SUBRULE(this.valueRef);
    const unit = this.SUBRULE(this.limitUnit);
    this.CONSUME(K.per);
    this.CONSUME(K.year);
    this.CONSUME(K.accumulator);
    const accumulator = this.SUBRULE(this.name);
    return { amount, unit, accumulator, span: join(this.span(start), accumulator?.span) };
  });

  private limitUnit = this.RULE("limitUnit", (): "visits" | "units" => {
    const t = this.OR([{ ALT: () => this.CONSUME(K.visits) }, { ALT: () => this.CONSUME(K.units) }]);
    return t.image as "visits" | "units";
  });

  private costShare = this.RULE("costShare", (): A.CostShareDecl => {
    const start = this.OR([{ ALT: () => this.CONSUME(K.in_network) }, { ALT: () => this.CONSUME(K.out_of_network) }]);
    this.CONSUME(L.Colon);
    const network = start.image === "in_network" ? "in" : "out";
    return this.OR2([
      {
        ALT: () => {
          this.CONSUME(K.no);
          this.CONSUME(K.cost);
          const end = this.CONSUME(K.share);
          return { network, none: true, terms: [], span: this.span(start, end) } as A.CostShareDecl;
        },
      },
      {
        ALT: () => {
          const terms: A.CostTerm[] = [];
          this.AT_LEAST_ONE_SEP({ SEP: L.Comma, DEF: () => terms.push(this.SUBRULE(this.costTerm)) });
          return { network, none: false, terms, span: join(this.span(start), lastSpan(terms, this.span(start))) } as A.CostShareDecl;
        },
      },
    ]);
  });

  private costTerm = this.RULE(
    "costTerm",
    (): A.CostTerm =>
      this.OR([
        {
          ALT: () => {
            const t = this.CONSUME(K.copay);
            const amount = this.SUBRULE(this.valueRef);
            return { kind: "copay", amount, span: join(this.span(t), amount?.span) } as A.CostTerm;
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(K.deductible);
            const mode = this.SUBRULE(this.deductibleMode);
            return { kind: "deductible", applies: mode.image === "applies", span: this.span(t, mode) } as A.CostTerm;
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(K.coinsurance);
            const rate = this.SUBRULE2(this.valueRef);
            return { kind: "coinsurance", rate, span: join(this.span(t), rate?.span) } as A.CostTerm;
          },
        },
      ]),
  );

  private deductibleMode = this.RULE("deductibleMode", (): IToken => this.OR([{ ALT: () => this.CONSUME(K.applies) }, { ALT: () => this.CONSUME(K.waived) }]));

  private rule = this.RULE("rule", (): A.RuleDecl => {
    const start = this.CONSUME(K.rule);
    const name = this.SUBRULE(this.name);
    const title = this.SUBRULE(this.title);
    this.CONSUME(K.phase);
    const phase = this.SUBRULE(this.word);
    this.ACTION(() => this.checkPhase(phase));
    const cites: A.Text[] = [];
    this.MANY(() => {
      this.CONSUME(K.cite);
      cites.push(this.SUBRULE(this.text));
    });
    this.CONSUME(K.when);
    const when = this.SUBRULE(this.expression);
    this.CONSUME(K.then);
    const action = this.SUBRULE(this.action);
    return {
      kind: "rule",
      name,
      title,
      phase: { value: phase?.text as A.RulePhase, span: phase?.span },
      cites,
      when,
      action,
      span: join(this.span(start), action?.span),
    };
  });

  /** the phase is any word, checked here so a misspelling gets the list and a suggestion */
  private checkPhase(phase: A.Name): void {
    if ((RULE_PHASES as readonly string[]).includes(phase.text)) return;
    // the rule is kept: it is complete, only its phase is wrong
    this.report(E.unknownPhase(phase.span, phase.text, RULE_PHASES, closestWord(phase.text, RULE_PHASES)), false);
  }

  private reason = this.RULE("reason", (): A.ReasonRef => {
    const t = this.CONSUME(L.Reason);
    const dash = this.ACTION(() => t.image.indexOf("-"));
    return { group: t.image.slice(0, dash), code: t.image.slice((dash ?? 0) + 1), span: this.span(t) };
  });

  /** `remark N362, M15` */
  private remarks = this.RULE("remarks", (): { names: A.Name[]; span: A.Span } => {
    const start = this.CONSUME(K.remark);
    const names: A.Name[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: L.Comma,
      DEF: () => {
        const t = this.CONSUME(L.Code);
        names.push({ text: t.image, span: this.span(t) });
      },
    });
    return { names, span: join(this.span(start), lastSpan(names, this.span(start))) };
  });

  private action = this.RULE(
    "action",
    (): A.Action =>
      this.OR([
        {
          ALT: () => {
            const t = this.CONSUME(K.deny);
            const reason = this.SUBRULE(this.reason);
            const remarks = this.OPTION(() => this.SUBRULE(this.remarks));
            return { kind: "deny", reason, remarks: remarks?.names ?? [], span: join(this.span(t), (remarks ?? reason)?.span) } as A.Action;
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(K.pend);
            const reason = this.OPTION2(() => this.SUBRULE2(this.reason));
            const remarks = this.OPTION3(() => this.SUBRULE2(this.remarks));
            return {
              kind: "pend",
              reason,
              remarks: remarks?.names ?? [],
              span: join(this.span(t), (remarks ?? reason ?? { span: this.span(t) }).span),
            } as A.Action;
          },
        },
        {
          ALT: () => {
            const remarks = this.SUBRULE3(this.remarks);
            return { kind: "remark", remarks: remarks?.names, span: remarks?.span } as A.Action;
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(K.set);
            this.CONSUME(K.allowed);
            const amount = this.SUBRULE(this.expression);
            const remarks = this.OPTION4(() => this.SUBRULE4(this.remarks));
            return { kind: "setAllowed", amount, remarks: remarks?.names ?? [], span: join(this.span(t), (remarks ?? amount)?.span) } as A.Action;
          },
        },
      ]),
  );

  // ---------------------------------------------------------------- expressions, loosest first

  expression = this.RULE("expression", (): A.Expr => this.SUBRULE(this.orExpr));

  private orExpr = this.RULE("orExpr", (): A.Expr => {
    let left = this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(K.or);
      const right = this.SUBRULE2(this.andExpr);
      left = binary("or", left, right);
    });
    return left;
  });

  private andExpr = this.RULE("andExpr", (): A.Expr => {
    let left = this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(K.and);
      const right = this.SUBRULE2(this.notExpr);
      left = binary("and", left, right);
    });
    return left;
  });

  /** `not not … x`: the `not`s are read in a loop, so a long chain of them needs no stack */
  private notExpr = this.RULE("notExpr", (): A.Expr => {
    const nots: IToken[] = [];
    this.MANY(() => {
      nots.push(this.CONSUME(K.not));
    });
    const operand = this.OR([{ ALT: () => this.SUBRULE(this.quantified) }, { ALT: () => this.SUBRULE(this.comparison) }]);
    let e = operand;
    for (let i = nots.length - 1; i >= 0; i--) e = { kind: "unary", op: "not", operand: e, span: join(this.span(nots[i]), e?.span) } as A.Expr;
    return e;
  });

  /** `any x in C where E`: the where-body is a whole expression, so it reaches as far right as it can */
  private quantified = this.RULE("quantified", (): A.Expr => {
    const q = this.OR([{ ALT: () => this.CONSUME(K.any) }, { ALT: () => this.CONSUME(K.no) }]);
    const variable = this.SUBRULE(this.name);
    this.CONSUME(K.in);
    const collection = this.SUBRULE(this.postfix);
    const where = this.OPTION(() => this.SUBRULE(this.whereClause));
    const span = join(this.span(q), (where ?? collection)?.span);
    return { kind: "quantifier", quantifier: q.image as "any" | "no", variable, collection, where, span };
  });

  private whereClause = this.RULE("whereClause", (): A.Expr => {
    this.CONSUME(K.where);
    return this.SUBRULE(this.expression);
  });

  private comparison = this.RULE("comparison", (): A.Expr => {
    const left = this.SUBRULE(this.additive);
    const rest = this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            const op = this.SUBRULE(this.comparisonOperator);
            const right = this.SUBRULE2(this.additive);
            return binary(op, left, right);
          },
        },
        {
          ALT: () => {
            const negated = this.OPTION2(() => this.CONSUME(K.not)) !== undefined;
            this.CONSUME(K.in);
            const set = this.SUBRULE(this.memberSet);
            const on = this.OPTION3(() => this.SUBRULE(this.onClause));
            return { kind: "in", negated, element: left, set, on, span: join(left?.span, (on ?? set)?.span) } as A.Expr;
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.is);
            const negated = this.OPTION4(() => this.CONSUME2(K.not)) !== undefined;
            const end = this.CONSUME(K.missing);
            return { kind: "missing", negated, operand: left, span: join(left?.span, this.span(end)) } as A.Expr;
          },
        },
      ]),
    );
    return rest ?? left;
  });

  private comparisonOperator = this.RULE("comparisonOperator", (): A.BinaryOp => {
    const t = this.OR([L.Equal, L.NotEqual, L.LessEqual, L.GreaterEqual, L.Less, L.Greater, K.matches].map((type) => ({ ALT: () => this.CONSUME(type) })));
    return t.image as A.BinaryOp;
  });

  /** what follows `in`: codes in braces, or a value set, list or one-key table */
  private memberSet = this.RULE("memberSet", (): A.CodeSetLit | A.Expr =>
    this.OR([{ ALT: () => this.SUBRULE(this.codeSet) }, { ALT: () => this.SUBRULE(this.postfix) }]),
  );

  private onClause = this.RULE("onClause", (): A.Expr => {
    this.CONSUME(K.on);
    return this.SUBRULE(this.postfix);
  });

  private additive = this.RULE("additive", (): A.Expr => {
    let left = this.SUBRULE(this.term);
    this.MANY(() => {
      const op = this.OR([{ ALT: () => this.CONSUME(L.Plus) }, { ALT: () => this.CONSUME(L.Minus) }]);
      const right = this.SUBRULE2(this.term);
      left = binary(op.image as A.BinaryOp, left, right);
    });
    return left;
  });

  private term = this.RULE("term", (): A.Expr => {
    let left = this.SUBRULE(this.unary);
    this.MANY(() => {
      const op = this.OR([{ ALT: () => this.CONSUME(L.Star) }, { ALT: () => this.CONSUME(L.Slash) }]);
      const right = this.SUBRULE2(this.unary);
      left = binary(op.image as A.BinaryOp, left, right);
    });
    return left;
  });

  /** `- - x`: the signs are read in a loop, like `not`s */
  private unary = this.RULE("unary", (): A.Expr => {
    const signs: IToken[] = [];
    this.MANY(() => {
      signs.push(this.CONSUME(L.Minus));
    });
    let e = this.SUBRULE(this.postfix);
    for (let i = signs.length - 1; i >= 0; i--) e = { kind: "unary", op: "-", operand: e, span: join(this.span(signs[i]), e?.span) } as A.Expr;
    return e;
  });

  /** `a.b.c`, `table[k1, k2] on d` */
  private postfix = this.RULE("postfix", (): A.Expr => {
    let expr = this.SUBRULE(this.primary);
    this.MANY(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(L.Dot);
            const field = this.SUBRULE(this.word);
            expr = { kind: "field", object: expr, field, span: join(expr?.span, field?.span) };
          },
        },
        {
          ALT: () => {
            const open = this.CONSUME(L.LBracket);
            const keys: A.Expr[] = [];
            this.AT_LEAST_ONE_SEP({ SEP: L.Comma, DEF: () => keys.push(this.SUBRULE(this.expression)) });
            const close = this.CONSUME(L.RBracket);
            const on = this.OPTION(() => this.SUBRULE(this.onClause));
            expr = this.ACTION(() => this.lookup(expr, keys, on, open, close));
          },
        },
      ]),
    );
    return expr;
  });

  /** only a table's bare name can be looked up: `ptp[a, b]`, not `x.y[a]` */
  private lookup(target: A.Expr, keys: A.Expr[], on: A.Expr | undefined, open: IToken, close: IToken): A.Expr {
    const span = join(target.span, on ? on.span : this.span(close));
    if (target.kind !== "ident") {
      this.report(E.lookupOfNonTable(this.span(open)), true);
      return target;
    }
    return { kind: "lookup", table: { text: target.name, span: target.span }, keys, on, span };
  }

  private primary = this.RULE(
    "primary",
    (): A.Expr =>
      this.OR([
        { ALT: () => this.SUBRULE(this.literal) },
        { ALT: () => this.SUBRULE(this.nameOrCall) },
        {
          ALT: () => {
            const open = this.CONSUME(L.LParen);
            const inner = this.SUBRULE(this.expression);
            const close = this.CONSUME(L.RParen);
            return { kind: "paren", inner, span: this.span(open, close) } as A.Expr;
          },
        },
        { ALT: () => this.SUBRULE(this.countExpr) },
        { ALT: () => this.SUBRULE(this.sumExpr) },
      ]),
  );

  private countExpr = this.RULE("countExpr", (): A.CountExpr => {
    const t = this.CONSUME(K.count);
    const variable = this.SUBRULE(this.name);
    this.CONSUME(K.in);
    const collection = this.SUBRULE(this.postfix);
    const where = this.OPTION(() => this.SUBRULE(this.whereClause));
    return { kind: "count", variable, collection, where, span: join(this.span(t), (where ?? collection)?.span) };
  });

  private sumExpr = this.RULE("sumExpr", (): A.SumExpr => {
    const t = this.CONSUME(K.sum);
    const body = this.SUBRULE(this.additive);
    this.CONSUME(K.for);
    const variable = this.SUBRULE(this.name);
    this.CONSUME(K.in);
    const collection = this.SUBRULE(this.postfix);
    const where = this.OPTION(() => this.SUBRULE(this.whereClause));
    return { kind: "sum", body, variable, collection, where, span: join(this.span(t), (where ?? collection)?.span) };
  });

  /** `name` or `name(args)` */
  private nameOrCall = this.RULE("nameOrCall", (): A.Expr => {
    const fn = this.SUBRULE(this.name);
    const call = this.OPTION(() => {
      this.CONSUME(L.LParen);
      const args: A.Expr[] = [];
      this.MANY_SEP({ SEP: L.Comma, DEF: () => args.push(this.SUBRULE(this.expression)) });
      const close = this.CONSUME(L.RParen);
      return { args, close };
    });
    if (call) return { kind: "call", fn, args: call.args, span: join(fn?.span, this.span(call.close)) };
    return { kind: "ident", name: fn?.text, span: fn?.span } as A.Expr;
  });

  literal = this.RULE(
    "literal",
    (): A.Literal =>
      this.OR([
        {
          ALT: () => {
            const t = this.CONSUME(L.StringLiteral);
            return { kind: "string", value: this.ACTION(() => stringValue(t)), span: this.span(t) } as A.Literal;
          },
        },
        { ALT: () => this.SUBRULE(this.numberOrDuration) },
        {
          ALT: () => {
            const t = this.CONSUME(L.Money);
            this.ACTION(() => this.checkMoney(t));
            return { kind: "money", text: t.image.slice(1), span: this.span(t) } as A.Literal;
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(L.Percent);
            return { kind: "percent", text: t.image.slice(0, -1), span: this.span(t) } as A.Literal;
          },
        },
        { ALT: () => this.SUBRULE(this.dateLit) },
        {
          ALT: () => {
            const t = this.OR2([{ ALT: () => this.CONSUME(L.Code) }, { ALT: () => this.CONSUME(L.DigitCode) }]);
            return { kind: "code", text: t.image, span: this.span(t) } as A.Literal;
          },
        },
        {
          ALT: () => {
            const t = this.OR3([{ ALT: () => this.CONSUME(K.true) }, { ALT: () => this.CONSUME(K.false) }]);
            return { kind: "boolean", value: t.image === "true", span: this.span(t) } as A.Literal;
          },
        },
      ]),
  );

  /** `365` or `365 days`: a number followed by a unit is a duration; units are kept plural */
  private numberOrDuration = this.RULE("numberOrDuration", (): A.Literal => {
    const t = this.CONSUME(L.Integer);
    const unit = this.OPTION(() => this.OR((["days", "day", "months", "month", "years", "year"] as const).map((u) => ({ ALT: () => this.CONSUME(K[u]) }))));
    if (unit) return { kind: "duration", amount: t.image, unit: DURATION_UNITS[unit.image], span: this.span(t, unit) };
    return { kind: "integer", text: t.image, span: this.span(t) };
  });

  private checkMoney(t: IToken): void {
    if (badMoneyDecimals(t.image)) {
      this.report(E.moneyDecimals(this.span(t), t.image), false);
    }
  }
}

function binary(op: A.BinaryOp, left: A.Expr, right: A.Expr): A.Binary {
  return { kind: "binary", op, left, right, span: join(left?.span, right?.span) };
}

// ------------------------------------------------------------------ driving the parser

/**
 * chevrotain's toFastProperties: V8 keeps an object used as a prototype in fast mode, and the
 * parser's many properties make its DSL methods several times faster that way.
 */
function toFastProperties(object: object): void {
  function FakeConstructor() {
    // only its prototype matters
  }
  FakeConstructor.prototype = object;
  const fake = new (FakeConstructor as unknown as new () => { bar?: unknown })();
  const access = () => typeof fake.bar;
  access();
  access();
}

/** building the parser takes a few milliseconds even from the table, so it is built once, on first use */
let sharedParser: EdictParser | undefined;
function theParser(): EdictParser {
  return (sharedParser ??= new EdictParser());
}

/** a parser built by chevrotain's full analysis: for what the table does not cover (getGAstProductions), the table's generator and tests */
let analysed: EdictParser | undefined;
function analysedParser(): EdictParser {
  return (analysed ??= new EdictParser(true));
}

/** the grammar as chevrotain records it (from the analysed parser): for scripts/lookahead-table.ts */
export function recordedGrammar(): Rule[] {
  return Object.values(analysedParser().getGAstProductions());
}

/** a new parser, from the table or analysed, for tests that compare the two */
export function newParser(analyse: boolean): EmbeddedActionsParser {
  return new EdictParser(analyse);
}

/** runs `fn` with parse() using the analysed parser instead of the table-built one: for tests that compare the two */
export function withAnalysedParser<T>(fn: () => T): T {
  const saved = sharedParser;
  sharedParser = analysedParser();
  try {
    return fn();
  } finally {
    sharedParser = saved;
  }
}

const DECLARATION_STARTS = new Set<TokenType>(L.DECLARATION_KEYWORDS.map((word) => L.Keyword[word]));
const OVERRIDE_STARTS = new Set<TokenType>(L.OVERRIDE_KEYWORDS.map((word) => L.Keyword[word]));

/**
 * Cuts the tokens where declarations start: at a declaration keyword outside braces. Inside a
 * plan or benefit, `accumulator` is part of a line; any other declaration keyword inside braces
 * means a "}" is missing, and the cut happens anyway. After "." every word is a field name;
 * after `override` or `disable`, `rule` and `parameter` belong to the same declaration.
 */
function declarationChunks(tokens: IToken[]): IToken[][] {
  const chunks: IToken[][] = [];
  let current: IToken[] = [];
  let depth = 0;
  // indexed loops here and below: in a process's first parse this code runs in V8's interpreter,
  // where `for … of` allocates an iterator result (and `entries()` a pair) per token
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const afterDot = i > 0 && tokens[i - 1].tokenType === L.Dot;
    // `x.disable` names a field: only a keyword that is not after "." starts an override
    const afterOverride = i > 0 && OVERRIDE_STARTS.has(tokens[i - 1].tokenType) && !(i > 1 && tokens[i - 2].tokenType === L.Dot);
    const starts = DECLARATION_STARTS.has(t.tokenType) && !afterDot && !afterOverride && (depth === 0 || t.tokenType !== K.accumulator);
    if (starts && current.length > 0) {
      chunks.push(current);
      current = [];
      depth = 0;
    }
    if (t.tokenType === L.LCurly) depth++;
    else if (t.tokenType === L.RCurly) depth = Math.max(0, depth - 1);
    current.push(t);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** where an error points: its token, or for "ran out of tokens" the next declaration or the end of the last token */
function errorSpan(file: string, error: IRecognitionException, chunk: IToken[], follower: IToken | undefined): A.Span {
  if (error.token.tokenType !== EOF) return tokenSpan(file, error.token);
  if (follower) return tokenSpan(file, follower);
  const end = tokenSpan(file, chunk[chunk.length - 1]);
  return { ...end, line: end.endLine, col: end.endCol, offset: end.endOffset };
}

function recognitionDiagnostic(file: string, error: IRecognitionException, chunk: IToken[], follower: IToken | undefined): Diagnostic {
  const [message, hint] = error.message.split(HINT_SEPARATOR);
  return E.grammarMismatch(errorSpan(file, error, chunk, follower), message, hint);
}

interface ChunkResult {
  declaration?: A.Declaration;
  diagnostics: Diagnostic[];
}

/** parses one declaration's tokens; a declaration with a fatal error is left out */
function parseChunk(file: string, chunk: IToken[], follower: IToken | undefined): ChunkResult {
  const parser = theParser();
  parser.file = file;
  parser.problems = [];
  parser.input = chunk;
  setParseContext(follower, declarationNounOf(chunk[0].image));
  const declaration = parser.declaration();
  const problems = parser.problems.map((p) => p.diagnostic);
  const [error] = parser.errors;
  if (error) return { diagnostics: [recognitionDiagnostic(file, error, chunk, follower), ...problems] };
  if (parser.problems.some((p) => p.fatal)) return { diagnostics: problems };
  return { declaration, diagnostics: problems };
}

function lexingDiagnostics(file: string, text: string, lexed: ReturnType<typeof L.tokenize>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (let i = 0; i < lexed.errors.length; i++) {
    const e = lexed.errors[i];
    const length = Math.max(1, e.length);
    const span = spanAt(file, e.line ?? 1, e.column ?? 1, length, e.offset);
    diagnostics.push(E.unexpectedCharacters(span, text.slice(e.offset, e.offset + length)));
  }
  for (let i = 0; i < lexed.tokens.length; i++) {
    const t = lexed.tokens[i];
    if (t.tokenType === L.UnterminatedString) {
      diagnostics.push(E.unterminatedText(tokenSpan(file, t)));
    } else if (t.tokenType === L.SingleQuotedString) {
      diagnostics.push(E.singleQuotedText(tokenSpan(file, t), t.image.slice(1, -1)));
    }
  }
  return diagnostics;
}

/** deeper than any real condition; the recursive-descent parser, checker and evaluators stay far from the stack limit */
const MAX_NESTING = 100;

const OPENERS = new Set<TokenType>([L.LParen, L.LBracket, L.LCurly]);
const CLOSERS = new Set<TokenType>([L.RParen, L.RBracket, L.RCurly]);

/**
 * The first token past MAX_NESTING levels of real nesting: brackets of any kind, and what opens a
 * sub-expression without brackets (a `where` until its group closes, a `sum` body until its
 * `for`). Chains — `a or b or …`, `not not …`, `x + y + …` — are not nesting: the parser reads
 * them in loops and every later stage walks them in loops, so they have no such limit.
 */
function firstTooDeep(tokens: IToken[]): IToken | undefined {
  const open: number[] = [0];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (OPENERS.has(t.tokenType)) {
      open.push(0);
      depth++;
    } else if (CLOSERS.has(t.tokenType)) {
      if (open.length > 1) depth -= 1 + open.pop()!;
    } else if (t.tokenType === K.where || t.tokenType === K.sum) {
      open[open.length - 1]++;
      depth++;
    } else if (t.tokenType === K.for && open[open.length - 1] > 0) {
      open[open.length - 1]--;
      depth--;
    } else if (t.tokenType === K.then) {
      depth -= open[open.length - 1];
      open[open.length - 1] = 0;
    }
    if (depth > MAX_NESTING) return t;
  }
  return undefined;
}

/** one diagnostic per position, in text order */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<number>();
  return [...diagnostics].sort((a, b) => a.span.offset - b.span.offset).filter((d) => !seen.has(d.span.offset) && seen.add(d.span.offset) !== undefined);
}

/** the fast path (./fast-parser.ts): one declaration's AST, or undefined to leave it to the chevrotain parser */
export type FastPath = (file: string, chunk: IToken[]) => A.Declaration | undefined;

interface Parsed {
  ast: A.SourceFile;
  diagnostics: Diagnostic[];
  /** how many declarations the fast path read (the rest the chevrotain parser did) */
  fastRead: number;
}

function parseUnsafe(text: string, file: string, fast: FastPath | undefined): Parsed {
  const lexed = L.tokenize(text);
  const comments: A.Comment[] = (lexed.groups.comments ?? []).map((c) => ({ text: c.image, span: tokenSpan(file, c) }));
  const lexErrors = lexingDiagnostics(file, text, lexed);
  const diagnostics: Diagnostic[] = [...lexErrors];
  const declarations: A.Declaration[] = [];
  let fastRead = 0;
  const chunks = declarationChunks(lexed.tokens);
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i];
    const follower = chunks[i + 1]?.[0];
    const tooDeep = firstTooDeep(chunk);
    if (tooDeep) {
      diagnostics.push(E.nestedTooDeep(tokenSpan(file, tooDeep), MAX_NESTING));
      continue;
    }
    // a declaration the fast path reads has no problem to report; anything else, the
    // chevrotain parser reads (built on first use) and words what is wrong
    const quick = fast?.(file, chunk);
    if (quick) fastRead++;
    const result = quick ? { declaration: quick, diagnostics: [] } : parseChunk(file, chunk, follower);
    if (result.declaration) declarations.push(result.declaration);
    // a character the lexer skipped usually makes the parser stumble right after it:
    // report the cause, not the stumble
    const start = chunk[0].startOffset;
    const end = follower?.startOffset ?? Infinity;
    const firstLexError = lexErrors.find((d) => d.span.offset >= start && d.span.offset < end);
    diagnostics.push(...result.diagnostics.filter((d) => !firstLexError || d.span.offset < firstLexError.span.offset));
  }
  return { ast: { file, declarations, comments }, diagnostics: dedupe(diagnostics), fastRead };
}

/** parses with the given fast path, or none; never throws */
function parseSafely(text: string, file: string, fast: FastPath | undefined): Parsed {
  try {
    return parseUnsafe(text, file, fast);
  } catch (e) {
    return { ast: { file, declarations: [], comments: [] }, diagnostics: [E.parserFailed(file, e)], fastRead: 0 };
  }
}

/** Parses one file. Never throws: every problem, even an internal one, becomes a diagnostic. */
export function parse(text: string, file: string): { ast: A.SourceFile; diagnostics: Diagnostic[] } {
  const { ast, diagnostics } = parseSafely(text, file, fastDeclaration);
  return { ast, diagnostics };
}

/**
 * For test/syntax/fast-parser.test.ts: parses with another fast path, or with none (the
 * chevrotain parser alone), and says how many declarations the fast path read.
 */
export function parseWith(fast: FastPath | undefined, text: string, file: string): Parsed {
  return parseSafely(text, file, fast);
}
