import { describe, expect, it } from 'vitest';
import { dispatch, type Handlers } from '../../shared/api/dispatch';
import { WrongPassphraseError } from '../../shared/api/errors';

const calls: unknown[] = [];
const handlers = {
  'settings.get': () => ({ autoLockMinutes: 10 }),
  'settings.set': (input: unknown) => {
    calls.push(input);
    return input;
  },
  'project.unlock': () => {
    throw new WrongPassphraseError('x.fieldnote');
  },
  'project.info': () => {
    throw new Error('SQLITE_CONSTRAINT: secret interview words');
  },
} as unknown as Handlers;

describe('dispatch', () => {
  it('returns values as { ok: true, value }', async () => {
    expect(await dispatch(handlers, 'settings.get', {})).toEqual({ ok: true, value: { autoLockMinutes: 10 } });
  });

  it('rejects unknown methods, wrong types and extra fields with invalid_input and never calls the handler', async () => {
    calls.length = 0;
    expect(await dispatch(handlers, 'constructor', {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await dispatch(handlers, '__proto__', {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await dispatch(handlers, 'settings.set', { autoLockMinutes: '10' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await dispatch(handlers, 'settings.set', { autoLockMinutes: 10, extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await dispatch(handlers, 'settings.set', { autoLockMinutes: 10.5 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(calls).toEqual([]);
  });

  it('turns named errors into their code and message', async () => {
    expect(await dispatch(handlers, 'project.unlock', { passphrase: 'p' })).toEqual({
      ok: false,
      error: { code: 'wrong_passphrase', message: 'Wrong passphrase for x.fieldnote. Check the passphrase and try again.' },
    });
  });

  it('hides the text of unexpected errors, which could hold interview content', async () => {
    const seen: string[] = [];
    const result = await dispatch(handlers, 'project.info', {}, { onInternalError: (method) => seen.push(method) });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('secret');
    expect(seen).toEqual(['project.info']);
  });

  it('hands handlers the schema output: defaults declared once in the contract are filled in', async () => {
    const seen: unknown[] = [];
    const echo = (input: unknown) => {
      seen.push(input);
      return {};
    };
    const typed = { 'stats.crosstab': echo, 'merge.conflicts': echo, 'export.spss': echo, 'memos.list': echo } as unknown as Handlers;
    await dispatch(typed, 'stats.crosstab', { variable: 'q1', by: 'agency', unit: 'respondent' });
    await dispatch(typed, 'merge.conflicts', {});
    await dispatch(typed, 'export.spss', { unit: 'respondent', includeText: false });
    await dispatch(typed, 'memos.list', { targetType: 'project' });
    expect(seen).toEqual([
      { variable: 'q1', by: 'agency', unit: 'respondent', percentages: 'column' },
      { all: false },
      { unit: 'respondent', includeText: false, formats: ['spss'], bom: false },
      { targetType: 'project', targetId: '' },
    ]);
  });
});
