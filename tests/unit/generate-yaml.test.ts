// The YAML writer every generated file goes through: js-yaml must read back exactly what was written.
import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { scalarString, toYaml } from '../../lib/generate/yaml';

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
