/** Passphrase rules shown to the user when a project is created or rekeyed. */
export const MIN_PASSPHRASE_LENGTH = 10;

export type PassphraseStrength = 'too-short' | 'weak' | 'fair' | 'strong';

export interface PassphraseCheck {
  ok: boolean;
  strength: PassphraseStrength;
  hint: string;
}

/**
 * A deliberately simple estimate: length dominates, variety helps a little, and
 * repeated characters or a single repeated word are penalised. It guides; it does not guarantee.
 */
export function checkPassphrase(passphrase: string): PassphraseCheck {
  const length = [...passphrase].length;
  if (length < MIN_PASSPHRASE_LENGTH) {
    return {
      ok: false,
      strength: 'too-short',
      hint: `Use at least ${MIN_PASSPHRASE_LENGTH} characters; a few unrelated words work well.`,
    };
  }
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(passphrase)).length;
  const distinct = new Set(passphrase).size;
  const words = passphrase.trim().split(/\s+/).filter((w) => w.length > 0);
  let score = length + classes * 2 + Math.min(words.length, 5) * 2;
  if (distinct < 5) score -= 10;
  if (score >= 28) return { ok: true, strength: 'strong', hint: 'Strong passphrase.' };
  if (score >= 20) return { ok: true, strength: 'fair', hint: 'Fair. Adding another word makes it much stronger.' };
  return { ok: true, strength: 'weak', hint: 'Weak: add more words or characters. Anyone holding the laptop can try guesses offline.' };
}
