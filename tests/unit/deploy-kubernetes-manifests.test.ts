// What a Kubernetes push applies, read from the generated tree: the manifests of kubernetes/*.yaml as they are,
// one ConfigMap per chosen directory, and located problems instead of exceptions.
import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import {
  configMapFor,
  configMapName,
  DEFAULT_CONFIG_MAP_DIRECTORIES,
  MAX_CONFIG_MAP_BYTES,
  missingManifestFiles,
  parseManifestFile,
  planManifests,
} from '@/lib/deploy/kubernetes-manifests';
import { generate } from '@/lib/generate/index';
import { seedRegistry } from '../helpers/seed';

const files = generate(seedRegistry()).files;
const plan = (directories: readonly string[] = DEFAULT_CONFIG_MAP_DIRECTORIES) => planManifests(files, { namespace: 'observability', configMapDirectories: directories });

describe('planManifests', () => {
  it('takes every document of kubernetes/*.yaml exactly as generated, in file order', () => {
    const { objects, problems } = plan([]);
    expect(problems).toEqual([]);
    const expected = ['kubernetes/prometheus-rules.yaml', 'kubernetes/service-monitors.yaml'].flatMap((p) =>
      (jsyaml.loadAll(files.find((f) => f.path === p)!.content) as unknown[]).filter(Boolean),
    );
    expect(objects.map((o) => o.object)).toEqual(expected);
    expect(objects[0]?.source).toBe('kubernetes/prometheus-rules.yaml, document 1');
    expect(objects.map((o) => o.object.kind)).toContain('ServiceMonitor');
  });

  it('makes one ConfigMap per directory, keyed by file name, in the target namespace, labelled managed-by', () => {
    const configMaps = plan().objects.filter((o) => o.object.kind === 'ConfigMap');
    expect(configMaps.map((o) => o.object.metadata.name)).toEqual([
      'awoooi-monitor-prometheus',
      'awoooi-monitor-prometheus-rules',
      'awoooi-monitor-alertmanager',
      'awoooi-monitor-blackbox',
    ]);
    const rules = configMaps[1]!;
    expect(rules.problem).toBeUndefined();
    expect(rules.object.metadata).toEqual({
      name: 'awoooi-monitor-prometheus-rules',
      namespace: 'observability',
      labels: { 'app.kubernetes.io/managed-by': 'awoooi-monitor' },
      annotations: { 'awoooi-monitor/directory': 'prometheus/rules' },
    });
    expect(Object.keys(rules.object.data as object).sort()).toEqual(['pages.yml', 'services.yml', 'slo.yml']);
    // prometheus/ holds prometheus.yml only: the rules directory is its own ConfigMap, mounted beside it
    expect(Object.keys(configMaps[0]!.object.data as object)).toEqual(['prometheus.yml']);
  });

  it('reports a directory without files, naming the ones that exist', () => {
    const { problems } = plan(['prometheus/rule']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^ConfigMaps: the generated tree has no files directly in "prometheus\/rule" \(directories: alertmanager, blackbox, grafana\/dashboards, .*prometheus\/rules\)$/);
  });

  it('fills in the target namespace for a manifest without one, and applies a duplicate once', () => {
    const doc = (name: string, namespace?: string) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}data: {a: "1"}\n`;
    const result = planManifests([{ path: 'kubernetes/extra.yaml', content: doc('x') + doc('y', 'other') + doc('x', 'observability') }], { namespace: 'observability', configMapDirectories: [] });
    expect(result.objects.map((o) => `${o.object.metadata.namespace}/${o.object.metadata.name}`)).toEqual(['observability/x', 'other/y']);
    expect(result.problems).toEqual(['kubernetes/extra.yaml, document 3: ConfigMap observability/x is also in kubernetes/extra.yaml, document 1; applied once, from the first']);
  });

  it('says which file and document cannot be applied, and keeps the readable ones', () => {
    const result = parseManifestFile({
      path: 'kubernetes/service-monitors.yaml',
      content: '# header\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}\n---\n- a list\n---\nkind: ConfigMap\nmetadata: {name: x}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n',
    });
    expect(result.problems).toEqual([
      // the header's comments belong to the first document, as for any YAML reader
      'kubernetes/service-monitors.yaml, document 1: metadata.name "Bad_Name" is not a valid object name',
      'kubernetes/service-monitors.yaml, document 2: not a Kubernetes object (a YAML mapping)',
      'kubernetes/service-monitors.yaml, document 3: no apiVersion',
    ]);
    expect(result.objects.map((o) => o.object.metadata.name)).toEqual(['ok']);
    expect(parseManifestFile({ path: 'kubernetes/x.yaml', content: 'a: [1\n' }).problems[0]).toMatch(/^kubernetes\/x\.yaml: not valid YAML \(/);
  });

  it('reads values as the generator wrote them: no YAML 1.1 booleans, no timestamps', () => {
    const { objects } = parseManifestFile({ path: 'kubernetes/x.yaml', content: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: 2025-01-01, b: yes}\n' });
    expect(objects[0]?.object.data).toEqual({ a: '2025-01-01', b: 'yes' });
  });

  it('without kubernetes/*.yaml there is nothing to apply, which is a problem', () => {
    expect(planManifests(files.filter((f) => !f.path.startsWith('kubernetes/')), { namespace: 'm', configMapDirectories: [] }).problems).toEqual([
      'the generated files hold no kubernetes/*.yaml: generate the whole tree',
    ]);
    expect(missingManifestFiles(files)).toEqual([]);
    expect(missingManifestFiles(files.filter((f) => f.path !== 'kubernetes/prometheus-rules.yaml'))).toEqual(['kubernetes/prometheus-rules.yaml']);
  });
});

describe('configMapFor', () => {
  it('refuses a ConfigMap over Kubernetes\' 1 MiB, counting keys and values as the API server does', () => {
    const value = 'x'.repeat(MAX_CONFIG_MAP_BYTES - 'big.yml'.length);
    const fits = configMapFor('prometheus/rules', [{ path: 'prometheus/rules/big.yml', content: value }], 'm');
    expect(typeof fits !== 'string' && fits.problem).toBeUndefined();
    const over = configMapFor('prometheus/rules', [{ path: 'prometheus/rules/big.yml', content: `${value}x` }], 'm');
    expect(typeof over !== 'string' && over.problem).toBe(
      'prometheus/rules/ holds 1.0 MiB, and a ConfigMap holds at most 1 MiB: leave "prometheus/rules" out of this target\'s ConfigMaps and let the Prometheus Operator load the rules from the PrometheusRules',
    );
  });

  it('refuses file names that cannot be keys, and names the ConfigMap after the directory', () => {
    const planned = configMapFor('grafana/dashboards/services', [{ path: 'grafana/dashboards/services/a b.json', content: '{}' }], 'm');
    expect(typeof planned !== 'string' && planned.problem).toBe('file names that cannot be ConfigMap keys (letters, digits, "-", "_", "." only): a b.json');
    expect(configMapName('grafana/dashboards/services')).toBe('awoooi-monitor-grafana-dashboards-services');
  });
});
