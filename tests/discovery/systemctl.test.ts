// systemctl show output -> unit workloads (pure; the SSH side is in ssh-scan.test.ts).
import { describe, expect, it } from 'vitest';
import { isValidUnitName, parseSystemctlShow, shellQuote, systemctlShowCommand, unitWorkloads } from '@/lib/discovery/systemctl';

// As systemd 252 prints `systemctl show --property=Id,LoadState,ActiveState,SubState,Description -- nginx sshd nope`
const SHOW = `Id=nginx.service
Description=A high performance web server and a reverse proxy server
LoadState=loaded
ActiveState=active
SubState=running

Id=ssh.service
Description=OpenBSD Secure Shell server
LoadState=loaded
ActiveState=failed
SubState=failed

Id=nope.service
Description=nope.service
LoadState=not-found
ActiveState=inactive
SubState=dead
`;

describe('parseSystemctlShow', () => {
  it('splits blank-line-separated blocks of Key=Value', () => {
    const { blocks, problems } = parseSystemctlShow(SHOW);
    expect(problems).toEqual([]);
    expect(blocks.map((b) => [b.Id, b.LoadState, b.ActiveState, b.SubState])).toEqual([
      ['nginx.service', 'loaded', 'active', 'running'],
      ['ssh.service', 'loaded', 'failed', 'failed'],
      ['nope.service', 'not-found', 'inactive', 'dead'],
    ]);
  });

  it('values may contain "=", CRLF and extra blank lines are tolerated', () => {
    const { blocks } = parseSystemctlShow('Id=a.service\r\nDescription=x=y\r\n\r\n\r\nId=b.service\n');
    expect(blocks).toEqual([{ Id: 'a.service', Description: 'x=y' }, { Id: 'b.service' }]);
  });

  it('reports lines that are not Key=Value', () => {
    const { blocks, problems } = parseSystemctlShow('Id=a.service\nFailed to connect to bus\n=oops\n');
    expect(blocks).toEqual([{ Id: 'a.service' }]);
    expect(problems).toEqual(['line 2: not Key=Value: Failed to connect to bus', 'line 3: not Key=Value: =oops']);
  });
});

describe('unitWorkloads', () => {
  it('loaded units become workloads named as the registry wrote them; not-found units do not', () => {
    const { workloads, problems } = unitWorkloads(['nginx', 'sshd', 'nope.service'], SHOW, 'edge-1');
    expect(problems).toEqual([]);
    expect(workloads).toEqual([
      { source: 'systemd', location: 'edge-1', name: 'nginx', kind: 'unit', status: 'active (running)', healthy: true, labels: {}, annotations: {} },
      { source: 'systemd', location: 'edge-1', name: 'sshd', kind: 'unit', status: 'failed (failed)', healthy: false, labels: {}, annotations: {} },
    ]);
  });

  it('a block count that does not match the units asked for is a problem, not a guess', () => {
    const { workloads, problems } = unitWorkloads(['a', 'b'], 'Id=a.service\nLoadState=loaded\nActiveState=active\n', 'h');
    expect(workloads).toEqual([]);
    expect(problems).toEqual(['expected 2 unit block(s) from systemctl show, got 1']);
  });

  it('a block without LoadState/ActiveState is a problem for that unit only', () => {
    const { workloads, problems } = unitWorkloads(['a', 'b'], 'Id=a.service\n\nId=b.service\nLoadState=loaded\nActiveState=activating\nSubState=start\n', 'h');
    expect(workloads.map((w) => [w.name, w.status, w.healthy])).toEqual([['b', 'activating (start)', false]]);
    expect(problems).toEqual(['unit a: systemctl show printed no LoadState or ActiveState']);
  });
});

describe('unit names on the remote command line', () => {
  it('accepts systemd names, refuses what a shell or systemctl could misread', () => {
    for (const ok of ['nginx', 'nginx.service', 'getty@tty1.service', 'dev-disk-by\\x2duuid.device', 'a:b_c.timer']) {
      expect(isValidUnitName(ok), ok).toBe(true);
    }
    for (const bad of ['', '-H', '--all', 'a b', "x';reboot;'", 'a*', '$(id)', 'a/b', 'x\n', 'é.service']) {
      expect(isValidUnitName(bad), bad).toBe(false);
    }
  });

  it('quotes every unit and ends options with --', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(systemctlShowCommand(['nginx.service', 'getty@tty1.service'])).toBe(
      "systemctl show --property=Id,LoadState,ActiveState,SubState,Description -- 'nginx.service' 'getty@tty1.service'",
    );
  });
});
