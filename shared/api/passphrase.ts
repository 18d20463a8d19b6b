/**
 * Passphrase rules, applied by the store (so the app, browser mode, the CLI and the tests all
 * meet them) and shown live by the create and change-passphrase screens.
 *
 * The project file can be attacked offline at about 180 ms a guess, so a passphrase must resist
 * a dictionary attack, not merely look varied. `@zxcvbn-ts/core` with the common-language and
 * English dictionaries estimates that (common passwords, words, keyboard walks, dates,
 * repeats); we require at least 12 characters, a zxcvbn score of 2 ("fair") or more, and refuse
 * whitespace-only and repeated-pattern passphrases outright, whatever their score ("nope nope
 * nope" scores 3). The dictionaries are loaded on first use (~0.2 s), not at import.
 */
import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

export const MIN_PASSPHRASE_LENGTH = 12;
/** zxcvbn's score: 0 too guessable, 1 very guessable, 2 somewhat guessable ("fair"), 3 and 4 strong. */
export const MIN_PASSPHRASE_SCORE = 2;
/** zxcvbn is super-linear in length; beyond this only the first characters are scored. */
const MAX_SCORED_LENGTH = 100;

export type PassphraseStrength = 'too-short' | 'weak' | 'fair' | 'strong';

export interface PassphraseCheck {
  ok: boolean;
  strength: PassphraseStrength;
  /** Why it is refused or how good it is, and what to do. */
  hint: string;
  /** Four random words from a diceware list, offered as an example of a good passphrase. */
  suggestion: string;
}

let factory: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return factory;
}

/** `count` words drawn uniformly (crypto randomness) from the diceware list zxcvbn ships. */
export function randomWords(count = 4): string {
  const list = common.dictionary['diceware-common'].filter((w) => /^[a-z]{3,8}$/.test(w));
  const picks = new Uint32Array(count);
  // Web Crypto: in browsers, in Node 18+ and in Electron's renderer alike (shared/ has no DOM types).
  (globalThis as unknown as { crypto: { getRandomValues(array: Uint32Array): Uint32Array } }).crypto.getRandomValues(picks);
  return [...picks].map((n) => list[n % list.length]).join(' ');
}

function isRepeatedPattern(result: ZxcvbnResult, length: number): boolean {
  const repeated = result.sequence.filter((m) => m.pattern === 'repeat').reduce((sum, m) => sum + [...m.token].length, 0);
  return repeated * 2 >= length;
}

/** `suggestion` lets a screen keep one example while the user types. */
export function checkPassphrase(passphrase: string, suggestion = randomWords()): PassphraseCheck {
  const better = `A few unrelated random words are easy to type and hard to guess, for example “${suggestion}”.`;
  const length = [...passphrase].length;
  if (passphrase.trim() === '' && length > 0) {
    return { ok: false, strength: 'weak', hint: `Spaces alone are not a passphrase. ${better}`, suggestion };
  }
  if (length < MIN_PASSPHRASE_LENGTH) {
    return { ok: false, strength: 'too-short', hint: `Use at least ${MIN_PASSPHRASE_LENGTH} characters (${length} so far). ${better}`, suggestion };
  }
  const result = zxcvbn().check([...passphrase].slice(0, MAX_SCORED_LENGTH).join(''));
  if (isRepeatedPattern(result, Math.min(length, MAX_SCORED_LENGTH))) {
    return { ok: false, strength: 'weak', hint: `Repeated words or characters are among the first things guessed. ${better}`, suggestion };
  }
  if (result.score < MIN_PASSPHRASE_SCORE) {
    const why = result.feedback.warning ?? 'It is close to passwords and words that are tried first.';
    return { ok: false, strength: 'weak', hint: `Too easy to guess: ${why} Anyone holding the file can try guesses offline. ${better}`, suggestion };
  }
  if (result.score === MIN_PASSPHRASE_SCORE) {
    return { ok: true, strength: 'fair', hint: `Fair. Another unrelated word makes it much stronger, for example “${suggestion.split(' ')[0]}”.`, suggestion };
  }
  return { ok: true, strength: 'strong', hint: 'Strong passphrase.', suggestion };
}
