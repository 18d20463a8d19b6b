/**
 * What an API handler may use of the services. Each domain's handlers
 * (electron/services/<domain>.ts) are a function of this interface, never of the
 * FieldnoteServices class, so nothing in this folder imports in a circle (Actual Budget's
 * per-domain apps get a small context the same way). project-session.ts provides it.
 */
import type { ProjectInfo, ProjectStatus } from '../../shared/api/contract';
import type { UndoStack } from '../../shared/coding';
import type { CodingRepo } from '../store/coding-repo';
import type { InterviewRepo } from '../store/interview-repo';
import type { NoteRepo } from '../store/note-repo';
import type { ProjectStore } from '../store/project-store';
import type { ScheduleRepo } from '../store/schedule-repo';
import type { BackupScheduler } from '../team/backup-scheduler';
import type { RetiredBackups } from '../team/backups';
import type { AppConfig } from './app-config';

export type LockReason = 'user' | 'idle' | 'suspend' | 'screen-lock' | 'shutdown';

export interface ServiceContext {
  /** The open project; when none is open, reading it throws NoProjectOpenError, which the user sees. */
  readonly project: ProjectStore;
  /** The open project if it may be changed; else a `read_only` error that says to save a copy. */
  writable(): ProjectStore;
  /** This installation's device id, stamped on every record it writes. */
  readonly deviceId: string;
  /** Repositories over the open project (new ones each call: they hold no state of their own). */
  schedules(): ScheduleRepo;
  interviews(): InterviewRepo;
  /** Notes remember the codings this session's saves removed (for the editor's undo) until the key is forgotten. */
  notes(): NoteRepo;
  coding(): CodingRepo;
  /** The codebook's undo stack: one per open project, forgotten when it closes, locks or is replaced. */
  readonly codebookUndo: { get(): UndoStack; set(stack: UndoStack): void };
  /** Automatic encrypted backups of the open project. */
  readonly backups: BackupScheduler;
  /** A path as the user gave it: relative to the projects folder, with the extension added. */
  resolveProjectPath(path: string): string;
  status(): ProjectStatus;
  /** Closes the open project without a backup (its file is about to be replaced) and returns its path. */
  detachProject(): string;
  /** Opens a project file (again, after a restore replaced it) and makes it the open project. */
  reopen(path: string, passphrase: string, readOnly?: boolean): ProjectInfo;
}

/** The project's life cycle, for the project slice only (create, open, lock, rekey, destroy). */
export interface ProjectContext extends ServiceContext {
  readonly app: { readonly mode: 'electron' | 'browser'; readonly appVersion: string; readonly projectsDir: string };
  readonly config: AppConfig;
  create(path: string, title: string, passphrase: string): ProjectInfo;
  /** Unlocks the project shown on the unlock screen. */
  unlock(passphrase: string): ProjectInfo;
  lock(reason: LockReason): ProjectStatus;
  close(): void;
  /** Rekeys the open project and keeps it open under the new passphrase. */
  changePassphrase(current: string, next: string, oldBackups: 'reencrypt' | 'delete'): ProjectInfo & { oldBackups: RetiredBackups };
  /** Deletes the open project's file and backups and forgets it; returns what was deleted. */
  destroy(): string[];
  /** The user did something: postpones auto-lock. */
  touch(): void;
  /** Seconds until auto-lock, or null when nothing will lock. */
  lockInSeconds(): number | null;
}
