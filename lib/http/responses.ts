// What every JSON API route shares: the JSON response shorthand, boolean query flags, and turning
// unexpected failures into JSON (503 when the database is unreachable, 500 otherwise, logged).
export const json = (body: unknown, status = 200, headers: HeadersInit = {}) => Response.json(body, { status, headers });

export const isTrue = (value: string | null) => value !== null && ['1', 'true', 'yes', ''].includes(value.toLowerCase());

const DATABASE_DOWN =
  /ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|P1001|P1017|Connection terminated|timeout exceeded when trying to connect/i;

export async function guarded(what: string, handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    const text = error instanceof Error ? `${error.name} ${error.message} ${String((error as { code?: unknown }).code)}` : '';
    if (DATABASE_DOWN.test(text)) return json({ error: 'the database is unavailable; try again shortly' }, 503);
    console.error(`${what} failed:`, error);
    return json({ error: 'internal error; see the server log' }, 500);
  }
}
