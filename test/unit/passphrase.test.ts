import { describe, expect, it } from 'vitest';
import { checkPassphrase } from '../../shared/api/passphrase';

describe('passphrase check', () => {
  it('refuses fewer than 10 characters, counting characters not bytes', () => {
    expect(checkPassphrase('abcdefghi')).toMatchObject({ ok: false, strength: 'too-short' });
    expect(checkPassphrase('ខ្មែរខ្មែរ')).toMatchObject({ ok: true });
  });
  it('ranks a few unrelated words above one repeated character', () => {
    expect(checkPassphrase('aaaaaaaaaaaa').strength).toBe('weak');
    expect(checkPassphrase('correct horse battery staple').strength).toBe('strong');
  });
});
