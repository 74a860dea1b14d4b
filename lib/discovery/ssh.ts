// Running commands on a registry host over SSH (node-ssh). The I/O edge of docker and systemd discovery:
// everything here either returns outputs or one sentence an operator can act on, and never throws.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { NodeSSH } from 'node-ssh';
import type { Host } from '../registry/model';
import type { Env } from './types';

export type KeyResolution = { ok: true; privateKey?: string } | { ok: false; error: string };

export interface CommandOutput {
  stdout: string;
  stderr: string;
  /** null when the command was killed by a signal */
  code: number | null;
}

export type RunResult = { ok: true; outputs: CommandOutput[] } | { ok: false; error: string };

export interface RunOptions {
  /** hard deadline for the whole host: connect, authenticate and every command */
  timeoutMs: number;
  /** where env: key references and SSH_AUTH_SOCK are looked up (default process.env; a plain object in tests) */
  env?: Env;
}

/**
 * The host's ssh_key reference -> key text. `env:NAME`: the variable holds the key; `file:/abs/path`: the file
 * does; absent: no key (the SSH agent is used when SSH_AUTH_SOCK is set).
 */
export async function resolveKeyReference(ref: string | undefined, env: Env = process.env): Promise<KeyResolution> {
  if (ref === undefined || ref === '') return { ok: true };
  if (ref.startsWith('env:')) {
    const name = ref.slice('env:'.length);
    const value = env[name];
    if (!name) return { ok: false, error: `ssh_key "${ref}" names no environment variable` };
    if (value === undefined || value.trim() === '') {
      return { ok: false, error: `ssh_key env:${name}: the environment variable ${name} is not set (or empty)` };
    }
    return { ok: true, privateKey: value };
  }
  if (ref.startsWith('file:')) {
    const file = ref.slice('file:'.length);
    try {
      return { ok: true, privateKey: await readFile(file, 'utf8') };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
      return { ok: false, error: `ssh_key file:${file}: cannot read the key file ${file} (${why})` };
    }
  }
  return { ok: false, error: `ssh_key "${ref}" is neither env:NAME nor file:/path` };
}

export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** ssh2/node errors -> what went wrong, in the operator's words. */
export function describeSshError(error: unknown, where: { address: string; port: number; user: string; timeoutMs: number }): string {
  const e = error as (Error & { code?: string; level?: string }) | undefined;
  const message = e?.message ?? String(error);
  const code = e?.code ?? '';
  const endpoint = `${where.address}:${where.port}`;
  if (code === 'ECONNREFUSED') return `connection refused (${endpoint})`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `unknown host name ${where.address} (DNS lookup failed)`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `host unreachable (${endpoint})`;
  if (code === 'ECONNRESET') return `connection reset by ${endpoint}`;
  if (code === 'ETIMEDOUT' && /No response from server/i.test(message)) {
    return `connection closed by ${endpoint} before SSH was ready`; // node-ssh's words for an early 'close'
  }
  if (code === 'ETIMEDOUT' || e?.level === 'client-timeout' || /timed out/i.test(message)) {
    return `timed out after ${formatSeconds(where.timeoutMs)}`;
  }
  if (/All configured authentication methods failed/i.test(message)) {
    return `authentication failed for user ${where.user} (check ssh_key)`;
  }
  if (/Cannot parse privateKey|Unsupported key format/i.test(message)) return `ssh_key is not a private key ssh can read (${message})`;
  if (/Encrypted private .*key|passphrase/i.test(message)) return 'ssh_key is passphrase-protected; use a key without a passphrase';
  if (/host key|Host denied|verification failed/i.test(message)) return `host key rejected for ${endpoint} (${message})`;
  if (/handshake|no matching/i.test(message)) return `SSH handshake with ${endpoint} failed (${message})`;
  return `SSH to ${endpoint} failed: ${message}`;
}

/**
 * Connects to the host, runs the commands one after another and disconnects. The whole operation is bounded by
 * timeoutMs: ssh2's readyTimeout alone would not cover a command that hangs or a server that stalls mid-way.
 */
export async function runOnHost(host: Host, commands: string[], options: RunOptions): Promise<RunResult> {
  const env = options.env ?? process.env;
  const port = host.ssh_port ?? 22;
  const user = host.ssh_user || os.userInfo().username;
  const where = { address: host.address, port, user, timeoutMs: options.timeoutMs };

  const key = await resolveKeyReference(host.ssh_key, env);
  if (!key.ok) return key;
  const agent = key.privateKey === undefined ? env.SSH_AUTH_SOCK : undefined;
  if (key.privateKey === undefined && !agent) {
    return { ok: false, error: `no ssh_key for this host and no SSH agent (SSH_AUTH_SOCK is not set)` };
  }

  const ssh = new NodeSSH();
  let expired = false;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<RunResult>((resolve) => {
    timer = setTimeout(() => {
      expired = true;
      resolve({ ok: false, error: `timed out after ${formatSeconds(options.timeoutMs)}` });
    }, options.timeoutMs);
  });

  const work = (async (): Promise<RunResult> => {
    const connecting = ssh.connect({
      host: host.address,
      port,
      username: user,
      privateKey: key.privateKey,
      agent,
      readyTimeout: options.timeoutMs,
    });
    // ssh2 emits 'error' after the connect promise settled too (reset mid-command, after dispose): without a
    // listener that would be an uncaught exception that takes the whole app down.
    ssh.connection?.on('error', () => {});
    await connecting;
    const outputs: CommandOutput[] = [];
    for (const command of commands) {
      if (expired) break;
      const { stdout, stderr, code } = await ssh.execCommand(command);
      outputs.push({ stdout, stderr, code });
    }
    return { ok: true, outputs };
  })().catch((error: unknown): RunResult => ({ ok: false, error: describeSshError(error, where) }));

  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
    const connection = ssh.connection;
    ssh.dispose();
    // On expiry the peer may never answer our goodbye (a server that accepts and never speaks): cut the socket.
    if (expired) connection?.destroy();
  }
}
