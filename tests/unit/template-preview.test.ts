// The template editor's preview: the rule one template gives one service or page, which must be exactly what
// generate() writes for that pair (it runs the generator itself), and problems instead of a throw when the
// template cannot become a rule.
import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { generate } from '../../lib/generate/index';
import { defaultSettings } from '../../lib/generate/settings';
import { previewFileOf, previewTemplateRule, type PreviewTarget } from '../../lib/generate/template-preview';
import type { AlertTemplate, Registry } from '../../lib/registry/model';
import { seedRegistry } from '../helpers/seed';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const settings = defaultSettings();
const seed = seedRegistry();
const seedOut = generate(seed, settings);
const fileText = (path: string) => seedOut.files.find((f) => f.path === path)!.content;

/** The rule's own lines: from `- alert:` to the end (the preview's group holds only it). */
const ruleText = (yaml: string) => yaml.slice(yaml.indexOf('      - alert: '));

const template = (key: string): AlertTemplate => seed.alert_templates.find((t) => t.key === key)!;

function pairs(reg: Registry): { target: PreviewTarget; key: string }[] {
  return [
    ...reg.services.flatMap((service) => service.alerts.map((key) => ({ target: { kind: 'service', service } as PreviewTarget, key }))),
    ...reg.pages.flatMap((page) => page.alerts.map((key) => ({ target: { kind: 'page', page } as PreviewTarget, key }))),
  ];
}

describe('previewTemplateRule', () => {
  it('gives, for every (service or page, template) of the seed, the very text generate() writes', () => {
    let compared = 0;
    for (const { target, key } of pairs(seed)) {
      const preview = previewTemplateRule(template(key), target, settings);
      const name = target.kind === 'service' ? target.service.name : target.page.path;
      const skipped = seedOut.findings.find((f) => f.kind === 'skipped' && f.item === key && f.entry.endsWith(`/${name}`));
      if (skipped) {
        // what the generator leaves out, the preview explains with the generator's own reason
        expect(preview).toEqual({ ok: false, problems: [{ message: skipped.message }] });
        continue;
      }
      expect(preview.ok, `${name} ${key}`).toBe(true);
      if (!preview.ok) continue;
      const written = fileText(previewFileOf(target));
      expect(written).toContain(ruleText(preview.yaml));
      // and as data: the same rule in the same group
      const group = (jsyaml.load(written) as Doc).groups.find((g: Doc) => g.name === `${target.kind}:${name}`);
      const rule = group.rules.find((r: Doc) => r.alert === template(key).alert);
      expect((jsyaml.load(preview.yaml) as Doc).groups).toEqual([{ name: group.name, rules: [rule] }]);
      compared++;
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('previews the CURRENT draft, not the stored template: a changed expr and summary show up', () => {
    const service = seed.services.find((s) => s.name === 'ollama')!;
    const draft: AlertTemplate = { ...template('service_down'), expr: 'up{job="${job}"} == 0 and on() vector(1)', summary: 'new words' };
    const preview = previewTemplateRule(draft, { kind: 'service', service }, settings);
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    const group = (jsyaml.load(preview.yaml) as Doc).groups[0];
    expect(group.name).toBe('service:ollama');
    expect(group.rules[0]).toMatchObject({
      alert: draft.alert,
      expr: 'up{job="ollama"} == 0 and on() vector(1)',
      labels: { service: 'ollama', owner: service.owner, severity: draft.severity },
      annotations: { summary: 'new words' },
    });
  });

  it('works for a service that does not list the template yet (the picker offers every service)', () => {
    const service = { ...seed.services[0]!, alerts: [] };
    const preview = previewTemplateRule(template('service_down'), { kind: 'service', service }, settings);
    expect(preview.ok).toBe(true);
  });

  it('a broken expression gives its problems at their offsets, not a throw', () => {
    const service = seed.services[0]!;
    const broken = { ...template('service_down'), expr: 'sum(rate(x{job="${job}"}[5m]) > ' };
    const preview = previewTemplateRule(broken, { kind: 'service', service }, settings);
    expect(preview.ok).toBe(false);
    if (preview.ok) return;
    expect(preview.problems.length).toBeGreaterThan(0);
    expect(preview.problems[0]).toMatchObject({ field: 'expr', offset: expect.any(Number), message: expect.stringMatching(/PromQL/) });

    const unknown = previewTemplateRule({ ...broken, expr: 'up{job="${nope}"} == 0' }, { kind: 'service', service }, settings);
    expect(unknown).toMatchObject({ ok: false, problems: [{ field: 'expr', offset: 8, message: expect.stringMatching(/unknown placeholder/) }] });
  });

  it('a template the entry cannot fill gives the generator’s reason', () => {
    const page = seed.pages[0]!;
    const preview = previewTemplateRule(template('pod_crash'), { kind: 'page', page }, settings);
    expect(preview).toMatchObject({ ok: false, problems: [{ message: expect.stringMatching(/namespace/) }] });
  });
});
