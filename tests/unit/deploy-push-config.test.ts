import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeTarget, loadDeployConfig, parseDeployConfigYaml } from '@/lib/deploy/config';

describe('the deploy config', () => {
  it('maps both target kinds to the options pushToDirectory and applyToKubernetes take', () => {
    const parsed = parseDeployConfigYaml(`
targets:
  - name: host
    type: directory
    dir: /srv/monitoring
    prometheus_url: http://127.0.0.1:9090/
    alertmanager_url: http://127.0.0.1:9093
    timeout_seconds: 2.5
  - name: cluster
    type: kubernetes
    kubeconfig: /etc/kube/config
    context: prod
    namespace: mon
    prune: true
    config_maps: []
`);
    expect(parsed).toEqual({
      ok: true,
      targets: [
        { name: 'host', type: 'directory', options: { dir: '/srv/monitoring', prometheusUrl: 'http://127.0.0.1:9090', alertmanagerUrl: 'http://127.0.0.1:9093', timeoutMs: 2500 } },
        { name: 'cluster', type: 'kubernetes', options: { name: 'cluster', kubeconfig: '/etc/kube/config', context: 'prod', namespace: 'mon', prune: true, configMaps: [] } },
      ],
    });
    if (!parsed.ok) return;
    expect(describeTarget(parsed.targets[0]!)).toBe('folder /srv/monitoring, reloads Prometheus http://127.0.0.1:9090 and Alertmanager http://127.0.0.1:9093');
    expect(describeTarget(parsed.targets[1]!)).toBe('Kubernetes (kubeconfig /etc/kube/config, context prod), namespace mon, prunes');
    const withBlackbox = parseDeployConfigYaml('targets:\n  - { name: h, type: directory, dir: /m, prometheus_url: "http://p:9090", alertmanager_url: "http://a:9093", blackbox_url: "http://b:9115/" }\n');
    if (!withBlackbox.ok) throw new Error(withBlackbox.problems.join('; '));
    expect(withBlackbox.targets[0]!.options).toMatchObject({ blackboxUrl: 'http://b:9115' });
    expect(describeTarget(withBlackbox.targets[0]!)).toBe('folder /m, reloads Prometheus http://p:9090, Alertmanager http://a:9093 and Blackbox exporter http://b:9115');
  });

  it('says where each problem is', () => {
    const parsed = parseDeployConfigYaml(`
targets:
  - name: a
    type: directory
  - name: a
    type: kubernetes
    prune: yes-please
  - name: b
    type: ftp
  - name: c
    type: directory
    dir: /x
    prometheus_url: 127.0.0.1:9090
    extra: 1
`);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^targets\[0\]\.dir: /),
        expect.stringMatching(/^targets\[1\]\.prune: /),
        expect.stringMatching(/^targets\[2\]\.type: /),
        'targets[3].prometheus_url: expected an http:// or https:// URL, e.g. http://127.0.0.1:9090',
        'targets[3]: unknown field "extra"',
      ]),
    );
  });

  it('refuses two targets of one name', () => {
    const parsed = parseDeployConfigYaml('targets:\n  - { name: a, type: directory, dir: /a }\n  - { name: a, type: directory, dir: /b }\n');
    expect(parsed).toEqual({ ok: false, problems: ['targets[1].name: "a" is already the name of targets[0]; names must be unique'] });
  });

  it('reports bad YAML, and an unreadable file with its name; no file means no targets', async () => {
    expect(parseDeployConfigYaml('targets: [')).toMatchObject({ ok: false, problems: [expect.stringMatching(/^not valid YAML: /)] });
    expect(await loadDeployConfig({})).toEqual({ ok: true, file: null, targets: [] });
    const missing = path.join(tmpdir(), 'no-such-deploy.yml');
    expect(await loadDeployConfig({ DEPLOY_CONFIG: missing })).toEqual({ ok: false, file: missing, problems: [`${missing}: cannot read (DEPLOY_CONFIG): ENOENT`] });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'deploy-config-')), 'deploy.yml');
    writeFileSync(file, 'targets:\n  - { name: a, type: directory }\n');
    expect(await loadDeployConfig({ DEPLOY_CONFIG: file })).toMatchObject({ ok: false, problems: [expect.stringMatching(new RegExp(`^${file}: targets\\[0\\]\\.dir: `))] });
  });
});
