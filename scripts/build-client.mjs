#!/usr/bin/env node
// `npm run build:client`: bundles the auto-monitoring browser client (lib/rum/client/script-tag.ts, web-vitals
// included) into public/monitor.js, minified, as one classic script. Fails (exit 1) when it is over its budget of
// 5 KB gzipped: it is loaded by every page of every monitored app.
//   node scripts/build-client.mjs [--outfile path]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLIENT_BUDGET_GZIP_BYTES = 5 * 1024;
export const CLIENT_OUTFILE = path.join(ROOT, 'public/monitor.js');

const common = {
  bundle: true,
  minify: true,
  format: 'iife',
  // ES2020 plus class fields: web-vitals itself ships that syntax (it supports browsers of the last 30 months),
  // so lowering further would only add helpers (about 250 bytes gzipped) for browsers it cannot measure anyway.
  target: ['es2020'],
  supported: { 'class-field': true },
  platform: 'browser',
  legalComments: 'none',
  write: false,
  logLevel: 'silent',
};

const gzipSize = (code) => gzipSync(code, { level: 9 }).length;

/**
 * Builds the client to `outfile`; returns its sizes. `webVitalsGzip` is web-vitals' five functions bundled alone:
 * its share of the total (the two do not add up exactly, gzip shares a dictionary).
 */
export async function buildClient({ outfile = CLIENT_OUTFILE } = {}) {
  const result = await build({ ...common, entryPoints: [path.join(ROOT, 'lib/rum/client/script-tag.ts')] });
  const code = result.outputFiles[0].contents;
  const vitalsOnly = await build({
    ...common,
    stdin: {
      contents: "import { onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals'; self.v = [onCLS, onFCP, onINP, onLCP, onTTFB];",
      resolveDir: ROOT,
    },
  });
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  fs.writeFileSync(outfile, code);
  return {
    outfile,
    bytes: code.length,
    gzipBytes: gzipSize(code),
    webVitalsGzipBytes: gzipSize(vitalsOnly.outputFiles[0].contents),
    budget: CLIENT_BUDGET_GZIP_BYTES,
  };
}

async function main() {
  const i = process.argv.indexOf('--outfile');
  const outfile = i > 0 ? path.resolve(process.argv[i + 1]) : CLIENT_OUTFILE;
  const size = await buildClient({ outfile });
  const summary =
    `${path.relative(process.cwd(), size.outfile)}: ${size.bytes} bytes, ${size.gzipBytes} bytes gzipped ` +
    `(budget ${size.budget}; web-vitals alone ${size.webVitalsGzipBytes})`;
  if (size.gzipBytes > size.budget) {
    console.error(`[build-client] ${summary}: OVER BUDGET by ${size.gzipBytes - size.budget} bytes`);
    process.exit(1);
  }
  console.log(`[build-client] ${summary}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e) => {
    console.error(`[build-client] failed: ${e?.stack ?? e}`);
    process.exit(1);
  });
}
