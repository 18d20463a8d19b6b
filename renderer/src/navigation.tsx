/**
 * Which screen of an open project shows, and the way between screens: `useNavigation()` gives
 * every screen `open(screen)`, `back()` and the current screen, so no screen needs a chain of
 * `onOpenX` props from the app shell. The shell (app.tsx) owns the state and provides it.
 */
import { createContext, useCallback, useContext } from 'react';
import type { NotePlace } from './coding/note-place';

export type Screen =
  | { name: 'home' }
  | { name: 'settings' }
  | { name: 'designer'; scheduleId: string }
  | { name: 'interviews' }
  | { name: 'intake' }
  | { name: 'runner'; interviewId: string }
  | { name: 'interview'; interviewId: string }
  | { name: 'statistics' }
  | { name: 'coding'; place?: NotePlace }
  | { name: 'analysis' }
  | { name: 'quotes' }
  | { name: 'agreement' }
  | { name: 'evaluation' };

export interface Navigation {
  /** The screen showing now. */
  screen: Screen;
  /** Shows another screen of the project (the project home shows fresh counts). */
  open: (screen: Screen) => void;
  /** Goes back to the screen shown before this one, or to the project home. */
  back: () => void;
}

const NavigationContext = createContext<Navigation | null>(null);

export const NavigationProvider = NavigationContext.Provider;

export function useNavigation(): Navigation {
  const navigation = useContext(NavigationContext);
  if (navigation === null) throw new Error('useNavigation is used outside the app shell (no NavigationProvider).');
  return navigation;
}

/** Opens the coding workbench at a place in a note (from analysis, quotes, agreement, evaluation). */
export function useOpenPlace(): (place: NotePlace) => void {
  const { open } = useNavigation();
  return useCallback((place: NotePlace) => open({ name: 'coding', place }), [open]);
}
