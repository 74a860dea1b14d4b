import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsyaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ALERTMANAGER_CONFIG_PATH,
  amMatcher,
  generateAlertmanager,
  quoteMatcherValue,
} from '../../lib/generate/alertmanager';
import { GENERATED_NOTICE } from '../../lib/generate/header';
import { generateContext } from '../../lib/generate/index';
import { defaultSettings, generateSettingsSchema, type GenerateSettings } from '../../lib/generate/settings';
import type { Finding, GenerateContext } from '../../lib/generate/types';
import { loadDefaultTemplates } from '../../lib/registry/default-templates';
import type { Registry } from '../../lib/registry/model';
import { parseRegistryYaml } from '../../lib/registry/parse';
import { syntheticRegistry } from '../../lib/registry/synthetic';
import { amtool } from '../helpers/prometheus-tools';

const templates = loadDefaultTemplates();

function registryFrom(text: string): Registry {
  const parsed = parseRegistryYaml(text, { defaultTemplates: templates });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value;
}

const seed = registryFrom(readFileSync('registry/service-registry.yaml', 'utf8'));
const DEFAULT_URL = defaultSettings().alertmanager.default_webhook_url;

function generate(registry: Registry, settings: GenerateSettings = defaultSettings()) {
  const findings: Finding[] = [];
  // only what the Alertmanager writer reports: the shared rules and probes report their own findings elsewhere
  const ctx: GenerateContext = {
    ...generateContext(registry, settings, { skip() {}, note() {} }),
    report: {
      skip: (entry, message, item) => findings.push({ kind: 'skipped', entry, message, item }),
      note: (entry, message, item) => findings.push({ kind: 'note', entry, message, item }),
    },
  };
  const files = generateAlertmanager(ctx);
  expect(files.map((f) => f.path)).toEqual([ALERTMANAGER_CONFIG_PATH]);
  return { text: files[0]!.content, findings };
}

interface Route {
  receiver?: string;
  matchers?: string[];
  group_by?: string[];
  repeat_interval?: string;
  group_wait?: string;
  routes?: Route[];
}
interface Config {
  route: Route;
  inhibit_rules: { source_matchers: string[]; target_matchers: string[]; equal: string[] }[];
  receivers: { name: string; webhook_configs: { url: string; send_resolved: boolean }[] }[];
}

const workDirs: string[] = [];
afterAll(() => workDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function writeConfig(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'alertmanager-test-'));
  workDirs.push(dir);
  const file = path.join(dir, 'alertmanager.yml');
  writeFileSync(file, text);
  return file;
}

/** The receiver amtool routes `labels` to, and the matched route path (amtool's --tree output). */
function routeOf(configFile: string, labels: string[]): { receiver: string; tree: string } {
  const result = amtool(['config', 'routes', 'test', '--tree', `--config.file=${configFile}`, ...labels]);
  expect(result.code, result.stdout + result.stderr).toBe(0);
  const lines = result.stdout.trim().split('\n');
  return { receiver: lines[lines.length - 1]!.trim(), tree: result.stdout };
}

function checkConfig(configFile: string) {
  const result = amtool(['check-config', configFile]);
  return { code: result.code, output: result.stdout + result.stderr };
}

describe('alertmanager.yml for the seed registry', () => {
  const { text, findings } = generate(seed);
  const config = jsyaml.load(text) as Config;
  const file = writeConfig(text);

  it('starts with the generated-file header and reports nothing', () => {
    expect(text.startsWith(`# ${GENERATED_NOTICE[0]}\n`)).toBe(true);
    expect(findings).toEqual([]);
  });

  it('has a default root route grouped by alertname and service, one child per owner in name order', () => {
    expect(config.route).toMatchObject({ receiver: 'default', group_by: ['alertname', 'service', 'page', 'endpoint'] });
    const ownerRoutes = config.route.routes!.filter((r) => r.receiver !== 'default');
    expect(ownerRoutes.map((r) => r.receiver)).toEqual([
      'owner-ai-team', 'owner-backend-team', 'owner-devops-team', 'owner-frontend-team', 'owner-infra-team',
    ]);
    expect(ownerRoutes[0]!.matchers).toEqual(['owner="ai-team"']);
    expect(ownerRoutes[0]!.routes!.map((r) => r.matchers)).toEqual([['severity="critical"'], ['severity="info"']]);
    expect(text).not.toMatch(/^\s+match:/m); // the deprecated form
  });

  it('has a webhook receiver per owner (and default) with send_resolved', () => {
    expect(config.receivers.map((r) => r.name)).toEqual([
      'default', 'owner-ai-team', 'owner-backend-team', 'owner-devops-team', 'owner-frontend-team', 'owner-infra-team',
    ]);
    for (const receiver of config.receivers) expect(receiver.webhook_configs).toEqual([{ url: DEFAULT_URL, send_resolved: true }]);
  });

  it('has the inhibition rules, guarded against alerts without the equal label', () => {
    expect(config.inhibit_rules[0]).toEqual({
      source_matchers: ['alertname="ServiceDown"'],
      target_matchers: ['alertname!="ServiceDown"', 'service=~".+"'],
      equal: ['service'],
    });
    expect(config.inhibit_rules[1]).toEqual({
      source_matchers: ['severity="critical"'],
      target_matchers: ['severity="warning"', 'service=~".+"'],
      equal: ['alertname', 'service'],
    });
    expect(config.inhibit_rules[2]).toEqual({
      source_matchers: ['severity="critical"'],
      target_matchers: ['severity="warning"', 'page=~".+"'],
      equal: ['alertname', 'page'],
    });
  });

  it('passes amtool check-config', () => {
    const { code, output } = checkConfig(file);
    expect(code, output).toBe(0);
    expect(output).toContain('6 receivers');
    expect(output).toContain('3 inhibit rules');
  });

  it('routes by owner and severity (amtool config routes test)', () => {
    const critical = routeOf(file, ['owner=ai-team', 'severity=critical', 'alertname=ServiceDown', 'service=ollama']);
    expect(critical.receiver).toBe('owner-ai-team');
    expect(critical.tree).toContain('{severity="critical"}  receiver: owner-ai-team');
    const warning = routeOf(file, ['owner=infra-team', 'severity=warning', 'alertname=MemoryHigh', 'service=redis']);
    expect(warning.receiver).toBe('owner-infra-team');
    expect(warning.tree).not.toContain('severity=');
    expect(routeOf(file, ['owner=backend-team', 'severity=info', 'alertname=X']).tree).toContain('{severity="info"}');
  });

  it('sends alerts without an owner (pages, SLOs) to default', () => {
    expect(routeOf(file, ['alertname=SlowPageLoad', 'page=/', 'severity=warning']).receiver).toBe('default');
    expect(routeOf(file, ['alertname=SLOErrorBudgetBurn', 'severity=critical']).receiver).toBe('default');
    expect(routeOf(file, ['alertname=X', 'owner=nobody-knows', 'severity=warning']).receiver).toBe('default');
  });
});

describe('alertmanager.yml settings and odd names', () => {
  it('uses owner_webhooks per owner and notes webhooks for owners the registry lacks', () => {
    const settings = generateSettingsSchema.parse({
      alertmanager: {
        default_webhook_url: 'http://127.0.0.1:9/default',
        owner_webhooks: { 'ai-team': 'https://hooks.example.com/ai', ghost: 'http://127.0.0.1:9/ghost' },
      },
    });
    const { text, findings } = generate(seed, settings);
    const config = jsyaml.load(text) as Config;
    const url = (name: string) => config.receivers.find((r) => r.name === name)!.webhook_configs[0]!.url;
    expect(url('owner-ai-team')).toBe('https://hooks.example.com/ai');
    expect(url('owner-infra-team')).toBe('http://127.0.0.1:9/default');
    expect(url('default')).toBe('http://127.0.0.1:9/default');
    expect(findings).toEqual([expect.objectContaining({ kind: 'note', entry: 'owners/ghost', item: 'alertmanager' })]);
  });

  it('handles every owner name the registry allows, including ones that look like object properties', () => {
    const owners = ['1.team_x-y', 'constructor', 'Z.Ops'];
    const registry = registryFrom(`owners:\n${owners.map((o) => `  - name: ${o}`).join('\n')}\n`);
    const { text } = generate(registry);
    const config = jsyaml.load(text) as Config;
    expect(config.receivers.find((r) => r.name === 'owner-constructor')!.webhook_configs[0]!.url).toBe(DEFAULT_URL);
    const file = writeConfig(text);
    const { code, output } = checkConfig(file);
    expect(code, output).toBe(0);
    for (const owner of owners) expect(routeOf(file, [`owner=${owner}`, 'severity=critical']).receiver).toBe(`owner-${owner}`);
  });

  it('quotes matcher values the way Alertmanager parses them', () => {
    expect(quoteMatcherValue('a"b\\c')).toBe('"a\\"b\\\\c"');
    // Values the registry does not allow today, proven against amtool's own matcher parser.
    const value = 'we"ird, team\\x}';
    const config = {
      route: { receiver: 'default', routes: [{ receiver: 'odd', matchers: [amMatcher('owner', '=', value)] }] },
      receivers: [{ name: 'default' }, { name: 'odd' }],
    };
    const file = writeConfig(jsyaml.dump(config));
    // amtool parses its label arguments with the same grammar: the value is written out by hand here
    expect(routeOf(file, ['owner="we\\"ird, team\\\\x}"']).receiver).toBe('odd');
    expect(routeOf(file, ['owner=we']).receiver).toBe('default');
  });

  it('is byte-identical for the same registry, whatever the owners order', () => {
    const reversed: Registry = { ...seed, owners: [...seed.owners].reverse() };
    expect(generate(reversed).text).toBe(generate(seed).text);
  });

  it('is valid for a 10,000-service registry', () => {
    const registry = syntheticRegistry({ services: 10_000, templates });
    const { text, findings } = generate(registry);
    expect(findings).toEqual([]);
    const config = jsyaml.load(text) as Config;
    expect(config.receivers).toHaveLength(registry.owners.length + 1);
    const file = writeConfig(text);
    const { code, output } = checkConfig(file);
    expect(code, output).toBe(0);
    const last = registry.owners[registry.owners.length - 1]!.name;
    expect(routeOf(file, [`owner=${last}`, 'severity=warning']).receiver).toBe(`owner-${last}`);
  });
});
