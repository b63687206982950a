// The Edict parser: chevrotain, building the AST (./ast.ts) directly with exact spans.
// Recovery: the token stream is cut at the keywords that start a declaration, and each
// declaration is parsed on its own, so one typo gives one diagnostic and the rest still parses.
import { EmbeddedActionsParser, type IToken, type TokenType, type IParserErrorMessageProvider, tokenLabel } from "chevrotain";
import * as L from "./lexer.js";
import { KW } from "./lexer.js";
import type * as A from "./ast.js";
import { PHASES } from "./ast.js";
import type { Diagnostic } from "./diagnostic.js";
import { closest } from "../check/suggest.js";

const DECLARATION_STARTS = new Set<TokenType>([KW.pack, KW.include, KW.valueset, KW.table, KW.parameter, KW.accumulator, KW.plan, KW.benefit, KW.rule]);

function describeToken(token: IToken): string {
  if (token.tokenType.name === "EOF") return "the end of the file";
  return `"${token.image}"`;
}

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) =>
    expected === L.Identifier && L.KEYWORDS.includes(actual.image)
      ? `expected a name but found "${actual.image}", a word the language reserves; choose another name`
      : `expected ${tokenLabel(expected)} but found ${describeToken(actual)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) =>
    `unexpected ${describeToken(firstRedundant)}: a declaration (rule, benefit, table, valueset, …) should start here`,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, ruleName }) => {
    const firsts = [...new Set(expectedPathsPerAlt.flatMap((alt) => alt.map((path) => (path[0] ? tokenLabel(path[0]) : ""))))].filter(Boolean);
    const what = RULE_WORDS[ruleName] ?? firsts.slice(0, 6).join(", ");
    return `expected ${what} but found ${describeToken(actual[0])}`;
  },
  buildEarlyExitMessage: ({ expectedIterationPaths, actual, ruleName }) => {
    const firsts = [...new Set(expectedIterationPaths.map((path) => (path[0] ? tokenLabel(path[0]) : "")))].filter(Boolean);
    return `expected ${RULE_WORDS[ruleName] ?? firsts.join(", ")} but found ${describeToken(actual[0])}`;
  },
};

const RULE_WORDS: Record<string, string> = {
  declaration: "a declaration (pack, include, valueset, table, parameter, accumulator, plan, benefit or rule)",
  primary: "a value, a name or a parenthesised condition",
  literal: "a value",
  valueRef: "a value or the name of a parameter",
  codeAtom: "a code",
  columnType: "a column type (procedure, diagnosis, modifier, code, pattern, text, integer, money, percent, date, boolean)",
  action: "an action (deny, pend, remark or set allowed)",
  benefitItem: "a benefit line (codes, when, in_network:, out_of_network:, limit, requires authorization, cite)",
  planItem: '"fee schedule" or "network"',
  costTerm: "copay, deductible or coinsurance",
  tierItem: "deductible, out_of_pocket or coinsurance",
};

/** a token's span; end exclusive */
function tokenSpan(file: string, first: IToken, last: IToken = first): A.Span {
  return {
    file,
    line: first.startLine ?? 0,
    col: first.startColumn ?? 0,
    endLine: last.endLine ?? 0,
    endCol: (last.endColumn ?? 0) + 1,
    offset: first.startOffset,
    endOffset: (last.endOffset ?? 0) + 1,
  };
}

const NO_SPAN: A.Span = { file: "", line: 0, col: 0, endLine: 0, endCol: 0, offset: 0, endOffset: 0 };

/** the span from a's start to b's end; during chevrotain's grammar recording both may be absent */
function join(a: A.Span | undefined, b: A.Span | undefined): A.Span {
  if (!a || !b) return NO_SPAN;
  return { file: a.file, line: a.line, col: a.col, endLine: b.endLine, endCol: b.endCol, offset: a.offset, endOffset: b.endOffset };
}

function unquote(image: string): string {
  return image.slice(1, -1).replace(/\\(.)/g, "$1");
}

class EdictParser extends EmbeddedActionsParser {
  file = "";

  constructor() {
    super(L.allTokens, { errorMessageProvider: messages, maxLookahead: 3 });
    this.performSelfAnalysis();
  }

  private sp(first: IToken, last?: IToken): A.Span {
    return tokenSpan(this.file, first, last);
  }

  private identName = this.RULE("identName", (): A.Name => {
    const t = this.CONSUME(L.Identifier);
    return { text: t.image, span: this.sp(t) };
  });

  /** after "." and in column declarations, keywords are ordinary names (`line.units`, `c.to`) */
  private softName = this.RULE("softName", (): A.Name => {
    const t = this.OR(KEYWORD_OR_IDENT.map((tt) => ({ ALT: () => this.CONSUME(tt) })));
    return { text: t.image, span: this.sp(t) };
  });

  private textLit = this.RULE("textLit", (): A.Text => {
    const t = this.CONSUME(L.StringLit);
    return { value: this.ACTION(() => unquote(t.image)), span: this.sp(t) };
  });

  declaration = this.RULE("declaration", (): A.Declaration => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.packHeader) },
      { ALT: () => this.SUBRULE(this.include) },
      { ALT: () => this.SUBRULE(this.valueset) },
      { ALT: () => this.SUBRULE(this.table) },
      { ALT: () => this.SUBRULE(this.parameter) },
      { ALT: () => this.SUBRULE(this.accumulator) },
      { ALT: () => this.SUBRULE(this.plan) },
      { ALT: () => this.SUBRULE(this.benefit) },
      { ALT: () => this.SUBRULE(this.rule) },
    ]);
  });

  private packHeader = this.RULE("packHeader", (): A.PackHeader => {
    const start = this.CONSUME(KW.pack);
    const name = this.SUBRULE(this.textLit);
    this.CONSUME(KW.version);
    const version = this.SUBRULE2(this.textLit);
    let effective: A.PackHeader["effective"];
    let end = version.span;
    this.OPTION(() => {
      this.CONSUME(KW.effective);
      const from = this.SUBRULE(this.dateLit);
      this.CONSUME(KW.to);
      const to = this.SUBRULE2(this.dateLit);
      effective = { from, to };
      end = to.span;
    });
    return { kind: "pack", name, version, effective, span: join(this.sp(start), end) };
  });

  private dateLit = this.RULE("dateLit", (): A.DateLit => {
    const t = this.CONSUME(L.DateLit);
    return { kind: "date", text: t.image, span: this.sp(t) };
  });

  private include = this.RULE("include", (): A.Include => {
    const start = this.CONSUME(KW.include);
    const path = this.SUBRULE(this.textLit);
    return { kind: "include", path, span: join(this.sp(start), path.span) };
  });

  private valueset = this.RULE("valueset", (): A.ValueSetDecl => {
    const start = this.CONSUME(KW.valueset);
    const name = this.SUBRULE(this.identName);
    const title = this.OPTION(() => this.SUBRULE(this.textLit));
    this.CONSUME(L.Equal);
    const kindToken = this.OR([{ ALT: () => this.CONSUME(KW.procedure) }, { ALT: () => this.CONSUME(KW.diagnosis) }, { ALT: () => this.CONSUME(KW.modifier) }]);
    const set = this.SUBRULE(this.codeSet);
    return { kind: "valueset", name, title, codeKind: kindToken.image as A.CodeKind, items: set.items, span: join(this.sp(start), set.span) };
  });

  private codeSet = this.RULE("codeSet", (): A.CodeSetLit => {
    const open = this.CONSUME(L.LBrace);
    const items: A.CodeItem[] = [];
    this.MANY(() => {
      items.push(this.SUBRULE(this.codeItem));
      this.OPTION(() => this.CONSUME(L.Comma));
    });
    const close = this.CONSUME(L.RBrace);
    return { kind: "codeset", items, span: this.sp(open, close) };
  });

  private codeItem = this.RULE("codeItem", (): A.CodeItem => {
    const from = this.SUBRULE(this.codeAtom);
    let to: IToken | undefined;
    this.OPTION(() => {
      this.CONSUME(L.Range);
      to = this.SUBRULE2(this.codeAtom);
    });
    return { from: from.image, to: to?.image, span: this.sp(from, to ?? from) };
  });

  private codeAtom = this.RULE("codeAtom", (): IToken => this.OR([{ ALT: () => this.CONSUME(L.CodeLit) }, { ALT: () => this.CONSUME(L.IntegerLit) }]));

  private table = this.RULE("table", (): A.TableDecl => {
    const start = this.CONSUME(KW.table);
    const name = this.SUBRULE(this.identName);
    const title = this.OPTION(() => this.SUBRULE(this.textLit));
    this.CONSUME(KW.from);
    const path = this.SUBRULE2(this.textLit);
    this.CONSUME(L.LBrace);
    const columns: A.ColumnDecl[] = [];
    let active: A.TableDecl["active"];
    this.MANY(() => {
      this.OR([
        { ALT: () => columns.push(this.SUBRULE(this.column)) },
        {
          ALT: () => {
            const a = this.CONSUME(KW.active);
            this.CONSUME2(KW.from);
            const from = this.SUBRULE(this.softName);
            this.CONSUME(KW.until);
            const until = this.SUBRULE2(this.softName);
            active = { from, until, span: join(this.sp(a), until.span) };
          },
        },
      ]);
    });
    const end = this.CONSUME(L.RBrace);
    return { kind: "table", name, title, path, columns, active, span: this.sp(start, end) };
  });

  private column = this.RULE("column", (): A.ColumnDecl => {
    const key = this.OPTION(() => this.CONSUME(KW.key));
    const name = this.SUBRULE(this.softName);
    this.CONSUME(L.Colon);
    const type = this.SUBRULE(this.columnType);
    const question = this.OPTION2(() => this.CONSUME(L.Question));
    const start = key ? this.sp(key) : name.span;
    const end = question ? this.sp(question) : type.span;
    return { name, type: type.value, key: key !== undefined, optional: question !== undefined, span: join(start, end) };
  });

  private columnType = this.RULE("columnType", (): { value: A.ColumnType; span: A.Span } => {
    const t = this.OR([
      { ALT: () => this.CONSUME(KW.procedure) },
      { ALT: () => this.CONSUME(KW.diagnosis) },
      { ALT: () => this.CONSUME(KW.modifier) },
      { ALT: () => this.CONSUME(KW.money) },
      { ALT: () => this.CONSUME(L.Identifier) },
    ]);
    return { value: t.image as A.ColumnType, span: this.sp(t) };
  });

  private parameter = this.RULE("parameter", (): A.ParameterDecl => {
    const start = this.CONSUME(KW.parameter);
    const name = this.SUBRULE(this.identName);
    const title = this.OPTION(() => this.SUBRULE(this.textLit));
    this.CONSUME(L.Equal);
    const value = this.SUBRULE(this.literal);
    return { kind: "parameter", name, title, value, span: join(this.sp(start), value.span) };
  });

  private accumulator = this.RULE("accumulator", (): A.AccumulatorDecl => {
    const start = this.CONSUME(KW.accumulator);
    const name = this.SUBRULE(this.softName);
    const title = this.OPTION(() => this.SUBRULE(this.textLit));
    this.CONSUME(L.Colon);
    const unit = this.OR([{ ALT: () => this.CONSUME(KW.money) }, { ALT: () => this.CONSUME(KW.count) }]);
    return { kind: "accumulator", name, title, unit: unit.image as "money" | "count", span: this.sp(start, unit) };
  });

  private plan = this.RULE("plan", (): A.PlanDecl => {
    const start = this.CONSUME(KW.plan);
    const title = this.OPTION(() => this.SUBRULE(this.textLit));
    this.CONSUME(L.LBrace);
    let feeSchedule: A.PlanDecl["feeSchedule"];
    const tiers: A.TierDecl[] = [];
    this.MANY(() =>
      this.OR([
        {
          ALT: () => {
            const f = this.CONSUME(KW.fee);
            this.CONSUME(KW.schedule);
            const table = this.SUBRULE(this.identName);
            this.CONSUME(L.Dot);
            const column = this.SUBRULE(this.softName);
            feeSchedule = { table, column, span: join(this.sp(f), column.span) };
          },
        },
        { ALT: () => tiers.push(this.SUBRULE(this.tier)) },
      ]),
    );
    const end = this.CONSUME(L.RBrace);
    return { kind: "plan", title, feeSchedule, tiers, span: this.sp(start, end) };
  });

  private tier = this.RULE("tier", (): A.TierDecl => {
    const start = this.CONSUME(KW.network);
    const network = this.OR([{ ALT: () => this.CONSUME(KW.in) }, { ALT: () => this.CONSUME(KW.out) }]);
    this.CONSUME(L.LBrace);
    const tier: A.TierDecl = { network: network.image as "in" | "out", span: this.sp(start) };
    this.MANY(() =>
      this.OR2([
        {
          ALT: () => {
            const t = this.CONSUME(KW.deductible);
            const amount = this.SUBRULE(this.valueRef);
            this.CONSUME(KW.accumulator);
            const accumulator = this.SUBRULE(this.softName);
            tier.deductible = { amount, accumulator, span: join(this.sp(t), accumulator.span) };
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(KW.out_of_pocket);
            const amount = this.SUBRULE2(this.valueRef);
            this.CONSUME2(KW.accumulator);
            const accumulator = this.SUBRULE2(this.softName);
            tier.outOfPocket = { amount, accumulator, span: join(this.sp(t), accumulator.span) };
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(KW.coinsurance);
            const rate = this.SUBRULE3(this.valueRef);
            tier.coinsurance = { rate, span: join(this.sp(t), rate.span) };
          },
        },
      ]),
    );
    const end = this.CONSUME(L.RBrace);
    tier.span = this.sp(start, end);
    return tier;
  });

  private valueRef = this.RULE("valueRef", (): A.ValueRef =>
    this.OR([
      { ALT: () => this.SUBRULE(this.literal) },
      {
        ALT: () => {
          const n = this.SUBRULE(this.identName);
          return { kind: "ident", name: n.text, span: n.span } as A.Identifier;
        },
      },
    ]),
  );

  private benefit = this.RULE("benefit", (): A.BenefitDecl => {
    const start = this.CONSUME(KW.benefit);
    const name = this.SUBRULE(this.identName);
    const title = this.OPTION(() => this.SUBRULE(this.textLit));
    this.CONSUME(L.LBrace);
    const decl: A.BenefitDecl = { kind: "benefit", name, title, codes: [], costShares: [], cites: [], span: this.sp(start) };
    this.MANY(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(KW.codes);
            this.OR2([{ ALT: () => decl.codes.push(this.SUBRULE2(this.identName)) }, { ALT: () => decl.codes.push(this.SUBRULE(this.codeSet)) }]);
          },
        },
        {
          ALT: () => {
            this.CONSUME(KW.when);
            decl.when = this.SUBRULE(this.expression);
          },
        },
        { ALT: () => decl.costShares.push(this.SUBRULE(this.costShare)) },
        {
          ALT: () => {
            const t = this.CONSUME(KW.limit);
            const amount = this.SUBRULE(this.valueRef);
            const unit = this.OR3([{ ALT: () => this.CONSUME(KW.visits) }, { ALT: () => this.CONSUME(KW.units) }]);
            this.CONSUME(KW.per);
            this.CONSUME(KW.year);
            this.CONSUME(KW.accumulator);
            const accumulator = this.SUBRULE(this.softName);
            decl.limit = { amount, unit: unit.image as "visits" | "units", accumulator, span: join(this.sp(t), accumulator.span) };
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(KW.requires);
            const e = this.CONSUME(KW.authorization);
            decl.requiresAuthorization = this.sp(t, e);
          },
        },
        {
          ALT: () => {
            this.CONSUME(KW.cite);
            decl.cites.push(this.SUBRULE2(this.textLit));
          },
        },
      ]),
    );
    const end = this.CONSUME(L.RBrace);
    decl.span = this.sp(start, end);
    return decl;
  });

  private costShare = this.RULE("costShare", (): A.CostShareDecl => {
    const start = this.OR([{ ALT: () => this.CONSUME(KW.in_network) }, { ALT: () => this.CONSUME(KW.out_of_network) }]);
    this.CONSUME(L.Colon);
    const network = start.image === "in_network" ? "in" : "out";
    return this.OR2([
      {
        ALT: () => {
          this.CONSUME(KW.no);
          this.CONSUME(KW.cost);
          const end = this.CONSUME(KW.share);
          return { network, none: true, terms: [], span: this.sp(start, end) } as A.CostShareDecl;
        },
      },
      {
        ALT: () => {
          const terms: A.CostTerm[] = [];
          this.AT_LEAST_ONE_SEP({ SEP: L.Comma, DEF: () => terms.push(this.SUBRULE(this.costTerm)) });
          const last = terms[terms.length - 1];
          return { network, none: false, terms, span: last ? join(this.sp(start), last.span) : this.sp(start) } as A.CostShareDecl;
        },
      },
    ]);
  });

  private costTerm = this.RULE("costTerm", (): A.CostTerm =>
    this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(KW.copay);
          const amount = this.SUBRULE(this.valueRef);
          return { kind: "copay", amount, span: join(this.sp(t), amount.span) } as A.CostTerm;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(KW.deductible);
          const how = this.OR2([{ ALT: () => this.CONSUME(KW.applies) }, { ALT: () => this.CONSUME(KW.waived) }]);
          return { kind: "deductible", applies: how.image === "applies", span: this.sp(t, how) } as A.CostTerm;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(KW.coinsurance);
          const rate = this.SUBRULE2(this.valueRef);
          return { kind: "coinsurance", rate, span: join(this.sp(t), rate.span) } as A.CostTerm;
        },
      },
    ]),
  );

  private rule = this.RULE("rule", (): A.RuleDecl => {
    const start = this.CONSUME(KW.rule);
    const name = this.SUBRULE(this.identName);
    const title = this.OPTION(() => this.SUBRULE(this.textLit));
    this.CONSUME(KW.phase);
    const phaseName = this.SUBRULE(this.softName);
    const cites: A.Text[] = [];
    this.MANY(() => {
      this.CONSUME(KW.cite);
      cites.push(this.SUBRULE2(this.textLit));
    });
    this.CONSUME(KW.when);
    const when = this.SUBRULE(this.expression);
    this.CONSUME(KW.then);
    const action = this.SUBRULE(this.action);
    return {
      kind: "rule",
      name,
      title,
      phase: { value: phaseName.text as A.RulePhase, span: phaseName.span },
      cites,
      when,
      action,
      span: join(this.sp(start), action.span),
    };
  });

  private reasonRef = this.RULE("reasonRef", (): A.ReasonRef => {
    const t = this.CONSUME(L.ReasonLit);
    const [group, code] = this.ACTION(() => t.image.split("-")) ?? ["", ""];
    return { group, code, span: this.sp(t) };
  });

  private remarkCode = this.RULE("remarkCode", (): A.Name => {
    const t = this.CONSUME(L.CodeLit);
    return { text: t.image, span: this.sp(t) };
  });

  private remarks = this.RULE("remarks", (): A.Name[] => {
    const names: A.Name[] = [];
    this.CONSUME(KW.remark);
    this.AT_LEAST_ONE_SEP({ SEP: L.Comma, DEF: () => names.push(this.SUBRULE(this.remarkCode)) });
    return names;
  });

  private action = this.RULE("action", (): A.Action => {
    const end = (start: A.Span, remarks: A.Name[], other?: A.Span) => {
      const last = remarks.length ? remarks[remarks.length - 1].span : other;
      return last ? join(start, last) : start;
    };
    return this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(KW.deny);
          const reason = this.SUBRULE(this.reasonRef);
          const remarks = this.OPTION(() => this.SUBRULE(this.remarks)) ?? [];
          return { kind: "deny", reason, remarks, span: end(this.sp(t), remarks, reason.span) } as A.Action;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(KW.pend);
          const reason = this.OPTION2(() => this.SUBRULE2(this.reasonRef));
          const remarks = this.OPTION3(() => this.SUBRULE2(this.remarks)) ?? [];
          return { kind: "pend", reason, remarks, span: end(this.sp(t), remarks, reason?.span) } as A.Action;
        },
      },
      {
        ALT: () => {
          const remarks = this.SUBRULE3(this.remarks);
          return { kind: "remark", remarks, span: remarks.length ? join(remarks[0].span, remarks[remarks.length - 1].span) : remarks[0]?.span } as A.Action;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(KW.set);
          this.CONSUME(KW.allowed);
          const amount = this.SUBRULE(this.expression);
          const remarks = this.OPTION4(() => this.SUBRULE4(this.remarks)) ?? [];
          return { kind: "setAllowed", amount, remarks, span: end(this.sp(t), remarks, amount.span) } as A.Action;
        },
      },
    ]);
  });

  // ---------------------------------------------------------------- expressions

  expression = this.RULE("expression", (): A.Expr => this.SUBRULE(this.orExpr));

  private orExpr = this.RULE("orExpr", (): A.Expr => {
    let left = this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(KW.or);
      const right = this.SUBRULE2(this.andExpr);
      left = { kind: "binary", op: "or", left, right, span: join(left.span, right.span) };
    });
    return left;
  });

  private andExpr = this.RULE("andExpr", (): A.Expr => {
    let left = this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(KW.and);
      const right = this.SUBRULE2(this.notExpr);
      left = { kind: "binary", op: "and", left, right, span: join(left.span, right.span) };
    });
    return left;
  });

  private notExpr = this.RULE("notExpr", (): A.Expr =>
    this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(KW.not);
          const operand = this.SUBRULE(this.notExpr);
          return { kind: "unary", op: "not", operand, span: join(this.sp(t), operand.span) } as A.Expr;
        },
      },
      { ALT: () => this.SUBRULE(this.quantified) },
      { ALT: () => this.SUBRULE(this.comparison) },
    ]),
  );

  private quantified = this.RULE("quantified", (): A.Expr => {
    const q = this.OR([{ ALT: () => this.CONSUME(KW.any) }, { ALT: () => this.CONSUME(KW.no) }]);
    const variable = this.SUBRULE(this.identName);
    this.CONSUME(KW.in);
    const collection = this.SUBRULE(this.postfix);
    const where = this.OPTION(() => {
      this.CONSUME(KW.where);
      return this.SUBRULE(this.expression);
    });
    return {
      kind: "quantifier",
      quantifier: q.image as "any" | "no",
      variable,
      collection,
      where,
      span: join(this.sp(q), (where ?? collection).span),
    };
  });

  private comparison = this.RULE("comparison", (): A.Expr => {
    const left = this.SUBRULE(this.additive);
    let result: A.Expr = left;
    this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            const op = this.OR2([
              { ALT: () => this.CONSUME(L.Equal) },
              { ALT: () => this.CONSUME(L.NotEqual) },
              { ALT: () => this.CONSUME(L.LessEqual) },
              { ALT: () => this.CONSUME(L.GreaterEqual) },
              { ALT: () => this.CONSUME(L.Less) },
              { ALT: () => this.CONSUME(L.Greater) },
              { ALT: () => this.CONSUME(KW.matches) },
            ]);
            const right = this.SUBRULE2(this.additive);
            result = { kind: "binary", op: op.image as A.BinaryOp, left, right, span: join(left.span, right.span) };
          },
        },
        {
          ALT: () => {
            const negated = this.OPTION2(() => this.CONSUME(KW.not)) !== undefined;
            this.CONSUME(KW.in);
            const set = this.OR3([{ ALT: () => this.SUBRULE(this.codeSet) as A.CodeSetLit | A.Expr }, { ALT: () => this.SUBRULE(this.postfix) }]);
            const on = this.OPTION3(() => {
              this.CONSUME(KW.on);
              return this.SUBRULE2(this.postfix);
            });
            result = { kind: "in", negated, element: left, set, on, span: join(left.span, (on ?? set).span) };
          },
        },
        {
          ALT: () => {
            this.CONSUME(KW.is);
            const negated = this.OPTION4(() => this.CONSUME2(KW.not)) !== undefined;
            const end = this.CONSUME(KW.missing);
            result = { kind: "missing", negated, operand: left, span: join(left.span, this.sp(end)) };
          },
        },
      ]),
    );
    return result;
  });

  private additive = this.RULE("additive", (): A.Expr => {
    let left = this.SUBRULE(this.term);
    this.MANY(() => {
      const op = this.OR([{ ALT: () => this.CONSUME(L.Plus) }, { ALT: () => this.CONSUME(L.Minus) }]);
      const right = this.SUBRULE2(this.term);
      left = { kind: "binary", op: op.image as A.BinaryOp, left, right, span: join(left.span, right.span) };
    });
    return left;
  });

  private term = this.RULE("term", (): A.Expr => {
    let left = this.SUBRULE(this.unary);
    this.MANY(() => {
      const op = this.OR([{ ALT: () => this.CONSUME(L.Star) }, { ALT: () => this.CONSUME(L.Slash) }]);
      const right = this.SUBRULE2(this.unary);
      left = { kind: "binary", op: op.image as A.BinaryOp, left, right, span: join(left.span, right.span) };
    });
    return left;
  });

  private unary = this.RULE("unary", (): A.Expr =>
    this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(L.Minus);
          const operand = this.SUBRULE(this.unary);
          return { kind: "unary", op: "-", operand, span: join(this.sp(t), operand.span) } as A.Expr;
        },
      },
      { ALT: () => this.SUBRULE(this.postfix) },
    ]),
  );

  private postfix = this.RULE("postfix", (): A.Expr => {
    let expr = this.SUBRULE(this.primary);
    this.MANY(() => {
      this.CONSUME(L.Dot);
      const field = this.SUBRULE(this.softName);
      expr = { kind: "field", object: expr, field, span: join(expr.span, field.span) };
    });
    return expr;
  });

  private primary = this.RULE("primary", (): A.Expr =>
    this.OR([
      { ALT: () => this.SUBRULE(this.literal) },
      { ALT: () => this.SUBRULE(this.nameOrCall) },
      {
        ALT: () => {
          const open = this.CONSUME(L.LParen);
          const inner = this.SUBRULE(this.expression);
          const close = this.CONSUME(L.RParen);
          return { kind: "paren", inner, span: this.sp(open, close) } as A.Expr;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(KW.count);
          const variable = this.SUBRULE(this.identName);
          this.CONSUME(KW.in);
          const collection = this.SUBRULE(this.postfix);
          const where = this.OPTION(() => {
            this.CONSUME(KW.where);
            return this.SUBRULE2(this.expression);
          });
          return { kind: "count", variable, collection, where, span: join(this.sp(t), (where ?? collection).span) } as A.Expr;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(KW.sum);
          const body = this.SUBRULE(this.additive);
          this.CONSUME(KW.for);
          const variable = this.SUBRULE2(this.identName);
          this.CONSUME2(KW.in);
          const collection = this.SUBRULE2(this.postfix);
          const where = this.OPTION2(() => {
            this.CONSUME2(KW.where);
            return this.SUBRULE3(this.expression);
          });
          return { kind: "sum", body, variable, collection, where, span: join(this.sp(t), (where ?? collection).span) } as A.Expr;
        },
      },
    ]),
  );

  /** `name`, `name(args)` or `table[keys] on date` */
  private nameOrCall = this.RULE("nameOrCall", (): A.Expr => {
    const n = this.SUBRULE(this.identName);
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(L.LParen);
          const args: A.Expr[] = [];
          this.MANY_SEP({ SEP: L.Comma, DEF: () => args.push(this.SUBRULE(this.expression)) });
          const close = this.CONSUME(L.RParen);
          return { kind: "call", fn: n, args, span: join(n.span, this.sp(close)) } as A.Expr;
        },
      },
      {
        ALT: () => {
          this.CONSUME(L.LBracket);
          const keys: A.Expr[] = [];
          this.AT_LEAST_ONE_SEP({ SEP: L.Comma, DEF: () => keys.push(this.SUBRULE2(this.expression)) });
          const close = this.CONSUME(L.RBracket);
          const on = this.OPTION(() => {
            this.CONSUME(KW.on);
            return this.SUBRULE(this.postfix);
          });
          return { kind: "lookup", table: n, keys, on, span: join(n.span, on ? on.span : this.sp(close)) } as A.Expr;
        },
      },
      { ALT: () => ({ kind: "ident", name: n.text, span: n.span }) as A.Expr },
    ]);
  });

  literal = this.RULE("literal", (): A.Literal =>
    this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(L.StringLit);
          return { kind: "string", value: this.ACTION(() => unquote(t.image)), span: this.sp(t) } as A.Literal;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(L.IntegerLit);
          const unit = this.OPTION(() =>
            this.OR2([
              { ALT: () => this.CONSUME(KW.days) },
              { ALT: () => this.CONSUME(KW.day) },
              { ALT: () => this.CONSUME(KW.months) },
              { ALT: () => this.CONSUME(KW.month) },
              { ALT: () => this.CONSUME(KW.years) },
              { ALT: () => this.CONSUME(KW.year) },
            ]),
          );
          if (unit) {
            const plural = this.ACTION(() => (unit.image.endsWith("s") ? unit.image : unit.image + "s")) as "days";
            return { kind: "duration", amount: t.image, unit: plural, span: this.sp(t, unit) } as A.Literal;
          }
          return { kind: "integer", text: t.image, span: this.sp(t) } as A.Literal;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(L.MoneyLit);
          return { kind: "money", text: this.ACTION(() => t.image.slice(1)), span: this.sp(t) } as A.Literal;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(L.PercentLit);
          return { kind: "percent", text: this.ACTION(() => t.image.slice(0, -1)), span: this.sp(t) } as A.Literal;
        },
      },
      { ALT: () => this.SUBRULE(this.dateLit) },
      {
        ALT: () => {
          const t = this.CONSUME(L.CodeLit);
          return { kind: "code", text: t.image, span: this.sp(t) } as A.Literal;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(KW.true);
          return { kind: "boolean", value: true, span: this.sp(t) } as A.Literal;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(KW.false);
          return { kind: "boolean", value: false, span: this.sp(t) } as A.Literal;
        },
      },
    ]),
  );
}

const KEYWORD_OR_IDENT: TokenType[] = [L.Identifier, ...Object.values(KW)];

let shared: EdictParser | undefined;
function parser(): EdictParser {
  return (shared ??= new EdictParser());
}

/**
 * Splits the tokens into declarations: each starts at a declaration keyword outside braces.
 * `accumulator` also appears inside a plan or benefit; the others never do, so meeting one
 * inside braces means a "}" is missing, and the split happens anyway.
 */
function declarationChunks(tokens: IToken[]): IToken[][] {
  const chunks: IToken[][] = [];
  let current: IToken[] = [];
  let depth = 0;
  for (const t of tokens) {
    const starts = DECLARATION_STARTS.has(t.tokenType) && (depth === 0 || t.tokenType !== KW.accumulator);
    if (starts && current.length > 0) {
      chunks.push(current);
      current = [];
      depth = 0;
    }
    if (t.tokenType === L.LBrace) depth++;
    else if (t.tokenType === L.RBrace) depth = Math.max(0, depth - 1);
    current.push(t);
  }
  if (current.length) chunks.push(current);
  return chunks;
}

function lexDiagnostic(file: string, text: string, offset: number, line: number, col: number, length: number): Diagnostic {
  const found = text.slice(offset, offset + Math.max(1, length));
  const message = found.startsWith('"')
    ? "this text is never closed: add a closing \" on the same line"
    : found.startsWith("!")
      ? 'unexpected "!": write "!=" for "is not equal to", or "not" before a condition'
      : `unexpected character ${JSON.stringify(found.slice(0, 1))}`;
  return { severity: "error", code: "syntax", message, span: { file, line, col, endLine: line, endCol: col + Math.max(1, length), offset, endOffset: offset + Math.max(1, length) } };
}

/** Parses one file. Never throws: every problem becomes a diagnostic. */
export function parse(text: string, file: string): { ast: A.SourceFile; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const declarations: A.Declaration[] = [];
  const comments: A.Comment[] = [];
  try {
    const lexed = L.EdictLexer.tokenize(text);
    for (const e of lexed.errors) diagnostics.push(lexDiagnostic(file, text, e.offset, e.line ?? 1, e.column ?? 1, e.length));
    for (const c of lexed.groups.comments ?? []) comments.push({ text: c.image, span: tokenSpan(file, c) });
    const tokens = lexed.tokens.filter((t) => t.tokenType !== L.UnterminatedString);
    for (const t of lexed.tokens) {
      if (t.tokenType === L.UnterminatedString) diagnostics.push(lexDiagnostic(file, text, t.startOffset, t.startLine ?? 1, t.startColumn ?? 1, t.image.length));
    }
    const p = parser();
    p.file = file;
    for (const chunk of declarationChunks(tokens)) {
      p.input = chunk;
      const decl = p.declaration();
      const [error] = p.errors;
      if (error) {
        const token = error.token.tokenType.name === "EOF" ? chunk[chunk.length - 1] : error.token;
        const atEnd = error.token.tokenType.name === "EOF";
        const span = tokenSpan(file, token);
        if (atEnd) {
          span.line = span.endLine;
          span.col = span.endCol;
          span.offset = span.endOffset;
        }
        diagnostics.push({ severity: "error", code: "syntax", message: error.message, span, hint: keywordHint(error.message, token) });
        continue;
      }
      if (decl.kind === "rule" && !PHASES.includes(decl.phase.value)) {
        diagnostics.push({
          severity: "error",
          code: "unknown-phase",
          message: `unknown phase \`${decl.phase.value}\`; the phases are ${PHASES.join(", ")}`,
          span: decl.phase.span,
          hint: suggestion(decl.phase.value, PHASES),
        });
      }
      declarations.push(decl);
    }
  } catch (e) {
    diagnostics.push({
      severity: "error",
      code: "internal",
      message: `the parser failed unexpectedly (${(e as Error)?.message ?? e}); please report this`,
      span: { file, line: 1, col: 1, endLine: 1, endCol: 1, offset: 0, endOffset: 0 },
    });
  }
  return { ast: { file, declarations, comments }, diagnostics };
}

function suggestion(word: string, candidates: readonly string[]): string | undefined {
  const match = closest(word, candidates);
  return match ? `did you mean \`${match}\`?` : undefined;
}

/** `wen` where `when` was expected: say so */
function keywordHint(message: string, token: IToken): string | undefined {
  const expected = [...message.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]).filter((w) => L.KEYWORDS.includes(w));
  if (!expected.length || token.image === "") return undefined;
  const match = closest(token.image, expected);
  return match && match !== token.image ? `did you mean \`${match}\`?` : undefined;
}
