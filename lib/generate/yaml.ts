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

export function scalarString(s: string): string {
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
      return scalarString(value);
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
const isEmpty = (v: object) => (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0);

/**
 * Appends `value` as block content at `indent`, laid out as js-yaml does (sequences indented under keys).
 * `first` replaces the indentation of the first line: a sequence entry's `- ` carries its mapping's first key.
 */
function write(out: string[], value: object, indent: string, first: string): void {
  let lead = first;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isCollection(item) && !isEmpty(item)) {
        write(out, item, indent + '  ', lead + '- ');
      } else {
        out.push(`${lead}- ${isCollection(item) ? (Array.isArray(item) ? '[]' : '{}') : scalar(item)}`);
      }
      lead = indent;
    }
    return;
  }
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    const k = scalarString(key);
    if (isCollection(v) && !isEmpty(v)) {
      out.push(`${lead}${k}:`);
      write(out, v, indent + '  ', indent + '  ');
    } else {
      out.push(`${lead}${k}: ${isCollection(v) ? (Array.isArray(v) ? '[]' : '{}') : scalar(v)}`);
    }
    lead = indent;
  }
}

/** A YAML document for plain data; ends with a newline. */
export function toYaml(value: unknown): string {
  if (!isCollection(value)) return scalar(value) + '\n';
  if (isEmpty(value)) return (Array.isArray(value) ? '[]' : '{}') + '\n';
  const out: string[] = [];
  write(out, value, '', '');
  return out.join('\n') + '\n';
}

/** A generated YAML file: the do-not-edit header, then the document. */
export function yamlFile(value: unknown, extraHeader: readonly string[] = []): string {
  return yamlHeader(extraHeader) + toYaml(value);
}
