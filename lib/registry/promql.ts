// Checks an alert template's `expr` before anything is generated from it, so that a typo in the
// registry fails `validate` with a position instead of failing `promtool` (or Prometheus) later.
// Pure: no I/O. The grammar is Prometheus's own (@prometheus-io/lezer-promql), the one the
// Prometheus UI uses; it is error-tolerant, so problems are read from the error nodes it inserts.
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';

/** Values a generator substitutes into expressions: `${service}` and so on. */
export const PLACEHOLDERS = ['service', 'namespace', 'job', 'host', 'page'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export interface PlaceholderRef {
  name: string;
  /** offset of the `$` */
  offset: number;
}

export interface ExprProblem {
  /** UTF-16 offset into the expression (what JS string indices and lezer use) */
  offset: number;
  message: string;
}

const PLACEHOLDER_AT = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/y;

function scanPlaceholders(expr: string): { refs: PlaceholderRef[]; malformed: number[] } {
  const refs: PlaceholderRef[] = [];
  const malformed: number[] = [];
  for (let i = expr.indexOf('${'); i !== -1; i = expr.indexOf('${', i + 1)) {
    PLACEHOLDER_AT.lastIndex = i;
    const m = PLACEHOLDER_AT.exec(expr);
    if (m) refs.push({ name: m[1]!, offset: i });
    else malformed.push(i);
  }
  return { refs, malformed };
}

/** Every well-formed `${name}` (known or not), in order. Malformed `${` sequences are skipped. */
export function findPlaceholders(expr: string): PlaceholderRef[] {
  return scanPlaceholders(expr).refs;
}

/** 1-based line and column (in UTF-16 units, like editors built on JS strings) of an offset. */
export function offsetToLineColumn(text: string, offset: number): { line: number; column: number } {
  const at = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: at - lineStart + 1 };
}

function quote(s: string, max = 24): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return '`' + (one.length > max ? one.slice(0, max) + '…' : one) + '`';
}

// ---------------------------------------------------------------- syntax

/** What is left open at the end (a string, else the innermost bracket); explains "unexpected end". */
function leftOpen(text: string): string | undefined {
  const stack: { char: string; offset: number }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      const start = i;
      // backquoted strings have no escapes in PromQL
      for (i++; i < text.length && text[i] !== c; i++) if (c !== '`' && text[i] === '\\') i++;
      if (i >= text.length) return `unterminated string starting at offset ${start}`;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '(' || c === '[' || c === '{') {
      stack.push({ char: c, offset: i });
    } else if (c === ')' || c === ']' || c === '}') {
      stack.pop();
    }
  }
  const open = stack.at(-1);
  return open && `unclosed ${quote(open.char)} at offset ${open.offset}`;
}

const OPERATORS = new Set([
  'Add', 'Sub', 'Mul', 'Div', 'Mod', 'Pow', 'Atan2', 'Eql', 'Neq', 'Gtr', 'Lss', 'Gte', 'Lte', 'And', 'Or',
  'Unless', 'BoolModifier', 'MatchingModifierClause',
]);

/** What the grammar wanted at an error, judged from where lezer put the error node. */
function expectation(err: SyntaxNode, text: string): string | undefined {
  const parent = err.parent?.name;
  const prev = err.prevSibling;
  const errText = text.slice(err.from, err.to);
  switch (parent) {
    case 'UnquotedLabelMatcher':
    case 'QuotedLabelMatcher':
      return 'expected a quoted label value, e.g. name="value"';
    case 'LabelMatchers':
      return 'expected `,` or `}` after a label matcher';
    case 'MatrixSelector':
    case 'SubqueryExpr':
      return 'expected a duration such as 5m and `]`';
    case 'FunctionCallBody':
      return 'expected an argument, `,` or `)`';
    case 'ParenExpr':
      return 'expected an expression and `)`';
    case 'GroupingLabels':
      return 'expected label names separated by `,` and closed by `)`';
    case 'AggregateModifier':
      return 'expected `(label, ...)` after by/without';
    case 'AggregateExpr':
      if (prev?.name === 'AggregateOp' || prev?.name === 'AggregateModifier') {
        return 'the aggregated expression must be in parentheses, e.g. sum by (le) (rate(x[5m]))';
      }
      return 'expected an operator or the end of the expression';
    case 'OffsetExpr':
      return 'expected a duration after `offset`';
    case 'StepInvariantExpr':
      return 'expected a timestamp, start() or end() after `@`';
    case 'BinaryExpr':
      if (prev && OPERATORS.has(prev.name)) return 'expected an expression after the operator';
      break;
  }
  // `foo_bar(x)`: the grammar knows every function by name, so an unknown one parses as a selector
  if (errText.startsWith('(') && prev?.name === 'Identifier') {
    return `unknown function ${quote(text.slice(prev.from, prev.to))}`;
  }
  if (errText.startsWith(')') || errText.startsWith(']') || errText.startsWith('}')) {
    return `unbalanced ${quote(errText[0]!)}`;
  }
  if (parent === 'VectorSelector' || parent === 'PromQL') return 'expected an operator or the end of the expression';
  return undefined;
}

function syntaxProblems(parsed: string, original: string, top: SyntaxNode): ExprProblem[] {
  const errors: { node: SyntaxNode; to: number }[] = [];
  top.cursor().iterate((ref) => {
    if (!ref.type.isError) return;
    const last = errors.at(-1);
    // one mistake often yields several adjacent or nested error nodes: report it once
    if (last && ref.from <= last.to) last.to = Math.max(last.to, ref.to);
    else errors.push({ node: ref.node, to: ref.to });
  });
  const end = parsed.trimEnd().length;
  return errors.map(({ node: err, to }) => {
    let hint = expectation(err, original);
    let what: string;
    if (err.from === to && err.from >= end) {
      const open = leftOpen(parsed);
      what = 'unexpected end of expression' + (open ? ` (${open})` : '');
      // inside an unterminated string the grammar's expectation is beside the point
      if (open?.startsWith('unterminated')) hint = undefined;
    } else if (err.from === to) {
      what = `near ${quote(original.slice(err.from))}`;
    } else {
      what = `unexpected ${quote(original.slice(err.from, to))}`;
    }
    return { offset: err.from, message: `PromQL syntax error: ${what}${hint ? `; ${hint}` : ''}` };
  });
}

// ---------------------------------------------------------------- checks beyond the grammar
// lezer-promql stops at syntax; Prometheus's Go parser also checks types and arity. These are the
// errors both common in hand-written rules (`rate(x)`, `sum(x[5m])`, `sum()`) and certain from the
// tree; anything unsure (scalar vs vector arguments, most arities) is left to promtool.

type ValueType = 'range vector' | 'instant vector' | 'scalar' | 'string';

const EXPR_NODES = new Set([
  'MatrixSelector', 'SubqueryExpr', 'VectorSelector', 'AggregateExpr', 'NumberDurationLiteral', 'StringLiteral',
  'ParenExpr', 'OffsetExpr', 'StepInvariantExpr', 'UnaryExpr', 'BinaryExpr', 'FunctionCall',
]);

/** Functions taking a range vector, and the index of that argument (all others take none). */
const RANGE_ARG: Readonly<Record<string, number>> = Object.fromEntries([
  ...['rate', 'irate', 'increase', 'delta', 'idelta', 'deriv', 'changes', 'resets', 'predict_linear',
    'double_exponential_smoothing', 'absent_over_time', 'present_over_time', 'avg_over_time',
    'count_over_time', 'first_over_time', 'last_over_time', 'mad_over_time', 'max_over_time', 'min_over_time',
    'stddev_over_time', 'stdvar_over_time', 'sum_over_time', 'ts_of_first_over_time', 'ts_of_last_over_time',
    'ts_of_max_over_time', 'ts_of_min_over_time'].map((f) => [f, 0] as const),
  ['quantile_over_time', 1],
]);
const SCALAR_FUNCTIONS = new Set(['time', 'scalar', 'pi']);

function exprChildren(node: SyntaxNode | null): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node?.firstChild ?? null; c; c = c.nextSibling) if (EXPR_NODES.has(c.name)) out.push(c);
  return out;
}

function functionName(call: SyntaxNode, text: string): string {
  const id = call.getChild('FunctionIdentifier');
  return id ? text.slice(id.from, id.to) : '';
}

/** The value type of an expression node, or undefined when unsure (then nothing is reported). */
function typeOf(node: SyntaxNode, text: string): ValueType | undefined {
  switch (node.name) {
    case 'MatrixSelector':
    case 'SubqueryExpr':
      return 'range vector';
    case 'VectorSelector':
    case 'AggregateExpr':
      return 'instant vector';
    case 'NumberDurationLiteral':
      return 'scalar';
    case 'StringLiteral':
      return 'string';
    case 'ParenExpr':
    case 'OffsetExpr':
    case 'StepInvariantExpr':
    case 'UnaryExpr': {
      const inner = exprChildren(node)[0];
      return inner && typeOf(inner, text);
    }
    case 'BinaryExpr': {
      const sides = exprChildren(node).map((c) => typeOf(c, text));
      if (sides.some((t) => t === undefined)) return undefined;
      return sides.every((t) => t === 'scalar') ? 'scalar' : 'instant vector';
    }
    case 'FunctionCall':
      return SCALAR_FUNCTIONS.has(functionName(node, text)) ? 'scalar' : 'instant vector';
  }
  return undefined;
}

/** Aggregations that take a parameter before the vector: topk(3, x). */
const PARAM_AGGREGATIONS = new Set(['topk', 'bottomk', 'quantile', 'count_values', 'limitk', 'limit_ratio']);

/** The metric name a selector sets by itself: `foo{...}` or `{"foo", ...}`. */
function selectorName(selector: SyntaxNode): SyntaxNode | null {
  return selector.getChild('Identifier') ?? selector.getChild('LabelMatchers')?.getChild('QuotedLabelName') ?? null;
}

function matcherLabel(matcher: SyntaxNode, text: string): string {
  const name = matcher.getChild('LabelName') ?? matcher.getChild('QuotedLabelName');
  return name ? text.slice(name.from, name.to).replace(/^["'`]|["'`]$/g, '') : '';
}

function typeProblems(text: string, top: SyntaxNode): ExprProblem[] {
  const problems: ExprProblem[] = [];
  const report = (node: SyntaxNode, message: string) => problems.push({ offset: node.from, message: `PromQL error: ${message}` });
  const noRange = (node: SyntaxNode, where: string) => {
    if (typeOf(node, text) === 'range vector') {
      report(node, `range vector ${quote(text.slice(node.from, node.to))} not allowed ${where}; wrap it in rate(), increase() or a *_over_time() function`);
    }
  };

  const root = exprChildren(top)[0];
  if (root) {
    const t = typeOf(root, text);
    if (t === 'range vector' || t === 'string') report(root, `an alert expression must be an instant vector or scalar, not a ${t}`);
  }
  top.cursor().iterate((ref) => {
    const node = ref.node;
    switch (node.name) {
      case 'FunctionCall': {
        const name = functionName(node, text);
        const args = exprChildren(node.getChild('FunctionCallBody'));
        const rangeAt = RANGE_ARG[name];
        if (rangeAt !== undefined && args.length <= rangeAt) {
          report(node, `${name}() needs a range vector such as x[5m] as argument ${rangeAt + 1}`);
        }
        args.forEach((arg, i) => {
          if (rangeAt === i) {
            const t = typeOf(arg, text);
            if (t && t !== 'range vector') {
              report(arg, `${name}() expects a range vector such as x[5m] as argument ${i + 1}, got ${t === 'instant vector' ? 'an' : 'a'} ${t}`);
            }
          } else {
            noRange(arg, `as argument ${i + 1} of ${name}()`);
          }
        });
        break;
      }
      case 'AggregateExpr': {
        const op = node.getChild('AggregateOp');
        const name = op ? text.slice(op.from, op.to) : '';
        const args = exprChildren(node.getChild('FunctionCallBody'));
        const want = PARAM_AGGREGATIONS.has(name) ? 2 : 1;
        if (args.length !== want) report(node, `${name}() takes ${want} argument${want > 1 ? 's' : ''}, got ${args.length}`);
        for (const arg of args) noRange(arg, 'in an aggregation');
        break;
      }
      case 'BinaryExpr':
        for (const side of exprChildren(node)) {
          noRange(side, 'as an operand of a binary operator');
          if (typeOf(side, text) === 'string') report(side, 'a string cannot be an operand of a binary operator');
        }
        break;
      case 'SubqueryExpr': {
        const inner = exprChildren(node)[0];
        if (inner) noRange(inner, 'inside a subquery (it needs an instant-vector expression)');
        break;
      }
      case 'VectorSelector': {
        const matchers = node.getChild('LabelMatchers');
        // Prometheus rejects `{}`: a selector needs a metric name or at least one label matcher
        if (!selectorName(node) && !matchers?.firstChild) {
          report(node, 'a vector selector needs a metric name or at least one label matcher');
        }
        const nameMatcher = [...(matchers?.getChildren('UnquotedLabelMatcher') ?? []), ...(matchers?.getChildren('QuotedLabelMatcher') ?? [])]
          .find((m) => matcherLabel(m, text) === '__name__');
        if (nameMatcher && selectorName(node)) report(nameMatcher, 'metric name set twice (before the braces and by __name__)');
        break;
      }
    }
  });
  return problems;
}

// ---------------------------------------------------------------- entry point

/**
 * Every problem in a template expression, sorted by offset: unknown or malformed placeholders,
 * PromQL syntax errors and the certain type errors. Empty when the expression is fine.
 */
export function checkTemplateExpr(expr: string): ExprProblem[] {
  if (expr.trim() === '') return [{ offset: 0, message: 'expression is empty; expected a PromQL expression' }];

  const problems: ExprProblem[] = [];
  const { refs, malformed } = scanPlaceholders(expr);
  const known: readonly string[] = PLACEHOLDERS;
  // Same-length stand-ins keep every offset the parser reports valid in the original text.
  // Letters work both inside a quoted label value and where a bare name would be.
  const chars = expr.split('');
  for (const ref of refs) {
    if (!known.includes(ref.name)) {
      problems.push({
        offset: ref.offset,
        message: `unknown placeholder \${${ref.name}}; known: ${PLACEHOLDERS.map((p) => `\${${p}}`).join(', ')}`,
      });
    }
    chars.fill('x', ref.offset, ref.offset + ref.name.length + 3);
  }
  for (const at of malformed) {
    const rest = expr.slice(at);
    const close = rest.indexOf('}');
    const shown = close !== -1 && close < 30 ? rest.slice(0, close + 1) : rest.slice(0, 12);
    problems.push({ offset: at, message: `malformed placeholder ${quote(shown, 30)}; expected \${name} with name one of ${PLACEHOLDERS.join(', ')}` });
    chars.fill('x', at, at + 2);
  }
  const parsed = chars.join('');

  const top = parser.parse(parsed).topNode;
  const syntax = syntaxProblems(parsed, expr, top);
  problems.push(...syntax);
  // checks on a tree repaired by error recovery would report phantoms
  if (syntax.length === 0) problems.push(...typeProblems(expr, top));

  return problems.sort((a, b) => a.offset - b.offset);
}
