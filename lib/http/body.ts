// Reads a request body as UTF-8 text without ever holding more than `limit` bytes.
import type { IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the body is larger than ${limit} bytes`);
  }
}

export class BodyNotTextError extends Error {
  constructor() {
    super('the body is not valid UTF-8 text');
  }
}

export async function readTextBody(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLargeError(limit);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new BodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  return utf8Text(chunks);
}

function utf8Text(chunks: Uint8Array[]): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new BodyNotTextError();
  }
}

/**
 * readTextBody for a Node request (a server's own fast path, no Web Request made). Past the limit it stops
 * reading and leaves the rest unread: answer with `connection: close` so the rest is never read at all.
 */
export function readNodeTextBody(request: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLargeError(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        finish();
        request.pause();
        reject(new BodyTooLargeError(limit));
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      finish();
      try {
        resolve(utf8Text(chunks));
      } catch (error) {
        reject(error);
      }
    };
    const onClose = () => {
      finish();
      reject(new Error('the client closed the connection before the body ended'));
    };
    const onError = (error: Error) => {
      finish();
      reject(error);
    };
    const finish = () => {
      request.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    request.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/** `If-Match: "abc"` (or W/"abc", or abc) -> abc; `*` or absent -> undefined. */
export function ifMatchRevision(request: Request): string | undefined {
  const raw = request.headers.get('if-match')?.trim();
  if (!raw || raw === '*') return undefined;
  return raw.replace(/^W\//, '').replace(/^"|"$/g, '');
}
