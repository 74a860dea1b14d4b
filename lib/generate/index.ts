// The registry in, every monitoring config out: `generate(registry, settings)`. Pure and deterministic:
// no I/O, no clock, stable order, so the same registry always gives byte-identical files.
import type { Registry } from '../registry/model';
import { cmp, generateRuleFiles, pageRuleGroups, serviceRuleGroups } from './alert-rules';
import { generateAlertmanager } from './alertmanager';
import { blackboxTargets, generateBlackbox, type BlackboxTarget } from './blackbox';
import { generateGrafana } from './grafana';
import { generateKubernetes } from './kubernetes';
import { generatePrometheusConfig } from './prometheus';
import { sloRuleGroups } from './slo';
import { defaultSettings, type GenerateSettings } from './settings';
import type { Finding, GenerateContext, GenerateOutput, GeneratedFile, Generator, Reporter } from './types';

const GENERATORS: readonly Generator[] = [
  generatePrometheusConfig,
  generateRuleFiles,
  generateAlertmanager,
  generateBlackbox,
  generateGrafana,
  generateKubernetes,
];

/** Alerts over probe_success on a service that has no Blackbox probe can never fire: say so. */
function noteUnprobedAlerts(registry: Registry, probes: readonly BlackboxTarget[], report: Reporter): void {
  const probing = new Set(registry.alert_templates.filter((t) => t.expr.includes('probe_success')).map((t) => t.key));
  if (probing.size === 0) return;
  const probed = new Set(probes.map((t) => t.service));
  for (const service of registry.services) {
    if (probed.has(service.name)) continue;
    for (const key of service.alerts) {
      if (probing.has(key)) {
        report.note(`services/${service.name}`, 'this alert reads probe_success, but the service has no Blackbox probe (see its health_endpoint): it cannot fire', key);
      }
    }
  }
}

function collector(): { report: Reporter; findings: Finding[] } {
  const findings: Finding[] = [];
  const add = (kind: Finding['kind']) => (entry: string, message: string, item?: string) => {
    findings.push({ kind, entry, ...(item === undefined ? {} : { item }), message });
  };
  return { report: { skip: add('skipped'), note: add('note') }, findings };
}

/** What the file writers share: rule groups and probes, built once (problems go to `report`). */
/**
 * Services may give a registered host's name as their `host`; scrape targets, probes and `${host}` need the
 * address. Without hosts the registry is returned as it is (no copy of 10,000 services).
 */
export function resolveHostNames(registry: Registry): Registry {
  if (registry.hosts.length === 0) return registry;
  const address = new Map(registry.hosts.map((h) => [h.name, h.address]));
  return {
    ...registry,
    services: registry.services.map((s) => (s.host !== undefined && address.has(s.host) ? { ...s, host: address.get(s.host)! } : s)),
  };
}

export function generateContext(input: Registry, settings: GenerateSettings, report: Reporter): GenerateContext {
  const registry = resolveHostNames(input);
  return {
    registry,
    settings,
    report,
    rules: {
      services: serviceRuleGroups(registry, report),
      pages: pageRuleGroups(registry, report),
      slo: sloRuleGroups(registry, settings, report),
    },
    probes: blackboxTargets(registry, settings, report),
  };
}

export function generate(registry: Registry, settings: GenerateSettings = defaultSettings()): GenerateOutput {
  const { report, findings } = collector();
  const ctx = generateContext(registry, settings, report);
  noteUnprobedAlerts(registry, ctx.probes, report);
  const files: GeneratedFile[] = GENERATORS.flatMap((g) => g(ctx));
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) throw new Error(`two generators wrote ${f.path}`); // a bug in the generators, not the input
    seen.add(f.path);
  }
  return {
    files: files.sort((a, b) => cmp(a.path, b.path)),
    findings: dedupe(findings).sort(
      (a, b) => cmp(a.entry, b.entry) || cmp(a.item ?? '', b.item ?? '') || cmp(a.message, b.message),
    ),
  };
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const id = `${f.kind}\u0000${f.entry}\u0000${f.item ?? ''}\u0000${f.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

export type { Finding, GenerateOutput, GeneratedFile } from './types';
