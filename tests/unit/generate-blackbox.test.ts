import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsyaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BLACKBOX_CONFIG_PATH,
  BLACKBOX_TARGETS_PATH,
  blackboxTargets,
  generateBlackbox,
  type BlackboxTarget,
  type FileSdGroup,
} from '../../lib/generate/blackbox';
import { GENERATED_NOTICE } from '../../lib/generate/header';
import { generateContext } from '../../lib/generate/index';
import { defaultSettings, generateSettingsSchema, type GenerateSettings } from '../../lib/generate/settings';
import type { Finding, GenerateContext, Reporter } from '../../lib/generate/types';
import { loadDefaultTemplates } from '../../lib/registry/default-templates';
import type { Registry } from '../../lib/registry/model';
import { parseRegistryYaml } from '../../lib/registry/parse';
import { syntheticRegistry } from '../../lib/registry/synthetic';
import { promtool } from '../helpers/prometheus-tools';

const templates = loadDefaultTemplates();

function registryFrom(text: string): Registry {
  const parsed = parseRegistryYaml(text, { defaultTemplates: templates });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value;
}

const seed = registryFrom(readFileSync('registry/service-registry.yaml', 'utf8'));

function collector(): { report: Reporter; findings: Finding[] } {
  const findings: Finding[] = [];
  return {
    findings,
    report: {
      skip: (entry, message, item) => findings.push({ kind: 'skipped', entry, message, item }),
      note: (entry, message, item) => findings.push({ kind: 'note', entry, message, item }),
    },
  };
}

function context(registry: Registry, settings: GenerateSettings = defaultSettings()) {
  const { report, findings } = collector();
  const ctx: GenerateContext = generateContext(registry, settings, report);
  return { ctx, findings };
}

function targetsOf(registry: Registry, settings: GenerateSettings = defaultSettings()) {
  const { report, findings } = collector();
  return { targets: blackboxTargets(registry, settings, report), findings };
}

/** One service as registry YAML; `fields` are extra `key: value` lines. */
const serviceYaml = (name: string, type: string, fields: Record<string, string | number>) =>
  [
    `  - name: ${name}`,
    `    type: ${type}`,
    `    owner: team-${name}`,
    ...Object.entries(fields).map(([k, v]) => `    ${k}: ${typeof v === 'string' ? JSON.stringify(v) : v}`),
  ].join('\n');

const oneService = (name: string, type: string, fields: Record<string, string | number>) =>
  registryFrom(`services:\n${serviceYaml(name, type, fields)}\n`);

const byService = (targets: BlackboxTarget[], name: string) => targets.find((t) => t.service === name);

const workDirs: string[] = [];
afterAll(() => workDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function workDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'blackbox-test-'));
  workDirs.push(dir);
  return dir;
}

describe('blackboxTargets on the seed registry', () => {
  const { targets, findings } = targetsOf(seed);

  it('turns HTTP paths into URLs: in-cluster DNS for Kubernetes, host:port for docker', () => {
    expect(byService(targets, 'awoooi-api')).toEqual({
      service: 'awoooi-api',
      owner: 'backend-team',
      type: 'k8s-deployment',
      module: 'http_2xx',
      target: 'http://awoooi-api.awoooi-prod.svc:8000/api/v1/health',
    });
    expect(byService(targets, 'awoooi-web')?.target).toBe('http://awoooi-web.awoooi-prod.svc:3000/');
    expect(byService(targets, 'ollama')).toMatchObject({ module: 'http_2xx', target: 'http://192.168.0.188:11434/api/tags', owner: 'ai-team' });
    expect(byService(targets, 'sentry')?.target).toBe('http://192.168.0.110:9000/_health/');
  });

  it('turns command-style checks into tcp_connect on host:port', () => {
    expect(byService(targets, 'redis')).toMatchObject({ module: 'tcp_connect', target: '192.168.0.188:6380', type: 'docker' });
    expect(byService(targets, 'postgres')).toMatchObject({ module: 'tcp_connect', target: '192.168.0.188:5432' });
  });

  it("gives the exec probe no target and notes that the kubelet's probe covers it", () => {
    expect(byService(targets, 'awoooi-worker')).toBeUndefined();
    expect(findings).toEqual([
      {
        kind: 'note',
        entry: 'services/awoooi-worker',
        item: 'blackbox',
        message: "health_endpoint /tmp/worker-healthy is an exec probe: covered by the kubelet's liveness/readiness probe, not by Blackbox",
      },
    ]);
  });

  it('probes every service with a usable health endpoint, sorted by name, and nothing for services without one', () => {
    expect(targets.map((t) => t.service)).toEqual([
      'awoooi-api', 'awoooi-web', 'harbor', 'langfuse', 'ollama', 'openclaw', 'postgres', 'redis', 'sentry',
    ]);
    expect(byService(targets, 'github-runner')).toBeUndefined(); // no health_endpoint: no finding either
  });
});

describe('blackboxTargets rules', () => {
  it('brackets IPv6 hosts, for URLs and for tcp_connect', () => {
    const http = targetsOf(oneService('v6', 'docker', { host: 'fd00::1', port: 8080, health_endpoint: '/health' }));
    expect(http.targets[0]?.target).toBe('http://[fd00::1]:8080/health');
    const tcp = targetsOf(oneService('v6db', 'systemd', { host: '2001:db8::5', port: 5432, health_endpoint: 'pg_isready', service_name: 'pg.service' }));
    expect(tcp.targets[0]).toMatchObject({ module: 'tcp_connect', target: '[2001:db8::5]:5432', type: 'systemd' });
  });

  it('uses a full URL as is, with or without a port', () => {
    const plain = targetsOf(oneService('ext', 'docker', { host: '10.0.0.1', health_endpoint: 'https://status.example.com/ping?x=1' }));
    expect(plain.targets[0]).toMatchObject({ module: 'http_2xx', target: 'https://status.example.com/ping?x=1' });
    expect(plain.findings).toEqual([]);
    const k8s = targetsOf(oneService('ext2', 'k8s-deployment', { namespace: 'web', port: 80, health_endpoint: 'http://other.host:81/h' }));
    expect(k8s.targets[0]?.target).toBe('http://other.host:81/h');
  });

  it('skips an unparseable URL with a reason', () => {
    const { targets, findings } = targetsOf(oneService('bad', 'docker', { host: '10.0.0.1', health_endpoint: 'http://exa mple.com/' }));
    expect(targets).toEqual([]);
    expect(findings).toEqual([expect.objectContaining({ kind: 'skipped', entry: 'services/bad', item: 'blackbox' })]);
    expect(findings[0]?.message).toMatch(/not a valid URL/);
  });

  it('probes a Kubernetes command check as tcp_connect on the in-cluster name', () => {
    const { targets } = targetsOf(oneService('cache', 'k8s-deployment', { namespace: 'data', port: 6379, health_endpoint: 'redis-cli ping' }));
    expect(targets[0]).toMatchObject({ module: 'tcp_connect', target: 'cache.data.svc:6379' });
  });

  it('uses the configured cluster domain', () => {
    const settings = generateSettingsSchema.parse({ kubernetes: { service_domain: 'svc.cluster.local' } });
    const { targets } = targetsOf(oneService('api', 'k8s-deployment', { namespace: 'prod', port: 8000, health_endpoint: '/healthz' }), settings);
    expect(targets[0]?.target).toBe('http://api.prod.svc.cluster.local:8000/healthz');
  });

  it('skips a command without a port, with a reason', () => {
    const { targets, findings } = targetsOf(oneService('pg', 'docker', { host: '10.0.0.2', health_endpoint: 'pg_isready' }));
    expect(targets).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'skipped', entry: 'services/pg', item: 'blackbox' });
    expect(findings[0]?.message).toMatch(/command.*no port/);
  });

  it('skips a docker/systemd HTTP path without a port (not an exec probe there)', () => {
    const { targets, findings } = targetsOf(oneService('web', 'docker', { host: '10.0.0.3', health_endpoint: '/health' }));
    expect(targets).toEqual([]);
    expect(findings).toEqual([expect.objectContaining({ kind: 'skipped', entry: 'services/web' })]);
    expect(findings[0]?.message).toMatch(/no port/);
  });

  it('treats a path with arguments as a command', () => {
    const { targets } = targetsOf(oneService('chk', 'docker', { host: '10.0.0.4', port: 9000, health_endpoint: '/usr/bin/check --quick' }));
    expect(targets[0]).toMatchObject({ module: 'tcp_connect', target: '10.0.0.4:9000' });
  });

  it('skips a Kubernetes workload whose name cannot be a DNS label', () => {
    const { targets, findings } = targetsOf(oneService('my_api', 'k8s-deployment', { namespace: 'prod', port: 80, health_endpoint: '/h' }));
    expect(targets).toEqual([]);
    expect(findings[0]).toMatchObject({ kind: 'skipped', entry: 'services/my_api' });
    expect(findings[0]?.message).toMatch(/DNS/);
  });

  it('still probes a service that Prometheus does not scrape (the probe is scraped from the exporter)', () => {
    const registry = oneService('quiet', 'docker', { host: '10.0.0.5', port: 80, health_endpoint: '/' });
    expect(registry.services[0]?.monitoring.prometheus).toBe(false);
    expect(targetsOf(registry).targets).toHaveLength(1);
  });

  it('keeps going after a bad entry', () => {
    const registry = registryFrom(
      `services:\n${serviceYaml('a-bad', 'docker', { host: '10.0.0.1', health_endpoint: 'pg_isready' })}\n` +
        `${serviceYaml('b-good', 'docker', { host: '10.0.0.2', port: 80, health_endpoint: '/' })}\n`,
    );
    const { targets, findings } = targetsOf(registry);
    expect(targets.map((t) => t.service)).toEqual(['b-good']);
    expect(findings.map((f) => f.entry)).toEqual(['services/a-bad']);
  });
});

describe('generateBlackbox files', () => {
  const { ctx } = context(seed);
  const files = generateBlackbox(ctx);
  const file = (p: string) => files.find((f) => f.path === p)!.content;

  it('writes blackbox.yml with the header and the two modules', () => {
    expect(files.map((f) => f.path)).toEqual([BLACKBOX_CONFIG_PATH, BLACKBOX_TARGETS_PATH]);
    const text = file(BLACKBOX_CONFIG_PATH);
    expect(text.startsWith(`# ${GENERATED_NOTICE[0]}\n`)).toBe(true);
    const config = jsyaml.load(text) as { modules: Record<string, { prober: string; timeout: string; http?: Record<string, unknown> }> };
    expect(Object.keys(config.modules)).toEqual(['http_2xx', 'tcp_connect']);
    expect(config.modules.http_2xx).toMatchObject({ prober: 'http', timeout: '5s' });
    expect(config.modules.http_2xx?.http).toEqual({ valid_status_codes: [], preferred_ip_protocol: 'ip4', follow_redirects: true });
    expect(config.modules.tcp_connect?.prober).toBe('tcp');
  });

  it('writes targets.json as pretty file_sd groups with the module as __param_module', () => {
    const text = file(BLACKBOX_TARGETS_PATH);
    expect(text.endsWith(']\n')).toBe(true);
    expect(text).toContain('\n  {\n    "targets": [\n');
    const groups = JSON.parse(text) as FileSdGroup[];
    expect(groups).toHaveLength(9);
    expect(groups.find((g) => g.labels.service === 'redis')).toEqual({
      targets: ['192.168.0.188:6380'],
      labels: { service: 'redis', owner: 'infra-team', type: 'docker', __param_module: 'tcp_connect' },
    });
    expect(groups.map((g) => g.labels.service)).toEqual([...groups.map((g) => g.labels.service)].sort());
  });

  it('is byte-identical for the same registry, whatever the order of its services', () => {
    const shuffled: Registry = { ...seed, services: [...seed.services].reverse() };
    expect(generateBlackbox(context(shuffled).ctx)).toEqual(files);
  });

  it('writes an empty, valid file_sd list when nothing is probed', () => {
    const empty = generateBlackbox(context({ owners: [], hosts: [], alert_templates: [], services: [], pages: [], api_endpoints: [] }).ctx);
    expect(empty.find((f) => f.path === BLACKBOX_TARGETS_PATH)?.content).toBe('[]\n');
  });
});

describe('targets.json read by the real promtool', () => {
  /** A minimal prometheus.yml with one Blackbox job on the targets file, the relabelling the lead's job uses. */
  function checkConfig(targetsJson: string): { code: number; output: string } {
    const dir = workDir();
    writeFileSync(path.join(dir, 'targets.json'), targetsJson);
    const config = {
      scrape_configs: [
        {
          job_name: 'blackbox',
          metrics_path: '/probe',
          file_sd_configs: [{ files: ['targets.json'] }],
          relabel_configs: [
            { source_labels: ['__address__'], target_label: '__param_target' },
            { source_labels: ['__param_target'], target_label: 'instance' },
            { target_label: '__address__', replacement: '127.0.0.1:9115' },
          ],
        },
      ],
    };
    writeFileSync(path.join(dir, 'prometheus.yml'), jsyaml.dump(config));
    const result = promtool(['check', 'config', 'prometheus.yml'], { cwd: dir });
    return { code: result.code, output: result.stdout + result.stderr };
  }
  const targetsJson = (registry: Registry) => generateBlackbox(context(registry).ctx).find((f) => f.path === BLACKBOX_TARGETS_PATH)!.content;

  it('accepts the seed registry targets', () => {
    const { code, output } = checkConfig(targetsJson(seed));
    expect(code, output).toBe(0);
  });

  it('rejects a broken file_sd file (the check can fail)', () => {
    const broken = JSON.stringify([{ targets: ['a:1'], labels: { 'bad label': 'x' } }]);
    const { code, output } = checkConfig(broken);
    expect(code, output).not.toBe(0);
  });

  it('accepts the targets of a 10,000-service registry', () => {
    const registry = syntheticRegistry({ services: 10_000, templates });
    const { report, findings } = collector();
    const targets = blackboxTargets(registry, defaultSettings(), report);
    // synthetic: k8s and docker services have a port and an HTTP path; systemd services have no health endpoint
    expect(targets).toHaveLength(9_000);
    expect(findings).toEqual([]);
    const { code, output } = checkConfig(targetsJson(registry));
    expect(code, output).toBe(0);
  });
});
