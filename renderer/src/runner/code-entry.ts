/**
 * Picking a choice by typing its code: "1" for Yes, "9" for Don't know, "96" for Other
 * typed quickly. A code is picked as soon as it matches; when a longer code starts with
 * the digits so far, a quick further digit switches to it.
 */
export const CODE_ENTRY_WINDOW_MS = 900;

export type CodeEntryResult =
  | { readonly kind: 'pick'; readonly code: string; readonly replaces: string | null }
  | { readonly kind: 'waiting'; readonly typed: string }
  | { readonly kind: 'unknown'; readonly typed: string };

export class CodeEntry {
  private typed = '';
  private at = 0;
  private lastPick: string | null = null;

  reset(): void {
    this.typed = '';
    this.lastPick = null;
  }

  key(digit: string, codes: readonly string[], now: number): CodeEntryResult {
    const quick = now - this.at < CODE_ENTRY_WINDOW_MS;
    this.at = now;
    let typed = quick ? this.typed + digit : digit;
    let extended = quick && this.typed !== '';
    if (!codes.some((c) => c.startsWith(typed))) {
      typed = digit;
      extended = false;
    }
    if (!codes.some((c) => c.startsWith(typed))) {
      this.reset();
      return { kind: 'unknown', typed: digit };
    }
    this.typed = typed;
    if (codes.includes(typed)) {
      const replaces = extended ? this.lastPick : null;
      this.lastPick = typed;
      if (!codes.some((c) => c !== typed && c.startsWith(typed))) this.typed = '';
      return { kind: 'pick', code: typed, replaces };
    }
    if (!extended) this.lastPick = null;
    return { kind: 'waiting', typed };
  }
}

/** The key that picks a choice: its code when codes are numbers, else its position (1-based). */
export function choiceKeys(codes: readonly string[]): string[] {
  return codes.every((c) => /^\d+$/.test(c)) ? [...codes] : codes.map((_, i) => String(i + 1));
}

const KHMER_ZERO = 0x17e0;

/** The digit a key press means (top row, keypad, or Khmer digits ០–៩), or null. */
export function digitOf(event: { key: string; code: string; ctrlKey: boolean; altKey: boolean; metaKey: boolean }): string | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  if (/^[0-9]$/.test(event.key)) return event.key;
  const khmer = event.key.length === 1 ? event.key.charCodeAt(0) - KHMER_ZERO : -1;
  if (khmer >= 0 && khmer <= 9) return String(khmer);
  const code = /^(?:Digit|Numpad)([0-9])$/.exec(event.code);
  return code ? code[1]! : null;
}
