// docker ps --format '{{json .}}' output -> workloads (pure; the SSH side is in ssh-scan.test.ts).
import { describe, expect, it } from 'vitest';
import { imageBaseName, parseDockerLabels, parseDockerPs } from '@/lib/discovery/docker-ps';

// As real docker prints it (docker 27, `docker ps --no-trunc --format '{{json .}}'`).
const DB =
  '{"Command":"\\"docker-entrypoint.sh postgres\\"","CreatedAt":"2026-11-30 10:01:02 +0000 UTC","ID":"4f2a9c1e","Image":"postgres:16","Labels":"com.docker.compose.project=awoooi,com.docker.compose.service=db","LocalVolumes":"1","Mounts":"awoooi_pgdata","Names":"awoooi-db","Networks":"awoooi_default","Ports":"127.0.0.1:5432->5432/tcp","RunningFor":"2 days ago","Size":"0B","State":"running","Status":"Up 2 days"}';
const EXITED =
  '{"Command":"\\"/bin/sh -c ./migrate\\"","CreatedAt":"2026-11-29 08:00:00 +0000 UTC","ID":"9b1d","Image":"ghcr.io/org/awoooi-migrate:1.4@sha256:abcd","Labels":"","LocalVolumes":"0","Mounts":"","Names":"awoooi-migrate","Networks":"awoooi_default","Ports":"","RunningFor":"3 days ago","Size":"0B","State":"exited","Status":"Exited (0) 3 days ago"}';

describe('parseDockerPs', () => {
  it('reads real docker rows into container workloads', () => {
    const { workloads, problems } = parseDockerPs(`${DB}\n${EXITED}\n`, 'docker-110');
    expect(problems).toEqual([]);
    expect(workloads).toEqual([
      {
        source: 'docker',
        location: 'docker-110',
        name: 'awoooi-db',
        kind: 'container',
        image: 'postgres:16',
        status: 'Up 2 days',
        healthy: true,
        labels: { 'com.docker.compose.project': 'awoooi', 'com.docker.compose.service': 'db' },
        annotations: {},
        ports: '127.0.0.1:5432->5432/tcp',
        created: '2026-11-30 10:01:02 +0000 UTC',
      },
      {
        source: 'docker',
        location: 'docker-110',
        name: 'awoooi-migrate',
        kind: 'container',
        image: 'ghcr.io/org/awoooi-migrate:1.4@sha256:abcd',
        status: 'Exited (0) 3 days ago',
        healthy: false,
        labels: {},
        annotations: {},
        created: '2026-11-29 08:00:00 +0000 UTC',
      },
    ]);
  });

  it('falls back to Status when an old docker prints no State', () => {
    const up = parseDockerPs('{"Names":"a","Image":"x","Status":"Up 5 minutes (healthy)"}', 'h').workloads[0]!;
    const down = parseDockerPs('{"Names":"b","Image":"x","Status":"Created"}', 'h').workloads[0]!;
    expect([up.healthy, down.healthy]).toEqual([true, false]);
  });

  it('takes the container name, not legacy link aliases', () => {
    expect(parseDockerPs('{"Names":"web,app/web","State":"running"}', 'h').workloads[0]!.name).toBe('web');
  });

  it('reports bad lines by number and keeps reading the others', () => {
    const text = [DB, '', 'Error response from daemon: oops', '[1,2]', '{"Image":"redis"}', '{"Names":', EXITED].join('\n');
    const { workloads, problems } = parseDockerPs(text, 'h');
    expect(workloads.map((w) => w.name)).toEqual(['awoooi-db', 'awoooi-migrate']);
    expect(problems).toEqual([
      'line 3: not JSON: Error response from daemon: oops',
      'line 4: not a JSON object: [1,2]',
      'line 5: no container name (Names): {"Image":"redis"}',
      'line 6: not JSON: {"Names":',
    ]);
  });

  it('empty output (no containers) is no workloads and no problems', () => {
    expect(parseDockerPs('', 'h')).toEqual({ workloads: [], problems: [] });
    expect(parseDockerPs('\n\n', 'h')).toEqual({ workloads: [], problems: [] });
  });

  it('never throws, whatever it is given', () => {
    for (const junk of ['null', '"text"', '42', '{}', '{"Names":5}', '\u0000', '{"Names":"x","Labels":7}']) {
      expect(() => parseDockerPs(junk, 'h')).not.toThrow();
    }
    expect(parseDockerPs('{"Names":"x","Labels":7}', 'h').workloads[0]!.labels).toEqual({});
  });
});

describe('parseDockerLabels', () => {
  it('splits on the first "=" so values may contain "="', () => {
    expect(parseDockerLabels('a=1,b=x=y==,c=')).toEqual({ a: '1', b: 'x=y==', c: '' });
  });

  it('keeps commas inside values (compose depends_on)', () => {
    expect(parseDockerLabels('com.docker.compose.depends_on=db:service_started:false,redis:service_started:false,z=1')).toEqual({
      'com.docker.compose.depends_on': 'db:service_started:false,redis:service_started:false',
      z: '1',
    });
  });

  it('empty string -> no labels', () => {
    expect(parseDockerLabels('')).toEqual({});
  });
});

describe('imageBaseName', () => {
  it.each([
    ['ghcr.io/org/awoooi-api:1.2@sha256:0123abcd', 'awoooi-api'],
    ['redis', 'redis'],
    ['redis:7-alpine', 'redis'],
    ['localhost:5000/x/y:tag', 'y'],
    ['localhost:5000/x/y', 'y'],
    ['library/nginx@sha256:0123', 'nginx'],
  ])('%s -> %s', (image, base) => {
    expect(imageBaseName(image)).toBe(base);
  });
});
