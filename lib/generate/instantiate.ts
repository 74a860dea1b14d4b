// Turns an alert template's `expr` into the expression for one registry entry. Pure: no I/O.
// - `${service}`, `${namespace}`, `${job}`, `${host}`, `${page}` are filled in, escaped for where they stand:
//   a regex matcher (`=~`, `!~`) gets the value regex-escaped, and every string gets PromQL string escaping.
// - A template without placeholders is scoped by adding `service="<name>"` (or `page="<path>"`) to each of
//   its selectors that does not match that label yet: the seed's `probe_success == 0` would otherwise fire
//   for every probe at once, once per service that lists it.
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import { findPlaceholders, type Placeholder } from '../registry/promql';

export type PlaceholderValues = Partial<Record<Placeholder, string>>;

export interface Scope {
  label: string;
  value: string;
}

export type Instantiated = { ok: true; expr: string; scoped: boolean } | { ok: false; reason: string };

const WHO_HAS: Record<Placeholder, string> = {
  service: 'services',
  job: 'services',
  namespace: 'k8s-deployment services',
  host: 'docker and systemd services',
  page: 'pages',
};

/** RE2 (Prometheus's regex engine) metacharacters, escaped so a value matches only itself. */
export function escapeRegex(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** The body of a PromQL string literal quoted with `quote`. */
export function escapeString(value: string, quote: '"' | "'"): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(quote === '"' ? /"/g : /'/g, `\\${quote}`)
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
}

/** A selector matcher `label="value"` with the value escaped. */
export function matcher(label: string, value: string): string {
  return `${label}="${escapeString(value, '"')}"`;
}

function isRegexMatcher(literal: SyntaxNode): boolean {
  const op = literal.parent?.getChild('MatchOp')?.firstChild?.name;
  return op === 'EqlRegex' || op === 'NeqRegex';
}

export function instantiate(expr: string, values: PlaceholderValues, scope?: Scope): Instantiated {
  const refs = findPlaceholders(expr);
  for (const ref of refs) {
    const name = ref.name as Placeholder;
    if (!(name in WHO_HAS)) return { ok: false, reason: `unknown placeholder \${${ref.name}}` };
    if (values[name] === undefined) {
      return { ok: false, reason: `the template needs \${${name}}, which only ${WHO_HAS[name]} have` };
    }
  }
  if (refs.length === 0) return scope ? addScope(expr, scope) : { ok: true, expr, scoped: false };

  const top = parser.parse(expr).topNode;
  const edits: { from: number; to: number; text: string }[] = [];
  for (const ref of refs) {
    const end = ref.offset + ref.name.length + 3;
    const literal = top.resolveInner(ref.offset, 1);
    if (literal.name !== 'StringLiteral' || literal.from === ref.offset || literal.to < end + 1) {
      return { ok: false, reason: `\${${ref.name}} must stand inside a quoted string, e.g. {service="\${${ref.name}}"}` };
    }
    const quote = expr[literal.from]!;
    let value = values[ref.name as Placeholder]!;
    if (isRegexMatcher(literal)) value = escapeRegex(value);
    if (quote === '`') {
      if (value.includes('`')) return { ok: false, reason: `the value of \${${ref.name}} contains a backquote, which a \`string\` cannot hold` };
      edits.push({ from: ref.offset, to: end, text: value });
    } else {
      edits.push({ from: ref.offset, to: end, text: escapeString(value, quote as '"' | "'") });
    }
  }
  return { ok: true, expr: applyEdits(expr, edits), scoped: true };
}

function applyEdits(text: string, edits: { from: number; to: number; text: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}

function matcherLabel(m: SyntaxNode, text: string): string {
  const name = m.getChild('LabelName') ?? m.getChild('QuotedLabelName');
  return name ? text.slice(name.from, name.to).replace(/^["'`]|["'`]$/g, '') : '';
}

/** Adds `label="value"` to every vector selector that has no matcher on `label` (innermost edits first). */
export function addScope(expr: string, scope: Scope): Instantiated {
  const top = parser.parse(expr).topNode;
  const edits: { from: number; to: number; text: string }[] = [];
  let selectors = 0;
  top.cursor().iterate((ref) => {
    if (ref.name !== 'VectorSelector') return;
    selectors++;
    const node = ref.node;
    const matchers = node.getChild('LabelMatchers');
    const add = matcher(scope.label, scope.value);
    if (!matchers) {
      edits.push({ from: node.to, to: node.to, text: `{${add}}` });
      return;
    }
    const existing = [...matchers.getChildren('UnquotedLabelMatcher'), ...matchers.getChildren('QuotedLabelMatcher')];
    if (existing.some((m) => matcherLabel(m, expr) === scope.label)) return;
    // before the closing brace; a trailing comma (`{a="b",}`) is valid PromQL and needs no second one
    const inside = expr.slice(matchers.from + 1, matchers.to - 1).trimEnd();
    const sep = inside === '' || inside.endsWith(',') ? '' : ', ';
    edits.push({ from: matchers.from + 1 + inside.length, to: matchers.from + 1 + inside.length, text: sep + add });
  });
  if (selectors === 0) return { ok: false, reason: `the expression selects no series, so it cannot be scoped to ${scope.label} ${JSON.stringify(scope.value)}` };
  return { ok: true, expr: applyEdits(expr, edits), scoped: true };
}
