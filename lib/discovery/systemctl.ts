// `systemctl show --property=... -- unit...` output -> workloads. Pure: the SSH side (ssh-scan.ts) runs the command.
//
// systemctl prints one block of Key=Value lines per unit, in the order the units were given, blocks separated
// by a blank line. It exits 0 for units it does not know, printing LoadState=not-found for them; those produce
// no workload, so reconcile reports the registry's unit as missing on that host.
import type { Workload } from './types';

export const SYSTEMCTL_PROPERTIES = ['Id', 'LoadState', 'ActiveState', 'SubState', 'Description'] as const;

/** One block: every Key=Value line of it (a unit may print more properties than we asked for). */
export type SystemctlBlock = Record<string, string>;

export interface SystemctlShowResult {
  blocks: SystemctlBlock[];
  problems: string[];
}

/**
 * Unit names we are willing to put on a remote command line: systemd's own alphabet (letters, digits, ":_.@-"
 * and "\" for its escapes), starting with a letter or digit so nothing can be read as an option. Globs, spaces
 * and quotes are refused rather than escaped: a registry entry containing them is a mistake worth reporting.
 */
const UNIT_NAME = /^[A-Za-z0-9][A-Za-z0-9:_.@\\-]{0,255}$/;

export function isValidUnitName(name: string): boolean {
  return UNIT_NAME.test(name);
}

/** POSIX single-quoting: safe for any text (the regex above already keeps quotes out). */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The remote command for these (already validated) unit names. */
export function systemctlShowCommand(units: string[]): string {
  return `systemctl show --property=${SYSTEMCTL_PROPERTIES.join(',')} -- ${units.map(shellQuote).join(' ')}`;
}

export function parseSystemctlShow(stdout: string): SystemctlShowResult {
  const blocks: SystemctlBlock[] = [];
  const problems: string[] = [];
  let current: SystemctlBlock | undefined;
  stdout.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') {
      current = undefined; // a blank line ends a block; several in a row are one separator
      return;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) {
      problems.push(`line ${index + 1}: not Key=Value: ${line.length > 80 ? `${line.slice(0, 80)}…` : line}`);
      return;
    }
    if (!current) {
      current = {};
      blocks.push(current);
    }
    current[line.slice(0, eq)] = line.slice(eq + 1);
  });
  return { blocks, problems };
}

export interface UnitWorkloadsResult {
  workloads: Workload[];
  problems: string[];
}

/**
 * Matches the blocks to the units asked for, by position: systemctl keeps the argument order, and matching by Id
 * would fail for aliases ("sshd" shows Id=ssh.service) and names given without ".service".
 * The workload keeps the name as the registry wrote it, so reconcile can find it again.
 */
export function unitWorkloads(units: string[], stdout: string, location: string): UnitWorkloadsResult {
  const { blocks, problems } = parseSystemctlShow(stdout);
  if (blocks.length !== units.length) {
    problems.push(`expected ${units.length} unit block(s) from systemctl show, got ${blocks.length}`);
    return { workloads: [], problems };
  }
  const workloads: Workload[] = [];
  units.forEach((unit, i) => {
    const block = blocks[i]!;
    const missing = ['LoadState', 'ActiveState'].filter((key) => block[key] === undefined);
    if (missing.length) {
      problems.push(`unit ${unit}: systemctl show printed no ${missing.join(' or ')}`);
      return;
    }
    if (block.LoadState !== 'loaded') return; // not-found, masked, bad-setting: not a running part of this host
    const active = block.ActiveState!;
    const sub = block.SubState;
    workloads.push({
      source: 'systemd',
      location,
      name: unit,
      kind: 'unit',
      status: sub ? `${active} (${sub})` : active,
      healthy: active === 'active',
      labels: {},
      annotations: {},
    });
  });
  return { workloads, problems };
}
