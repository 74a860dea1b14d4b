// Announces the workloads a discovery scan saw for the first time and that nothing in the registry covers:
// ONE message per scan on each configured channel (never one per workload, so a new cluster is no flood).
// Configured by environment only (secrets stay out of the database):
//   DISCOVERY_WEBHOOK_URL     a generic JSON webhook, POSTed the payload of webhookPayload()
//   DISCOVERY_WEBHOOK_SECRET  signs each body: X-Awoooi-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>.
//                             A signature rather than a bearer token: the secret never travels, a captured
//                             request cannot be altered, and the receiver verifies exactly the bytes it got.
//   TELEGRAM_BOT_TOKEN, TELEGRAM_CHAT_ID  both needed; TELEGRAM_API_BASE overrides https://api.telegram.org
//   APP_PUBLIC_URL            adds a link to the Discovery page
import { createHmac } from 'node:crypto';
import type { Workload } from './types';

export interface NotifyConfig {
  webhook?: { url: string; signingSecret?: string };
  telegram?: { botToken: string; chatId: string; apiBase?: string };
  publicUrl?: string;
  attempts?: number;
  baseDelayMs?: number;
  timeoutMs?: number;
}

export interface NotifyRun {
  id: string;
  trigger: string;
  startedAt: Date;
  finishedAt: Date;
}

export interface NotifyResult {
  channel: 'webhook' | 'telegram';
  ok: boolean;
  attempts: number;
  error?: string;
}

export const TELEGRAM_MAX_LISTED = 20;
const TELEGRAM_LIMIT = 4096;
/** Telegram's 429 retry_after is obeyed up to this; beyond it we would rather give up than stall the scan. */
const MAX_RETRY_AFTER_MS = 30_000;

export function notifyConfigFromEnv(env: Record<string, string | undefined> = process.env): NotifyConfig {
  const get = (name: string) => env[name]?.trim() || undefined;
  const config: NotifyConfig = {};
  const url = get('DISCOVERY_WEBHOOK_URL');
  if (url) config.webhook = { url, signingSecret: get('DISCOVERY_WEBHOOK_SECRET') };
  const botToken = get('TELEGRAM_BOT_TOKEN');
  const chatId = get('TELEGRAM_CHAT_ID');
  if (botToken && chatId) config.telegram = { botToken, chatId, apiBase: get('TELEGRAM_API_BASE') };
  const publicUrl = get('APP_PUBLIC_URL');
  if (publicUrl) config.publicUrl = publicUrl;
  return config;
}

function discoveryLink(publicUrl: string | undefined): string | undefined {
  return publicUrl ? `${publicUrl.replace(/\/+$/, '')}/discovery` : undefined;
}

export function webhookPayload(run: NotifyRun, workloads: Workload[], publicUrl?: string) {
  const url = discoveryLink(publicUrl);
  return {
    event: 'discovery.unregistered' as const,
    run: { id: run.id, trigger: run.trigger, startedAt: run.startedAt.toISOString(), finishedAt: run.finishedAt.toISOString() },
    count: workloads.length,
    // Only what identifies a workload: labels and annotations can carry secrets and belong on the Discovery page.
    workloads: workloads.map(({ source, location, name, kind, image, status }) => ({
      source, location, name, kind, ...(image ? { image } : {}), status,
    })),
    ...(url ? { url } : {}),
  };
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Cut before escaping, so an entity is never split; keeps one very long name from eating the message. */
const clip = (s: string, max = 120) => escapeHtml(s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function telegramText(run: NotifyRun, workloads: Workload[], publicUrl?: string): string {
  const n = workloads.length;
  const head = `<b>Discovery: ${n} new unregistered workload${n === 1 ? '' : 's'}</b>\n` +
    `Scan ${clip(run.id, 60)} (${clip(run.trigger, 40)}), finished ${run.finishedAt.toISOString()}\n`;
  const url = discoveryLink(publicUrl);
  const link = url ? `\n<a href="${escapeHtml(url)}">Open Discovery</a>` : '';
  // Room for the "and N more" line and the link, so the total always fits Telegram's limit.
  const budget = TELEGRAM_LIMIT - head.length - link.length - 40;
  const lines: string[] = [];
  let used = 0;
  for (const w of workloads.slice(0, TELEGRAM_MAX_LISTED)) {
    const image = w.image ? ` <code>${clip(w.image)}</code>` : '';
    const line = `\n• <b>${clip(w.name)}</b> ${clip(w.kind, 30)} on ${clip(w.source, 20)}/${clip(w.location, 60)}${image}: ${clip(w.status, 60)}`;
    if (used + line.length > budget) break;
    lines.push(line);
    used += line.length;
  }
  const more = n - lines.length;
  return head + lines.join('') + (more > 0 ? `\n… and ${more} more` : '') + link;
}

/** One try: ok, or why not and whether trying again can help (network, timeout, 5xx, 429). */
type Attempt = { ok: true } | { ok: false; retry: boolean; error: string; retryAfterMs?: number };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function describeFetchError(e: unknown, timeoutMs: number): string {
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) return `timed out after ${timeoutMs / 1000} s`;
  const message = e instanceof Error ? e.message : String(e);
  // undici says only "fetch failed"; the cause has the useful part (ECONNREFUSED, ENOTFOUND, ...).
  const cause = e instanceof Error ? (e.cause as { code?: string; message?: string } | undefined) : undefined;
  return message === 'fetch failed' && cause ? `${message}: ${cause.code ?? cause.message}` : message;
}

async function withRetries(
  channel: NotifyResult['channel'], attemptsWanted: number, baseDelayMs: number, once: () => Promise<Attempt>,
): Promise<NotifyResult> {
  let last: Attempt = { ok: false, retry: false, error: 'not attempted' };
  for (let attempt = 1; attempt <= attemptsWanted; attempt++) {
    last = await once();
    if (last.ok) return { channel, ok: true, attempts: attempt };
    if (!last.retry || attempt === attemptsWanted) return { channel, ok: false, attempts: attempt, error: last.error };
    const backoff = baseDelayMs * 2 ** (attempt - 1);
    await sleep(Math.max(backoff, Math.min(last.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS)));
  }
  return { channel, ok: false, attempts: attemptsWanted, error: last.ok ? undefined : last.error };
}

/** POST a JSON body and judge the answer; `judge` reads channel-specific failure shapes from the response. */
async function post(
  fetchImpl: typeof fetch, url: string, body: string, headers: Record<string, string>, timeoutMs: number,
  judge: (status: number, text: string, response: Response) => Attempt,
): Promise<Attempt> {
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(url, {
      method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (e) {
    return { ok: false, retry: true, error: describeFetchError(e, timeoutMs) };
  }
  return judge(response.status, text, response);
}

const retryable = (status: number) => status === 429 || status >= 500;
const snippet = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 200);

function judgeWebhook(status: number, text: string, response: Response): Attempt {
  if (status >= 200 && status < 300) return { ok: true };
  const retryAfter = Number(response.headers.get('retry-after'));
  return {
    ok: false, retry: retryable(status), error: `HTTP ${status}${text ? `: ${snippet(text)}` : ''}`,
    retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
  };
}

function judgeTelegram(status: number, text: string): Attempt {
  let reply: { ok?: boolean; error_code?: number; description?: string; parameters?: { retry_after?: number } } | undefined;
  try {
    reply = JSON.parse(text);
  } catch {
    // A proxy's HTML error page, say: fall back to the HTTP status.
  }
  if (status >= 200 && status < 300 && reply?.ok === true) return { ok: true };
  const code = reply?.error_code ?? status;
  const retryAfter = reply?.parameters?.retry_after;
  return {
    ok: false, retry: retryable(code) || retryable(status),
    error: `Telegram ${code}: ${reply?.description ?? (snippet(text) || 'no description')}`,
    retryAfterMs: typeof retryAfter === 'number' && retryAfter > 0 ? retryAfter * 1000 : undefined,
  };
}

/** Replaces every secret (and its URL-encoded form) so errors and logs can be shown to anyone. */
function redactor(secrets: (string | undefined)[]): (s: string) => string {
  const list = secrets.filter((s): s is string => !!s).flatMap((s) => [s, encodeURIComponent(s)]);
  return (s) => list.reduce((out, secret) => out.split(secret).join('[redacted]'), s);
}

export async function notifyUnregistered(
  run: NotifyRun, workloads: Workload[], config: NotifyConfig, fetchImpl: typeof fetch = fetch,
): Promise<NotifyResult[]> {
  if (workloads.length === 0 || (!config.webhook && !config.telegram)) return [];
  const attempts = Math.max(1, Math.floor(config.attempts ?? 3));
  const baseDelayMs = Math.max(0, config.baseDelayMs ?? 1000);
  const timeoutMs = config.timeoutMs ?? 10_000;
  const redact = redactor([config.telegram?.botToken, config.webhook?.signingSecret]);
  const { webhook, telegram } = config;
  const jobs: Promise<NotifyResult>[] = [];

  if (webhook) {
    jobs.push((async () => {
      const body = JSON.stringify(webhookPayload(run, workloads, config.publicUrl));
      const headers: Record<string, string> = {};
      if (webhook.signingSecret) {
        headers['x-awoooi-signature'] = `sha256=${createHmac('sha256', webhook.signingSecret).update(body).digest('hex')}`;
      }
      return withRetries('webhook', attempts, baseDelayMs, () => post(fetchImpl, webhook.url, body, headers, timeoutMs, judgeWebhook));
    })());
  }
  if (telegram) {
    jobs.push((async () => {
      const base = (telegram.apiBase || 'https://api.telegram.org').replace(/\/+$/, '');
      const body = JSON.stringify({
        chat_id: telegram.chatId, text: telegramText(run, workloads, config.publicUrl), parse_mode: 'HTML', disable_web_page_preview: true,
      });
      const url = `${base}/bot${telegram.botToken}/sendMessage`;
      return withRetries('telegram', attempts, baseDelayMs, () => post(fetchImpl, url, body, {}, timeoutMs, judgeTelegram));
    })());
  }

  // Each channel on its own: one failing (even by throwing) never keeps the other from being reported.
  const settled = await Promise.allSettled(jobs);
  const channels = [webhook && 'webhook', telegram && 'telegram'].filter(Boolean) as NotifyResult['channel'][];
  return settled.map((s, i) => {
    const result: NotifyResult = s.status === 'fulfilled'
      ? s.value
      : { channel: channels[i]!, ok: false, attempts: 0, error: s.reason instanceof Error ? s.reason.message : String(s.reason) };
    if (result.error) result.error = redact(result.error);
    if (!result.ok) console.warn(`discovery notification via ${result.channel} failed after ${result.attempts} attempt(s): ${result.error}`);
    return result;
  });
}
