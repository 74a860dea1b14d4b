// zod's issues as the one-line `path: message` problems settings files and configs report (no path: the whole file).
import type { z } from 'zod';

export function zodProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    const message = issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}` : issue.message;
    return where ? `${where}: ${message}` : message;
  });
}
