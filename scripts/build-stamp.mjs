// Whether the production build in .next matches the sources: a content hash (not mtimes, which every
// checkout and copy touches), recorded beside the build. Used by `npm start` and the e2e server.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const INPUT_DIRS = ['app', 'components', 'lib', 'public', 'styles', 'hooks'];
// Generated from lib/rum/client (fingerprinted above) before every build; served from public/ at run time, not
// part of the Next build, so hashing it would only make a rebuilt copy look like a source change.
const GENERATED = new Set(['public/monitor.js']);
const INPUT_FILES = [
  'package-lock.json',
  'next.config.mjs',
  'next.config.js',
  'next.config.ts',
  'tsconfig.json',
  'postcss.config.mjs',
  'proxy.ts',
  'middleware.ts',
  'instrumentation.ts',
  'instrumentation-client.ts',
  'prisma/schema.prisma',
];

/** @param {string} dir @param {string[]} out */
function listFiles(dir, out) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) listFiles(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** @param {string} root */
function fingerprint(root) {
  const hash = createHash('sha256');
  const files = [...INPUT_DIRS.flatMap((d) => listFiles(path.join(root, d), [])), ...INPUT_FILES.map((f) => path.join(root, f))];
  for (const file of files.sort()) {
    if (!fs.existsSync(file) || GENERATED.has(path.relative(root, file).split(path.sep).join('/'))) continue;
    hash.update(`${path.relative(root, file)}\0`);
    hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  // NEXT_PUBLIC_* values are inlined into the client bundle at build time.
  for (const key of Object.keys(process.env).filter((k) => k.startsWith('NEXT_PUBLIC_')).sort()) {
    hash.update(`${key}=${process.env[key]}\0`);
  }
  return hash.digest('hex');
}

/**
 * @param {string} root the app's folder
 * @returns {{ state: 'current' | 'stale' | 'missing'; record(): void }} record() after a successful build
 */
export function checkBuild(root) {
  const stampFile = path.join(root, '.next/awoooi-build-stamp');
  const hash = fingerprint(root);
  const built = fs.existsSync(path.join(root, '.next/BUILD_ID'));
  const previous = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8').trim() : '';
  return {
    state: !built ? 'missing' : previous === hash ? 'current' : 'stale',
    record: () => fs.writeFileSync(stampFile, `${hash}\n`),
  };
}
