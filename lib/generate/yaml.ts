// One YAML writer for every generated file, so all of them look alike and diff cleanly.
// Why not js-yaml's dump: it spends ~40 ms per MB deciding each string's style, and a 10,000-service
// registry yields tens of MB of rules (measured: 300 ms for the service rules alone, against a 1 s
// budget for everything). Generated configs only hold plain data (objects, arrays, strings, numbers,
// booleans, null), so this writer handles just that, picks plain style only where a YAML 1.1 or 1.2
// reader (go-yaml in Prometheus, js-yaml here) cannot read the text as anything else, and quotes
// the rest in JSON's double-quoted syntax, which YAML double-quoted scalars accept. Tests round-trip
// it through js-yaml and run the output through promtool and amtool.
import { yamlHeader } from './header';

/** Starts a plain scalar safely and holds no control characters, line breaks or YAML's odd separators. */
const PLAIN_CHARS = /^[A-Za-z0-9_./$(^\\][^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]*$/;
/** Text a YAML 1.1/1.2 reader would resolve to a number, bool, null, date or merge key. */
const NOT_A_STRING =
  /^(?:[-+]?(?:\.?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|\.(?:inf|Inf|INF))|\.(?:nan|NaN|NAN)|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|<<|=|\d{4}-\d\d?-\d\d?.*)$/;
const NEEDS_ESCAPE = /[\x7f-\x9f\u2028\u2029\ufeff]/g;

/**
 * Most strings in configs are names and paths (`keep`, `__meta_kubernetes_pod_name`, `svc-00042`,
 * `slo:sli_error:ratio_rate5m`, `/api/v1/x`): one cheap test. Starting with a letter, `_` or `/`, they cannot
 * be numbers or dates; a `:` is an indicator only before a space or at the end.
 */
const SIMPLE_NAME = /^[A-Za-z_/][A-Za-z0-9_./:-]*$/;
const WORDS_NOT_STRINGS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE',
  'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'null', 'Null', 'NULL']);

export function scalarString(s: string): string {
  // the words are at most 5 characters: no Set lookup (and hashing) for longer names
  if (SIMPLE_NAME.test(s) && !s.endsWith(':')) return s.length <= 5 && WORDS_NOT_STRINGS.has(s) ? JSON.stringify(s) : s;
  if (
    PLAIN_CHARS.test(s) &&
    !s.endsWith(' ') &&
    !s.endsWith(':') &&
    !s.includes(': ') &&
    !s.includes(' #') &&
    !NOT_A_STRING.test(s)
  ) {
    return s;
  }
  // JSON string syntax is valid YAML double-quoted syntax; escape what JSON leaves raw but YAML calls non-printable.
  return JSON.stringify(s).replace(NEEDS_ESCAPE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function scalar(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return valueString(value);
    case 'number':
      if (Number.isNaN(value)) return '.nan';
      if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      if (value === null) return 'null';
      throw new TypeError(`cannot write ${typeof value} as YAML`);
  }
}

const isCollection = (v: unknown): v is object => typeof v === 'object' && v !== null;

function isEmpty(v: object): boolean {
  if (Array.isArray(v)) return v.length === 0;
  // no Object.keys array per object: millions of objects in a big tree; undefined values are not written
  for (const key in v) if ((v as Record<string, unknown>)[key] !== undefined) return false;
  return true;
}

const emptyOf = (v: object) => (Array.isArray(v) ? '[]' : '{}');

/**
 * Values repeat too (a template's summary and `for` in every service's rule, label names in every relabel
 * config): remember the style of short-enough ones. Emptied when full, so values that keep coming back
 * (`5m`, `/metrics`) stay cached whatever filled it before; bounded memory in a long-running server.
 */
const valueCache = new Map<string, string>();
export function valueString(value: string): string {
  if (value.length > 160) return scalarString(value);
  // Names (the bulk of values, most of them unique: one per service) take one regex test, cheaper than a
  // lookup; cached, 10,000 service names would also keep flushing the values that do repeat.
  if (value.length > 5 && SIMPLE_NAME.test(value) && !value.endsWith(':')) return value;
  let v = valueCache.get(value);
  if (v === undefined) {
    v = scalarString(value);
    if (valueCache.size >= 20_000) valueCache.clear();
    valueCache.set(value, v);
  }
  return v;
}

/** Keys repeat endlessly (alert, expr, labels...): decide their style once. */
const keyCache = new Map<string, string>();
export function keyString(key: string): string {
  let k = keyCache.get(key);
  if (k === undefined) {
    k = scalarString(key);
    if (keyCache.size >= 10_000) keyCache.clear();
    keyCache.set(key, k);
  }
  return k;
}

/**
 * Appends `value` as block content at `indent` to `out`, laid out as js-yaml does (sequences indented under
 * keys). `first` replaces the indentation of the first line: a sequence entry's `- ` carries its mapping's
 * first key. Pieces go into one array joined once: concatenating strings up the recursion builds deep ropes
 * that cost more to flatten (and to collect) than the writing itself.
 */
/** Pieces already joined, per output array: join() over millions of tiny pieces is slow, over a few big ones fast. */
const folded = new WeakMap<string[], string[]>();

function fold(out: string[]): void {
  let chunks = folded.get(out);
  if (!chunks) folded.set(out, (chunks = []));
  chunks.push(out.join(''));
  out.length = 0;
}

function joined(out: string[]): string {
  const chunks = folded.get(out);
  return chunks ? chunks.join('') + out.join('') : out.join('');
}

function write(out: string[], value: object, indent: string, first: string): void {
  let lead = first;
  const deeper = indent + '  ';
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isCollection(item) && !isEmpty(item)) write(out, item, deeper, lead + '- ');
      else out.push(lead, '- ', isCollection(item) ? emptyOf(item) : scalar(item), '\n');
      lead = indent;
      if (out.length > 4096) fold(out);
    }
    return;
  }
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (isCollection(v) && !isEmpty(v)) {
      out.push(lead, keyString(key), ':\n');
      write(out, v, deeper, deeper);
    } else {
      out.push(lead, keyString(key), ': ', isCollection(v) ? emptyOf(v) : scalar(v), '\n');
    }
    lead = indent;
  }
}

/** A YAML document for plain data; ends with a newline. */
export function toYaml(value: unknown): string {
  if (!isCollection(value)) return scalar(value) + '\n';
  if (isEmpty(value)) return emptyOf(value) + '\n';
  const out: string[] = [];
  write(out, value, '', '');
  return joined(out);
}

/** Block content for `value` as it appears nested at `indent` (e.g. the items of a sequence under a key). */
export function toYamlAt(value: object, indent: string): string {
  if (isEmpty(value)) return '';
  const out: string[] = [];
  write(out, value, indent, indent);
  return joined(out);
}

/** A generated YAML file: the do-not-edit header, then the document. */
export function yamlFile(value: unknown, extraHeader: readonly string[] = []): string {
  return yamlHeader(extraHeader) + toYaml(value);
}

// ---------------------------------------------------------------- skeletons: one shape, many entries

/** An invisible separator (U+2063): no generated value holds it, and the writer quotes a string that does. */
const HOLE_MARK = '\u2063';
const HOLE_RE = /"\u2063([A-Za-z_]+)\u2063"/;

/**
 * The same text, stored one byte per character when it has only Latin-1 characters. V8 keeps a string in
 * two bytes per character when any character needs it, and so does every piece split off it and every text
 * joined from such a piece: skeletons are written with a U+2063 marker, so without this every scrape job,
 * ServiceMonitor and dashboard filled in from one (over 40 MB for 10,000 services) took twice the memory.
 */
export function oneByte(text: string): string {
  return /[^\x00-\xff]/.test(text) ? text : Buffer.from(text, 'latin1').toString('latin1');
}

/** A stand-in for a whole scalar value of an entry, for building a skeleton (see yamlSkeleton). */
export const hole = (name: string): string => `${HOLE_MARK}${name}${HOLE_MARK}`;

export type SkeletonValues = Readonly<Record<string, string | number>>;

/**
 * Thousands of entries share one shape (a scrape job, a ServiceMonitor) and differ in a few scalars. The shape
 * is written once with hole(name) in place of those scalars, then filled per entry: the same text the general
 * writer gives for the filled-in value (tests hold them equal), without walking the object each time.
 * Undefined unless the text holds every hole, and only as whole scalars.
 */
export function yamlSkeleton(text: string, holes: readonly string[]): Skeleton | undefined {
  const parts = text.split(HOLE_RE); // literal, hole name, literal, ..., literal
  const names = new Set(parts.filter((_, i) => i % 2 === 1));
  if (names.size !== holes.length || !holes.every((h) => names.has(h))) return undefined;
  if (parts.some((p, i) => i % 2 === 0 && p.includes(HOLE_MARK))) return undefined;
  for (let i = 0; i < parts.length; i += 2) parts[i] = oneByte(parts[i]!);
  const into = (out: string[], values: SkeletonValues) => {
    for (let i = 0; i < parts.length; i++) out.push(i % 2 === 1 ? scalar(values[parts[i]!]) : parts[i]!);
  };
  const fill = (values: SkeletonValues) => {
    const out: string[] = [];
    into(out, values);
    return out.join('');
  };
  return Object.assign(fill, { into });
}

/** A filled-in skeleton as text, or (`into`) as pieces appended to a file's pieces: no string per entry. */
export interface Skeleton {
  (values: SkeletonValues): string;
  into(out: string[], values: SkeletonValues): void;
}
