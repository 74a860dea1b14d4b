// The Ignore/Unignore actions' input, checked: a client is not trusted to send a sane kind or key.
import { z } from 'zod';

const ignoreInput = z
  .object({
    kind: z.enum(['workload', 'service']),
    key: z.string().trim().min(1, 'key is required').max(500),
    reason: z.string().trim().max(500).optional(),
  })
  .strict();

export type IgnoreInput = z.output<typeof ignoreInput>;

export function parseIgnoreInput(input: unknown): { ok: true; value: IgnoreInput } | { ok: false; formError: string } {
  const result = ignoreInput.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, formError: result.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ') };
}
