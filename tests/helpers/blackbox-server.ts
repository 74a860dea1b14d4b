// A real Blackbox exporter on loopback, reading a config file the test controls (deploy tests push into it).
//
//   const bb = await startBlackboxExporter({ configFile: '/tmp/x/blackbox/blackbox.yml' });
//   await fetch(`${bb.url}/-/reload`, { method: 'POST' });
//   await bb.stop();
//
// Debian 12's prometheus-blackbox-exporter 0.23 (.tools/bin/blackbox_exporter; env BLACKBOX_EXPORTER, or
// blackbox_exporter / prometheus-blackbox-exporter on PATH). Nothing is probed: probes run only when /probe is
// called. A missing binary fails the test with the install command, never skips it.
import os from 'node:os';
import { INSTALL_COMMAND } from '@/lib/generate/check';
import { findBinary, freePort, startLoopbackProcess, type LoopbackProcess } from './loopback-process';

export function findBlackboxExporter(): string {
  const found = findBinary('BLACKBOX_EXPORTER', ['blackbox_exporter', 'prometheus-blackbox-exporter']);
  if (!found) throw new Error(`the Blackbox exporter was not found (env BLACKBOX_EXPORTER, .tools/bin/blackbox_exporter, PATH). Install it with: ${INSTALL_COMMAND}`);
  return found;
}

export async function startBlackboxExporter(options: { configFile: string; port?: number }): Promise<LoopbackProcess> {
  const port = options.port ?? (await freePort());
  return startLoopbackProcess({
    name: 'blackbox_exporter',
    binary: findBlackboxExporter(),
    port,
    cwd: os.tmpdir(),
    args: [`--config.file=${options.configFile}`, `--web.listen-address=127.0.0.1:${port}`],
    readyPath: '/-/healthy',
  });
}
