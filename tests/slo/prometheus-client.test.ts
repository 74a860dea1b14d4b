// The Prometheus client's failures, over real sockets on loopback: nothing listening, a server that never
// answers, an address that is a web server but not Prometheus. Each must say what is wrong in operator words.
// (Answers from a real Prometheus are in slo-report.test.ts.)
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrometheusClient, parseValue, PrometheusError } from '@/lib/slo/prometheus-client';

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function failure(promise: Promise<unknown>): Promise<PrometheusError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PrometheusError);
  return error as PrometheusError;
}

describe('addresses', () => {
  it('refuses what is not an http(s) base address, naming the variable', () => {
    const bad = (url: string) => {
      try {
        createPrometheusClient(url);
      } catch (e) {
        return e as PrometheusError;
      }
      throw new Error(`${url} was accepted`);
    };
    expect(bad('prometheus:9090').message).toMatch(/PROMETHEUS_URL must be an http:\/\/ or https:\/\/ URL/);
    expect(bad('not a url').message).toMatch(/PROMETHEUS_URL is not a URL: "not a url"/);
    expect(bad('http://p:9090/?x=1').message).toMatch(/without \?query/);
    expect(bad('ftp://p').kind).toBe('config');
  });

  it('keeps a path prefix and drops credentials from what it shows', () => {
    expect(createPrometheusClient('http://p:9090/prometheus/').url).toBe('http://p:9090/prometheus');
    expect(createPrometheusClient('https://ops:s3cret@p.example/').url).toBe('https://p.example');
  });

  it('reads Prometheus’s special values', () => {
    expect(parseValue('+Inf')).toBe(Infinity);
    expect(parseValue('-Inf')).toBe(-Infinity);
    expect(parseValue('NaN')).toBeNaN();
    expect(parseValue('0.25')).toBe(0.25);
    expect(parseValue(undefined)).toBeNaN();
  });
});

describe('when Prometheus cannot answer', () => {
  it('says nothing listens there', async () => {
    const port = await closedPort();
    const error = await failure(createPrometheusClient(`http://127.0.0.1:${port}`).query('up'));
    expect(error.kind).toBe('unreachable');
    expect(error.message).toBe(`cannot reach Prometheus at http://127.0.0.1:${port}: connection refused (nothing listens on that port) (ECONNREFUSED)`);
  });

  it('gives up after the timeout when the server accepts but never answers', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const started = Date.now();
      const error = await failure(createPrometheusClient(`http://127.0.0.1:${port}`, { timeoutMs: 300 }).query('up'));
      expect(error.kind).toBe('timeout');
      expect(error.message).toBe(`Prometheus at http://127.0.0.1:${port} did not answer within 0.3 s`);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });
});

describe('when the address is not Prometheus', () => {
  let server: http.Server;
  let base: string;
  const seen: { url?: string; authorization?: string; body: string }[] = [];

  beforeAll(async () => {
    // A real web server that is not Prometheus: an HTML page at /, 404 elsewhere, 401 under /private.
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ url: req.url, authorization: req.headers.authorization, body });
        if (req.url?.startsWith('/private')) return void res.writeHead(401, 'Unauthorized').end();
        if (req.url?.startsWith('/html')) return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>grafana</html>');
        res.writeHead(404, 'Not Found', { 'content-type': 'text/plain' }).end('404 page not found');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('on 404 says the API is not at that address', async () => {
    const error = await failure(createPrometheusClient(`${base}/wrong`).query('up'));
    expect(error.kind).toBe('http');
    expect(error.message).toBe(
      `Prometheus at ${base}/wrong answered HTTP 404 Not Found: no Prometheus API at ${base}/wrong/api/v1/query; PROMETHEUS_URL must be the server's base address (e.g. http://prometheus:9090)`,
    );
  });

  it('on an HTML page says it is not Prometheus’s API', async () => {
    const error = await failure(createPrometheusClient(`${base}/html`).queryRange('up', { start: new Date(0), end: new Date(60_000), stepSeconds: 60 }));
    expect(error.kind).toBe('bad-response');
    expect(error.message).toBe(`${base}/html/api/v1/query_range did not answer like Prometheus's API (got text/html, not its JSON); is PROMETHEUS_URL the right address?`);
  });

  it('sends credentials from the URL as Basic auth, and says when they are wanted', async () => {
    const error = await failure(createPrometheusClient(base.replace('http://', 'http://ops:s%3Acret@') + '/private').query('up', new Date(1_700_000_000_000)));
    expect(error.message).toBe(`Prometheus at ${base}/private answered HTTP 401 Unauthorized: it wants credentials (put them in the URL as http://user:password@host:9090)`);
    const request = seen.at(-1)!;
    expect(request.authorization).toBe(`Basic ${Buffer.from('ops:s:cret').toString('base64')}`);
    expect(new URLSearchParams(request.body).get('time')).toBe('1700000000.000');
    expect(new URLSearchParams(request.body).get('query')).toBe('up');
  });

  it('refuses bad range arguments before asking', async () => {
    const client = createPrometheusClient(base);
    await expect(client.queryRange('up', { start: new Date(60_000), end: new Date(0), stepSeconds: 60 })).rejects.toThrow(/ends before it starts/);
    await expect(client.queryRange('up', { start: new Date(0), end: new Date(1), stepSeconds: 0 })).rejects.toThrow(/step must be positive/);
    await expect(client.query('up', new Date(NaN))).rejects.toThrow(/not a valid date/);
  });
});
