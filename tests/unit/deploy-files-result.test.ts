// The pure decisions of a push to a config folder: usable input, and the outcome its components add up to.
import { describe, expect, it } from 'vitest';
import { pathTail } from '../../lib/deploy/files-confirm';
import { ComponentLog, listProblems, pushInputProblems, pushOutcome, type ComponentResult } from '../../lib/deploy/files-result';

const config = { path: 'prometheus/prometheus.yml', content: 'global: {}\n' };

describe('pushInputProblems', () => {
  it('accepts a tree with the config of every server it reloads', () => {
    expect(pushInputProblems({ dir: '/srv/mon', prometheusUrl: 'http://127.0.0.1:9090' }, [config])).toEqual([]);
  });

  it('says what is wrong with the target and the files', () => {
    expect(
      pushInputProblems({ dir: '/srv/mon', prometheusUrl: '127.0.0.1:9090', alertmanagerUrl: 'http://127.0.0.1:9093', timeoutMs: 0 }, [
        config,
        config,
        { path: '../etc/passwd', content: '' },
      ]),
    ).toEqual([
      'prometheus/prometheus.yml is in the push twice',
      '"../etc/passwd" is not a relative path inside the folder',
      'prometheusUrl "127.0.0.1:9090" is not an http:// or https:// URL',
      'alertmanagerUrl is set but the push has no alertmanager/alertmanager.yml to reload',
      'timeoutMs must be positive, not 0',
    ]);
    expect(pushInputProblems({ dir: ' ' }, [])).toEqual(['the target folder is empty', 'there are no files to push']);
  });
});

describe('pushOutcome', () => {
  const c = (status: ComponentResult['status']): ComponentResult => ({ target: 'prometheus', status, detail: '', durationMs: 0 });
  it('is pushed only when nothing failed or was rolled back', () => {
    expect(pushOutcome([c('ok'), c('skipped')], false)).toBe('pushed');
    expect(pushOutcome([c('ok'), c('rolled-back')], false)).toBe('rolled-back');
    expect(pushOutcome([c('rolled-back'), c('failed')], false)).toBe('failed');
    expect(pushOutcome([c('skipped')], true)).toBe('refused');
  });
});

describe('ComponentLog', () => {
  it('lists components in order, extends a result with the rollback, and reports the unreached as skipped', () => {
    const log = new ComponentLog(['files', 'prometheus', 'alertmanager']);
    log.set('prometheus', 'failed', 'refused the reload', 12.4);
    log.update('prometheus', 'rolled-back', 'previous files reloaded', 5);
    log.set('files', 'ok', 'wrote 3 files');
    expect(log.list('not reached')).toEqual([
      { target: 'files', status: 'ok', detail: 'wrote 3 files', durationMs: 0 },
      { target: 'prometheus', status: 'rolled-back', detail: 'refused the reload; previous files reloaded', durationMs: 17 },
      { target: 'alertmanager', status: 'skipped', detail: 'not reached', durationMs: 0 },
    ]);
  });
});

describe('listProblems and pathTail', () => {
  it('shows a few problems and counts the rest', () => {
    expect(listProblems(['a', 'b', 'c'], 2)).toBe('a; b; and 1 more');
    expect(listProblems(['a'])).toBe('a');
  });

  it('takes the part of a path a server reports that does not depend on where it sees the tree', () => {
    expect(pathTail('prometheus', 'rules/services.yml')).toBe('rules/services.yml');
    expect(pathTail('prometheus', '../blackbox/targets.json')).toBe('blackbox/targets.json');
    expect(pathTail('prometheus', '../../outside/x.yml')).toBe('x.yml');
  });
});
