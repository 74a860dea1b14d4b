// Rule groups as YAML, the largest part of the output (tens of MB for 10,000 services, written once and shared
// by prometheus/rules/*.yml and the PrometheusRule manifests). The same text toYamlAt([group], '  ') writes
// (a test holds them equal), built faster for the shape rules have: all groups of a file as one text (the
// manifests take slices of it, no copies), and frozen labels/annotations objects that rules share (a
// template's annotations, an SLO's labels) written once per object instead of once per rule.
import type { Rule, RuleGroup } from './types';
import { keyString, scalarString, toYamlAt, valueString } from './yaml';

const GROUP_KEY = '    ';
const RULE_FIRST = '      - ';
const RULE_KEY = '        ';
const RULE_MAP = '          ';

const mapText = new WeakMap<object, string>();

/**
 * A non-empty map of strings (labels, annotations) straight into `out`, after its key: a one-off map needs
 * no string of its own. False, with nothing added, for anything else.
 */
function stringMapInto(value: object, out: string[]): boolean {
  if (Array.isArray(value)) return false;
  let any = false;
  for (const key in value) {
    if (typeof (value as Record<string, unknown>)[key] !== 'string') return false;
    any = true;
  }
  if (!any) return false;
  out.push(':\n');
  for (const key in value) out.push(RULE_MAP, keyString(key), ': ', valueString((value as Record<string, string>)[key]!), '\n');
  return true;
}

/**
 * A rule's labels or annotations (or anything else nested) after its key. Frozen objects are shared by many
 * rules (a template's annotations, an SLO's labels) and cannot change: written once. Others are written each
 * time (see stringMapInto): caching tens of thousands of one-off label maps costs more than writing them.
 */
function nested(value: object): string {
  if (!Object.isFrozen(value)) return nestedText(value);
  let text = mapText.get(value);
  if (text === undefined) mapText.set(value, (text = nestedText(value)));
  return text;
}

function nestedText(value: object): string {
  const out: string[] = [];
  if (stringMapInto(value, out)) return out.join('');
  const body = toYamlAt(value, RULE_MAP); // anything else, and empty maps (`{}`)
  return body === '' ? `: ${Array.isArray(value) ? '[]' : '{}'}\n` : `:\n${body}`;
}

/** Appends the rule as a sequence item to `out`; false (and `out` unusable) if it is not of the usual shape. */
function ruleYaml(rule: Rule, out: string[]): boolean {
  let lead = RULE_FIRST;
  for (const key in rule) {
    const value: unknown = (rule as unknown as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (typeof value === 'string') {
      // expressions are unique per rule: a style cache would only hash them
      out.push(lead, keyString(key), ': ', key === 'expr' ? scalarString(value) : valueString(value), '\n');
    } else if (typeof value === 'object' && value !== null) {
      out.push(lead, keyString(key));
      if (Object.isFrozen(value) || !stringMapInto(value, out)) out.push(nested(value));
    } else {
      return false;
    }
    lead = RULE_KEY;
  }
  return lead === RULE_KEY;
}

/** Appends the group as a sequence item to `out`; false (and `out` to be cut back) if it is not of the usual shape. */
function fastGroupYaml(group: RuleGroup, out: string[]): boolean {
  let lead = '  - ';
  for (const key in group) {
    const value: unknown = (group as unknown as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (key === 'rules') {
      if (!Array.isArray(value) || value.length === 0) return false;
      out.push(lead, 'rules:\n');
      for (const rule of value as unknown[]) {
        if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) return false;
        if (!ruleYaml(rule as Rule, out)) return false;
      }
    } else if (typeof value === 'string') {
      out.push(lead, keyString(key), ': ', valueString(value), '\n');
    } else {
      return false;
    }
    lead = GROUP_KEY;
  }
  return lead === GROUP_KEY;
}

function appendGroup(group: RuleGroup, out: string[]): void {
  const start = out.length;
  if (!fastGroupYaml(group, out)) {
    // anything but the usual shape (empty rules, numbers, odd nesting) takes the general writer
    out.length = start;
    out.push(toYamlAt([group], '  '));
  }
}

/** `prefix`, then every group as an item of a `groups:` sequence indented by 2; where each group's text starts. */
export interface RuleGroupsText {
  prefix: string;
  text: string;
  /** offsets[i] is where group i starts in `text`, offsets[groups.length] its end */
  offsets: number[];
}

/**
 * Pieces are joined every ~64 KiB of text: joining millions of tiny pieces at once needs an array of millions of
 * entries, grown by copying, which cost more fresh memory than the chunks (measured: more page faults per run).
 * The chunks live in the young generation (objects under 128 KiB do) until the final join.
 */
const FOLD_CHARS = 64 * 1024;
const written = new WeakMap<readonly RuleGroup[], RuleGroupsText>();

/**
 * The groups as one text (what toYamlAt(groups, '  ') writes, after a prefix). Written once per groups array:
 * the rules file asks first, with its header as the prefix; the PrometheusRule manifests then take slices.
 */
export function ruleGroupsYaml(groups: readonly RuleGroup[], wantedPrefix?: string): RuleGroupsText {
  const cached = written.get(groups);
  // without a wanted prefix (the manifests slice by offsets), any written text will do
  if (cached && (wantedPrefix === undefined || cached.prefix === wantedPrefix)) return cached;
  const prefix = wantedPrefix ?? '';
  const chunks: string[] = [];
  let out: string[] = [prefix];
  let unfolded = prefix.length;
  let total = prefix.length;
  const offsets: number[] = [];
  for (const group of groups) {
    offsets.push(total);
    const start = out.length;
    appendGroup(group, out);
    let length = 0;
    for (let i = start; i < out.length; i++) length += out[i]!.length;
    total += length;
    unfolded += length;
    if (unfolded >= FOLD_CHARS) {
      chunks.push(out.join(''));
      out = [];
      unfolded = 0;
    }
  }
  offsets.push(total);
  chunks.push(out.join(''));
  const result: RuleGroupsText = { prefix, text: chunks.join(''), offsets };
  written.set(groups, result);
  return result;
}
