// Small helpers every benchmark uses: progress lines on stderr, env sizes, timed runs and their rows.
import { readFileSync } from 'node:fs';
import type { Measure } from './run';

export const log = (message: string) => process.stderr.write(`  ${message}\n`);

/** A process's peak resident memory so far (Linux: VmHWM in /proc/PID/status), in bytes; undefined elsewhere. */
export function peakRssBytes(pid: number): number | undefined {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/** A positive whole number from the environment, or the fallback. */
export function positiveInt(raw: string | undefined, fallback: number): number {
  const n = raw ? Number.parseInt(raw, 10) : fallback;
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface Timing<T> {
  times: number[];
  last: T;
}

/** Runs `fn` `runs` times, `setup` (untimed) before each; the first run is the cold one. */
export async function timed<T>(
  label: string,
  runs: number,
  fn: (run: number) => Promise<T> | T,
  setup?: () => Promise<unknown>,
): Promise<Timing<T>> {
  const times: number[] = [];
  let last!: T;
  for (let i = 0; i < runs; i++) {
    if (setup) await setup();
    const started = performance.now();
    last = await fn(i);
    times.push(performance.now() - started);
    log(`${label}: run ${i + 1}/${runs} ${times.at(-1)!.toFixed(0)} ms`);
  }
  return { times, last };
}

/** Two rows: the first (cold) run and the median of all runs. */
export function coldAndMedian(name: string, times: number[], max?: number, note?: string): Measure[] {
  return [
    { name: `${name}: cold (1st run)`, value: times[0]!, unit: 'ms', max, note },
    { name: `${name}: median of ${times.length}`, value: median(times), unit: 'ms', max },
  ];
}
