// A real Prometheus on loopback that reads a config file the test controls and accepts POST /-/reload
// (--web.enable-lifecycle): the deploy tests push a tree into its folder. For a server holding known series
// to query, see prometheus-server.ts (same binary: .tools/bin/prometheus, env PROMETHEUS, or PATH).
//
//   const prom = await startPrometheusOnConfig({ configFile: `${dir}/prometheus/prometheus.yml` });
//   await prom.stop();
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startLoopbackProcess, type LoopbackProcess } from './loopback-process';
import { findPrometheus } from './prometheus-server';

export async function startPrometheusOnConfig(options: { configFile: string; port?: number }): Promise<LoopbackProcess> {
  const binary = findPrometheus();
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'awoooi-prometheus-tsdb-'));
  const port = options.port ?? (await freePort());
  try {
    const server = await startLoopbackProcess({
      name: 'prometheus',
      binary,
      port,
      cwd: data, // not the config's folder: relative paths in the config must resolve against the config file
      readyPath: '/-/ready',
      args: [`--config.file=${options.configFile}`, `--storage.tsdb.path=${data}`, `--web.listen-address=127.0.0.1:${port}`, '--web.enable-lifecycle'],
    });
    return {
      ...server,
      stop: async () => {
        await server.stop();
        fs.rmSync(data, { recursive: true, force: true });
      },
    };
  } catch (error) {
    fs.rmSync(data, { recursive: true, force: true });
    throw error;
  }
}
