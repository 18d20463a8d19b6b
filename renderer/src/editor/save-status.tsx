/**
 * One quiet "Saved" indicator for everything a screen saves by itself (answers, notes):
 * each saver reports its state under its own key; the indicator shows the worst.
 */
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type { SaveState } from './latest-saver';

export class SaveStatus {
  private readonly states = new Map<string, SaveState>();
  private readonly listeners = new Set<() => void>();
  private summary: SaveState = 'idle';
  private lastError = '';

  report = (key: string, state: SaveState, error?: unknown): void => {
    this.states.set(key, state);
    if (state === 'error') this.lastError = error instanceof Error ? error.message : 'The services did not answer.';
    const values = [...this.states.values()];
    const next: SaveState = values.includes('error')
      ? 'error'
      : values.includes('saving') || values.includes('pending')
        ? 'saving'
        : values.includes('saved')
          ? 'saved'
          : 'idle';
    if (next === this.summary) return;
    this.summary = next;
    for (const listener of this.listeners) listener();
  };

  /** Tracks one request (an answer) under a key. */
  async track<T>(key: string, request: Promise<T>): Promise<T> {
    this.report(key, 'saving');
    try {
      const value = await request;
      this.report(key, 'saved');
      return value;
    } catch (error) {
      this.report(key, 'error', error);
      throw error;
    }
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get current(): SaveState {
    return this.summary;
  }

  get error(): string {
    return this.lastError;
  }
}

export const SaveStatusContext = createContext<SaveStatus | null>(null);

export function useSaveStatus(): SaveStatus | null {
  return useContext(SaveStatusContext);
}

/** Quick saves never flash "Saving…": it shows only when a save takes a noticeable while. */
const SHOW_SAVING_AFTER_MS = 700;

export function SaveIndicator({ status }: { status: SaveStatus }) {
  const live = useSyncExternalStore(status.subscribe, () => status.current);
  const [state, setState] = useState<SaveState>(live);
  useEffect(() => {
    if (live !== 'saving') return setState(live);
    const timer = window.setTimeout(() => setState('saving'), SHOW_SAVING_AFTER_MS);
    return () => window.clearTimeout(timer);
  }, [live]);
  const text = state === 'saving' ? 'Saving…' : state === 'saved' ? 'Saved' : state === 'error' ? `Not saved yet (${status.error}); trying again` : '';
  return (
    <span className={`save-indicator ${state}`} role="status" data-testid="save-indicator" data-state={live}>
      {text}
    </span>
  );
}
