import { describe, expect, it } from 'vitest';
import { checkPassphrase, randomWords } from '../../shared/api/passphrase';

describe('passphrase check', () => {
  // Issue 17, failure 3: these three were accepted.
  it('refuses the passphrases the attack pass got through', () => {
    expect(checkPassphrase('password12')).toMatchObject({ ok: false, strength: 'too-short' });
    expect(checkPassphrase('1234567890')).toMatchObject({ ok: false });
    expect(checkPassphrase('          ')).toMatchObject({ ok: false, hint: expect.stringContaining('Spaces alone') });
  });

  it('refuses fewer than 12 characters, counting characters not bytes', () => {
    expect(checkPassphrase('river lante')).toMatchObject({ ok: false, strength: 'too-short', hint: expect.stringContaining('12 characters') });
    expect(checkPassphrase('ព្រះអាទិត្យរះពេលព្រឹក').ok).toBe(true);
  });

  it('refuses common passwords, keyboard walks and repeated patterns even when long, and says why', () => {
    for (const weak of ['password1234', 'qwertyuiopasdf', '123456789012', 'abcabcabcabcabc', 'passwordpassword', 'nope nope nope', '            x']) {
      const check = checkPassphrase(weak);
      expect(check.ok, weak).toBe(false);
      expect(check.hint, weak).toMatch(/guess|Spaces/);
    }
    expect(checkPassphrase('nope nope nope').hint).toContain('Repeated');
  });

  it('accepts a few unrelated words and suggests random words to the user', () => {
    expect(checkPassphrase('correct horse battery staple')).toMatchObject({ ok: true, strength: 'strong' });
    const refused = checkPassphrase('password1234');
    expect(refused.suggestion.split(' ')).toHaveLength(4);
    expect(refused.hint).toContain(refused.suggestion);
    expect(checkPassphrase(refused.suggestion).ok).toBe(true);
    expect(randomWords()).not.toBe(randomWords());
  });

  it('scores a very long passphrase quickly', () => {
    const start = Date.now();
    expect(checkPassphrase('river lantern copper '.repeat(500)).ok).toBe(false);
    expect(checkPassphrase('ab9 '.repeat(5000).slice(0, 3) + 'x'.repeat(10_000)).ok).toBe(false);
    expect(Date.now() - start).toBeLessThan(3000);
  });
});
