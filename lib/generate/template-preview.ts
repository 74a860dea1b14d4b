// The Prometheus alerting rule ONE template gives ONE service (or page), for the template editor's preview.
// Pure: no I/O. It runs the generator itself on a registry holding only that template and that entry (which
// lists only that template), so the preview is exactly what `generate()` writes for the pair: same filling
// and scoping (instantiate.ts), same labels and annotations (alert-rules.ts), same YAML (rule-yaml.ts).
import { checkTemplateExpr } from '../registry/promql';
import type { AlertTemplate, Page, Registry, Service } from '../registry/model';
import { generateContext } from './index';
import { ruleGroupsYaml } from './rule-yaml';
import type { GenerateSettings } from './settings';
import type { Finding, Reporter } from './types';

export type PreviewTarget = { kind: 'service'; service: Service } | { kind: 'page'; page: Page };

export interface PreviewProblem {
  message: string;
  /** the template field it concerns (`expr`...), when it is one */
  field?: string;
  /** UTF-16 offset into that field, when known */
  offset?: number;
}

export type TemplatePreview =
  /** `yaml`: a rules file's `groups:` holding the entry's group with just this rule; `notes`: worth knowing */
  | { ok: true; yaml: string; notes: string[] }
  | { ok: false; problems: PreviewProblem[] };

/** The rules file the rule lands in, as the generator names it. */
export const previewFileOf = (target: PreviewTarget) =>
  target.kind === 'service' ? 'prometheus/rules/services.yml' : 'prometheus/rules/pages.yml';

function collector(): { report: Reporter; findings: Finding[] } {
  const findings: Finding[] = [];
  const add = (kind: Finding['kind']) => (entry: string, message: string, item?: string) => {
    findings.push({ kind, entry, message, ...(item === undefined ? {} : { item }) });
  };
  return { report: { skip: add('skipped'), note: add('note') }, findings };
}

/** A registry of one template and one entry that uses it (and only it). */
function oneEntryRegistry(template: AlertTemplate, target: PreviewTarget): Registry {
  const alerts = [template.key];
  return {
    owners: target.kind === 'service' ? [{ name: target.service.owner }] : [],
    hosts: [],
    alert_templates: [template],
    services: target.kind === 'service' ? [{ ...target.service, alerts }] : [],
    pages: target.kind === 'page' ? [{ ...target.page, alerts }] : [],
    api_endpoints: [],
  };
}

/**
 * The rule `template` gives `target`, as YAML, or why there is none. Never throws for bad input: a broken
 * expression gives its problems (with offsets), a template the entry cannot fill gives the generator's reason.
 */
export function previewTemplateRule(template: AlertTemplate, target: PreviewTarget, settings: GenerateSettings): TemplatePreview {
  const exprProblems = checkTemplateExpr(template.expr);
  if (exprProblems.length > 0) {
    return { ok: false, problems: exprProblems.map((p) => ({ field: 'expr', offset: p.offset, message: p.message })) };
  }
  const { report, findings } = collector();
  const ctx = generateContext(oneEntryRegistry(template, target), settings, report);
  const groups = target.kind === 'service' ? ctx.rules.services : ctx.rules.pages;
  const mine = findings.filter((f) => f.item === template.key);
  if (groups.length === 0) {
    const reasons = mine.filter((f) => f.kind === 'skipped').map((f) => ({ message: f.message }));
    return { ok: false, problems: reasons.length > 0 ? reasons : [{ message: 'the generator wrote no rule for this entry' }] };
  }
  return {
    ok: true,
    yaml: ruleGroupsYaml(groups, 'groups:\n').text,
    notes: mine.filter((f) => f.kind === 'note').map((f) => f.message),
  };
}
