import { describe, expect, it } from 'vitest';
import { checkTemplateExpr, findPlaceholders, offsetToLineColumn, PLACEHOLDERS } from '../../lib/registry/promql';

const messages = (expr: string) => checkTemplateExpr(expr).map((p) => p.message);
const offsets = (expr: string) => checkTemplateExpr(expr).map((p) => p.offset);

describe('checkTemplateExpr: valid PromQL is accepted', () => {
  // Each is valid for Prometheus as an alert expression; several are easy to get wrong for a
  // hand-rolled checker (escaped quotes, @, offsets, subqueries, vector matching, comments).
  const valid = [
    'up',
    'up == 0',
    '{__name__=~"x"}',
    '{"utf8.metric", "label.name"="v"}',
    'foo:bar:rate5m > 1',
    'x{a="b\\"c", d=\'e\\\'f\', g=`h\\i`}',
    'x{a="b",}',
    'rate(x[5m])',
    'rate(x[5m] @ 1603775091)',
    'rate(x[5m] @ end())',
    'x @ start()',
    'foo @ 100 offset 5m',
    'x offset -5m',
    'rate(x[5m] offset 1h)',
    'max_over_time(rate(x[5m])[1h:1m])',
    'min_over_time(x[1h:])',
    'quantile_over_time(0.9, x[5m])',
    'a * on(job) group_left(instance) b',
    'a / on() group_right b',
    'a and ignoring(test, blub) b',
    'x > bool 1',
    'sum by (le) (rate(x_bucket[5m]))',
    'sum(rate(x[5m])) by (le)',
    'sum without (a) (x)',
    'sum by ("label.name") (x)',
    'topk(3, x)',
    'count_values("value", x)',
    'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))',
    'label_replace(x, "dst", "$1", "src", "(.*)")',
    'predict_linear(node_filesystem_avail_bytes[6h], 4 * 3600) < 0',
    'time() - process_start_time_seconds > 60',
    'absent(up{job="a"})',
    '-x ^ 2',
    'x atan2 y',
    '(((x)))',
    'NaN',
    '0x1f + 1e-3 + Inf',
    'x > 0 unless x > 100',
    '# a comment\nup == 0',
    'sum by (job) (up)\n  / count by (job) (up)',
    'probe_success{service="${service}"} == 0',
    'x{a=~"${service}-.*", b="${namespace}", c="${job}", d="${host}", e="${page}"}',
  ];
  it.each(valid)('%s', (expr) => {
    expect(checkTemplateExpr(expr)).toEqual([]);
  });
});

describe('checkTemplateExpr: syntax errors are found, with their offsets', () => {
  // [expr, offset of the (first) problem, a fragment of its message]
  const invalid: [string, number, string][] = [
    ['rate(x[5m]', 10, 'unclosed `(` at offset 4'],
    ['sum by (le (x)', 11, 'label names'],
    ['foo{bar=}', 8, 'quoted label value'],
    ['1 +', 3, 'expected an expression after the operator'],
    ['))', 0, 'unbalanced `)`'],
    ['foo bar', 4, 'unexpected `bar`'],
    ['unknown_fn(x)', 10, 'unknown function `unknown_fn`'],
    ['x{a="b}', 7, 'unterminated string starting at offset 4'],
    ['x{a="b\\"}', 9, 'unterminated string'],
    ['sum by (le) rate(x[5m])', 12, 'must be in parentheses'],
    ['x{a=="b"}', 4, 'unexpected `=`'],
    ['sum(x,)', 6, 'syntax error'],
    ['x[5x]', 3, 'duration'],
    ['x offset', 8, 'after `offset`'],
    ['x offset,5m', 8, 'after `offset`'],
    ['x @', 3, 'after `@`'],
    ['sum(x) by', 9, 'by/without'],
    ['rate(x[5m]))', 11, 'unbalanced `)`'],
    ['topk(3, x):', 10, 'expected an operator'],
    ['up{job="a"} == 0 2', 17, 'unexpected `2`'],
  ];
  it.each(invalid)('%s', (expr, offset, fragment) => {
    const problems = checkTemplateExpr(expr);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.offset).toBe(offset);
    expect(problems[0]!.message).toContain(fragment);
    expect(problems[0]!.message).toMatch(/^PromQL syntax error/);
  });

  it('reports one problem per mistake, not one per error node', () => {
    // lezer marks `(`, `x` and `)` separately here
    expect(checkTemplateExpr('unknown_fn(x)')).toHaveLength(1);
  });

  it('reports separate mistakes separately', () => {
    expect(offsets('x ) + (')).toEqual([2, 7]);
  });

  it('rejects an empty or blank expression', () => {
    expect(checkTemplateExpr('')).toEqual([{ offset: 0, message: expect.stringContaining('empty') }]);
    expect(messages('  \n ')).toEqual([expect.stringContaining('empty')]);
  });
});

describe('checkTemplateExpr: errors beyond the grammar that Prometheus rejects', () => {
  const invalid: [string, number, string][] = [
    ['rate(x)', 5, 'rate() expects a range vector'],
    ['rate(x offset 5m)', 5, 'expects a range vector'],
    ['rate()', 0, 'needs a range vector'],
    ['quantile_over_time(0.9, x)', 24, 'argument 2'],
    ['sum(x[5m])', 4, 'not allowed in an aggregation'],
    ['histogram_quantile(0.95, x_bucket[5m])', 25, 'argument 2 of histogram_quantile()'],
    ['x[5m] > 1', 0, 'operand of a binary operator'],
    ['x[5m]', 0, 'must be an instant vector or scalar'],
    ['x[5m][10m:1m]', 0, 'range vector'],
    ['"text"', 0, 'not a string'],
    ['x > "a"', 4, 'string cannot be an operand'],
    ['{}', 0, 'needs a metric name or at least one label matcher'],
    ['sum()', 0, 'sum() takes 1 argument, got 0'],
    ['topk(3)', 0, 'topk() takes 2 arguments, got 1'],
    ['foo{__name__="bar"}', 4, 'metric name set twice'],
  ];
  it.each(invalid)('%s', (expr, offset, fragment) => {
    const problems = checkTemplateExpr(expr);
    expect(problems[0]).toEqual({ offset, message: expect.stringContaining(fragment) });
  });

  it('skips these checks when the syntax is already broken (error recovery makes phantoms)', () => {
    expect(messages('sum(x[5m]')).toEqual([expect.stringMatching(/^PromQL syntax error/)]);
  });
});

describe('placeholders', () => {
  it('finds ${name} placeholders with the offset of their `$`', () => {
    expect(findPlaceholders('a{s="${service}", h=~"${host}:.*", x="${nope}"}')).toEqual([
      { name: 'service', offset: 5 },
      { name: 'host', offset: 22 },
      { name: 'nope', offset: 38 },
    ]);
    expect(findPlaceholders('label_replace(x, "a", "$1", "b", "(.*)")')).toEqual([]);
  });

  it('lists the known placeholders', () => {
    expect([...PLACEHOLDERS]).toEqual(['service', 'namespace', 'job', 'host', 'page']);
  });

  it('reports unknown placeholders and lists the known ones', () => {
    expect(checkTemplateExpr('up{service="${svc}"} == 0')).toEqual([
      {
        offset: 12,
        message: 'unknown placeholder ${svc}; known: ${service}, ${namespace}, ${job}, ${host}, ${page}',
      },
    ]);
  });

  it.each([
    ['up{service="${service"} == 0', 12],
    ['up{service="${}"} == 0', 12],
    ['up{service="${ service }"} == 0', 12],
    ['up{service="x-${"}', 14],
  ])('reports malformed placeholders: %s', (expr, offset) => {
    expect(checkTemplateExpr(expr)).toEqual([{ offset, message: expect.stringContaining('malformed placeholder') }]);
  });

  it('keeps syntax-error offsets valid in the original text after substitution', () => {
    // the stand-in for ${namespace} has its length, so the error is still at the `}` after `job=`
    const expr = 'up{namespace="${namespace}", job=}';
    expect(offsets(expr)).toEqual([expr.lastIndexOf('}')]);
    const tail = 'rate(x{s="${service}"}[5m]';
    expect(checkTemplateExpr(tail)[0]).toEqual({ offset: tail.length, message: expect.stringContaining('unclosed `(` at offset 4') });
  });

  it('quotes the original text, not the stand-ins, in messages', () => {
    expect(messages('up{job=${job}}')).toEqual([expect.stringContaining('unexpected `${job}`')]);
  });

  it('reports placeholder and syntax problems together, in offset order', () => {
    expect(offsets('up{a="${x}"} ==')).toEqual([6, 15]);
  });
});

describe('offsetToLineColumn', () => {
  const text = 'sum(\n  rate(x[5m])\n)';
  it.each([
    [0, 1, 1],
    [4, 1, 5],
    [5, 2, 1],
    [7, 2, 3],
    [text.length, 3, 2],
  ])('offset %i is line %i, column %i', (offset, line, column) => {
    expect(offsetToLineColumn(text, offset)).toEqual({ line, column });
  });

  it('clamps offsets outside the text', () => {
    expect(offsetToLineColumn('ab', -3)).toEqual({ line: 1, column: 1 });
    expect(offsetToLineColumn('ab', 99)).toEqual({ line: 1, column: 3 });
  });

  it('locates a reported problem', () => {
    const expr = 'sum by (job) (\n  rate(x[5m]\n)';
    const [problem] = checkTemplateExpr(expr);
    expect(offsetToLineColumn(expr, problem!.offset)).toEqual({ line: 3, column: 2 });
  });
});
