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
  if (!/[\\.+*?()|[\]{}^$]/.test(value)) return value;
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** The body of a PromQL string literal quoted with `quote`. */
export function escapeString(value: string, quote: '"' | "'"): string {
  if (!/[\\"'\n\r\t]/.test(value)) return value;
  return value
    .replace(/\\/g, '\\\\')
    .replace(quote === '"' ? /"/g : /'/g, `\\${quote}`)
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
}

/**
 * A template literal's text, built by one join. Written with `+` (as a plain template literal is), it is a
 * rope of small strings, one per part, which the young-generation GC copies one by one for as long as the
 * string lives; rule expressions live through a whole generate run (45,000 of them for 10,000 services).
 */
export function joined(strings: TemplateStringsArray, ...values: readonly (string | number)[]): string {
  const parts: (string | number)[] = [strings[0]!];
  for (let i = 0; i < values.length; i++) parts.push(values[i]!, strings[i + 1]!);
  return parts.join('');
}

/** A selector matcher `label="value"` with the value escaped. */
export function matcher(label: string, value: string): string {
  return `${label}="${escapeString(value, '"')}"`;
}

function isRegexMatcher(literal: SyntaxNode): boolean {
  const op = literal.parent?.getChild('MatchOp')?.firstChild?.name;
  return op === 'EqlRegex' || op === 'NeqRegex';
}

/** A template parsed once and filled many times (10,000 services share 16 templates: parse once, not 30,000 times). */
export interface CompiledTemplate {
  fill(values: PlaceholderValues, scope?: Scope): Instantiated;
}

interface Slot {
  name: string;
  from: number;
  to: number;
  regex: boolean;
  quote: string;
}

interface ScopeSlot {
  at: number;
  /** text before the matcher (`{`, `, ` or nothing) and after it (`}` or nothing) */
  before: string;
  after: string;
  /** labels the selector already matches: no second matcher for those */
  labels: ReadonlySet<string>;
}

export function compileTemplate(expr: string): CompiledTemplate {
  const refs = findPlaceholders(expr);
  const fail = (reason: string): CompiledTemplate => ({ fill: () => ({ ok: false, reason }) });
  const top = parser.parse(expr).topNode;

  if (refs.length === 0) {
    const slots = scopeSlots(expr, top);
    return {
      fill(_values, scope) {
        if (!scope) return { ok: true, expr, scoped: false };
        if (slots.length === 0) {
          return { ok: false, reason: `the expression selects no series, so it cannot be scoped to ${scope.label} ${JSON.stringify(scope.value)}` };
        }
        const add = matcher(scope.label, scope.value);
        const edits = slots
          .filter((slot) => !slot.labels.has(scope.label))
          .map((slot) => ({ from: slot.at, to: slot.at, text: slot.before + add + slot.after }));
        return { ok: true, expr: applyEdits(expr, edits), scoped: true };
      },
    };
  }

  const slots: Slot[] = [];
  for (const ref of refs) {
    if (!(ref.name in WHO_HAS)) return fail(`unknown placeholder \${${ref.name}}`);
    const end = ref.offset + ref.name.length + 3;
    const literal = top.resolveInner(ref.offset, 1);
    if (literal.name !== 'StringLiteral' || literal.from === ref.offset || literal.to < end + 1) {
      return fail(`\${${ref.name}} must stand inside a quoted string, e.g. {service="\${${ref.name}}"}`);
    }
    slots.push({ name: ref.name, from: ref.offset, to: end, regex: isRegexMatcher(literal), quote: expr[literal.from]! });
  }
  return {
    fill(values) {
      const edits: { from: number; to: number; text: string }[] = [];
      for (const slot of slots) {
        const name = slot.name as Placeholder;
        let value = values[name];
        if (value === undefined) return { ok: false, reason: `the template needs \${${name}}, which only ${WHO_HAS[name]} have` };
        if (slot.regex) value = escapeRegex(value);
        if (slot.quote === '`') {
          if (value.includes('`')) return { ok: false, reason: `the value of \${${name}} contains a backquote, which a \`string\` cannot hold` };
          edits.push({ from: slot.from, to: slot.to, text: value });
        } else {
          edits.push({ from: slot.from, to: slot.to, text: escapeString(value, slot.quote as '"' | "'") });
        }
      }
      return { ok: true, expr: applyEdits(expr, edits), scoped: true };
    },
  };
}

/** One-off instantiation (tests, single rules); generators compile each template once instead. */
export function instantiate(expr: string, values: PlaceholderValues, scope?: Scope): Instantiated {
  return compileTemplate(expr).fill(values, scope);
}

function applyEdits(text: string, edits: { from: number; to: number; text: string }[]): string {
  if (edits.length === 0) return text;
  const sorted = [...edits].sort((a, b) => a.from - b.from);
  // joined, not `+=`: the expression lives as long as its rule (see joined)
  const out: string[] = [];
  let at = 0;
  for (const e of sorted) {
    out.push(text.slice(at, e.from), e.text);
    at = e.to;
  }
  out.push(text.slice(at));
  return out.join('');
}

function matcherLabel(m: SyntaxNode, text: string): string {
  const name = m.getChild('LabelName') ?? m.getChild('QuotedLabelName');
  return name ? text.slice(name.from, name.to).replace(/^["'`]|["'`]$/g, '') : '';
}

/** Where each vector selector can take one more matcher: inside its braces, or new braces after its name. */
function scopeSlots(expr: string, top: SyntaxNode): ScopeSlot[] {
  const slots: ScopeSlot[] = [];
  top.cursor().iterate((ref) => {
    if (ref.name !== 'VectorSelector') return;
    const node = ref.node;
    const matchers = node.getChild('LabelMatchers');
    if (!matchers) {
      slots.push({ at: node.to, before: '{', after: '}', labels: new Set() });
      return;
    }
    const existing = [...matchers.getChildren('UnquotedLabelMatcher'), ...matchers.getChildren('QuotedLabelMatcher')];
    // before the closing brace; a trailing comma (`{a="b",}`) is valid PromQL and needs no second one
    const inside = expr.slice(matchers.from + 1, matchers.to - 1).trimEnd();
    slots.push({
      at: matchers.from + 1 + inside.length,
      before: inside === '' || inside.endsWith(',') ? '' : ', ',
      after: '',
      labels: new Set(existing.map((m) => matcherLabel(m, expr))),
    });
  });
  return slots;
}
