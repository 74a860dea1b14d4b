// The YAML writer every generated file goes through: js-yaml must read back exactly what was written.
import jsyaml from 'js-yaml';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateContext } from '../../lib/generate/index';
import { ruleGroupsYaml } from '../../lib/generate/rule-yaml';
import { defaultSettings } from '../../lib/generate/settings';
import type { Rule, RuleGroup } from '../../lib/generate/types';
import { hole, scalarString, toYaml, toYamlAt, yamlSkeleton } from '../../lib/generate/yaml';
import { loadDefaultTemplates } from '../../lib/registry/default-templates';
import { syntheticRegistry } from '../../lib/registry/synthetic';
import { seedRegistry } from '../helpers/seed';

const ROOT = path.resolve(__dirname, '../..');

const roundTrip = (value: unknown) => jsyaml.load(toYaml(value));

describe('toYaml', () => {
  it('keeps every string a string, whatever it looks like', () => {
    const tricky = [
      '', ' a', 'a ', 'true', 'True', 'yes', 'No', 'on', 'OFF', 'y', 'n', 'null', '~', '1h', '30s', '8000', '0.1', '1e3',
      '0x1F', '0o17', '-1', '+1', '.5', '5.', '1_000', '.inf', '-.Inf', '.nan', 'a: b', 'a #b', 'a#b', '#x', '- x', '-x',
      '{{ $labels.x }}', 'x:', 'x\ny', 'tab\t', '\u2028', '\x7f', '\u0085', 'é日本', '"q"', "'s'", '*a', '&a', '!t', '%p',
      '@a', '`b', '|', '>', '[a]', '{a}', ',', '?', '? x', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '1:20', '<<', '=',
      'a\\b', '192.168.0.1:9100', '[::1]:9100', 'ReplicaSet;awoooi-api-[a-z0-9]+', '$1:$2', '(.+?)(?::\\d+)?;(\\d+)',
    ];
    expect(roundTrip(tricky)).toEqual(tricky);
    const asKeys = Object.fromEntries(tricky.map((s) => [s, s]));
    expect(roundTrip(asKeys)).toEqual(asKeys);
  });

  it('writes plain scalars where that is safe, so files read naturally', () => {
    expect(scalarString('30s')).toBe('30s');
    expect(scalarString('/api/v1/health')).toBe('/api/v1/health');
    expect(scalarString('probe_success{service="ollama"} == 0')).toBe('probe_success{service="ollama"} == 0');
    expect(scalarString('8000')).toBe('"8000"');
    expect(scalarString('{{ $labels.service }} is down')).toBe('"{{ $labels.service }} is down"');
  });

  it('writes nested data the way js-yaml lays it out, with empty collections inline', () => {
    const value = { a: [{ b: 1, c: [true, null] }, 'x', [], {}], d: {}, e: [], f: { g: { h: -0.5 } } };
    expect(roundTrip(value)).toEqual(value);
    expect(toYaml({ groups: [{ name: 'g', rules: [{ alert: 'A', labels: { s: 'x' } }] }] })).toBe(
      'groups:\n  - name: g\n    rules:\n      - alert: A\n        labels:\n          s: x\n',
    );
    expect(toYaml({ groups: [] })).toBe('groups: []\n');
    expect(toYaml([[1, 2], [3]])).toBe('- - 1\n  - 2\n- - 3\n');
    expect(roundTrip([[1, 2], [3]])).toEqual([[1, 2], [3]]);
  });

  it('refuses values that are not plain data instead of writing something wrong', () => {
    expect(() => toYaml({ f: () => 1 })).toThrow(/cannot write function/);
  });
});

describe('ruleGroupsYaml (the fast writer of rule groups)', () => {
  const SILENT = { skip() {}, note() {} };
  const general = (group: RuleGroup) => toYamlAt([group], '  ');

  it('writes exactly what the general writer writes, for real rule groups', () => {
    for (const registry of [seedRegistry(), syntheticRegistry({ services: 300, templates: loadDefaultTemplates(ROOT) })]) {
      const ctx = generateContext(registry, defaultSettings(), SILENT);
      expect(ctx.rules.services.length + ctx.rules.slo.length).toBeGreaterThan(registry.services.length / 2);
      for (const groups of [ctx.rules.services, ctx.rules.pages, ctx.rules.slo]) {
        const { text, offsets } = ruleGroupsYaml(groups, 'groups:\n');
        expect(text).toBe(`groups:\n${toYamlAt(groups, '  ')}`);
        expect(offsets).toHaveLength(groups.length + 1);
        groups.forEach((group, i) => expect(text.slice(offsets[i], offsets[i + 1])).toBe(general(group)));
        // written once: the manifests get the same text whatever its prefix; another prefix writes it anew
        expect(ruleGroupsYaml(groups)).toBe(ruleGroupsYaml(groups, 'groups:\n'));
        expect(ruleGroupsYaml(groups, '').text).toBe(toYamlAt(groups, '  '));
      }
    }
  });

  it('writes odd shapes like the general writer: intervals, quoting, empty maps, numbers, empty rules', () => {
    const shared = { team: 'a: b', 'odd key': 'yes' };
    const groups: RuleGroup[] = [
      { name: 'g', interval: '1m', rules: [{ record: 'r', expr: 'up', labels: shared }, { alert: 'A', expr: '"x" # y', labels: shared, annotations: {} }] },
      { name: 'yes', rules: [{ alert: 'true', expr: 'vector(1)\n', for: '0', labels: { n: 1 } as unknown as Record<string, string> }] },
      { name: 'empty', rules: [] },
      { name: 'blank rule', rules: [{} as Rule] },
      { name: 'undefined', interval: undefined, rules: [{ record: 'r', expr: 'up', labels: { a: undefined } as unknown as Record<string, string> }] },
    ];
    const { text, offsets } = ruleGroupsYaml(groups);
    expect(text).toBe(toYamlAt(groups, '  '));
    groups.forEach((group, i) => {
      expect(text.slice(offsets[i], offsets[i + 1])).toBe(general(group));
      expect(jsyaml.load(`groups:\n${general(group)}`)).toEqual({ groups: [JSON.parse(JSON.stringify(group))] });
    });
  });
});

describe('yamlSkeleton', () => {
  const shape = (name: string, port: string | number) => ({ job_name: name, targets: [`${name}:80`], labels: { service: name, port } });

  it('fills holes to the text the general writer gives for the filled-in value', () => {
    const fill = yamlSkeleton(toYamlAt([{ job_name: hole('name'), targets: [hole('target')], labels: { service: hole('name'), port: hole('port') } }], '  '), ['name', 'target', 'port']);
    expect(fill).toBeDefined();
    for (const [name, port] of [['a', 1], ['yes', '8080'], ['x: y', 0], ['1e3', 'null'], ['é"\\', -1]] as const) {
      expect(fill!({ name, target: `${name}:80`, port })).toBe(toYamlAt([shape(name, port)], '  '));
    }
  });

  it('refuses a text whose holes are missing or not whole scalars', () => {
    expect(yamlSkeleton(toYaml({ a: hole('x') }), ['x', 'y'])).toBeUndefined();
    expect(yamlSkeleton(toYaml({ a: `${hole('x')}:80` }), ['x'])).toBeUndefined();
    expect(yamlSkeleton(toYaml({ a: hole('x'), b: hole('z') }), ['x'])).toBeUndefined();
  });
});
