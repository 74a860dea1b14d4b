// The discovery configuration: which sources to scan, how long to wait, what to ignore and how runtime names map
// to registry names. The same YAML format serves the server (DISCOVERY_CONFIG=file) and the CLI (--discover FILE).
// Secrets never live here: SSH keys are host references, notification tokens come from the environment.
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DISCOVERY_SOURCES } from './types';
import { zodProblems } from '../validation/zod-problems';

/** The seed's rules: Kubernetes' and k3s's own workloads are not services anyone registers. */
export const DEFAULT_IGNORE = ['kube-*', '*k3s*', '*pause*', '*coredns*'];
/** A label (Docker) or label/annotation (Kubernetes) whose value names the registry service. */
export const DEFAULT_MATCH_LABELS = ['awoooi.io/service'];

const seconds = (fallback: number) => z.number().positive().max(600).default(fallback);
const name = z.string().trim().min(1);

const ignoreRule = z.union([
  name.transform((pattern): { pattern: string; source?: undefined; location?: undefined } => ({ pattern })),
  z
    .object({
      /** glob on the workload's name (picomatch: *, ?, [abc], {a,b}) */
      pattern: name,
      source: z.enum(DISCOVERY_SOURCES).optional(),
      /** host name or namespace; glob too */
      location: name.optional(),
    })
    .strict(),
]);

export const discoveryConfigSchema = z
  .object({
    docker: z
      .object({
        enabled: z.boolean().default(true),
        /** registry host names to scan; absent: every host in the registry */
        hosts: z.array(name).optional(),
        timeout_seconds: seconds(15),
        concurrency: z.number().int().min(1).max(256).default(32),
      })
      .strict()
      .default({ enabled: true, timeout_seconds: 15, concurrency: 32 }),
    kubernetes: z
      .object({
        /** auto: scan when a kubeconfig is set (here or KUBECONFIG) or the app runs in a cluster */
        enabled: z.union([z.boolean(), z.literal('auto')]).default('auto'),
        kubeconfig: name.optional(),
        context: name.optional(),
        /** absent: every namespace */
        namespaces: z.array(name).min(1).optional(),
        timeout_seconds: seconds(30),
      })
      .strict()
      .default({ enabled: 'auto', timeout_seconds: 30 }),
    systemd: z
      .object({ enabled: z.boolean().default(true), timeout_seconds: seconds(15) })
      .strict()
      .default({ enabled: true, timeout_seconds: 15 }),
    /** replaces the defaults; write `ignore_defaults: false` and your own list, or add to them with `ignore:` */
    ignore: z.array(ignoreRule).default([]),
    ignore_defaults: z.boolean().default(true),
    match_labels: z.array(name).default(DEFAULT_MATCH_LABELS),
    schedule: z
      .object({
        /** 0 turns the in-app schedule off (use POST /api/v1/discovery/run from cron instead) */
        interval_minutes: z.number().int().min(0).max(7 * 24 * 60).default(60),
      })
      .strict()
      .default({ interval_minutes: 60 }),
  })
  .strict();

export type DiscoveryConfig = z.output<typeof discoveryConfigSchema>;
export interface IgnoreRule {
  pattern: string;
  source?: (typeof DISCOVERY_SOURCES)[number];
  location?: string;
}

export function defaultDiscoveryConfig(): DiscoveryConfig {
  return discoveryConfigSchema.parse({});
}

/** The ignore rules in force: the seed's defaults (unless turned off) followed by the configured ones. */
export function ignoreRulesOf(config: DiscoveryConfig): IgnoreRule[] {
  return [...(config.ignore_defaults ? DEFAULT_IGNORE.map((pattern) => ({ pattern })) : []), ...config.ignore];
}

export type ConfigResult = { ok: true; value: DiscoveryConfig } | { ok: false; problems: string[] };

/** From a parsed YAML/JSON value; problems as `path: message` lines. */
export function parseDiscoveryConfig(value: unknown): ConfigResult {
  const result = discoveryConfigSchema.safeParse(value ?? {});
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: zodProblems(result.error),
  };
}

export function parseDiscoveryConfigYaml(text: string): ConfigResult {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    return { ok: false, problems: [`not valid YAML: ${(error as Error).message.split('\n')[0]}`] };
  }
  return parseDiscoveryConfig(data);
}

/** Reads a config file; problems are prefixed with the file name so they say where. */
export async function readDiscoveryConfig(file: string | undefined): Promise<ConfigResult> {
  if (!file) return { ok: true, value: defaultDiscoveryConfig() };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, problems: [`${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`] };
  }
  const result = parseDiscoveryConfigYaml(text);
  return result.ok ? result : { ok: false, problems: result.problems.map((p) => `${file}: ${p}`) };
}

/** The app's discovery config: the file DISCOVERY_CONFIG names, or the defaults. */
export async function loadDiscoveryConfig(env: Record<string, string | undefined> = process.env): Promise<ConfigResult> {
  return readDiscoveryConfig(env.DISCOVERY_CONFIG || undefined);
}
