// Checks a generated tree with Prometheus's own tools: the I/O edge of lib/generate (the generators stay pure).
// Used by the Configs page, the CLI and tests. The files are written to a fresh temp folder, then:
//   promtool check config prometheus/prometheus.yml   (also loads the rule files and file_sd files it names)
//   promtool check rules  prometheus/rules/*.yml and the spec.groups of every PrometheusRule in kubernetes/
//   amtool check-config   alertmanager/alertmanager.yml
// JSON files get JSON.parse, other YAML files a YAML parse. Tools run concurrently, never through a shell.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jsyaml from 'js-yaml';
import type { GeneratedFile } from './types';

export type ToolName = 'promtool' | 'amtool';
export const INSTALL_COMMAND = 'node scripts/tools/install-prometheus-tools.mjs';

export type CheckStatus = 'ok' | 'failed' | 'not-checked';

export interface FileCheck {
  path: string;
  status: CheckStatus;
  /** what checked it, e.g. `promtool check rules`; several joined by `, ` */
  tool?: string;
  /** the tools' own words, trimmed, at most about 20 KB */
  output: string;
}

export interface CheckReport {
  /** one per input file, in input order */
  files: FileCheck[];
  /** versions of the tools found (absent: not found) */
  tools: { promtool?: string; amtool?: string };
}

export interface CheckOptions {
  /** per tool run, milliseconds; default 120 s */
  timeoutMs?: number;
  /** tool paths instead of findTool's; null: act as if the tool were missing */
  tools?: { promtool?: string | null; amtool?: string | null };
  /** where the temp folder is made; default os.tmpdir() */
  tempParent?: string;
}

const CONFIG_PATH = 'prometheus/prometheus.yml';
const ALERTMANAGER_PATH = 'alertmanager/alertmanager.yml';
const OUTPUT_CAP = 20_000;
/** Rule files per `promtool check rules` run: one process per file would take minutes for 10,000 manifests. */
const RULES_BATCH = 200;

// ---- finding the tools --------------------------------------------------------------------------

/** Folders that may be the repository root: upwards from this module, then from the working folder. */
function repoRootCandidates(): string[] {
  const starts: string[] = [];
  try {
    if (import.meta.url.startsWith('file:')) starts.push(path.dirname(fileURLToPath(import.meta.url)));
  } catch {
    // bundled without a file URL: the working folder below still finds it
  }
  starts.push(process.cwd());
  const roots: string[] = [];
  for (const start of starts) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (fs.existsSync(path.join(dir, 'scripts', 'tools', 'install-prometheus-tools.mjs'))) roots.push(dir);
      if (path.dirname(dir) === dir) break;
    }
  }
  return roots;
}

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** env PROMTOOL / AMTOOL, then <repo>/.tools/bin/<name>, then PATH. */
export function findTool(name: ToolName): string | undefined {
  const fromEnv = process.env[name.toUpperCase()];
  if (fromEnv && isExecutableFile(fromEnv)) return fromEnv;
  for (const root of repoRootCandidates()) {
    const local = path.join(root, '.tools', 'bin', name);
    if (isExecutableFile(local)) return local;
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutableFile(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

// ---- running them ---------------------------------------------------------------------------------

interface RunResult {
  /** exit code; null when it did not exit by itself (timeout, signal) or did not start */
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Few processes at a time: each promtool holds a whole rules file in memory. */
const limit = semaphore(Math.max(2, os.availableParallelism?.() ?? os.cpus().length));

function semaphore(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve)); // a finishing task hands over its slot
    else running++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

function runTool(file: string, args: string[], cwd: string, timeoutMs: number): Promise<RunResult> {
  return limit(
    () =>
      new Promise((resolve) => {
        execFile(file, args, { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
          if (!err) return resolve({ code: 0, stdout, stderr });
          const e = err as NodeJS.ErrnoException & { code?: number | string; killed?: boolean; signal?: string };
          if (typeof e.code === 'number') return resolve({ code: e.code, stdout, stderr });
          const why = e.killed ? `timed out after ${timeoutMs / 1000} s` : `could not run ${file}: ${e.message}`;
          resolve({ code: null, stdout, stderr: `${stderr}\n${why}` });
        });
      }),
  );
}

const versionCache = new Map<string, Promise<string | undefined>>();

function toolVersion(file: string): Promise<string | undefined> {
  let version = versionCache.get(file);
  if (!version) {
    version = runTool(file, ['--version'], os.tmpdir(), 10_000).then((r) => {
      const line = (r.stdout || r.stderr).split('\n')[0]?.trim() ?? '';
      return r.code === 0 ? (line.match(/version (\S+)/)?.[1] ?? line) : undefined;
    });
    versionCache.set(file, version);
  }
  return version;
}

// ---- collecting results -------------------------------------------------------------------------

interface Piece {
  status: CheckStatus;
  tool: string;
  output: string;
}

class Results {
  private readonly pieces = new Map<string, Piece[]>();
  add(filePath: string, status: CheckStatus, tool: string, output: string): void {
    const list = this.pieces.get(filePath) ?? [];
    list.push({ status, tool, output: output.trim() });
    this.pieces.set(filePath, list);
  }
  /** failed beats not-checked beats ok: a file is ok only if everything that should check it did, and passed. */
  result(filePath: string): FileCheck {
    const list = this.pieces.get(filePath) ?? [];
    if (list.length === 0) return { path: filePath, status: 'not-checked', output: 'no checker for this kind of file' };
    const status: CheckStatus = list.some((p) => p.status === 'failed')
      ? 'failed'
      : list.some((p) => p.status === 'not-checked')
        ? 'not-checked'
        : 'ok';
    const unique = (xs: string[]) => [...new Set(xs.filter(Boolean))];
    const output = unique(list.map((p) => p.output)).join('\n\n');
    return { path: filePath, status, tool: unique(list.map((p) => p.tool)).join(', '), output: cap(output) };
  }
}

function cap(text: string): string {
  return text.length <= OUTPUT_CAP ? text : `${text.slice(0, OUTPUT_CAP)}\n... (${text.length - OUTPUT_CAP} more characters cut)`;
}

function missingTool(name: ToolName): string {
  return `${name} not found (env ${name.toUpperCase()}, .tools/bin/${name}, PATH): not checked. Install it with: ${INSTALL_COMMAND}`;
}

/** Replaces every `from` with its `to`, longest first, so that no name replaces part of a longer one. */
function rewrite(text: string, names: Map<string, string>): string {
  let out = text;
  for (const [from, to] of [...names].sort(([a], [b]) => b.length - a.length)) out = out.split(from).join(to);
  return out;
}

// ---- promtool check config ----------------------------------------------------------------------

/** `Checking <file>` sections of stdout, by file. */
function sections(stdout: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of stdout.split(/^(?=Checking )/m)) {
    const name = part.match(/^Checking '?([^'\n]+?)'?(?:\s|$)/)?.[1];
    if (name) found.set(name, part.trim());
  }
  return found;
}

/** stderr split into `FAILED:` blocks (a block runs until the next FAILED line). */
function failureBlocks(stderr: string): string[] {
  return stderr
    .split(/^(?=\s*FAILED:)/m)
    .map((b) => b.trim())
    .filter(Boolean);
}

/** Generated files the config reads through file_sd_configs (paths relative to the config's folder). */
function fileSdPaths(configText: string, generated: Set<string>): string[] {
  try {
    const config = jsyaml.load(configText) as { scrape_configs?: { file_sd_configs?: { files?: string[] }[] }[] } | null;
    const files = (config?.scrape_configs ?? []).flatMap((s) => (s.file_sd_configs ?? []).flatMap((f) => f.files ?? []));
    return files.map((f) => path.posix.normalize(path.posix.join(path.posix.dirname(CONFIG_PATH), f))).filter((f) => generated.has(f));
  } catch {
    return [];
  }
}

/**
 * Splits `promtool check config` output among the files it names. Returns the files it settled: rule files
 * it loaded without complaint (no need to check them again) and files it blamed.
 */
function attributeConfigCheck(run: RunResult, configText: string, generated: Set<string>, results: Results): Set<string> {
  const tool = 'promtool check config';
  const found = sections(run.stdout);
  const blamed = new Map<string, string[]>();
  const names = [...generated].filter((n) => n !== CONFIG_PATH).sort((a, b) => b.length - a.length);
  const sdFiles = fileSdPaths(configText, generated);
  let unexplained = failureBlocks(run.stderr).length === 0; // failed without saying why
  for (const block of failureBlocks(run.stderr)) {
    // promtool's file_sd check names the bad target but not the file: blame the file when there is only one.
    const target = names.find((n) => block.includes(n)) ?? (/instance \d+ in group/.test(block) && sdFiles.length === 1 ? sdFiles[0] : undefined);
    if (target) blamed.set(target, [...(blamed.get(target) ?? []), block]);
    else unexplained = true;
  }
  const failed = run.code !== 0; // lint findings come as FAILED blocks with exit code 0: warnings
  const whole = [run.stdout.trim(), run.stderr.trim()].filter(Boolean).join('\n');
  results.add(CONFIG_PATH, failed && unexplained ? 'failed' : 'ok', tool, whole);
  const settled = new Set<string>();
  for (const [file, text] of found) {
    if (file === CONFIG_PATH || !generated.has(file) || blamed.has(file) || !/SUCCESS/.test(text)) continue;
    results.add(file, 'ok', tool, text);
    settled.add(file);
  }
  for (const [file, blocks] of blamed) {
    results.add(file, failed ? 'failed' : 'ok', tool, [found.get(file) ?? '', ...blocks].join('\n'));
    if (failed) settled.add(file);
  }
  return settled;
}

// ---- promtool check rules -----------------------------------------------------------------------

interface RulesTarget {
  /** argument to promtool, relative to the temp root */
  arg: string;
  /** the generated file it belongs to */
  path: string;
  /** how the output should name it */
  display: string;
}

async function checkRules(promtool: string, targets: RulesTarget[], root: string, timeoutMs: number, results: Results): Promise<void> {
  const tool = 'promtool check rules';
  // Each run's output names only its own file(s): rename per target, not with all 10,000 names.
  const named = (t: RulesTarget, text: string) => rewrite(text, new Map([[t.arg, t.display]]));
  const one = async (t: RulesTarget) => {
    const run = await runTool(promtool, ['check', 'rules', t.arg], root, timeoutMs);
    results.add(t.path, run.code === 0 ? 'ok' : 'failed', tool, named(t, `${run.stdout.trim()}\n${run.stderr.trim()}`));
  };
  const batches: RulesTarget[][] = [];
  for (let i = 0; i < targets.length; i += RULES_BATCH) batches.push(targets.slice(i, i + RULES_BATCH));
  await Promise.all(
    batches.map(async (batch) => {
      if (batch.length === 1) return one(batch[0]!);
      const run = await runTool(promtool, ['check', 'rules', ...batch.map((t) => t.arg)], root, timeoutMs);
      // Some messages (lint) do not name their file: when anything was said on stderr, check one by one.
      if (run.code !== 0 || run.stderr.trim() !== '') return void (await Promise.all(batch.map(one)));
      const bySection = sections(run.stdout);
      for (const t of batch) results.add(t.path, 'ok', tool, named(t, bySection.get(t.arg) ?? ''));
    }),
  );
}

/** Writes the spec.groups of every PrometheusRule in a kubernetes/ manifest to its own rules file. */
async function extractPrometheusRules(file: GeneratedFile, root: string, results: Results): Promise<RulesTarget[]> {
  let docs: unknown[];
  try {
    docs = jsyaml.loadAll(file.content);
  } catch (err) {
    results.add(file.path, 'failed', 'yaml', (err as Error).message);
    return [];
  }
  results.add(file.path, 'ok', 'yaml', '');
  const targets: RulesTarget[] = [];
  for (const [index, doc] of docs.entries()) {
    const d = doc as { kind?: unknown; metadata?: { name?: unknown }; spec?: { groups?: unknown } } | null;
    if (d?.kind !== 'PrometheusRule') continue;
    const name = `PrometheusRule ${String(d.metadata?.name ?? `#${index + 1}`)}`;
    if (!Array.isArray(d.spec?.groups)) {
      results.add(file.path, 'failed', 'promtool check rules', `${name}: spec.groups is not a list`);
      continue;
    }
    const arg = `extracted/${file.path}.${index}.rules.yml`;
    await fsp.mkdir(path.dirname(path.join(root, arg)), { recursive: true });
    await fsp.writeFile(path.join(root, arg), jsyaml.dump({ groups: d.spec.groups }, { lineWidth: -1, noRefs: true }));
    targets.push({ arg, path: file.path, display: `${file.path} [${name}: spec.groups, line numbers of the extract]` });
  }
  return targets;
}

// ---- the whole tree -----------------------------------------------------------------------------

function isSafeRelativePath(p: string): boolean {
  return p !== '' && !path.posix.isAbsolute(p) && !p.includes('\\') && !p.split('/').some((s) => s === '..' || s === '' || s === '.');
}

/** JSON and YAML files no tool understands: at least they parse. */
function parseCheck(file: GeneratedFile, results: Results): void {
  const kind = file.path.endsWith('.json') ? 'json' : /\.ya?ml$/.test(file.path) ? 'yaml' : undefined;
  if (!kind) return;
  try {
    if (kind === 'json') JSON.parse(file.content);
    else jsyaml.loadAll(file.content);
    results.add(file.path, 'ok', kind, '');
  } catch (err) {
    results.add(file.path, 'failed', kind, (err as Error).message);
  }
}

/** Checks every file with the tool that understands it; see the top of this file. */
export async function checkGenerated(files: GeneratedFile[], options: CheckOptions = {}): Promise<CheckReport> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const promtool = options.tools?.promtool === undefined ? findTool('promtool') : (options.tools.promtool ?? undefined);
  const amtool = options.tools?.amtool === undefined ? findTool('amtool') : (options.tools.amtool ?? undefined);
  const versions = Promise.all([promtool && toolVersion(promtool), amtool && toolVersion(amtool)]);
  const results = new Results();
  const root = await fsp.mkdtemp(path.join(options.tempParent ?? os.tmpdir(), 'awoooi-check-'));
  const tree = path.join(root, 'tree');
  try {
    const safe = files.filter((f) => {
      if (!isSafeRelativePath(f.path)) results.add(f.path, 'failed', 'path', 'not a relative path inside the output folder');
      return isSafeRelativePath(f.path);
    });
    for (const dir of new Set(safe.map((f) => path.dirname(path.join(tree, f.path))))) await fsp.mkdir(dir, { recursive: true });
    for (let i = 0; i < safe.length; i += 256) {
      await Promise.all(safe.slice(i, i + 256).map((f) => fsp.writeFile(path.join(tree, f.path), f.content)));
    }
    const generated = new Set(safe.map((f) => f.path));
    const tasks: Promise<void>[] = [];
    // Marked handled at once: they may settle while the loop below still awaits; Promise.all reports them.
    const track = (task: Promise<void>) => {
      task.catch(() => undefined);
      tasks.push(task);
    };
    const checkRulesOrSay = async (targets: RulesTarget[]) => {
      if (promtool) await checkRules(promtool, targets, root, timeoutMs, results);
      else for (const t of targets) results.add(t.path, 'not-checked', 'promtool check rules', missingTool('promtool'));
    };
    const isRuleFile = (p: string) => /^prometheus\/rules\/[^/]+\.ya?ml$/.test(p);
    const ruleFiles = safe.filter((f) => isRuleFile(f.path)).map((f) => ({ arg: `tree/${f.path}`, path: f.path, display: f.path }));

    // First the longest run. check config loads the rule files it names: only the others are checked again.
    const config = safe.find((f) => f.path === CONFIG_PATH);
    if (config && promtool) {
      const run = runTool(promtool, ['check', 'config', CONFIG_PATH], tree, timeoutMs);
      track(run.then((r) => checkRulesOrSay(ruleFiles.filter((t) => !attributeConfigCheck(r, config.content, generated, results).has(t.path)))));
    } else {
      if (config) results.add(CONFIG_PATH, 'not-checked', 'promtool check config', missingTool('promtool'));
      track(checkRulesOrSay(ruleFiles));
    }
    if (generated.has(ALERTMANAGER_PATH) && amtool) {
      const run = runTool(amtool, ['check-config', ALERTMANAGER_PATH], tree, timeoutMs);
      track(run.then((r) => results.add(ALERTMANAGER_PATH, r.code === 0 ? 'ok' : 'failed', 'amtool check-config', `${r.stdout.trim()}\n${r.stderr.trim()}`)));
    } else if (generated.has(ALERTMANAGER_PATH)) {
      results.add(ALERTMANAGER_PATH, 'not-checked', 'amtool check-config', missingTool('amtool'));
    }
    const manifestRules: RulesTarget[] = [];
    for (const f of safe) {
      if (/^kubernetes\/.+\.ya?ml$/.test(f.path)) manifestRules.push(...(await extractPrometheusRules(f, root, results)));
      else if (f.path !== CONFIG_PATH && f.path !== ALERTMANAGER_PATH && !isRuleFile(f.path)) parseCheck(f, results);
    }
    track(checkRulesOrSay(manifestRules));

    await Promise.all(tasks);
    const [promtoolVersion, amtoolVersion] = await versions;
    const hide = new Map([[`${tree}/`, ''], [`${root}/`, '']]);
    return {
      files: files.map((f) => {
        const r = results.result(f.path);
        return { ...r, output: rewrite(r.output, hide) };
      }),
      tools: { ...(promtoolVersion ? { promtool: promtoolVersion } : {}), ...(amtoolVersion ? { amtool: amtoolVersion } : {}) },
    };
  } finally {
    await fsp.rm(root, { recursive: true, force: true });
  }
}
