// The embedded PostgreSQL (PGlite over a loopback socket) that `npm start` uses without DATABASE_URL.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '@/lib/db/client';
import { startEmbeddedPostgres } from '../../scripts/db/embedded-postgres.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const execFileP = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awoooi-pglite-'));
const dataDir = path.join(dir, 'data');

const start = () => startEmbeddedPostgres({ dir: dataDir, port: 0 });

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('embedded PostgreSQL', () => {
  it('refuses a busy port before it touches the data folder, so the next start is not left a broken folder', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as net.AddressInfo;
    const untouched = path.join(dir, 'never-made');
    try {
      await expect(startEmbeddedPostgres({ dir: untouched, port })).rejects.toThrow(`Port ${port} on 127.0.0.1 is already in use`);
      expect(fs.existsSync(untouched)).toBe(false);
    } finally {
      busy.close();
    }
  });

  it('starts in a new folder, takes the migrations, answers Prisma queries and closes cleanly', async () => {
    const pg = await start();
    try {
      expect(pg.url).toMatch(/^postgresql:\/\/postgres:postgres@127\.0\.0\.1:\d+\/postgres$/);
      expect(fs.existsSync(`${pg.dir}.lock`)).toBe(true);
      // Asynchronous child: this process's event loop serves its queries.
      const { stdout } = await execFileP(process.execPath, ['scripts/db/migrate.mjs', 'deploy'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: pg.url },
        timeout: 60_000,
      });
      expect(stdout).toMatch(/applied \d+ migration/);

      const db = createDb(pg.url, 1); // PGlite: one session for everyone, so exactly one connection
      try {
        await db.owner.create({ data: { name: 'team-embedded' } });
        expect(await db.owner.count()).toBe(1);
        // A failed query must not break the (single) connection for the next one.
        await expect(db.owner.create({ data: { name: 'team-embedded' } })).rejects.toThrow();
        expect(await db.owner.findUnique({ where: { name: 'team-embedded' } })).toMatchObject({ version: 1 });
      } finally {
        await db.$disconnect();
      }
    } finally {
      await pg.close();
    }
    expect(fs.existsSync(`${path.resolve(dataDir)}.lock`)).toBe(false);
  });

  it('keeps the data across restarts and refuses a second opener of the same folder', async () => {
    const pg = await start();
    try {
      await expect(start()).rejects.toThrow(/in use by process/);
      const db = createDb(pg.url, 1);
      try {
        expect(await db.owner.count()).toBe(1);
      } finally {
        await db.$disconnect();
      }
      const again = await execFileP(process.execPath, ['scripts/db/migrate.mjs', 'deploy'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: pg.url },
      });
      expect(again.stdout).toMatch(/up to date/);
    } finally {
      await pg.close();
    }
  });

  it('lets its process exit promptly after close()', async () => {
    const moduleUrl = pathToFileURL(path.join(ROOT, 'scripts/db/embedded-postgres.mjs')).href;
    const script = `
      import pg from 'pg';
      import { startEmbeddedPostgres } from ${JSON.stringify(moduleUrl)};
      const e = await startEmbeddedPostgres({ dir: ${JSON.stringify(dataDir)}, port: 0 });
      const c = new pg.Client(e.url); await c.connect();
      const { rows } = await c.query('SELECT count(*)::int AS n FROM "Owner"');
      await c.end(); await e.close();
      console.log('closed ' + rows[0].n);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT });
    let out = '';
    let closedAt = 0;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('closed')) closedAt ||= Date.now();
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(out).toContain('closed 1');
    expect(code).toBe(0);
    // Without an explicit close, PGlite keeps Node alive for ~10 s.
    expect(Date.now() - closedAt).toBeLessThan(2_000);
  });
});
