// The shapes server actions accept for edits, checked with zod: an action's argument comes from the network,
// so it is untrusted input like any API body.
import { z } from 'zod';
import type { BulkServiceEdit, DeleteRequest, SaveRequest } from './edit';
import { SECTIONS } from './model';

type Parsed<T> = { ok: true; value: T } | { ok: false; kind: 'invalid'; fieldErrors: Record<string, string>; formError: string };

const section = z.enum(SECTIONS);
const draftValue = z.union([z.string().max(20_000), z.boolean(), z.array(z.string().max(200)).max(500)]);
const draft = z.record(z.string().max(64), draftValue).refine((d) => Object.keys(d).length <= 40, 'too many fields');

const saveInput = z.strictObject({
  section,
  originalKey: z.string().max(4_096).optional(),
  base: z.unknown().optional(),
  draft,
});
const deleteInput = z.strictObject({ section, key: z.string().min(1).max(4_096), base: z.unknown().optional() });
const keys = z.array(z.string().min(1).max(200)).max(100);
const bulkInput = z.strictObject({
  names: z.array(z.string().min(1).max(253)).max(5_000),
  addAlerts: keys.optional(),
  removeAlerts: keys.optional(),
  owner: z.string().min(1).max(253).optional(),
  monitoring: z
    .strictObject({ prometheus: z.boolean().optional(), sentry: z.boolean().optional(), otel: z.boolean().optional(), langfuse: z.boolean().optional() })
    .optional(),
});

function parse<T>(schema: z.ZodType, input: unknown): Parsed<T> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data as T };
  const where = (p: PropertyKey[]) => (p.length ? p.map(String).join('.') : 'the request');
  return {
    ok: false,
    kind: 'invalid',
    fieldErrors: {},
    formError: `Malformed request: ${result.error.issues.slice(0, 3).map((i) => `${where(i.path)}: ${i.message}`).join('; ')}`,
  };
}

export const parseSaveInput = (input: unknown) => parse<SaveRequest>(saveInput, input);
export const parseDeleteInput = (input: unknown) => parse<DeleteRequest>(deleteInput, input);
export const parseBulkInput = (input: unknown) => parse<BulkServiceEdit>(bulkInput, input);
