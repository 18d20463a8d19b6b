import fs from 'node:fs';
import nodePath from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testServices } from '../../support/services';
import { OTHER_PASS, PASS } from '../../support/temp';

function setup() {
  // These tests look at the results themselves, refusals included.
  const { dir, services, result: call } = testServices();
  return { dir, services, call };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('services', () => {
  it('create, lock, wrong passphrase, unlock: the same project comes back', async () => {
    const { call } = setup();
    const created = await call('project.create', { path: 'eval', title: 'Eval', passphrase: PASS, passphraseConfirm: PASS });
    expect(created).toMatchObject({ ok: true, value: { title: 'Eval', fileName: 'eval.fieldnote' } });
    expect(await call('project.lock')).toMatchObject({ ok: true, value: { state: 'locked', fileName: 'eval.fieldnote', title: null } });
    expect(await call('project.info')).toMatchObject({ ok: false, error: { code: 'no_project_open' } });
    expect(await call('project.unlock', { passphrase: 'guess guess guess' })).toEqual({
      ok: false,
      error: { code: 'wrong_passphrase', message: 'Wrong passphrase for eval.fieldnote. Check the passphrase and try again.' },
    });
    expect(await call('project.unlock', { passphrase: PASS })).toMatchObject({ ok: true, value: { title: 'Eval' } });
  });

  it('rejects mismatched confirmation, unknown methods and unexpected fields without coercion', async () => {
    const { call } = setup();
    expect(await call('project.create', { path: 'x', title: 'X', passphrase: PASS, passphraseConfirm: PASS + '!' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call('project.drop', {})).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/Unknown method/) } });
    expect(await call('settings.set', { autoLockMinutes: '5' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/autoLockMinutes/) } });
    expect(await call('project.lock', { force: true })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('locks itself after the idle time the user set, and activity postpones it', async () => {
    vi.useFakeTimers();
    const { services, call } = setup();
    await call('settings.set', { autoLockMinutes: 10 });
    await call('project.create', { path: 'idle', title: 'Idle', passphrase: PASS, passphraseConfirm: PASS });
    const locks: string[] = [];
    services.onLock((reason) => locks.push(reason));
    vi.advanceTimersByTime(9 * 60_000);
    services.noteCall('session.activity');
    await call('session.activity');
    vi.advanceTimersByTime(9 * 60_000);
    expect(services.status().state).toBe('open');
    services.noteCall('project.status'); // polling is not activity
    vi.advanceTimersByTime(60_000 + 1);
    expect(services.status().state).toBe('locked');
    expect(locks).toEqual(['idle']);
  });

  it('auto-lock set to 0 never locks', async () => {
    vi.useFakeTimers();
    const { services, call } = setup();
    await call('settings.set', { autoLockMinutes: 0 });
    await call('project.create', { path: 'never', title: 'Never', passphrase: PASS, passphraseConfirm: PASS });
    vi.advanceTimersByTime(24 * 60 * 60_000);
    expect(services.status().state).toBe('open');
  });

  it('changes the passphrase through the API and keeps the project open', async () => {
    const { call, dir } = setup();
    await call('project.create', { path: 'rk', title: 'Rk', passphrase: PASS, passphraseConfirm: PASS });
    expect(await call('project.changePassphrase', { current: 'wrong wrong wrong', next: OTHER_PASS, nextConfirm: OTHER_PASS })).toMatchObject({ ok: false, error: { code: 'wrong_passphrase' } });
    expect(await call('project.info')).toMatchObject({ ok: true });
    const weak = await call('project.changePassphrase', { current: PASS, next: 'qwertyuiop12', nextConfirm: 'qwertyuiop12' });
    expect(weak).toMatchObject({ ok: false, error: { code: 'weak_passphrase', message: expect.stringContaining('for example') } });
    expect(await call('project.changePassphrase', { current: PASS, next: OTHER_PASS, nextConfirm: OTHER_PASS })).toMatchObject({ ok: true, value: { title: 'Rk' } });
    await call('project.close');
    expect(await call('project.open', { path: nodePath.join(dir, 'rk.fieldnote'), passphrase: PASS })).toMatchObject({ ok: false, error: { code: 'wrong_passphrase' } });
    expect(await call('project.open', { path: nodePath.join(dir, 'rk.fieldnote'), passphrase: OTHER_PASS })).toMatchObject({ ok: true });
  });

  it('lists recent projects by file name and refuses a second owner', async () => {
    const a = setup();
    await a.call('project.create', { path: 'shared', title: 'S', passphrase: PASS, passphraseConfirm: PASS });
    const recent = await a.call('project.recent');
    expect(recent).toMatchObject({ ok: true, value: { projects: [{ fileName: 'shared.fieldnote' }] } });
    const b = testServices({ dir: a.dir, config: 'config-b' });
    const second = await b.result('project.open', { path: 'shared.fieldnote', passphrase: PASS });
    expect(second).toMatchObject({ ok: false, error: { code: 'project_in_use' } });
  });

  it('destroys the project and its backups only after its title is typed', async () => {
    const { call, dir } = setup();
    await call('project.create', { path: 'gone', title: 'Gone soon', passphrase: PASS, passphraseConfirm: PASS });
    const backups = nodePath.join(dir, 'gone.backups');
    fs.mkdirSync(backups);
    fs.writeFileSync(nodePath.join(backups, 'gone-1.fieldnote'), 'encrypted backup stand-in');
    expect(await call('project.destroy', { confirmTitle: 'Gone' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/Type the project's title exactly \("Gone soon"\)/) } });
    expect(fs.existsSync(nodePath.join(dir, 'gone.fieldnote'))).toBe(true);
    const destroyed = await call('project.destroy', { confirmTitle: 'Gone soon' });
    expect(destroyed).toMatchObject({ ok: true, value: { deleted: expect.arrayContaining(['gone.fieldnote', 'gone.backups']) } });
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('gone'))).toEqual([]);
    expect(await call('project.status')).toMatchObject({ ok: true, value: { state: 'none' } });
  });
});
