// Discovery notifications against real HTTP receivers on 127.0.0.1 (no fetch mocks): a generic webhook and a
// stand-in for the Telegram Bot API answering its real response shapes.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { notifyConfigFromEnv, notifyUnregistered, telegramText, webhookPayload, type NotifyRun } from '@/lib/discovery/notify';
import type { Workload } from '@/lib/discovery/types';

interface Received { method: string; path: string; headers: http.IncomingHttpHeaders; body: string }
type Reply = { status: number; body?: unknown; hang?: boolean };

const servers: http.Server[] = [];

/** A receiver answering each request with the next reply from `replies` (the last one repeats). */
async function receiver(replies: Reply[]) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const reply = replies[Math.min(received.length, replies.length) - 1]!;
      if (reply.hang) return;
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => { s.closeAllConnections(); s.close(() => resolve()); })));
});

const run: NotifyRun = {
  id: 'run-42', trigger: 'schedule', startedAt: new Date('2025-03-01T10:00:00.000Z'), finishedAt: new Date('2025-03-01T10:00:07.500Z'),
};

function workload(name: string, extra: Partial<Workload> = {}): Workload {
  return {
    source: 'docker', location: 'web-1', name, kind: 'container', image: `registry.local/${name}:1.0`, status: 'Up 3 hours',
    healthy: true, labels: { secret: 'do-not-send' }, annotations: {}, ...extra,
  };
}

const TOKEN = '123456789:AAHsecret-token_value';
const telegramOk = (text: string) => ({
  status: 200, body: { ok: true, result: { message_id: 7, chat: { id: -100123, type: 'supergroup' }, date: 1740823207, text } },
});
const fast = { baseDelayMs: 5, timeoutMs: 2_000 };

describe('webhook', () => {
  it('POSTs the exact payload once, signed with HMAC-SHA256 of the raw body', async () => {
    const hook = await receiver([{ status: 204 }]);
    const workloads = [workload('api'), workload('worker', { source: 'kubernetes', location: 'prod', kind: 'Deployment', image: undefined, status: '2/3 ready' })];
    const results = await notifyUnregistered(run, workloads, {
      webhook: { url: `${hook.url}/hooks/discovery`, signingSecret: 's3cret' }, publicUrl: 'https://mon.example.com/', ...fast,
    });

    expect(results).toEqual([{ channel: 'webhook', ok: true, attempts: 1 }]);
    expect(hook.received).toHaveLength(1);
    const [req] = hook.received;
    expect(req!.method).toBe('POST');
    expect(req!.path).toBe('/hooks/discovery');
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers.authorization).toBeUndefined();
    expect(JSON.parse(req!.body)).toEqual({
      event: 'discovery.unregistered',
      run: { id: 'run-42', trigger: 'schedule', startedAt: '2025-03-01T10:00:00.000Z', finishedAt: '2025-03-01T10:00:07.500Z' },
      count: 2,
      workloads: [
        { source: 'docker', location: 'web-1', name: 'api', kind: 'container', image: 'registry.local/api:1.0', status: 'Up 3 hours' },
        { source: 'kubernetes', location: 'prod', name: 'worker', kind: 'Deployment', status: '2/3 ready' },
      ],
      url: 'https://mon.example.com/discovery',
    });
    const expected = `sha256=${createHmac('sha256', 's3cret').update(req!.body).digest('hex')}`;
    expect(req!.headers['x-awoooi-signature']).toBe(expected);
    expect(req!.body).not.toContain('do-not-send');
  });

  it('sends no signature without a secret and no url without a public base URL', async () => {
    const hook = await receiver([{ status: 200 }]);
    await notifyUnregistered(run, [workload('api')], { webhook: { url: hook.url }, ...fast });
    expect(hook.received[0]!.headers['x-awoooi-signature']).toBeUndefined();
    expect(JSON.parse(hook.received[0]!.body)).not.toHaveProperty('url');
  });

  it('retries 503 with backoff and succeeds on the third attempt', async () => {
    const hook = await receiver([{ status: 503 }, { status: 503 }, { status: 200, body: { received: true } }]);
    const results = await notifyUnregistered(run, [workload('api')], { webhook: { url: hook.url }, ...fast });
    expect(results).toEqual([{ channel: 'webhook', ok: true, attempts: 3 }]);
    expect(hook.received).toHaveLength(3);
    expect(new Set(hook.received.map((r) => r.body)).size).toBe(1);
  });

  it('gives up after `attempts` on persistent 5xx', async () => {
    const hook = await receiver([{ status: 502 }]);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const results = await notifyUnregistered(run, [workload('api')], { webhook: { url: hook.url }, attempts: 2, ...fast });
    expect(results).toEqual([{ channel: 'webhook', ok: false, attempts: 2, error: 'HTTP 502' }]);
    expect(hook.received).toHaveLength(2);
  });

  it('does not retry a 400 and reports why', async () => {
    const hook = await receiver([{ status: 400, body: { error: 'bad payload' } }]);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const results = await notifyUnregistered(run, [workload('api')], { webhook: { url: hook.url }, ...fast });
    expect(results).toEqual([{ channel: 'webhook', ok: false, attempts: 1, error: 'HTTP 400: {"error":"bad payload"}' }]);
    expect(hook.received).toHaveLength(1);
  });

  it('times out a receiver that never answers', async () => {
    const hook = await receiver([{ status: 200, hang: true }]);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const results = await notifyUnregistered(run, [workload('api')], { webhook: { url: hook.url }, attempts: 1, timeoutMs: 200 });
    expect(results).toEqual([{ channel: 'webhook', ok: false, attempts: 1, error: 'timed out after 0.2 s' }]);
  });
});

describe('telegram', () => {
  it('sends one HTML message for 25 workloads, 20 listed, after honouring a 429 retry_after', async () => {
    const tooMany = {
      status: 429,
      body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } },
    };
    const bot = await receiver([tooMany, telegramOk('sent')]);
    const workloads = Array.from({ length: 25 }, (_, i) => workload(`svc-${String(i + 1).padStart(2, '0')}`));
    const started = Date.now();
    const results = await notifyUnregistered(run, workloads, {
      telegram: { botToken: TOKEN, chatId: '-100123', apiBase: `${bot.url}/` }, publicUrl: 'https://mon.example.com', ...fast,
    });

    expect(results).toEqual([{ channel: 'telegram', ok: true, attempts: 2 }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950); // retry_after: 1 s, not the 5 ms backoff
    expect(bot.received).toHaveLength(2);
    const [req] = bot.received;
    expect(req!.path).toBe(`/bot${TOKEN}/sendMessage`);
    expect(req!.headers['content-type']).toBe('application/json');
    const sent = JSON.parse(req!.body);
    expect(sent).toMatchObject({ chat_id: '-100123', parse_mode: 'HTML', disable_web_page_preview: true });
    expect(sent.text).toContain('25 new unregistered workloads');
    expect(sent.text.match(/^• /gm)).toHaveLength(20);
    expect(sent.text).toContain('svc-20');
    expect(sent.text).not.toContain('svc-21');
    expect(sent.text).toContain('and 5 more');
    expect(sent.text).toContain('<a href="https://mon.example.com/discovery">');
    expect(sent.text.length).toBeLessThan(4096);
  });

  it('treats { ok: false } as a failure and never reveals the bot token', async () => {
    // A misbehaving proxy that echoes the request path (with the token) in its description.
    const bot = await receiver([{ status: 404, body: { ok: false, error_code: 404, description: `Not Found: /bot${TOKEN}/sendMessage` } }]);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const results = await notifyUnregistered(run, [workload('api')], { telegram: { botToken: TOKEN, chatId: '1', apiBase: bot.url }, ...fast });
    expect(results).toEqual([{ channel: 'telegram', ok: false, attempts: 1, error: 'Telegram 404: Not Found: /bot[redacted]/sendMessage' }]);
    expect(bot.received).toHaveLength(1);
    expect(JSON.stringify(warn.mock.calls)).not.toContain(TOKEN);
    expect(JSON.stringify(warn.mock.calls)).toContain('[redacted]');
  });

  it('redacts the token from a fetch error that quotes the URL', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const results = await notifyUnregistered(run, [workload('api')], {
      telegram: { botToken: TOKEN, chatId: '1', apiBase: 'not a url' }, attempts: 1, ...fast,
    });
    expect(results).toHaveLength(1);
    expect(results[0]!.ok).toBe(false);
    expect(results[0]!.error).toContain('[redacted]');
    expect(JSON.stringify(results)).not.toContain(TOKEN);
    expect(JSON.stringify(warn.mock.calls)).not.toContain(TOKEN);
  });

  it('HTML-escapes names and keeps long lists under the 4096-character limit', () => {
    const text = telegramText(run, [workload('<x>&', { image: undefined, status: 'a "b"' })]);
    expect(text).toContain('<b>&lt;x&gt;&amp;</b>');
    expect(text).toContain('a &quot;b&quot;');
    expect(text).not.toContain('<x>');
    const huge = Array.from({ length: 30 }, (_, i) => workload(`${'&'.repeat(500)}${i}`, { image: '<'.repeat(500), status: '>'.repeat(500) }));
    const long = telegramText(run, huge, 'https://mon.example.com');
    expect(long.length).toBeLessThanOrEqual(4096);
    expect(long).toMatch(/and \d+ more/);
  });
});

describe('notifyUnregistered', () => {
  it('sends nothing for an empty list or without channels', async () => {
    const hook = await receiver([{ status: 200 }]);
    const bot = await receiver([telegramOk('x')]);
    const config = { webhook: { url: hook.url }, telegram: { botToken: TOKEN, chatId: '1', apiBase: bot.url }, ...fast };
    expect(await notifyUnregistered(run, [], config)).toEqual([]);
    expect(await notifyUnregistered(run, [workload('api')], {})).toEqual([]);
    expect(hook.received).toHaveLength(0);
    expect(bot.received).toHaveLength(0);
  });

  it('reports each channel on its own, and never throws', async () => {
    const hook = await receiver([{ status: 200 }]);
    const bot = await receiver([telegramOk('x')]);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    // An invalid start date makes the webhook payload throw; Telegram's text does not use it and still goes out.
    const results = await notifyUnregistered({ ...run, startedAt: new Date('nope') }, [workload('api')], {
      webhook: { url: hook.url }, telegram: { botToken: TOKEN, chatId: '1', apiBase: bot.url }, ...fast,
    });
    expect(results).toEqual([
      { channel: 'webhook', ok: false, attempts: 0, error: 'Invalid time value' },
      { channel: 'telegram', ok: true, attempts: 1 },
    ]);
    expect(hook.received).toHaveLength(0);
    expect(bot.received).toHaveLength(1);
  });

  it('reports a refused connection after retrying', async () => {
    const hook = await receiver([{ status: 200 }]);
    const closedUrl = hook.url;
    await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const results = await notifyUnregistered(run, [workload('api')], { webhook: { url: closedUrl }, attempts: 2, ...fast });
    expect(results).toEqual([{ channel: 'webhook', ok: false, attempts: 2, error: 'fetch failed: ECONNREFUSED' }]);
  });
});

describe('notifyConfigFromEnv', () => {
  it('reads the channels, needing both Telegram variables', () => {
    expect(notifyConfigFromEnv({})).toEqual({});
    expect(notifyConfigFromEnv({ TELEGRAM_BOT_TOKEN: TOKEN })).toEqual({});
    expect(notifyConfigFromEnv({
      DISCOVERY_WEBHOOK_URL: 'https://hooks.example.com/x', DISCOVERY_WEBHOOK_SECRET: 'k', TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_CHAT_ID: '-1001',
      TELEGRAM_API_BASE: 'http://127.0.0.1:8081', APP_PUBLIC_URL: 'https://mon.example.com',
    })).toEqual({
      webhook: { url: 'https://hooks.example.com/x', signingSecret: 'k' },
      telegram: { botToken: TOKEN, chatId: '-1001', apiBase: 'http://127.0.0.1:8081' },
      publicUrl: 'https://mon.example.com',
    });
  });

  it('builds the webhook payload without labels or annotations', () => {
    expect(webhookPayload(run, [workload('api')]).workloads[0]).not.toHaveProperty('labels');
  });
});
