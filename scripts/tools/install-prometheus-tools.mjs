#!/usr/bin/env node
// Makes Prometheus's own checkers available under <repo>/.tools/bin, for tests, the CLI and the Configs page:
//   promtool    from Debian 13 (trixie) package `promtool` 2.53: Debian 12's 2.42 rejects kubernetes_sd_configs
//   amtool      from Debian 12 (bookworm) package `prometheus-alertmanager` 0.25
//   prometheus  the server, from Debian 13 (trixie) package `prometheus` 2.53 (same version as promtool): the SLO
//               tests query a real one on loopback (tests/helpers/prometheus-server.ts); the app never runs it
//   alertmanager the server, from the same Debian 12 package as amtool (its binary is `prometheus-alertmanager`):
//               the deploy tests push configs to a real one on loopback; the app never runs it. Debian's build
//               reads its default notification templates from /usr/share/prometheus/alertmanager/ and nowhere
//               else (a Debian patch; the flag to move them was dropped in 0.24.0-5), and refuses every config
//               without them. So the package's default.tmpl and email.tmpl are copied there when missing: the
//               one thing this script writes outside .tools (as root only; never over existing files).
//   blackbox_exporter the server, from Debian 12 (bookworm) package `prometheus-blackbox-exporter` 0.23: the
//               deploy tests reload a real one on loopback; the app never runs it
// Method: `apt-get download` against a PRIVATE sources list, lists and cache under .tools/apt (the system's
// apt configuration is never changed and nothing is installed system-wide but Alertmanager's two templates,
// above), then `dpkg-deb -x` into .tools/pkgs/<package>_<version>/ and a symlink in .tools/bin. All are Go
// binaries needing only glibc >= 2.34.
//
//   node scripts/tools/install-prometheus-tools.mjs [--best-effort] [--force]
//     --best-effort  on failure warn and exit 0 (`npm start` uses this: the app runs without the checkers);
//                    installs only what the app runs (promtool, amtool), not the test-only Prometheus server
//     --force        download again even if the tools are there
// Env PROMTOOL / AMTOOL / PROMETHEUS naming an existing file: that tool is used as is and not installed.
// A no-op when all tools are present and have run before (it only stats files: Node's start-up time plus a
// few ms), so it is safe to call before every test run. Env AWOOOI_DEBIAN_MIRROR: another Debian mirror.
//
// Plain Node, no dependencies: it may run before `npm ci`.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TOOLS = path.join(ROOT, '.tools');
const BIN = path.join(TOOLS, 'bin');
const APT = path.join(TOOLS, 'apt');
const PKGS = path.join(TOOLS, 'pkgs');
const LOCK = path.join(TOOLS, 'install.lock');
const KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';
// A local Debian mirror, if deb.debian.org is not reachable (the keyring still has to sign it).
const MIRROR = process.env.AWOOOI_DEBIAN_MIRROR || 'http://deb.debian.org/debian';

const TOOL_SPECS = [
  { name: 'promtool', env: 'PROMTOOL', pkg: 'promtool', release: 'trixie', binary: 'usr/bin/promtool' },
  { name: 'amtool', env: 'AMTOOL', pkg: 'prometheus-alertmanager', release: 'bookworm', binary: 'usr/bin/amtool' },
  // Only tests run the servers (86 MB and 40 MB unpacked): `npm start` (--best-effort) does not fetch them.
  { name: 'prometheus', env: 'PROMETHEUS', pkg: 'prometheus', release: 'trixie', binary: 'usr/bin/prometheus', testsOnly: true },
  {
    name: 'alertmanager',
    env: 'ALERTMANAGER',
    pkg: 'prometheus-alertmanager',
    release: 'bookworm',
    binary: 'usr/bin/prometheus-alertmanager',
    assets: { dir: '/usr/share/prometheus/alertmanager', files: ['default.tmpl', 'email.tmpl'] },
    testsOnly: true,
  },
  {
    name: 'blackbox_exporter',
    env: 'BLACKBOX_EXPORTER',
    pkg: 'prometheus-blackbox-exporter',
    release: 'bookworm',
    binary: 'usr/bin/prometheus-blackbox-exporter',
    testsOnly: true,
  },
];

const HAND_INSTALL = [
  'Install them by hand, then run this script again (or set PROMTOOL=/path/to/promtool AMTOOL=/path/to/amtool',
  '  PROMETHEUS=/path/to/prometheus ALERTMANAGER=/path/to/alertmanager BLACKBOX_EXPORTER=/path/to/blackbox_exporter):',
  '  promtool >= 2.53: Debian 13 package `promtool`, or `promtool` from a prometheus-2.53.x release tarball',
  '    (github.com/prometheus/prometheus/releases); older ones reject kubernetes_sd_configs',
  '  amtool: Debian 12 package `prometheus-alertmanager`, or `amtool` from an alertmanager release tarball',
  '  prometheus (the server, for the SLO and deploy tests): Debian 13 package `prometheus`, or `prometheus` from the same tarball',
  '  alertmanager (the server, for the deploy tests): /usr/bin/prometheus-alertmanager of Debian 12 package',
  '    `prometheus-alertmanager`, or `alertmanager` from an alertmanager release tarball',
  '  blackbox_exporter (for the deploy tests): Debian 12 package `prometheus-blackbox-exporter`, or a release tarball\'s',
  `Either put them on PATH or in ${path.relative(process.cwd(), BIN) || BIN}/.`,
].join('\n');

const args = new Set(process.argv.slice(2));
for (const a of args) {
  if (!['--best-effort', '--force'].includes(a)) {
    console.error(`unknown option ${a}\nusage: install-prometheus-tools.mjs [--best-effort] [--force]`);
    process.exit(2);
  }
}
const bestEffort = args.has('--best-effort');
const force = args.has('--force');
const SPECS = bestEffort ? TOOL_SPECS.filter((s) => !s.testsOnly) : TOOL_SPECS;
const TOOL_NAMES = SPECS.map((s) => s.name).join('/');
const execFileAsync = promisify(execFile);

// Versions of binaries that ran, keyed by file identity: the no-op run (before every test run) then only
// stats files instead of starting two Go programs, which on a loaded machine is most of its time.
const VERIFIED = path.join(TOOLS, 'verified.json');
const verifiedBefore = readJson(VERIFIED) ?? {};
const verifiedNow = {};

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Version from `tool --version` ("promtool, version 2.53.3+ds1 (branch: ...)"), or undefined if it does not run. */
async function versionOf(file) {
  let id;
  try {
    const st = fs.statSync(file);
    id = `${fs.realpathSync(file)} ${st.dev}:${st.ino} ${st.size} ${st.mtimeMs}`;
  } catch {
    return undefined;
  }
  let version = force ? undefined : verifiedBefore[id];
  if (version === undefined) {
    try {
      const { stdout, stderr } = await execFileAsync(file, ['--version'], { timeout: 10_000 });
      const line = (stdout || stderr).split('\n')[0].trim();
      version = line.match(/version (\S+)/)?.[1] ?? (line || 'unknown version');
    } catch {
      return undefined;
    }
  }
  verifiedNow[id] = version;
  return version;
}

function saveVerified() {
  // No .tools: every tool comes from PROMTOOL/AMTOOL/PROMETHEUS, and this script leaves no trace.
  // A run that skipped the test-only tools keeps their entries, so the next test run need not start them again.
  const next = SPECS === TOOL_SPECS ? verifiedNow : { ...verifiedBefore, ...verifiedNow };
  if (JSON.stringify(next) === JSON.stringify(verifiedBefore) || !fs.existsSync(TOOLS)) return;
  try {
    fs.writeFileSync(VERIFIED, JSON.stringify(next, null, 2) + '\n');
  } catch {} // only a cache
}

const isFile = (p) => {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
};

/** Where the tool comes from if nothing needs installing: { path, version, source } or undefined. */
async function present(spec) {
  const fromEnv = process.env[spec.env];
  if (fromEnv && isFile(fromEnv)) {
    return { path: fromEnv, version: (await versionOf(fromEnv)) ?? 'does not run!', source: `$${spec.env}` };
  }
  if (fromEnv) console.warn(`[tools] ${spec.env}=${fromEnv} is not a file; ignoring it`);
  return force ? undefined : installed(spec);
}

/** The tool in .tools/bin if it runs (and the files it reads from fixed system paths are there). */
async function installed(spec) {
  const local = path.join(BIN, spec.name);
  const version = await versionOf(local);
  if (spec.assets && spec.assets.files.some((f) => !isFile(path.join(spec.assets.dir, f)))) return undefined;
  return version ? { path: local, version, source: path.relative(ROOT, local) } : undefined;
}

/** Copies a package's files to the system path its binary reads them from; never replaces a file that is there. */
function placeAssets(spec, unpacked) {
  const { dir, files } = spec.assets;
  const missing = files.filter((f) => !isFile(path.join(dir, f)));
  if (missing.length === 0) return;
  const from = path.join(unpacked, dir.replace(/^\//, ''));
  try {
    fs.mkdirSync(dir, { recursive: true });
    for (const f of missing) fs.copyFileSync(path.join(from, f), path.join(dir, f), fs.constants.COPYFILE_EXCL);
  } catch (err) {
    throw new Error(
      `${spec.name}: Debian's build reads ${missing.join(', ')} from ${dir}/ only, and copying them there failed (${err.message}). ` +
        `Run this script as root once, or: sudo apt-get install prometheus-alertmanager`,
    );
  }
  console.log(`[tools] ${spec.name}: placed Debian's ${missing.join(', ')} in ${dir}/ (its binary reads them from there only)`);
}

/** Runs a command; on failure throws with `what` and the command's own output (not its long option list). */
function run(what, cmd, cmdArgs, opts = {}) {
  try {
    return execFileSync(cmd, cmdArgs, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  } catch (err) {
    const out = `${err.stdout ?? ''}${err.stderr ?? ''}`.trim();
    throw new Error(`${what} failed${err.code === 'ENOENT' ? ` (${cmd} is not installed)` : ''}${out ? `:\n${out}` : ''}`);
  }
}

/** apt-get options that point every path apt writes or reads sources from into .tools/apt. */
function privateAptOptions() {
  const sources = path.join(APT, 'sources.list');
  const prefs = path.join(APT, 'preferences.d');
  for (const dir of [path.join(APT, 'lists', 'partial'), path.join(APT, 'cache', 'archives', 'partial'), prefs]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  const releases = [...new Set(TOOL_SPECS.map((s) => s.release))];
  fs.writeFileSync(sources, releases.map((r) => `deb [signed-by=${KEYRING}] ${MIRROR} ${r} main\n`).join(''));
  const opts = {
    'Dir::Etc::sourcelist': sources,
    'Dir::Etc::sourceparts': '-',
    'Dir::Etc::preferences': path.join(prefs, 'none'),
    'Dir::Etc::preferencesparts': prefs,
    'Dir::State::Lists': path.join(APT, 'lists'),
    'Dir::Cache': path.join(APT, 'cache'),
    // As root, apt would download as user _apt, who cannot write into this repository's folders.
    'APT::Sandbox::User': 'root',
    'Acquire::Languages': 'none',
    // Otherwise an unreachable mirror is only a warning, and `download` then says "Unable to locate package".
    'APT::Update::Error-Mode': 'any',
  };
  return Object.entries(opts).flatMap(([k, v]) => ['-o', `${k}=${v}`]);
}

/** Takes .tools/install.lock (another install running waits); returns the release function. */
async function lock() {
  fs.mkdirSync(TOOLS, { recursive: true });
  for (let waited = 0; ; waited += 500) {
    try {
      fs.writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(LOCK, { force: true });
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const text = fs.readFileSync(LOCK, 'utf8');
      const holder = Number(text);
      let alive = text === ''; // just created, pid not written yet
      try {
        if (Number.isInteger(holder) && holder > 0) alive = process.kill(holder, 0);
      } catch {}
      if (!alive || waited > 300_000) fs.rmSync(LOCK, { force: true }); // stale: its process is gone
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
}

function install(specs) {
  if (!isFile(KEYRING)) throw new Error(`${KEYRING} is missing (package debian-archive-keyring); this installer needs Debian's apt`);
  const apt = privateAptOptions();
  const where = `private apt config in ${path.relative(ROOT, APT)}`;
  // amtool and the Alertmanager server come from one package: download it once
  const wanted = [...new Set(specs.map((s) => `${s.pkg}/${s.release}`))];
  console.log(`[tools] fetching ${wanted.join(', ')} from ${MIRROR} (${where})`);
  const debs = path.join(APT, 'debs');
  try {
    run(`apt-get update (${where})`, 'apt-get', [...apt, '-q', 'update']);
    fs.rmSync(debs, { recursive: true, force: true });
    fs.mkdirSync(debs, { recursive: true });
    run(`apt-get download ${wanted.join(' ')} (${where})`, 'apt-get', [...apt, '-q', 'download', ...wanted], { cwd: debs });
    fs.mkdirSync(BIN, { recursive: true });
    fs.mkdirSync(PKGS, { recursive: true });
    for (const pkg of new Set(specs.map((s) => s.pkg))) extract(pkg, specs.filter((s) => s.pkg === pkg), debs);
  } finally {
    // The extracted binaries are all we keep; the next install runs `apt-get update` again anyway.
    for (const dir of [debs, path.join(APT, 'lists'), path.join(APT, 'cache')]) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Unpacks a package and keeps the binaries of `specs` (all from that package) and its licence. */
function extract(pkg, specs, debs) {
  const deb = fs.readdirSync(debs).find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'));
  if (!deb) throw new Error(`apt-get download left no ${pkg}_*.deb in ${debs}`);
  const version = run(`reading ${deb}`, 'dpkg-deb', ['-f', path.join(debs, deb), 'Version']).trim();
  const dest = path.join(PKGS, `${pkg}_${version.replace(/[^A-Za-z0-9.+~-]/g, '_')}`);
  // Keep only the wanted binaries and the licence (the alertmanager package holds a 40 MB server beside amtool).
  // Files are replaced one by one, not the whole folder: another tool of the same package may already live there.
  const unpacked = `${dest}.unpacked`;
  fs.rmSync(unpacked, { recursive: true, force: true });
  run(`unpacking ${deb}`, 'dpkg-deb', ['-x', path.join(debs, deb), unpacked]);
  for (const spec of specs) if (!isFile(path.join(unpacked, spec.binary))) throw new Error(`${deb} has no ${spec.binary}`);
  for (const spec of specs) if (spec.assets) placeAssets(spec, unpacked);
  for (const keep of [...specs.map((s) => s.binary), `usr/share/doc/${pkg}/copyright`]) {
    if (!isFile(path.join(unpacked, keep))) continue;
    fs.mkdirSync(path.dirname(path.join(dest, keep)), { recursive: true });
    fs.rmSync(path.join(dest, keep), { force: true });
    fs.renameSync(path.join(unpacked, keep), path.join(dest, keep));
  }
  fs.rmSync(unpacked, { recursive: true, force: true });
  for (const spec of specs) {
    const link = path.join(BIN, spec.name);
    fs.rmSync(link, { force: true });
    // Relative, so the repository can move.
    fs.symlinkSync(path.relative(BIN, path.join(dest, spec.binary)), link);
  }
}

async function main() {
  const found = await Promise.all(SPECS.map(present));
  const missing = SPECS.filter((_, i) => !found[i]);
  if (missing.length > 0) {
    const release = await lock();
    try {
      // Another run may have installed them while we waited for the lock.
      const stillMissing = [];
      for (const spec of missing) if (force || !(await installed(spec))) stillMissing.push(spec);
      if (stillMissing.length > 0) install(stillMissing);
    } finally {
      release();
    }
  }
  let ok = true;
  for (const [i, spec] of SPECS.entries()) {
    const tool = found[i] ?? (await installed(spec));
    if (!tool || tool.version === 'does not run!') {
      ok = false;
      console.error(`[tools] ${spec.name}: installed at ${tool?.path ?? path.join(BIN, spec.name)} but it does not run`);
    } else {
      console.log(`[tools] ${spec.name} ${tool.version} (${tool.source})`);
    }
  }
  saveVerified();
  if (!ok) throw new Error('a tool does not run on this machine');
}

main().catch((err) => {
  const message = `[tools] could not install ${TOOL_NAMES}: ${err.message}\n${HAND_INSTALL}`;
  if (bestEffort) {
    console.warn(`${message}\n[tools] continuing without them (--best-effort): generated configs will show as not checked`);
    process.exit(0);
  }
  console.error(message);
  process.exit(1);
});
