// Rules that span fields or entries: per-type required fields, duplicates, references between sections,
// PromQL of templates. They read the raw data defensively, so they still report when the shape check failed
// somewhere else in the file: every problem at once.
import { checkTemplateExpr } from './promql';
import type { AlertTemplate } from './model';
import type { DataPath, PendingProblem } from './locate';

type Raw = Record<string, unknown>;

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asObject = (value: unknown): Raw | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : undefined;
const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Which fields each service type needs, and which it must not have (Kubernetes workloads have no host). */
const TYPE_FIELDS: Record<string, { required: string[]; forbidden: string[]; why: string }> = {
  'k8s-deployment': {
    required: ['namespace'],
    forbidden: ['host', 'service_name'],
    why: 'Kubernetes workloads are found through service discovery in their namespace',
  },
  docker: { required: ['host'], forbidden: ['namespace', 'service_name'], why: 'a container runs on a host' },
  systemd: { required: ['host', 'service_name'], forbidden: ['namespace'], why: 'a systemd unit runs on a host' },
};

export interface RuleContext {
  /** templates used when the file has no alert_templates section */
  defaultTemplates: readonly AlertTemplate[];
}

export function checkRules(file: Raw, ctx: RuleContext): PendingProblem[] {
  const problems: PendingProblem[] = [];
  checkServiceTypes(file, problems);
  checkDuplicates(file, problems);
  checkTemplates(file, problems);
  checkReferences(file, ctx, problems);
  return problems;
}

function checkServiceTypes(file: Raw, out: PendingProblem[]): void {
  asList(file.services).forEach((raw, i) => {
    const service = asObject(raw);
    const type = asString(service?.type);
    const rule = type ? TYPE_FIELDS[type] : undefined;
    if (!service || !rule) return;
    for (const field of rule.required) {
      if (service[field] === undefined || service[field] === null) {
        out.push({ path: ['services', i, field], message: `required for type ${type} (${rule.why})` });
      }
    }
    for (const field of rule.forbidden) {
      if (field in service) {
        out.push({
          path: ['services', i, field],
          at: 'key',
          message: `not allowed for type ${type} (${rule.why})`,
        });
      }
    }
  });
}

function checkDuplicates(file: Raw, out: PendingProblem[]): void {
  const identity: Record<string, { label: string; of: (e: Raw) => string | undefined; field: string }> = {
    services: { label: 'service name', of: (e) => asString(e.name), field: 'name' },
    pages: { label: 'page path', of: (e) => asString(e.path), field: 'path' },
    api_endpoints: {
      label: 'API endpoint',
      of: (e) => (asString(e.method) && asString(e.path) ? `${String(e.method)} ${String(e.path)}` : undefined),
      field: 'path',
    },
    alert_templates: { label: 'template key', of: (e) => asString(e.key), field: 'key' },
    owners: { label: 'owner name', of: (e) => asString(e.name), field: 'name' },
    hosts: { label: 'host name', of: (e) => asString(e.name), field: 'name' },
  };
  for (const [section, { label, of, field }] of Object.entries(identity)) {
    const first = new Map<string, number>();
    asList(file[section]).forEach((raw, i) => {
      const entry = asObject(raw);
      const id = entry ? of(entry) : undefined;
      if (id === undefined) return;
      const earlier = first.get(id);
      if (earlier === undefined) first.set(id, i);
      else {
        out.push({
          path: [section, i, field],
          message: `duplicate ${label} ${JSON.stringify(id)}`,
          relatedPath: [section, earlier, field],
        });
      }
    });
  }
  for (const section of ['services', 'pages']) {
    asList(file[section]).forEach((raw, i) => {
      const seen = new Set<string>();
      asList(asObject(raw)?.alerts).forEach((key, k) => {
        if (typeof key !== 'string') return;
        if (seen.has(key)) out.push({ path: [section, i, 'alerts', k], message: `alert ${key} is listed twice` });
        seen.add(key);
      });
    });
  }
}

function checkTemplates(file: Raw, out: PendingProblem[]): void {
  asList(file.alert_templates).forEach((raw, i) => {
    const expr = asString(asObject(raw)?.expr);
    if (!expr) return;
    for (const problem of checkTemplateExpr(expr)) {
      out.push({ path: ['alert_templates', i, 'expr'], message: problem.message, valueOffset: problem.offset });
    }
  });
}

function checkReferences(file: Raw, ctx: RuleContext, out: PendingProblem[]): void {
  const ownSection = Array.isArray(file.alert_templates);
  const templateKeys = new Set(
    ownSection ? asList(file.alert_templates).map((t) => asString(asObject(t)?.key)) : ctx.defaultTemplates.map((t) => t.key),
  );
  const where = ownSection
    ? 'in this file\'s alert_templates (a file with that section must define every template it uses)'
    : 'among the default templates (add an alert_templates section to define it)';
  const entryName = (section: string, entry: Raw | undefined, i: number) =>
    asString(section === 'services' ? entry?.name : entry?.path) ?? `#${i + 1}`;
  for (const section of ['services', 'pages']) {
    asList(file[section]).forEach((raw, i) => {
      const entry = asObject(raw);
      asList(entry?.alerts).forEach((key, k) => {
        if (typeof key !== 'string' || templateKeys.has(key)) return;
        const what = section === 'services' ? 'service' : 'page';
        out.push({
          path: [section, i, 'alerts', k] as DataPath,
          message: `${what} ${JSON.stringify(entryName(section, entry, i))} uses alert template ${JSON.stringify(key)}, which is not defined ${where}`,
        });
      });
    });
  }
  if (!Array.isArray(file.owners)) return; // without an owners section, owners are implied by the services
  const owners = new Set(asList(file.owners).map((o) => asString(asObject(o)?.name)));
  asList(file.services).forEach((raw, i) => {
    const owner = asString(asObject(raw)?.owner);
    if (owner !== undefined && !owners.has(owner)) {
      out.push({
        path: ['services', i, 'owner'],
        message: `owner ${JSON.stringify(owner)} is not declared in owners (a file with that section must declare every owner)`,
      });
    }
  });
}
