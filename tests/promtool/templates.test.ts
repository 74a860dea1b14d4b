// `promtool test rules` on the rules we ship: every default alert template, attached to a fitting registry
// entry and run through the real generator, fires on its failure condition and stays silent otherwise.
//
// One fixture per template in ./templates/<key>.yaml: `registry` (a small registry in YAML form attaching the
// template; the shipped templates apply) and `cases`, each one promtool test group (input_series and
// alert_rule_test without the alertname, which comes from the template). A case's `kind` says what it proves:
//   fires        the failure held long enough: the alert with its exact labels and expanded annotations
//   healthy      normal operation: no alert
//   neighbour    the same failure on another service/page/host: no alert for ours (scoping)
//   low_traffic  a failure under the template's traffic guard: no alert (templates with a guard only)
//   short        a failure that has not held for `for:`: no alert
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jsyaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generate } from '@/lib/generate/index';
import { RULE_FILES } from '@/lib/generate/alert-rules';
import { loadDefaultTemplates } from '@/lib/registry/default-templates';
import type { AlertTemplate, Registry } from '@/lib/registry/model';
import { parseRegistryYaml } from '@/lib/registry/parse';
import { promtool, requireTool, type ToolResult } from '../helpers/prometheus-tools';

const FIXTURES = fileURLToPath(new URL('./templates/', import.meta.url));
const KINDS = ['fires', 'healthy', 'neighbour', 'low_traffic', 'short'] as const;
type Kind = (typeof KINDS)[number];

const expectedAlert = z.strictObject({
  exp_labels: z.record(z.string(), z.string()),
  exp_annotations: z.record(z.string(), z.string()),
});
const fixtureCase = z.strictObject({
  name: z.string().min(1),
  kind: z.enum(KINDS),
  input_series: z.array(z.strictObject({ series: z.string(), values: z.string() })).min(1),
  alert_rule_test: z.array(z.strictObject({ eval_time: z.string(), exp_alerts: z.array(expectedAlert) })).min(1),
});
const fixtureSchema = z.strictObject({
  /** the template under test; default: the file's name (custom fixtures name their own template) */
  template: z.string().optional(),
  registry: z.record(z.string(), z.unknown()),
  cases: z.array(fixtureCase).min(1),
});
type Fixture = z.infer<typeof fixtureSchema>;

function loadFixture(file: string): Fixture {
  const parsed = fixtureSchema.safeParse(jsyaml.load(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The fixture's registry through the app's own parser, as a user's registry file would go. */
function registryOf(fixture: Fixture, defaults: readonly AlertTemplate[]): Registry {
  const parsed = parseRegistryYaml(jsyaml.dump(fixture.registry), { defaultTemplates: defaults });
  if (!parsed.ok) throw new Error(`fixture registry is invalid: ${JSON.stringify(parsed.problems)}`);
  return parsed.value;
}

/** A template that counts traffic with increase(...) is guarded against firing on a handful of events. */
const hasTrafficGuard = (template: AlertTemplate) => /\bincrease\s*\(/.test(template.expr);

/** What is wrong with a fixture's coverage of its template; empty when it proves every case the brief asks for. */
function coverageProblems(fixture: Fixture, template: AlertTemplate): string[] {
  const required: Kind[] = ['fires', 'healthy', 'neighbour', 'short', ...(hasTrafficGuard(template) ? (['low_traffic'] as const) : [])];
  const problems = required
    .filter((kind) => !fixture.cases.some((c) => c.kind === kind))
    .map((kind) => `no "${kind}" case`);
  for (const c of fixture.cases) {
    const alerts = c.alert_rule_test.map((t) => t.exp_alerts.length);
    if (c.kind === 'fires' && !alerts.some((n) => n > 0)) problems.push(`"${c.name}" is a fires case that expects no alert`);
    if (c.kind !== 'fires' && alerts.some((n) => n > 0)) problems.push(`"${c.name}" is a ${c.kind} case that expects an alert`);
  }
  return problems;
}

interface RuleFile {
  path: string;
  content: string;
}

/** The real generator's rule files for the registry; fails on anything it skipped. */
function generatedRules(registry: Registry): RuleFile[] {
  const { files, findings } = generate(registry);
  expect(findings.filter((f) => f.kind === 'skipped')).toEqual([]);
  const rules = files.filter((f) => f.path.startsWith('prometheus/rules/'));
  expect(rules.map((f) => f.path)).toEqual(expect.arrayContaining([RULE_FILES.services, RULE_FILES.pages]));
  return rules;
}

function alertRulesNamed(files: RuleFile[], alert: string): { expr: string; labels: Record<string, string> }[] {
  return files.flatMap((f) => {
    const doc = jsyaml.load(f.content) as { groups: { rules: { alert?: string; expr: string; labels?: Record<string, string> }[] }[] };
    return doc.groups.flatMap((g) => g.rules.filter((r) => r.alert === alert).map((r) => ({ expr: r.expr, labels: r.labels ?? {} })));
  });
}

/** promtool's unit-test file: one test group per fixture case. */
function promtoolTests(fixture: Fixture, ruleFiles: RuleFile[], alertname: string): string {
  return jsyaml.dump(
    {
      rule_files: ruleFiles.map((f) => f.path),
      evaluation_interval: '1m',
      tests: fixture.cases.map((c) => ({
        name: `${c.kind}: ${c.name}`,
        interval: '1m',
        input_series: c.input_series,
        alert_rule_test: c.alert_rule_test.map((t) => ({ eval_time: t.eval_time, alertname, exp_alerts: t.exp_alerts })),
      })),
    },
    { lineWidth: -1, noRefs: true },
  );
}

let workDir = '';
beforeAll(() => {
  requireTool('promtool'); // a missing tool fails here with the install command, before any case runs
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'awoooi-promtool-templates-'));
});
afterAll(() => {
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

/** Writes the rule files and the unit tests into a fresh folder and runs `promtool test rules` there. */
function runPromtool(name: string, ruleFiles: RuleFile[], tests: string): ToolResult {
  const dir = fs.mkdtempSync(path.join(workDir, `${name}-`));
  for (const f of ruleFiles) {
    fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, f.path), f.content);
  }
  fs.writeFileSync(path.join(dir, 'tests.yml'), tests);
  return promtool(['test', 'rules', 'tests.yml'], { cwd: dir });
}

const promtoolOutput = (r: ToolResult) => `promtool test rules exited ${r.code}:\n${r.stdout}\n${r.stderr}`;

/** Everything one fixture proves: generated rules exist for the template, and promtool agrees with every case. */
function checkFixture(file: string, defaults: readonly AlertTemplate[]): void {
  const fixture = loadFixture(file);
  const registry = registryOf(fixture, defaults);
  const key = fixture.template ?? path.basename(file, '.yaml');
  const template = registry.alert_templates.find((t) => t.key === key);
  if (!template) throw new Error(`${file}: the registry has no template ${JSON.stringify(key)}`);

  expect(coverageProblems(fixture, template), file).toEqual([]);
  const attached = [...registry.services, ...registry.pages].filter((e) => e.alerts.includes(key));
  expect(attached.length, `${file}: no service or page lists ${key}`).toBeGreaterThan(0);

  const ruleFiles = generatedRules(registry);
  const rules = alertRulesNamed(ruleFiles, template.alert);
  expect(rules, `one generated ${template.alert} rule per entry listing ${key}`).toHaveLength(attached.length);
  for (const rule of rules) expect(rule.expr).not.toContain('${');

  const result = runPromtool(key.replace(/[^a-z0-9_-]/gi, '_'), ruleFiles, promtoolTests(fixture, ruleFiles, template.alert));
  expect(result.code, promtoolOutput(result)).toBe(0);
}

describe('default alert templates under promtool test rules', () => {
  const defaults = loadDefaultTemplates(process.cwd());
  const fixtureKeys = fs
    .readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => path.basename(f, '.yaml'));

  it('has a fixture for every shipped template and none for a template that does not exist', () => {
    expect(defaults.length).toBeGreaterThan(0);
    const keys = defaults.map((t) => t.key);
    expect(keys.filter((k) => !fixtureKeys.includes(k)), 'templates without a fixture in tests/promtool/templates/').toEqual([]);
    expect(fixtureKeys.filter((k) => !keys.includes(k)), 'fixtures of templates that are not shipped').toEqual([]);
  });

  // One test per shipped template (not per fixture file), so a new template without a fixture fails here too.
  for (const template of defaults) {
    it(`${template.key} (${template.alert}) fires on its failure and stays silent otherwise`, () => {
      const file = path.join(FIXTURES, `${template.key}.yaml`);
      expect(fs.existsSync(file), `missing fixture ${file}`).toBe(true);
      checkFixture(file, defaults);
    });
  }

  it('scopes a template without placeholders to each service listing it', () => {
    const file = path.join(FIXTURES, 'custom', 'unscoped-probe.yaml');
    checkFixture(file, defaults);
    const registry = registryOf(loadFixture(file), defaults);
    const exprs = alertRulesNamed(generatedRules(registry), 'Down').map((r) => r.expr);
    expect(exprs).toEqual(['probe_success{service="ollama"} == 0', 'probe_success{service="openclaw"} == 0']);
  });

  it('fails when an expectation is wrong (the harness can fail)', () => {
    // service_down's failing probe with the fires case expecting silence: promtool must disagree.
    const fixture = loadFixture(path.join(FIXTURES, 'service_down.yaml'));
    const muted: Fixture = {
      ...fixture,
      cases: fixture.cases
        .filter((c) => c.kind === 'fires')
        .map((c) => ({ ...c, alert_rule_test: c.alert_rule_test.map((t) => ({ ...t, exp_alerts: [] })) })),
    };
    const ruleFiles = generatedRules(registryOf(fixture, defaults));
    const result = runPromtool('muted', ruleFiles, promtoolTests(muted, ruleFiles, 'ServiceDown'));
    expect(result.code, promtoolOutput(result)).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('ServiceDown');
  });
});
