// checkDraft: what a form validates as you type. Same zod shapes and rules as the YAML import, errors placed on
// the form field they belong to, type-hidden fields dropped, numbers parsed, taken keys refused.
import { describe, expect, it } from 'vitest';
import { checkDraft, draftFromEntry, emptyDraft, prefillDraft, type Draft, type EntryContext } from '../../lib/registry/entry-draft';
import type { Section } from '../../lib/registry/model';

const ctx: EntryContext = { ownerNames: ['backend-team', 'ai-team'], templateKeys: ['pod_crash', 'service_down', 'slow_response'] };

const draft = (section: Section, fields: Draft): Draft => ({ ...emptyDraft(section), ...fields });
const errorsOf = (section: Section, d: Draft, c: EntryContext = ctx) => {
  const result = checkDraft(section, d, c);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.entry)}`);
  return result.errors;
};
const entryOf = <S extends Section>(section: S, d: Draft, c: EntryContext = ctx) => {
  const result = checkDraft(section, d, c);
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result;
};

const k8s = (extra: Draft = {}) =>
  draft('services', { name: 'api', type: 'k8s-deployment', namespace: 'prod', owner: 'backend-team', ...extra });

describe('services', () => {
  it('accepts a complete Kubernetes service and fills the canonical defaults', () => {
    const { entry, key } = entryOf('services', k8s({ port: '8000', health_endpoint: '/health', prometheus: true, alerts: ['pod_crash'] }));
    expect(key).toBe('api');
    expect(entry).toEqual({
      name: 'api',
      type: 'k8s-deployment',
      namespace: 'prod',
      port: 8000,
      health_endpoint: '/health',
      monitoring: { prometheus: true, sentry: false, otel: false, langfuse: false },
      alerts: ['pod_crash'],
      owner: 'backend-team',
    });
  });

  it('accepts docker (host) and systemd (host + unit)', () => {
    expect(entryOf('services', draft('services', { name: 'redis', type: 'docker', host: '10.0.0.5', owner: 'ai-team' })).entry).toMatchObject({
      host: '10.0.0.5',
    });
    const unit = entryOf('services', draft('services', { name: 'pg', type: 'systemd', host: 'db-1.internal', service_name: 'postgresql.service', owner: 'ai-team' }));
    expect(unit.entry).toMatchObject({ host: 'db-1.internal', service_name: 'postgresql.service' });
  });

  it('puts each error on its own field', () => {
    const errors = errorsOf('services', k8s({ name: 'bad name', namespace: 'Prod', owner: 'nobody', alerts: ['nope'] }));
    expect(Object.keys(errors).sort()).toEqual(['alerts', 'name', 'namespace', 'owner']);
    expect(errors.name).toMatch(/service name/);
    expect(errors.namespace).toMatch(/Kubernetes namespace/);
    expect(errors.owner).toMatch(/"nobody"/);
    expect(errors.alerts).toMatch(/"nope"/);
  });

  it('says which fields a type requires', () => {
    expect(errorsOf('services', k8s({ namespace: '' }))).toEqual({ namespace: expect.stringMatching(/required for type k8s-deployment/) });
    const systemd = errorsOf('services', draft('services', { name: 'x', type: 'systemd', owner: 'ai-team' }));
    expect(Object.keys(systemd).sort()).toEqual(['host', 'service_name']);
  });

  it('requires name and owner', () => {
    const errors = errorsOf('services', draft('services', { namespace: 'prod' }));
    expect(errors.name).toMatch(/required/);
    expect(errors.owner).toMatch(/required/);
  });

  it('drops what the type hides instead of refusing it (a leftover from switching type)', () => {
    const docker = entryOf('services', k8s({ type: 'docker', host: '10.0.0.1', service_name: 'left.service' })).entry;
    expect(docker).not.toHaveProperty('namespace');
    expect(docker).not.toHaveProperty('service_name');
    expect(docker).toMatchObject({ type: 'docker', host: '10.0.0.1' });
    const back = entryOf('services', k8s({ host: '10.0.0.1', service_name: 'left.service' })).entry;
    expect(back).not.toHaveProperty('host');
    expect(back).not.toHaveProperty('service_name');
  });

  it('parses the port and refuses what is not a port', () => {
    expect(entryOf('services', k8s({ port: ' 443 ' })).entry).toMatchObject({ port: 443 });
    expect(entryOf('services', k8s({ port: '' })).entry).not.toHaveProperty('port');
    expect(errorsOf('services', k8s({ port: 'eighty' })).port).toMatch(/got text "eighty"/);
    expect(errorsOf('services', k8s({ port: '70000' })).port).toMatch(/1 to 65535/);
    expect(errorsOf('services', k8s({ port: '80.5' })).port).toMatch(/whole number/);
  });

  it('refuses a name that is taken, on the name field', () => {
    expect(errorsOf('services', k8s(), { ...ctx, takenKeys: ['api'] })).toEqual({ name: expect.stringMatching(/"api" already exists/) });
    expect(entryOf('services', k8s(), { ...ctx, takenKeys: ['web'] }).key).toBe('api');
  });

  it('says a name is taken while the rest of the form is still empty, next to the other errors', () => {
    const half = draft('services', { name: 'api', type: 'k8s-deployment' });
    const errors = errorsOf('services', half, { ...ctx, takenKeys: ['api'] });
    expect(errors.name).toMatch(/a service "api" already exists/);
    expect(errors).toHaveProperty('namespace');
    expect(errorsOf('services', half, { ...ctx, takenKeys: ['web'] })).not.toHaveProperty('name');
    // a malformed name gets its own message, not "taken"
    expect(errorsOf('services', draft('services', { name: 'A P I' }), { ...ctx, takenKeys: ['A P I'] }).name).not.toMatch(/already exists/);
  });

  it('names an unknown owner or alert template as something to create first, in form words', () => {
    const errors = errorsOf('services', k8s({ owner: 'nobody', alerts: ['pod_crash', 'no_such_rule'] }));
    expect(errors.owner).toBe('owner "nobody" does not exist; add it on the Owners page first');
    expect(errors.alerts).toBe('alert template "no_such_rule" does not exist; create it on the Alert templates page first');
  });

  it('leaves alert references unchecked when the caller knows no templates (the server checks them)', () => {
    expect(entryOf('services', k8s({ alerts: ['anything'] }), { ownerNames: ['backend-team'] }).key).toBe('api');
  });

  it('round-trips an entry through draftFromEntry', () => {
    const { entry } = entryOf('services', k8s({ port: '8000', alerts: ['pod_crash', 'slow_response'], otel: true }));
    expect(entryOf('services', draftFromEntry('services', entry)).entry).toEqual(entry);
  });
});

describe('pages', () => {
  it('accepts a page with monitoring and alerts', () => {
    const { entry, key } = entryOf('pages', draft('pages', { path: '/errors', name: 'Errors', web_vitals: true, alerts: ['slow_response'] }));
    expect(key).toBe('/errors');
    expect(entry).toEqual({ path: '/errors', name: 'Errors', monitoring: { sentry_session: false, web_vitals: true }, alerts: ['slow_response'] });
  });

  it('puts errors on path and name', () => {
    const errors = errorsOf('pages', draft('pages', { path: 'errors', name: '' }));
    expect(errors.path).toMatch(/must start with "\/"/);
    expect(errors.name).toMatch(/required/);
  });

  it('refuses a taken path', () => {
    expect(errorsOf('pages', draft('pages', { path: '/', name: 'Home' }), { ...ctx, takenKeys: ['/'] }).path).toMatch(/already exists/);
  });
});

describe('API endpoints', () => {
  const endpoint = (extra: Draft = {}) => draft('api_endpoints', { method: 'POST', path: '/api/v1/analyze', ...extra });

  it('accepts an endpoint and parses its numbers', () => {
    const { entry, key } = entryOf('api_endpoints', endpoint({ critical: true, slo_latency_ms: '1500', slo_availability: '99.9' }));
    expect(key).toBe('POST /api/v1/analyze');
    expect(entry).toEqual({ method: 'POST', path: '/api/v1/analyze', critical: true, slo_latency_ms: 1500, slo_availability: 99.9 });
  });

  it('leaves empty objectives out', () => {
    expect(entryOf('api_endpoints', endpoint()).entry).toEqual({ method: 'POST', path: '/api/v1/analyze', critical: false });
  });

  it('puts number errors on their fields', () => {
    const errors = errorsOf('api_endpoints', endpoint({ slo_latency_ms: '1.5', slo_availability: '100' }));
    expect(errors.slo_latency_ms).toMatch(/whole number/);
    expect(errors.slo_availability).toMatch(/less than 100/);
    expect(errorsOf('api_endpoints', endpoint({ slo_availability: 'high' })).slo_availability).toMatch(/got text "high"/);
    expect(errorsOf('api_endpoints', endpoint({ slo_latency_ms: '0' })).slo_latency_ms).toMatch(/greater than 0/);
  });

  it('checks the method and refuses a taken method + path on the path field', () => {
    expect(errorsOf('api_endpoints', endpoint({ method: 'FETCH' })).method).toMatch(/HTTP method/);
    const taken = errorsOf('api_endpoints', endpoint(), { takenKeys: ['POST /api/v1/analyze'] });
    expect(taken).toEqual({ path: expect.stringMatching(/"POST \/api\/v1\/analyze" already exists/) });
    expect(entryOf('api_endpoints', endpoint({ method: 'GET' }), { takenKeys: ['POST /api/v1/analyze'] }).key).toBe('GET /api/v1/analyze');
  });
});

describe('owners', () => {
  it('accepts a name alone or with display name and email', () => {
    expect(entryOf('owners', draft('owners', { name: 'sre' })).entry).toEqual({ name: 'sre' });
    expect(entryOf('owners', draft('owners', { name: 'sre', display_name: ' SRE team ', email: 'sre@example.com' })).entry).toEqual({
      name: 'sre',
      display_name: 'SRE team',
      email: 'sre@example.com',
    });
  });

  it('puts errors on name and email, and refuses a taken name', () => {
    const errors = errorsOf('owners', draft('owners', { name: '-sre', email: 'not-an-email' }));
    expect(Object.keys(errors).sort()).toEqual(['email', 'name']);
    expect(errorsOf('owners', draft('owners', { name: 'sre' }), { takenKeys: ['sre'] }).name).toMatch(/an owner "sre" already exists/);
  });
});

describe('prefillDraft (Discovery\'s "Register")', () => {
  it('takes text and number fields from the query, turns Prometheus on, and ignores everything else', () => {
    const draft = prefillDraft('services', { name: 'grafana', type: 'docker', host: 'edge', port: '3000', alerts: 'x', prometheus: 'false', junk: 'y' });
    expect(draft).toMatchObject({ name: 'grafana', type: 'docker', host: 'edge', port: '3000', alerts: [], prometheus: true });
    expect(draft).not.toHaveProperty('junk');
    expect(checkDraft('services', { ...draft!, owner: 'ops' }, { ownerNames: ['ops'] }).ok).toBe(true);
  });

  it('gives nothing for an empty query, and refuses arrays and over-long values', () => {
    expect(prefillDraft('services', {})).toBeNull();
    expect(prefillDraft('services', { name: ['a', 'b'] })).toBeNull();
    expect(prefillDraft('services', { name: 'x'.repeat(201) })).toBeNull();
  });
});
