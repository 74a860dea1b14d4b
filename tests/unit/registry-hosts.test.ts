// Hosts in the registry: the YAML section (SSH details, the key only as a reference), export and round trip,
// the form's checks, and the edit plans that refuse to delete or rename a host that services still use.
import { describe, expect, it } from 'vitest';
import { loadDefaultTemplates } from '../../lib/registry/default-templates';
import { planDelete, planSave } from '../../lib/registry/edit';
import { checkDraft, draftFromEntry, emptyDraft } from '../../lib/registry/entry-draft';
import { registryToYaml } from '../../lib/registry/export';
import type { Registry } from '../../lib/registry/model';
import { parseRegistryYaml } from '../../lib/registry/parse';

const defaults = loadDefaultTemplates();
const parse = (text: string) => parseRegistryYaml(text, { defaultTemplates: defaults });
const accepted = (text: string): Registry => {
  const result = parse(text);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
};
const problemsOf = (text: string) => {
  const result = parse(text);
  if (result.ok) throw new Error('expected problems, the file was accepted');
  return result.problems;
};

const FILE = `services:
  - name: harbor
    type: docker
    host: 192.168.0.110
    owner: devops-team
  - name: nginx
    type: systemd
    host: edge-1
    service_name: nginx.service
    owner: infra-team
hosts:
  - name: edge-1
    address: edge-1.internal
    ssh_user: deploy
    ssh_key: file:/etc/awoooi/keys/edge-1
  - name: docker-110
    address: 192.168.0.110
    ssh_port: 2222
    ssh_user: ops
    ssh_key: env:DOCKER110_SSH_KEY
`;

describe('the hosts section', () => {
  it('is read, sorted by name, and exported after owners; it round-trips byte for byte', () => {
    const reg = accepted(FILE);
    expect(reg.hosts).toEqual([
      { name: 'docker-110', address: '192.168.0.110', ssh_port: 2222, ssh_user: 'ops', ssh_key: 'env:DOCKER110_SSH_KEY' },
      { name: 'edge-1', address: 'edge-1.internal', ssh_user: 'deploy', ssh_key: 'file:/etc/awoooi/keys/edge-1' },
    ]);
    const text = registryToYaml(reg);
    expect(text.indexOf('\nhosts:\n')).toBeGreaterThan(text.indexOf('\nowners:\n'));
    expect(registryToYaml(accepted(text))).toBe(text);
  });

  it('is left out of an export without hosts, so such registries export as before', () => {
    const text = registryToYaml(accepted('services: []\n'));
    expect(text).not.toMatch(/^hosts:/m);
    expect(accepted(text).hosts).toEqual([]);
  });

  it('refuses a private key pasted in place of a reference, and says what to give instead', () => {
    const pasted = FILE.replace('env:DOCKER110_SSH_KEY', '"-----BEGIN OPENSSH PRIVATE KEY-----"');
    const [problem] = problemsOf(pasted);
    expect(problem).toMatchObject({ path: 'hosts[1].ssh_key' });
    expect(problem!.message).toMatch(/looks like a private key.*env:NAME or file:\/path/);
  });

  it('places bad fields and duplicate names at their line', () => {
    const bad = `hosts:\n  - name: a\n    address: "not an address!"\n    ssh_port: 70000\n    ssh_key: somewhere\n  - name: a\n    address: 10.0.0.1\n`;
    const found = problemsOf(bad).map((p) => `${p.line} ${p.path}: ${p.message}`);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^3 hosts\[0\]\.address: expected a host name or IP address/),
        expect.stringMatching(/^4 hosts\[0\]\.ssh_port: expected a port from 1 to 65535/),
        expect.stringMatching(/^5 hosts\[0\]\.ssh_key: expected a key reference/),
        expect.stringMatching(/^6 hosts\[1\]\.name: duplicate host name "a"/),
      ]),
    );
  });
});

describe('the host form', () => {
  it('checks a draft with the import rules and the taken names', () => {
    const draft = { ...emptyDraft('hosts'), name: 'db-1', address: '10.0.0.5', ssh_port: '22', ssh_key: 'env:DB1_KEY' };
    const ok = checkDraft('hosts', draft, { takenKeys: [] });
    expect(ok).toMatchObject({ ok: true, key: 'db-1', entry: { name: 'db-1', address: '10.0.0.5', ssh_port: 22, ssh_key: 'env:DB1_KEY' } });
    expect(checkDraft('hosts', { ...draft, ssh_port: 'ssh' }, {})).toMatchObject({ ok: false, errors: { ssh_port: expect.any(String) } });
    expect(checkDraft('hosts', draft, { takenKeys: ['db-1'] })).toMatchObject({ ok: false, errors: { name: 'a host "db-1" already exists' } });
  });
});

describe('editing hosts that services use', () => {
  const reg = accepted(FILE);
  const base = (name: string) => reg.hosts.find((h) => h.name === name)!;

  it('refuses to delete a host that services run on, by name or by address, and names them', () => {
    const byName = planDelete(reg, { section: 'hosts', key: 'edge-1', base: base('edge-1') });
    expect(byName).toMatchObject({ ok: false, refusal: { kind: 'in-use', usedBy: ['service nginx'] } });
    const byAddress = planDelete(reg, { section: 'hosts', key: 'docker-110', base: base('docker-110') });
    expect(byAddress).toMatchObject({ ok: false, refusal: { kind: 'in-use', usedBy: ['service harbor'] } });
    const unused = accepted(FILE.replace('host: 192.168.0.110', 'host: 192.168.0.111'));
    expect(planDelete(unused, { section: 'hosts', key: 'docker-110', base: base('docker-110') })).toMatchObject({ ok: true });
  });

  it('refuses a rename that would strand services naming the host, allows one when they give its address', () => {
    const rename = (name: string, to: string) =>
      planSave(reg, { section: 'hosts', originalKey: name, base: base(name), draft: { ...draftFromEntry('hosts', base(name)), name: to } });
    expect(rename('edge-1', 'edge-2')).toMatchObject({ ok: false, refusal: { kind: 'invalid', fieldErrors: { name: expect.stringMatching(/used by service nginx/) } } });
    const renamed = rename('docker-110', 'docker-a');
    expect(renamed.ok && renamed.next.hosts.map((h) => h.name)).toEqual(['docker-a', 'edge-1']);
  });
});
