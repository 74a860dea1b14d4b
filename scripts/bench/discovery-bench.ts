// Docker discovery over SSH at 50 hosts: are hosts really scanned in parallel? 49 hosts point at a fast sshd and
// one at an sshd whose `docker ps` takes 5 s (tests/helpers/sshd.ts: real OpenSSH on loopback, fake docker).
// With concurrency 50, the wall time should be about the slow host's time, not the sum of all hosts' times.
import { scanDockerHosts } from '../../lib/discovery/ssh-scan';
import type { Host } from '../../lib/registry/model';
import { container, startSshd } from '../../tests/helpers/sshd';
import type { Benchmark, BenchResult, Check, Measure } from './run';
import { log } from './stats';

const HOSTS = 50;
const SLOW_SECONDS = 5;
const TIMEOUT_MS = 30_000;
/** wall time / slowest host: 1.0 is perfectly parallel; 50 would be one host after another */
const RATIO_TARGET = 1.5;

export interface DiscoveryBenchFigures {
  hosts: number;
  wallMs: number;
  slowestHostMs: number;
  sumOfHostMs: number;
  ratio: number;
  /** hosts whose scan did not succeed, with the reason */
  failed: { target: string; error?: string }[];
  /** the slow host's own duration (should be >= 5 s: proves the delay was real) */
  slowHostMs: number;
  /** fast hosts that found the expected container */
  fastHostsWithContainer: number;
  /** this process's CPU during the scan: our side of 50 handshakes (sshd's side runs on the same cores here) */
  clientCpuMs: number;
}

export async function discoveryBench(): Promise<DiscoveryBenchFigures> {
  const [fast, slow] = await Promise.all([
    startSshd({ containers: [container('awoooi-db'), container('awoooi-api', { Image: 'ghcr.io/org/awoooi-api:1.2' })] }),
    startSshd({ containers: [container('awoooi-batch')], dockerDelaySeconds: SLOW_SECONDS }),
  ]);
  try {
    const hosts: Host[] = [
      ...Array.from({ length: HOSTS - 1 }, (_, i) => fast.host(`fast-${String(i + 1).padStart(2, '0')}`)),
      slow.host('slow-01'),
    ];
    log(`scanning ${hosts.length} hosts (1 with a ${SLOW_SECONDS} s docker ps), concurrency ${HOSTS}`);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const results = await scanDockerHosts(hosts, { timeoutMs: TIMEOUT_MS, concurrency: HOSTS });
    const wallMs = performance.now() - started;
    const { user, system } = process.cpuUsage(cpu);
    const durations = results.map((r) => r.durationMs);
    const slowestHostMs = Math.max(...durations);
    const sumOfHostMs = durations.reduce((a, b) => a + b, 0);
    log(`wall ${wallMs.toFixed(0)} ms, slowest host ${slowestHostMs} ms, sum ${sumOfHostMs} ms`);
    return {
      hosts: hosts.length,
      wallMs,
      slowestHostMs,
      sumOfHostMs,
      ratio: wallMs / slowestHostMs,
      failed: results.filter((r) => r.status !== 'ok').map((r) => ({ target: r.target, error: r.error })),
      slowHostMs: results.find((r) => r.target === 'slow-01')?.durationMs ?? 0,
      clientCpuMs: (user + system) / 1000,
      fastHostsWithContainer: results.filter((r) => r.target.startsWith('fast-') && r.workloads.some((w) => w.name === 'awoooi-db')).length,
    };
  } finally {
    await Promise.all([fast.stop(), slow.stop()]);
  }
}

export const discoveryBenchmark: Benchmark = {
  name: 'discovery',
  description: `docker discovery over SSH: ${HOSTS} hosts on two loopback sshds, one with a ${SLOW_SECONDS} s docker ps`,
  async run(): Promise<BenchResult> {
    const f = await discoveryBench();
    const measures: Measure[] = [
      { name: `scan ${f.hosts} hosts: wall time`, value: f.wallMs, unit: 'ms', vs: 'slowest host' },
      // above 5 s by the time 49 other logins (sshd fork, key exchange, login shell) take on the same cores
      { name: 'slowest host', value: f.slowestHostMs, unit: 'ms', note: `docker ps sleeps ${SLOW_SECONDS} s there` },
      { name: 'sum of all hosts (one after another)', value: f.sumOfHostMs, unit: 'ms' },
      { name: 'client CPU (this process)', value: f.clientCpuMs, unit: 'ms', note: 'the rest of the load is sshd, on the same machine' },
      // a count row with two decimals' worth: x100 keeps the table's integer formatting honest
      { name: 'wall / slowest host (x100)', value: Math.round(f.ratio * 100), unit: 'count', max: RATIO_TARGET * 100, note: '100 = fully parallel' },
    ];
    const checks: Check[] = [
      {
        name: `all ${f.hosts} hosts scanned ok`,
        ok: f.failed.length === 0,
        detail: f.failed.map((x) => `  ${x.target}: ${x.error}`).join('\n'),
      },
      { name: `the slow host took at least ${SLOW_SECONDS} s`, ok: f.slowHostMs >= SLOW_SECONDS * 1000, detail: `  ${f.slowHostMs} ms` },
      { name: `every fast host found its containers`, ok: f.fastHostsWithContainer === f.hosts - 1, detail: `  ${f.fastHostsWithContainer} of ${f.hosts - 1}` },
    ];
    return { measures, checks, environment: { sshd: '/usr/sbin/sshd on 127.0.0.1 (tests/helpers/sshd.ts)', concurrency: String(HOSTS) } };
  },
};
