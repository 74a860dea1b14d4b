// Prometheus's own tools for tests: promtool and amtool (found like the app finds them, see lib/generate/check.ts).
//
//   const promtoolPath = requireTool('promtool');          // throws with the install command if missing
//   const r = promtool(['check', 'rules', 'rules.yml'], { cwd: dir });
//   expect(r.code, r.stdout + r.stderr).toBe(0);
//
// Tests never skip because a tool is missing: a missing tool is a failing test that says how to install it.
import { spawnSync } from 'node:child_process';
import { findTool, INSTALL_COMMAND, type ToolName } from '@/lib/generate/check';

export interface ToolResult {
  /** exit code; -1 when the process could not be started or was killed */
  code: number;
  stdout: string;
  stderr: string;
}

export interface ToolOptions {
  cwd?: string;
  /** milliseconds; default 60 s */
  timeout?: number;
  /** written to the tool's stdin (e.g. `promtool check rules` reads stdin when given no file) */
  input?: string;
}

/** Path of the tool, or throws an error that says how to install it. */
export function requireTool(name: ToolName): string {
  const found = findTool(name);
  if (!found) {
    throw new Error(
      `${name} not found (env ${name.toUpperCase()}, <repo>/.tools/bin/${name}, PATH). Install it with: ${INSTALL_COMMAND}`,
    );
  }
  return found;
}

function runTool(name: ToolName, args: string[], options: ToolOptions = {}): ToolResult {
  const result = spawnSync(requireTool(name), args, {
    cwd: options.cwd,
    input: options.input,
    encoding: 'utf8',
    timeout: options.timeout ?? 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function promtool(args: string[], options?: ToolOptions): ToolResult {
  return runTool('promtool', args, options);
}

export function amtool(args: string[], options?: ToolOptions): ToolResult {
  return runTool('amtool', args, options);
}
