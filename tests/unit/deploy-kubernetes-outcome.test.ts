// The words and verdicts of a Kubernetes push: API failures an operator can act on, created/configured/unchanged,
// and the per-target summary.
import { describe, expect, it } from 'vitest';
import { applyAction, describeApiFailure, describeTransportError, resourceName, summarize, type ObjectResult } from '@/lib/deploy/kubernetes-outcome';

const status = (code: number, reason: string, message: string, details?: object) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code });
const patchRule = { verb: 'patch', resource: 'prometheusrules.monitoring.coreos.com', namespace: 'monitoring', name: 'awoooi-monitor-slo-000' } as const;

describe('describeApiFailure', () => {
  it('names the verb, resource and namespace RBAC refused, then the API\'s own message', () => {
    expect(describeApiFailure(patchRule, 403, status(403, 'Forbidden', 'no way'))).toBe(
      'forbidden (403): RBAC does not allow "patch" on prometheusrules.monitoring.coreos.com in the namespace "monitoring": grant it to the push\'s user: no way',
    );
    expect(describeApiFailure({ verb: 'list', resource: 'configmaps' }, 403, '')).toBe(
      'forbidden (403): RBAC does not allow "list" on configmaps at the cluster scope: grant it to the push\'s user',
    );
  });

  it('tells a missing namespace from a kind the cluster does not serve', () => {
    expect(describeApiFailure(patchRule, 404, status(404, 'NotFound', 'namespaces "monitoring" not found', { name: 'monitoring', kind: 'namespaces' }))).toBe(
      'the namespace "monitoring" does not exist: create it first (404)',
    );
    expect(describeApiFailure(patchRule, 404, status(404, 'NotFound', 'the server could not find the requested resource', {}))).toBe(
      'prometheusrules.monitoring.coreos.com is not served by the cluster (404): install the Prometheus Operator CRDs: the server could not find the requested resource',
    );
    expect(describeApiFailure({ ...patchRule, resource: 'widgets.example.com' }, 404, '404 page not found\n')).toBe(
      'widgets.example.com is not served by the cluster (404): install the CustomResourceDefinition that defines it: 404 page not found',
    );
  });

  it('quotes a 422\'s message, adding causes the message lacks', () => {
    const message = 'PrometheusRule.monitoring.coreos.com "x" is invalid: spec.groups: Required value';
    expect(describeApiFailure(patchRule, 422, status(422, 'Invalid', message, { causes: [{ field: 'spec.groups', message: 'Required value' }] }))).toBe(
      `rejected as invalid (422): ${message}`,
    );
    expect(describeApiFailure(patchRule, 422, status(422, 'Invalid', 'admission webhook denied the request', { causes: [{ field: 'spec.groups[0]', message: 'bad expr' }] }))).toBe(
      'rejected as invalid (422): admission webhook denied the request (spec.groups[0]: bad expr)',
    );
  });

  it('words the rest: 401, 409, 415, 429 and anything else with its reason', () => {
    expect(describeApiFailure(patchRule, 401, status(401, 'Unauthorized', 'Unauthorized'))).toMatch(/^unauthorized \(401\): the API server refused the credentials/);
    expect(describeApiFailure(patchRule, 409, status(409, 'Conflict', 'Apply failed with 1 conflict'))).toBe('conflict (409): Apply failed with 1 conflict');
    expect(describeApiFailure(patchRule, 415, status(415, 'UnsupportedMediaType', 'unknown format'))).toMatch(/^the API server does not take server-side apply here \(415/);
    expect(describeApiFailure(patchRule, 429, status(429, 'TooManyRequests', 'slow down'))).toBe('the API server is overloaded (429 Too Many Requests): slow down: push again later');
    expect(describeApiFailure(patchRule, 503, status(503, 'ServiceUnavailable', 'etcd is down'))).toBe('the API server answered 503 ServiceUnavailable: etcd is down');
  });

  it('words network errors with the server', () => {
    expect(describeTransportError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'server https://k8s:6443')).toBe('connection refused (server https://k8s:6443)');
    expect(describeTransportError(Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), 'https://k8s')).toBe(
      'TLS error talking to https://k8s: self-signed certificate',
    );
  });

  it('spells resources as RBAC does', () => {
    expect(resourceName('monitoring.coreos.com/v1', 'servicemonitors')).toBe('servicemonitors.monitoring.coreos.com');
    expect(resourceName('v1', 'configmaps')).toBe('configmaps');
  });
});

describe('applyAction', () => {
  const stored = { kind: 'ConfigMap', metadata: { name: 'a', namespace: 'm', resourceVersion: '7', uid: 'u', managedFields: [{}] }, data: { a: '1' } };
  const listed = { metadata: { name: 'a', namespace: 'm', resourceVersion: '7', uid: 'u' }, data: { a: '1' } }; // list items lack kind

  it('201 is created; an unknown earlier state is configured', () => {
    expect(applyAction(201, undefined, stored, false)).toBe('created');
    expect(applyAction(201, listed, stored, true)).toBe('created');
    expect(applyAction(200, undefined, stored, false)).toBe('configured');
  });

  it('a real apply is unchanged when the resourceVersion did not move', () => {
    expect(applyAction(200, listed, stored, false)).toBe('unchanged');
    expect(applyAction(200, listed, { ...stored, metadata: { ...stored.metadata, resourceVersion: '8' } }, false)).toBe('configured');
  });

  it('a dry run (no new resourceVersion either way) compares the content, ignoring server fields and key order', () => {
    expect(applyAction(200, listed, { data: { a: '1' }, metadata: { uid: 'v', namespace: 'm', name: 'a', resourceVersion: '7', generation: 3 }, kind: 'ConfigMap' }, true)).toBe('unchanged');
    expect(applyAction(200, listed, { ...stored, data: { a: '2' } }, true)).toBe('configured');
    expect(applyAction(200, listed, { ...stored, metadata: { ...stored.metadata, labels: { x: 'y' } } }, true)).toBe('configured');
  });
});

describe('summarize', () => {
  const result = (action: ObjectResult['action']): ObjectResult => ({ kind: 'ConfigMap', namespace: 'm', name: action, action });

  it('ok without failures, partial with some, failed with nothing done', () => {
    expect(summarize([result('created'), result('unchanged'), result('unchanged')], [])).toEqual({
      status: 'ok',
      counts: { created: 1, configured: 0, unchanged: 2, deleted: 0, failed: 0 },
      text: '1 created, 2 unchanged',
    });
    expect(summarize([result('deleted'), result('failed')], []).status).toBe('partial');
    expect(summarize([result('created')], ['prune skipped: ...'])).toMatchObject({ status: 'partial', text: '1 created; 1 problem' });
    expect(summarize([result('failed')], []).status).toBe('failed');
    expect(summarize([], ['no Kubernetes configured'])).toMatchObject({ status: 'failed', text: 'nothing to apply; 1 problem' });
    expect(summarize([], [])).toMatchObject({ status: 'ok', text: 'nothing to apply' });
  });
});
