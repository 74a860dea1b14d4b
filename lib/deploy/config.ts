// The deploy targets: where "Push" sends the generated configs. A YAML file named by DEPLOY_CONFIG, read the way
// discovery reads DISCOVERY_CONFIG: zod-checked, problems located (`file: targets[1].dir: ...`), never throws.
// No file: no targets, and the Deploy page says how to add some. Secrets never live here: a Kubernetes target
// names a kubeconfig file, it does not hold credentials.
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { zodProblems } from '../validation/zod-problems';
import type { DirectoryTarget } from './files-result';
import type { KubernetesTarget } from './kubernetes-target';

export const DEPLOY_CONFIG_ENV = 'DEPLOY_CONFIG';

const text = z.string().trim().min(1);
const httpUrl = text.regex(/^https?:\/\/[^/\s]+/, 'expected an http:// or https:// URL, e.g. http://127.0.0.1:9090');

const directoryTarget = z
  .object({
    name: text,
    type: z.literal('directory'),
    /** the folder Prometheus and Alertmanager read; receives the whole generated tree */
    dir: text,
    prometheus_url: httpUrl.optional(),
    alertmanager_url: httpUrl.optional(),
    blackbox_url: httpUrl.optional(),
    timeout_seconds: z.number().positive().max(600).optional(),
  })
  .strict();

const kubernetesTarget = z
  .object({
    name: text,
    type: z.literal('kubernetes'),
    kubeconfig: text.optional(),
    context: text.optional(),
    namespace: text.optional(),
    prune: z.boolean().default(false),
    /** folders of the generated tree applied as ConfigMaps; [] for none */
    config_maps: z.array(text).optional(),
  })
  .strict();

export const deployConfigSchema = z
  .object({
    targets: z.array(z.discriminatedUnion('type', [directoryTarget, kubernetesTarget])).default([]),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Map<string, number>();
    config.targets.forEach((t, i) => {
      const first = seen.get(t.name);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['targets', i, 'name'], message: `"${t.name}" is already the name of targets[${first}]; names must be unique` });
      else seen.set(t.name, i);
    });
  });

export type DeployConfig = z.output<typeof deployConfigSchema>;
export type DeployTargetConfig = DeployConfig['targets'][number];

/** A target as push.ts uses it: the options pushToDirectory / applyToKubernetes take, and a name. */
export type DeployTarget =
  | { name: string; type: 'directory'; options: DirectoryTarget }
  | { name: string; type: 'kubernetes'; options: KubernetesTarget };

export function toDeployTarget(t: DeployTargetConfig): DeployTarget {
  if (t.type === 'directory') {
    const options: DirectoryTarget = { dir: t.dir };
    if (t.prometheus_url) options.prometheusUrl = t.prometheus_url.replace(/\/+$/, '');
    if (t.alertmanager_url) options.alertmanagerUrl = t.alertmanager_url.replace(/\/+$/, '');
    if (t.blackbox_url) options.blackboxUrl = t.blackbox_url.replace(/\/+$/, '');
    if (t.timeout_seconds) options.timeoutMs = Math.round(t.timeout_seconds * 1000);
    return { name: t.name, type: 'directory', options };
  }
  const options: KubernetesTarget = { name: t.name, prune: t.prune };
  if (t.kubeconfig) options.kubeconfig = t.kubeconfig;
  if (t.context) options.context = t.context;
  if (t.namespace) options.namespace = t.namespace;
  if (t.config_maps) options.configMaps = t.config_maps;
  return { name: t.name, type: 'kubernetes', options };
}

/** Where a target sends the configs, in a few words (the page and the history). */
export function describeTarget(t: DeployTarget): string {
  if (t.type === 'directory') {
    const reloads = [
      t.options.prometheusUrl && `Prometheus ${t.options.prometheusUrl}`,
      t.options.alertmanagerUrl && `Alertmanager ${t.options.alertmanagerUrl}`,
      t.options.blackboxUrl && `Blackbox exporter ${t.options.blackboxUrl}`,
    ].filter((r): r is string => Boolean(r));
    const listed = reloads.length > 1 ? `${reloads.slice(0, -1).join(', ')} and ${reloads.at(-1)}` : reloads[0];
    return `folder ${t.options.dir}${listed ? `, reloads ${listed}` : ', no reload'}`;
  }
  const where = [t.options.kubeconfig ? `kubeconfig ${t.options.kubeconfig}` : 'KUBECONFIG or in-cluster', t.options.context && `context ${t.options.context}`].filter(Boolean);
  return `Kubernetes (${where.join(', ')}), namespace ${t.options.namespace ?? 'monitoring'}${t.options.prune ? ', prunes' : ''}`;
}

export type DeployConfigResult =
  | { ok: true; file: string | null; targets: DeployTarget[] }
  | { ok: false; file: string; problems: string[] };

/** From a parsed YAML value; problems as `path: message` lines. */
export function parseDeployConfig(value: unknown): { ok: true; targets: DeployTarget[] } | { ok: false; problems: string[] } {
  const result = deployConfigSchema.safeParse(value ?? {});
  if (!result.success) return { ok: false, problems: zodProblems(result.error) };
  return { ok: true, targets: result.data.targets.map(toDeployTarget) };
}

export function parseDeployConfigYaml(yamlText: string): { ok: true; targets: DeployTarget[] } | { ok: false; problems: string[] } {
  let data: unknown;
  try {
    data = parseYaml(yamlText);
  } catch (error) {
    return { ok: false, problems: [`not valid YAML: ${(error as Error).message.split('\n')[0]}`] };
  }
  return parseDeployConfig(data);
}

/** The app's deploy targets: the file DEPLOY_CONFIG names, or none. Problems are prefixed with the file. */
export async function loadDeployConfig(env: Readonly<Record<string, string | undefined>> = process.env): Promise<DeployConfigResult> {
  const file = env[DEPLOY_CONFIG_ENV]?.trim();
  if (!file) return { ok: true, file: null, targets: [] };
  let yamlText: string;
  try {
    yamlText = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, file, problems: [`${file}: cannot read (${DEPLOY_CONFIG_ENV}): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`] };
  }
  const parsed = parseDeployConfigYaml(yamlText);
  return parsed.ok ? { ok: true, file, targets: parsed.targets } : { ok: false, file, problems: parsed.problems.map((p) => `${file}: ${p}`) };
}
