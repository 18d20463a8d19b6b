/** The runner's keys, in one place: the legend shows these and the handlers match them. */
export interface KeyHelp {
  readonly keys: string;
  readonly does: string;
}

export function keyLegend(speakers: number, perParticipant: boolean): KeyHelp[] {
  return [
    { keys: '1 2 … 9', does: 'pick a choice by its code (9 Don’t know; type 96 quickly for 96)' },
    // In a group with answers per participant, a single choice moves the highlight on by itself:
    // the legend says so, so nobody presses ↓ as well and skips a participant.
    ...(perParticipant
      ? [
          { keys: 'P1 → P2 → P3', does: 'a code answers the highlighted participant and moves on to the next (a typed answer: Enter moves on)' },
          { keys: '↑ ↓', does: 'highlight another participant to change their answer' },
        ]
      : []),
    { keys: 'Enter', does: 'next question' },
    { keys: 'Shift+Enter', does: 'back' },
    { keys: 'Delete', does: 'clear the answer' },
    { keys: 'Ctrl+D', does: 'declined to answer (again to undo)' },
    { keys: 'Tab', does: 'to this question’s notes' },
    { keys: 'Esc', does: 'back to the question, from anywhere' },
    { keys: 'Ctrl+G', does: 'general notes' },
    { keys: 'Ctrl+Enter', does: 'next question from the notes (Ctrl+Shift+Enter back)' },
    ...(speakers > 1 ? [{ keys: `Alt+1 … Alt+${speakers}`, does: 'speaker tag [P1] … in notes' }] : []),
    { keys: 'Ctrl+O', does: 'outline: ↑↓ then Enter jumps' },
    { keys: 'Ctrl+P', does: 'primary questions only, on or off (answers given stay)' },
    { keys: 'Ctrl+E', does: 'end the interview early' },
    { keys: 'Ctrl+L', does: 'lock the project' },
  ];
}

type KeyEventLike = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>;

/** Ctrl (Cmd on a Mac) with a letter, by physical key so a Khmer layout works too. */
export function ctrlLetter(event: KeyEventLike, letter: string): boolean {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return false;
  return event.code === `Key${letter.toUpperCase()}` || event.key.toLowerCase() === letter;
}

export type RunnerCommand = 'next' | 'back' | 'declined' | 'outline' | 'general-notes' | 'end-early' | 'primary-only';

export function runnerCommand(event: KeyEventLike): RunnerCommand | null {
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key === 'Enter') return event.shiftKey ? 'back' : 'next';
  if (ctrlLetter(event, 'd')) return 'declined';
  if (ctrlLetter(event, 'o')) return 'outline';
  if (ctrlLetter(event, 'g')) return 'general-notes';
  if (ctrlLetter(event, 'e')) return 'end-early';
  // P for primary; taking Ctrl+P from the browser's print is deliberate: nothing here is printed.
  if (ctrlLetter(event, 'p')) return 'primary-only';
  return null;
}
