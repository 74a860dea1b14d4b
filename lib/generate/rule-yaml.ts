// Rule groups as YAML, the largest part of the output (tens of MB for 10,000 services, written once and shared
// by prometheus/rules/*.yml and the PrometheusRule manifests). The same text toYamlAt([group], '  ') writes
// (a test holds them equal), built faster for the shape rules have: string concatenation instead of piece
// arrays, and frozen labels/annotations objects that rules share (a template's annotations, an SLO's labels)
// written once per object instead of once per rule.
import type { Rule, RuleGroup } from './types';
import { keyString, scalarString, toYamlAt, valueString } from './yaml';

const GROUP_KEY = '    ';
const RULE_FIRST = '      - ';
const RULE_KEY = '        ';
const RULE_MAP = '          ';

const groupText = new WeakMap<RuleGroup, string>();
const mapText = new WeakMap<object, string>();

/** Labels and annotations are maps of strings: written directly, no general writer. */
function stringMapYaml(value: object): string | undefined {
  if (Array.isArray(value)) return undefined;
  const out: string[] = [];
  for (const key in value) {
    const v: unknown = (value as Record<string, unknown>)[key];
    if (typeof v !== 'string') return undefined;
    out.push(RULE_MAP, keyString(key), ': ', valueString(v), '\n');
  }
  return out.join('');
}

/**
 * A rule's labels or annotations (or anything else nested) after its key. Frozen objects are shared by many
 * rules (a template's annotations, an SLO's labels) and cannot change: written once. Others are written each
 * time: caching tens of thousands of one-off label maps costs more than writing them.
 */
function nested(value: object): string {
  if (!Object.isFrozen(value)) return nestedText(value);
  let text = mapText.get(value);
  if (text === undefined) mapText.set(value, (text = nestedText(value)));
  return text;
}

function nestedText(value: object): string {
  const body = stringMapYaml(value) ?? toYamlAt(value, RULE_MAP);
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
      out.push(lead, keyString(key), nested(value));
    } else {
      return false;
    }
    lead = RULE_KEY;
  }
  return lead === RULE_KEY;
}

// Pieces in one array joined once: `+=` builds ropes whose nodes outlive the young generation (measured slower).
function fastGroupYaml(group: RuleGroup): string | undefined {
  const out: string[] = [];
  let lead = '  - ';
  for (const key in group) {
    const value: unknown = (group as unknown as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (key === 'rules') {
      if (!Array.isArray(value) || value.length === 0) return undefined;
      out.push(lead, 'rules:\n');
      for (const rule of value as unknown[]) {
        if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) return undefined;
        if (!ruleYaml(rule as Rule, out)) return undefined;
      }
    } else if (typeof value === 'string') {
      out.push(lead, keyString(key), ': ', valueString(value), '\n');
    } else {
      return undefined;
    }
    lead = GROUP_KEY;
  }
  return lead === GROUP_KEY ? out.join('') : undefined;
}

/**
 * A rule group as an item of a `groups:` sequence, indented by 2 (what toYaml({ groups }) writes for it).
 * Written once per group object: the rule files and the PrometheusRule manifests share the text.
 */
export function ruleGroupYaml(group: RuleGroup): string {
  let text = groupText.get(group);
  if (text === undefined) {
    // anything but the usual shape (empty rules, numbers, odd nesting) takes the general writer
    text = fastGroupYaml(group) ?? toYamlAt([group], '  ');
    groupText.set(group, text);
  }
  return text;
}
