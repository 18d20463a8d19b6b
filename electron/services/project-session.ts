/**
 * The open project and what lives only as long as it stays open: at most one ProjectStore, the
 * unlock screen's file, the auto-lock timer, the codebook's undo stack, the codings removed by
 * note saves, and the automatic backups. It is the ServiceContext every handler slice gets.
 * Nothing here imports electron or a handler.
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import type { ProjectInfo, ProjectStatus } from '../../shared/api/contract';
import { FieldnoteError, NoProjectOpenError } from '../../shared/api/errors';
import { emptyUndoStack, type UndoStack } from '../../shared/coding';
import { CodingRepo } from '../store/coding-repo';
import { InterviewRepo } from '../store/interview-repo';
import { NoteRepo, RemovedCodings } from '../store/note-repo';
import { compactNotes, NoteBlockCache } from '../store/note-blocks';
import { PROJECT_EXTENSION, ProjectStore } from '../store/project-store';
import { ScheduleRepo } from '../store/schedule-repo';
import { BackupScheduler } from '../team/backup-scheduler';
import { clearRetirement, finishInterruptedRetirement, markRetirement, retireOldKeyBackups, type RetiredBackups } from '../team/backups';
import { AppConfig } from './app-config';
import type { LockReason, ProjectContext } from './context';

export interface ServicesOptions {
  mode: 'electron' | 'browser';
  configDir: string;
  projectsDir: string;
  appVersion: string;
  /** Length of a "minute" for auto-lock; tests shorten it. */
  minuteMs?: number;
  /** Quiet spell after the last note save before the notes are compacted (IDLE_COMPACTION_MS); tests shorten it. */
  idleCompactionMs?: number;
}

/**
 * Notes saved as blocks are compacted into their whole state once no note save came for this
 * long (issue 18: "a compacted whole-note state is written when idle and on close"). An editor
 * saves 150 ms after a pause in typing and every 160 ms while one types (NOTE_SAVE_DELAY_MS,
 * NOTE_MAX_WAIT_MS in renderer/src/editor/note-plugins.tsx). Someone taking notes pauses for a
 * few seconds between what they hear; compacting a 20,000-word note takes 15 to 40 ms of a core
 * (docs/benchmarks.md), and at 2 s it landed at the start of the next burst of typing, where on
 * a 2-core laptop it competes with the page for the processor (the typing benchmark's p95 rose
 * from 1.05-1.06x to 1.11-1.15x bare Lexical). 10 s without a save is typing that stopped. A
 * call that reads notes compacts first anyway, and closing and locking do too; the longer wait
 * only leaves the file's whole copy behind its blocks for longer (a read-only open of a file
 * killed in that time says so, electron/cli/project-access.ts).
 */
export const IDLE_COMPACTION_MS = 10_000;

export class ProjectSession implements ProjectContext {
  private store: ProjectStore | null = null;
  private lockedPath: string | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly minuteMs: number;
  /** The idle compaction's wait, restarted by each note save; cancelled by lock and close. */
  private compactionTimer: NodeJS.Timeout | null = null;
  private readonly idleCompactionMs: number;
  /** API calls running now (an import awaiting its worker): the idle compaction never runs among them. */
  private callsRunning = 0;
  private readonly lockListeners = new Set<(reason: LockReason) => void>();
  private readonly removedCodings = new RemovedCodings();
  /** What was derived from each note's stored blocks, so a delta save reads only the blocks it gets. */
  private readonly noteBlocks = new NoteBlockCache();
  /** One undo stack per ProjectStore: a new one (open, unlock, rekey, restore) starts empty. */
  private readonly undoStacks = new WeakMap<ProjectStore, UndoStack>();
  readonly config: AppConfig;
  readonly backups: BackupScheduler;
  readonly app: ProjectContext['app'];
  readonly codebookUndo = {
    get: (): UndoStack => this.undoStacks.get(this.project) ?? emptyUndoStack(),
    set: (stack: UndoStack): void => void this.undoStacks.set(this.project, stack),
  };

  constructor(options: ServicesOptions) {
    this.config = new AppConfig(options.configDir);
    this.minuteMs = options.minuteMs ?? 60_000;
    this.idleCompactionMs = options.idleCompactionMs ?? IDLE_COMPACTION_MS;
    this.backups = new BackupScheduler(this.minuteMs);
    this.app = { mode: options.mode, appVersion: options.appVersion, projectsDir: options.projectsDir };
  }

  get project(): ProjectStore {
    if (!this.store) throw new NoProjectOpenError();
    return this.store;
  }

  writable(): ProjectStore {
    const store = this.project;
    if (store.readOnly) throw new FieldnoteError('read_only', `${store.fileName} is open read-only; save a copy to change it.`);
    return store;
  }

  get deviceId(): string {
    return this.config.deviceId;
  }

  schedules(): ScheduleRepo {
    return new ScheduleRepo(this.project.db, this.deviceId);
  }

  interviews(): InterviewRepo {
    return new InterviewRepo(this.project.db, this.deviceId);
  }

  notes(): NoteRepo {
    return new NoteRepo(this.project.db, this.deviceId, {}, this.removedCodings, this.noteBlocks);
  }

  /**
   * Writes the whole state and plain text of notes saved as blocks since (electron/store/note-blocks.ts),
   * so that whatever runs next reads every note as it is.
   */
  compactNotes(): void {
    this.cancelIdleCompaction();
    if (this.store && !this.store.readOnly && this.store.db.open) compactNotes(this.store.db);
  }

  /** An API call starts: the idle compaction waits until none is running. */
  callBegan(): void {
    this.callsRunning += 1;
  }

  callEnded(): void {
    this.callsRunning -= 1;
  }

  /**
   * A note was saved: compact the notes after a quiet spell (IDLE_COMPACTION_MS) unless another
   * save comes first, which waits again. Only for a project open read-write; the timer keeps no
   * process alive (the CLI exits, and closing compacts anyway).
   */
  compactWhenIdle(): void {
    this.cancelIdleCompaction();
    if (!this.store || this.store.readOnly) return;
    this.compactionTimer = setTimeout(() => this.compactIdle(), this.idleCompactionMs);
    this.compactionTimer.unref?.();
  }

  private compactIdle(): void {
    this.compactionTimer = null;
    // Node runs this between calls, but an async call (an import awaiting its worker) may be in
    // the middle of its work: wait another quiet spell rather than write the notes under it.
    if (this.callsRunning > 0) {
      this.compactWhenIdle();
      return;
    }
    try {
      this.compactNotes();
    } catch (error) {
      // The error's name only: its message can quote the note (a block's JSON). The notes stay
      // marked as not compacted, so the next call that reads them, or closing, compacts them.
      console.error(`idle compaction of notes failed: ${(error as Error | null)?.name ?? 'Error'}`);
    }
  }

  private cancelIdleCompaction(): void {
    if (this.compactionTimer) clearTimeout(this.compactionTimer);
    this.compactionTimer = null;
  }

  coding(): CodingRepo {
    return new CodingRepo(this.project.db, this.deviceId);
  }

  resolveProjectPath(input: string): string {
    let path = nodePath.isAbsolute(input) ? input : nodePath.join(this.app.projectsDir, input);
    if (!path.endsWith(PROJECT_EXTENSION)) path += PROJECT_EXTENSION;
    return nodePath.resolve(path);
  }

  status(): ProjectStatus {
    const path = this.store?.path ?? this.lockedPath;
    return {
      state: this.store ? 'open' : this.lockedPath ? 'locked' : 'none',
      fileName: path ? nodePath.basename(path) : null,
      path,
      title: this.store ? this.store.getMeta('title') : null,
      readOnly: this.store?.readOnly ?? false,
      autoLockMinutes: this.config.settings.autoLockMinutes,
    };
  }

  detachProject(): string {
    const store = this.project;
    this.backups.forget();
    this.clearIdleTimer();
    this.cancelIdleCompaction();
    store.close();
    this.store = null;
    this.lockedPath = store.path;
    return store.path;
  }

  reopen(path: string, passphrase: string, readOnly = false): ProjectInfo {
    return this.adopt(readOnly ? ProjectStore.open(path, passphrase, { readOnly: true }) : openWritableOrReadOnly(path, passphrase));
  }

  create(path: string, title: string, passphrase: string): ProjectInfo {
    const resolved = this.resolveProjectPath(path);
    fs.mkdirSync(nodePath.dirname(resolved), { recursive: true });
    return this.adopt(ProjectStore.create(resolved, passphrase, { title }));
  }

  unlock(passphrase: string): ProjectInfo {
    if (!this.lockedPath) throw new NoProjectOpenError();
    return this.adopt(openWritableOrReadOnly(this.lockedPath, passphrase));
  }

  onLock(listener: (reason: LockReason) => void): () => void {
    this.lockListeners.add(listener);
    return () => this.lockListeners.delete(listener);
  }

  /** Closes the database and forgets the key; the UI shows the unlock screen. */
  lock(reason: LockReason): ProjectStatus {
    this.cancelIdleCompaction();
    if (this.store) {
      this.lockedPath = this.store.path;
      this.backups.beforeClose(this.store);
      this.store.close();
      this.store = null;
      this.removedCodings.clear();
      this.noteBlocks.clear();
      this.clearIdleTimer();
      for (const listener of this.lockListeners) listener(reason);
    }
    return this.status();
  }

  /** Shows the unlock screen for this file first (browser mode's --project, a file association). */
  preselect(path: string): void {
    if (this.store) return;
    this.lockedPath = this.resolveProjectPath(path);
  }

  close(): void {
    this.clearIdleTimer();
    this.cancelIdleCompaction();
    if (this.store) this.backups.beforeClose(this.store);
    this.store?.close();
    this.store = null;
    this.lockedPath = null;
    this.removedCodings.clear();
    this.noteBlocks.clear();
  }

  changePassphrase(current: string, next: string, oldBackups: 'reencrypt' | 'delete'): ProjectInfo & { oldBackups: RetiredBackups } {
    const store = this.project;
    markRetirement(store);
    try {
      store.changePassphrase(current, next);
    } catch (error) {
      // Failed before the swap: the file still has the old passphrase. Reopen it if it was closed.
      if (!store.db.open) this.store = ProjectStore.open(store.path, current);
      clearRetirement(this.store ?? store);
      throw error;
    }
    this.store = ProjectStore.open(store.path, next);
    const retired = retireOldKeyBackups(this.store, current, next, oldBackups);
    this.backups.start(this.store);
    return { ...this.store.info(), oldBackups: retired };
  }

  destroy(): string[] {
    const store = this.project;
    this.clearIdleTimer();
    this.cancelIdleCompaction();
    this.backups.forget();
    this.store = null;
    this.lockedPath = null;
    return store.destroy();
  }

  touch(): void {
    this.clearIdleTimer();
    const minutes = this.config.settings.autoLockMinutes;
    if (!this.store || minutes <= 0) return;
    this.idleTimer = setTimeout(() => this.lock('idle'), minutes * this.minuteMs);
    this.idleTimer.unref?.();
  }

  lockInSeconds(): number | null {
    const minutes = this.config.settings.autoLockMinutes;
    return this.store && minutes > 0 ? (minutes * this.minuteMs) / 1000 : null;
  }

  private adopt(store: ProjectStore): ProjectInfo {
    if (this.store && this.store !== store) this.backups.beforeClose(this.store);
    this.cancelIdleCompaction();
    this.store?.close();
    this.removedCodings.clear();
    this.noteBlocks.clear();
    this.store = store;
    this.lockedPath = null;
    this.config.addRecent(store.path);
    this.backups.start(store);
    this.touch();
    return store.info();
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}

/** A project in a folder or on a medium we cannot write to opens read-only; the UI shows a banner. */
function openWritableOrReadOnly(path: string, passphrase: string): ProjectStore {
  const writable = (target: string) => {
    try {
      fs.accessSync(target, fs.constants.W_OK);
      return true;
    } catch {
      return false;
    }
  };
  const readOnly = fs.existsSync(path) && (!writable(path) || !writable(nodePath.dirname(path)));
  const store = ProjectStore.open(path, passphrase, { readOnly });
  // A passphrase change killed before its old backups were retired is finished here.
  finishInterruptedRetirement(store, passphrase);
  return store;
}
