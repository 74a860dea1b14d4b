// Is the database answering? Used by GET /api/v1/health (503 when not) and by the start script.
import type { Db } from './client';

export interface Health {
  status: 'ok' | 'error';
  database: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

export async function checkDatabase(db: Db, timeoutMs = 3_000): Promise<Health> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.$queryRaw`SELECT 1`,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'ok', database: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    // The message names the failure (refused, timeout), never the connection string or its password.
    const message = error instanceof Error ? error.message.replace(/postgres(ql)?:\/\/\S+/g, '<database url>') : 'unknown error';
    return { status: 'error', database: 'down', latencyMs: Math.round(performance.now() - started), error: message };
  } finally {
    clearTimeout(timer);
  }
}
