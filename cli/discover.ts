// `awoooi-monitor validate --registry FILE --discover CONFIG`: scan what really runs (Docker/systemd over SSH on
// the registry's hosts, Kubernetes) from the CI machine itself, no database, and exit 1 when something running
// is not registered. `--server URL` asks a running awoooi-monitor instead (its latest findings, or a fresh scan
// with --scan), with an API token from --token or AWOOOI_TOKEN.
import { ignoreRulesOf, readDiscoveryConfig } from '../lib/discovery/config';
import { findingsText, reconciliationJson, type FindingsJson } from '../lib/discovery/findings';
import { reconcile } from '../lib/discovery/reconcile';
import { planScan, runScan } from '../lib/discovery/scan';
import type { Registry } from '../lib/registry/model';

export interface GateOptions {
  format: 'text' | 'json';
  failOnStale?: boolean;
  failOnError?: boolean;
}

type FailedTarget = { source: string; target: string; error?: string };

/** Scans from here. `registry` was already validated by the caller. */
export async function discoverLocally(registry: Registry, configFile: string, options: GateOptions): Promise<number> {
  const config = await readDiscoveryConfig(configFile);
  if (!config.ok) {
    for (const p of config.problems) process.stderr.write(`${p}\n`);
    return 2;
  }
  const plan = planScan(registry, config.value);
  const results = await runScan(plan, config.value, {
    onProgress: (e) => {
      if (options.format === 'text' && e.phase === 'finished' && e.result) {
        process.stderr.write(`scanned ${e.source} ${e.target}: ${e.result.status === 'ok' ? `${e.result.workloads.length} workloads` : e.result.error}\n`);
      }
    },
  });
  const reconciliation = reconcile(registry, results, { ignoreRules: ignoreRulesOf(config.value), matchLabels: config.value.match_labels });
  const failed = results.filter((r) => r.status === 'failed').map((r) => ({ source: r.source, target: r.target, error: r.error }));
  const skipped = plan.targets.filter((t) => t.skipped).map((t) => `skipped ${t.source} ${t.target}: ${t.skipped}`);
  if (options.format === 'text') for (const line of skipped) process.stderr.write(`${line}\n`);
  return report(reconciliationJson(reconciliation), failed, options);
}

export async function discoverFromServer(server: string, token: string | undefined, scan: boolean, options: GateOptions): Promise<number> {
  if (!token) {
    process.stderr.write('awoooi-monitor: --server needs an API token: --token T or AWOOOI_TOKEN (a viewer token reads findings; --scan needs an admin token)\n');
    return 2;
  }
  let base: URL;
  try {
    base = new URL(server);
  } catch {
    process.stderr.write(`awoooi-monitor: --server must be a URL such as https://monitor.example.com, got ${JSON.stringify(server)}\n`);
    return 2;
  }
  const url = new URL(scan ? 'api/v1/discovery/run?wait=1' : 'api/v1/discovery', base.href.endsWith('/') ? base : `${base.href}/`);
  let response: Response;
  try {
    response = await fetch(url, { method: scan ? 'POST' : 'GET', headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  } catch (error) {
    process.stderr.write(`awoooi-monitor: cannot reach ${url.origin}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}\n`);
    return 2;
  }
  const body = (await response.json().catch(() => null)) as (FindingsJson & { error?: string; run?: { targets: { source: string; target: string; state: string; error?: string }[] } | null }) | null;
  if (!response.ok || !body) {
    process.stderr.write(`awoooi-monitor: ${url.pathname} answered ${response.status}${body?.error ? `: ${body.error}` : ''}\n`);
    return 2;
  }
  if (!body.run) {
    process.stderr.write('awoooi-monitor: the server has not finished a discovery scan yet (use --scan to run one)\n');
    return 2;
  }
  const failed = body.run.targets.filter((t) => t.state === 'failed');
  return report(body, failed, options);
}

function report(findings: FindingsJson, failed: FailedTarget[], options: GateOptions): number {
  const fails =
    findings.unregistered.length > 0 || (options.failOnStale === true && findings.stale.length > 0) || (options.failOnError === true && failed.length > 0);
  if (options.format === 'json') {
    process.stdout.write(`${JSON.stringify({ ok: !fails, ...findings, failedTargets: failed }, null, 2)}\n`);
    return fails ? 1 : 0;
  }
  for (const line of findingsText(findings, failed)) process.stdout.write(`${line}\n`);
  const n = findings.unregistered.length;
  process.stderr.write(
    n > 0
      ? `${n} running workload${n === 1 ? ' is' : 's are'} not in the registry: register ${n === 1 ? 'it' : 'them'} (or add an ignore rule) before deploying\n`
      : `every running workload is registered (${findings.matched.length} matched, ${findings.stale.length} stale, ${failed.length} targets failed)\n`,
  );
  return fails ? 1 : 0;
}
