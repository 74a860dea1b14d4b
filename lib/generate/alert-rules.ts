// Alert rules from templates: one rule per (service or page, alert key), scoped to that entry. Pure: no I/O.
// An entry the template cannot be filled for (a ${namespace} template on a docker service, a ${page}
// template on a service) is left out and reported; the rest is generated.
import type { AlertTemplate, Page, Registry, Service } from '../registry/model';
import { compileTemplate, type CompiledTemplate, type PlaceholderValues, type Scope } from './instantiate';
import { entryName, type Generator, type Reporter, type Rule, type RuleGroup } from './types';
import { ruleGroupsYaml } from './rule-yaml';
import { yamlHeader } from './header';

export const RULE_FILES = {
  services: 'prometheus/rules/services.yml',
  pages: 'prometheus/rules/pages.yml',
  slo: 'prometheus/rules/slo.yml',
} as const;

/** The values a service offers to its templates' placeholders; the job is the service name (see prometheus.ts). */
export function serviceValues(service: Service): PlaceholderValues {
  // assignments, not spreads: this runs for every service, and spreads cost more than the rest together
  const values: PlaceholderValues = { service: service.name, job: service.name };
  if (service.type === 'k8s-deployment' && service.namespace) values.namespace = service.namespace;
  if (service.type !== 'k8s-deployment' && service.host) values.host = service.host;
  return values;
}

function annotations(template: AlertTemplate): Record<string, string> {
  return {
    summary: template.summary,
    ...(template.auto_repair ? { auto_repair: template.auto_repair } : {}),
    ...(template.runbook_url ? { runbook_url: template.runbook_url } : {}),
  };
}

function rulesFor(
  entry: string,
  keys: readonly string[],
  templates: ReadonlyMap<string, Compiled>,
  values: PlaceholderValues,
  scope: Scope,
  /** the rule's labels for a severity */
  labels: (severity: string) => Record<string, string>,
  report: Reporter,
): Rule[] {
  const rules: Rule[] = [];
  for (const key of keys) {
    const compiled = templates.get(key);
    if (!compiled) {
      report.skip(entry, `alert template ${JSON.stringify(key)} does not exist`, key);
      continue;
    }
    const { template } = compiled;
    const filled = compiled.expr.fill(values, scope);
    if (!filled.ok) {
      report.skip(entry, `${filled.reason}; no rule generated`, key);
      continue;
    }
    rules.push({
      alert: template.alert,
      expr: filled.expr,
      for: template.for,
      labels: labels(template.severity),
      annotations: compiled.annotations,
    });
  }
  return rules;
}

interface Compiled {
  template: AlertTemplate;
  expr: CompiledTemplate;
  /** one frozen object shared by every rule of the template: written to YAML once (see rule-yaml.ts) */
  annotations: Record<string, string>;
}

const templateMap = (registry: Registry) =>
  new Map(registry.alert_templates.map((t) => [t.key, { template: t, expr: compileTemplate(t.expr), annotations: Object.freeze(annotations(t)) }] as const));

export function serviceRuleGroups(registry: Registry, report: Reporter): RuleGroup[] {
  const templates = templateMap(registry);
  const groups: RuleGroup[] = [];
  for (const service of [...registry.services].sort((a, b) => cmp(a.name, b.name))) {
    const rules = rulesFor(
      entryName.service(service.name),
      service.alerts,
      templates,
      serviceValues(service),
      { label: 'service', value: service.name },
      (severity) => ({ service: service.name, owner: service.owner, severity }),
      report,
    );
    if (rules.length > 0) groups.push({ name: `service:${service.name}`, rules });
  }
  return groups;
}

export function pageRuleGroups(registry: Registry, report: Reporter): RuleGroup[] {
  const templates = templateMap(registry);
  const groups: RuleGroup[] = [];
  for (const page of [...registry.pages].sort((a: Page, b: Page) => cmp(a.path, b.path))) {
    const rules = rulesFor(
      entryName.page(page.path),
      page.alerts,
      templates,
      { page: page.path },
      { label: 'page', value: page.path },
      (severity) => ({ page: page.path, severity }),
      report,
    );
    if (rules.length > 0) groups.push({ name: `page:${page.path}`, rules });
  }
  return groups;
}

/** Code-unit order: the same everywhere (localeCompare depends on the machine's ICU data). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function rulesFile(groups: readonly RuleGroup[], what: string): string {
  if (groups.length === 0) return yamlHeader([what]) + 'groups: []\n';
  return ruleGroupsYaml(groups, yamlHeader([what]) + 'groups:\n').text;
}

export const generateRuleFiles: Generator = ({ rules }) => [
  { path: RULE_FILES.services, content: rulesFile(rules.services, 'Alert rules of services, one group per service.') },
  { path: RULE_FILES.pages, content: rulesFile(rules.pages, 'Alert rules of frontend pages (real-user monitoring metrics), one group per page.') },
  { path: RULE_FILES.slo, content: rulesFile(rules.slo, 'SLO recording rules and multi-window multi-burn-rate alerts, one group per API endpoint.') },
];
