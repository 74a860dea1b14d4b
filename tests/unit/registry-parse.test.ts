import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDefaultTemplates } from '../../lib/registry/default-templates';
import type { RegistryProblem } from '../../lib/registry/errors';
import { parseRegistryYaml } from '../../lib/registry/parse';

const defaults = loadDefaultTemplates();
const seed = readFileSync('registry/service-registry.yaml', 'utf8');
const parse = (text: string, maxBytes?: number) => parseRegistryYaml(text, { defaultTemplates: defaults, maxBytes });

function problems(text: string): RegistryProblem[] {
  const result = parse(text);
  if (result.ok) throw new Error('expected problems, the file was accepted');
  for (const p of result.problems) {
    expect(p.line).toBeGreaterThanOrEqual(1);
    expect(p.column).toBeGreaterThanOrEqual(1);
  }
  return result.problems;
}

const one = (text: string) => {
  const found = problems(text);
  expect(found, JSON.stringify(found)).toHaveLength(1);
  return found[0]!;
};

const service = (extra = '') => `services:\n  - name: api\n    type: docker\n    host: 10.0.0.1\n    owner: team\n${extra}`;

describe('the seed registry', () => {
  it('parses with the default templates', () => {
    const result = parse(seed);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const r = result.value;
    expect(r.services.map((s) => s.name)).toContain('github-runner');
    expect(r.services).toHaveLength(11);
    expect(r.pages).toHaveLength(4);
    expect(r.api_endpoints).toHaveLength(4);
    expect(r.owners.map((o) => o.name)).toEqual(['ai-team', 'backend-team', 'devops-team', 'frontend-team', 'infra-team']);
    const api = r.services.find((s) => s.name === 'awoooi-api')!;
    expect(api.host).toBeUndefined(); // Kubernetes services have no host, and nothing crashes on that
    expect(api.namespace).toBe('awoooi-prod');
    const redis = r.services.find((s) => s.name === 'redis')!;
    expect(redis.monitoring).toEqual({ prometheus: true, sentry: false, otel: false, langfuse: false });
    expect(r.api_endpoints.find((e) => e.path === '/api/v1/analyze')).toMatchObject({ method: 'POST', slo_latency_ms: 30000, slo_availability: 95 });
  });

  it('defines every template key the seed uses', () => {
    const used = new Set([...seed.matchAll(/^ {6}- ([a-z_]+)$/gm)].map((m) => m[1]));
    const defined = new Set(defaults.map((t) => t.key));
    for (const key of used) expect(defined, key).toContain(key);
  });
});

describe('YAML syntax', () => {
  it('reports a syntax error at its line', () => {
    const p = one('services:\n  - name: "api\n    type: docker\n');
    expect(p.message).toMatch(/^YAML: /);
    expect(p.line).toBeGreaterThanOrEqual(2);
  });

  it('reports bad indentation', () => {
    expect(problems('services:\n  - name: api\n   type: docker\n')[0]!.message).toMatch(/YAML/);
  });

  it('reports every duplicate key and still checks the rest of the file', () => {
    const found = problems(`${service()}    owner: other\n    port: nope\n`);
    expect(found.map((p) => p.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/duplicate key "owner"/), expect.stringMatching(/whole number/)]),
    );
    expect(found.find((p) => p.message.includes('duplicate key'))!.line).toBe(6);
  });

  it('rejects more than one document', () => {
    expect(problems('services: []\n---\npages: []\n')[0]!.message).toMatch(/YAML/);
  });

  it('rejects an empty file and a file that is not a mapping', () => {
    expect(one('').message).toMatch(/empty/);
    expect(one('# only a comment\n').message).toMatch(/empty/);
    expect(one('- a\n- b\n').message).toMatch(/expected a mapping/);
  });

  it('rejects unknown tags', () => {
    expect(problems('services: !!binary aGVsbG8=\n').length).toBeGreaterThan(0);
  });
});

describe('fields and types', () => {
  it('locates a wrong type at its value', () => {
    const p = one(service('    port: "8000"\n'));
    expect(p).toMatchObject({ path: 'services[0].port', line: 6, column: 11 });
    expect(p.message).toMatch(/expected a whole number from 1 to 65535, got text "8000"/);
  });

  it('takes YAML 1.2 booleans only', () => {
    const p = one(service('    monitoring:\n      prometheus: yes\n'));
    expect(p).toMatchObject({ path: 'services[0].monitoring.prometheus', line: 7 });
    expect(p.message).toMatch(/true or false/);
  });

  it('refuses unknown fields and suggests the right one', () => {
    const p = one(service('    helth_endpoint: /health\n'));
    expect(p).toMatchObject({ path: 'services[0].helth_endpoint', line: 6, column: 5 });
    expect(p.message).toMatch(/unknown field "helth_endpoint" \(did you mean "health_endpoint"\?\)/);
    expect(one('service:\n  - name: x\n').message).toMatch(/did you mean "services"/);
    expect(one(service('    monitoring:\n      sentri: true\n')).path).toBe('services[0].monitoring.sentri');
  });

  it('checks ports, paths, SLOs, names, hosts and URLs', () => {
    expect(one(service('    port: 0\n')).message).toMatch(/1 to 65535/);
    expect(one(service('    port: 65536\n')).message).toMatch(/1 to 65535/);
    expect(one(service('    port: 80.5\n')).message).toMatch(/whole number/);
    expect(one('pages:\n  - path: errors\n    name: Errors\n').message).toMatch(/start with "\/"/);
    const endpoint = (extra: string) => `api_endpoints:\n  - path: /x\n    method: GET\n${extra}`;
    expect(one(endpoint('    slo_availability: 100\n')).message).toMatch(/less than 100/);
    expect(one(endpoint('    slo_availability: 0\n')).message).toMatch(/greater than 0/);
    expect(one(endpoint('    slo_latency_ms: 0\n')).message).toMatch(/greater than 0/);
    expect(one(endpoint('    slo_latency_ms: -5\n')).message).toMatch(/greater than 0/);
    expect(parse(endpoint('    slo_availability: 99.999\n    slo_latency_ms: 1\n')).ok).toBe(true);
    expect(one('api_endpoints:\n  - path: /x\n    method: FETCH\n').path).toBe('api_endpoints[0].method');
    expect(one(service().replace('name: api', 'name: my api')).path).toBe('services[0].name');
    expect(one(service().replace('10.0.0.1', 'not a host!')).path).toBe('services[0].host');
    expect(parse(service().replace('10.0.0.1', 'db-1.internal')).ok).toBe(true);
    expect(parse(service().replace('10.0.0.1', 'fd00::1')).ok).toBe(true);
  });

  it('reports a missing required field at its entry', () => {
    const p = one('services:\n  - name: api\n    type: docker\n    host: 10.0.0.1\n');
    expect(p).toMatchObject({ path: 'services[0].owner', line: 2, column: 5 });
    expect(p.message).toMatch(/required/);
  });
});

describe('service types', () => {
  it('needs a namespace for Kubernetes, and refuses a host there', () => {
    const found = problems('services:\n  - name: api\n    type: k8s-deployment\n    host: 10.0.0.1\n    owner: team\n');
    expect(found.map((p) => p.path).sort()).toEqual(['services[0].host', 'services[0].namespace']);
  });

  it('needs a host for docker and host + service_name for systemd', () => {
    expect(one('services:\n  - name: a\n    type: docker\n    owner: t\n').path).toBe('services[0].host');
    const systemd = problems('services:\n  - name: a\n    type: systemd\n    owner: t\n');
    expect(systemd.map((p) => p.path).sort()).toEqual(['services[0].host', 'services[0].service_name']);
  });

  it('names the allowed types for an unknown one', () => {
    expect(one(service().replace('type: docker', 'type: vm')).message).toMatch(/k8s-deployment, docker, systemd/);
  });
});

describe('duplicates and references', () => {
  it('refuses duplicate names, paths, endpoints, keys and alerts', () => {
    expect(one(`${service()}  - name: api\n    type: docker\n    host: 10.0.0.2\n    owner: team\n`).message).toMatch(
      /duplicate service name "api" \(first at line 2\)/,
    );
    expect(one('pages:\n  - path: /a\n    name: A\n  - path: /a\n    name: B\n').message).toMatch(/duplicate page path/);
    const ep = 'api_endpoints:\n  - path: /a\n    method: GET\n  - path: /a\n    method: GET\n  - path: /a\n    method: POST\n';
    expect(one(ep).message).toMatch(/duplicate API endpoint "GET \/a"/);
    expect(one(service('    alerts: [service_down, service_down]\n')).message).toMatch(/listed twice/);
  });

  it('names the entry and the key of an undefined template', () => {
    const p = one(service('    alerts:\n      - service_down\n      - no_such_alert\n'));
    expect(p).toMatchObject({ path: 'services[0].alerts[1]', line: 8, column: 9 });
    expect(p.message).toMatch(/service "api" uses alert template "no_such_alert"/);
  });

  it('uses only the file\'s own templates when it has an alert_templates section', () => {
    const own = 'alert_templates:\n  - key: mine\n    alert: Mine\n    expr: up == 0\n    for: 1m\n    severity: warning\n    summary: down\n';
    expect(parse(`${service('    alerts: [mine]\n')}${own}`).ok).toBe(true);
    const p = one(`${service('    alerts: [service_down]\n')}${own}`);
    expect(p.message).toMatch(/"service_down", which is not defined in this file's alert_templates/);
  });

  it('checks owners against an owners section when there is one', () => {
    expect(one(`${service()}owners:\n  - name: other\n`).message).toMatch(/owner "team" is not declared/);
    const ok = parse(`${service()}owners:\n  - name: team\n    email: team@example.com\n`);
    expect(ok.ok && ok.value.owners).toEqual([{ name: 'team', email: 'team@example.com' }]);
  });

  it('reports invalid PromQL at its column inside the expression', () => {
    const file = "alert_templates:\n  - key: broken\n    alert: Broken\n    expr: 'sum(rate(x[5m])'\n    for: 5m\n    severity: critical\n    summary: s\n";
    const p = problems(file)[0]!;
    expect(p).toMatchObject({ path: 'alert_templates[0].expr', line: 4 });
    expect(p.column).toBeGreaterThan(11);
  });

  it('reports every problem of a file at once', () => {
    const found = problems(
      'services:\n  - name: x\n    type: docker\n    helth_endpoint: /h\n    port: 70000\n    owner: a\n' +
        '  - name: x\n    type: k8s-deployment\n    host: 1.2.3.4\n    owner: a\n    alerts: [nope]\npages:\n  - path: nope\n    name: n\n',
    );
    expect(found.length).toBe(8);
    const lines = found.map((p) => p.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });
});

describe('hostile input', () => {
  it('refuses a file over the size limit without parsing it', () => {
    const huge = `services:\n${'  # padding padding padding padding padding padding padding padding\n'.repeat(320_000)}`;
    expect(Buffer.byteLength(huge)).toBeGreaterThan(20 * 1024 * 1024);
    const started = performance.now();
    expect(one(huge).message).toMatch(/limit is 10\.0 MB/);
    expect(performance.now() - started).toBeLessThan(1000);
    const small = parse(seed, 1000);
    expect(!small.ok && small.problems[0]!.message).toMatch(/the file is \d+\.\d KB; the limit is 1000 bytes/);
  });

  it('refuses an alias bomb', () => {
    let bomb = 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 10; i++) bomb += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]\n`;
    bomb += 'services: *a9\n';
    const p = one(bomb);
    expect(p.message).toMatch(/alias/);
    expect(p.line).toBe(2);
  });

  it('accepts modest anchors and merge keys', () => {
    const file =
      'x-defaults: &defaults\n  type: docker\n  host: 10.0.0.1\n  owner: team\n' +
      'services:\n  - <<: *defaults\n    name: a\n  - <<: *defaults\n    name: b\n';
    // the helper key itself is unknown at the top level, which is reported as such
    expect(one(file).path).toBe('x-defaults');
    const inline = 'services:\n  - &one\n    name: a\n    type: docker\n    host: 10.0.0.1\n    owner: team\n  - <<: *one\n    name: b\n';
    const ok = parse(inline);
    expect(ok.ok && ok.value.services.map((s) => s.name)).toEqual(['a', 'b']);
  });

  it('refuses absurd nesting', () => {
    expect(one(`services: ${'['.repeat(5000)}${']'.repeat(5000)}\n`).message).toMatch(/nest/);
    expect(one(`services: ${'['.repeat(100)}${']'.repeat(100)}\n`).message).toMatch(/nest/);
  });
});
