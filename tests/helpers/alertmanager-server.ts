// A real Alertmanager on loopback, reading a config file the test controls (deploy tests push into it).
//
//   const am = await startAlertmanager({ configFile: '/tmp/x/alertmanager/alertmanager.yml' });
//   await fetch(`${am.url}/-/reload`, { method: 'POST' });
//   await am.stop();
//
// Debian 12's server (.tools/bin/alertmanager, from the package that also gives amtool; env ALERTMANAGER, or
// alertmanager / prometheus-alertmanager on PATH). Clustering is off (--cluster.listen-address=), so it opens
// no gossip port and looks for no peers. Debian's build needs its default notification templates in
// /usr/share/prometheus/alertmanager/ and refuses every config without them: the installer puts them there.
// A missing binary or template fails the test with the install command, never skips it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { INSTALL_COMMAND } from '@/lib/generate/check';
import { findBinary, freePort, startLoopbackProcess, type LoopbackProcess } from './loopback-process';

const DEBIAN_TEMPLATES = '/usr/share/prometheus/alertmanager/default.tmpl';

export function findAlertmanager(): string {
  const found = findBinary('ALERTMANAGER', ['alertmanager', 'prometheus-alertmanager']);
  if (!found) {
    throw new Error(`the Alertmanager server was not found (env ALERTMANAGER, .tools/bin/alertmanager, PATH). Install it with: ${INSTALL_COMMAND}`);
  }
  return found;
}

export async function startAlertmanager(options: { configFile: string; port?: number }): Promise<LoopbackProcess> {
  const binary = findAlertmanager();
  if (fs.realpathSync(binary).endsWith('prometheus-alertmanager') && !fs.existsSync(DEBIAN_TEMPLATES)) {
    throw new Error(`Debian's Alertmanager reads its templates from ${path.dirname(DEBIAN_TEMPLATES)}/ only, and they are missing. Install them with: ${INSTALL_COMMAND} (as root)`);
  }
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'awoooi-alertmanager-'));
  const port = options.port ?? (await freePort());
  try {
    const server = await startLoopbackProcess({
      name: 'alertmanager',
      binary,
      port,
      cwd: storage,
      readyPath: '/-/ready',
      args: [
        `--config.file=${options.configFile}`,
        `--storage.path=${storage}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
      ],
    });
    return {
      ...server,
      stop: async () => {
        await server.stop();
        fs.rmSync(storage, { recursive: true, force: true });
      },
    };
  } catch (error) {
    fs.rmSync(storage, { recursive: true, force: true });
    throw error;
  }
}
