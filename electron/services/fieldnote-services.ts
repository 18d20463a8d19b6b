/**
 * The API handlers: one object that owns at most one open project (ProjectSession), its
 * auto-lock timer and the app config, and combines every domain's handler slice
 * (electron/services/<domain>.ts, each a function of the ServiceContext). Both transports (IPC
 * through the service host in Electron, HTTP in browser mode), the CLI and the tests call
 * `handlers` through `dispatch`. Nothing here imports electron.
 */
import type { ApiMethod, ProjectInfo, ProjectStatus } from '../../shared/api/contract';
import type { Handlers } from '../../shared/api/dispatch';
import type { CodingRepo } from '../store/coding-repo';
import type { InterviewRepo } from '../store/interview-repo';
import type { NoteRepo } from '../store/note-repo';
import { translateSqliteError, type ProjectStore } from '../store/project-store';
import type { ScheduleRepo } from '../store/schedule-repo';
import type { BackupScheduler } from '../team/backup-scheduler';
import { agreementHandlers } from './agreement';
import { codingHandlers } from './coding';
import type { LockReason } from './context';
import { evaluationHandlers } from './evaluation';
import { exchangeHandlers } from './exchange';
import { interviewHandlers } from './interview';
import { notesHandlers } from './notes';
import { projectHandlers } from './project';
import { ProjectSession, type ServicesOptions } from './project-session';
import { scheduleHandlers } from './schedule';
import { statsHandlers } from './stats';
import { teamHandlers } from './team';

export type { LockReason } from './context';
export type { ServicesOptions } from './project-session';

/** Calls that do not count as the user being active (the UI polls them). */
const PASSIVE_METHODS: ReadonlySet<ApiMethod> = new Set(['project.status', 'app.info']);

/**
 * Calls that never read a note's text, so they run without compacting the notes first (issue 18:
 * during an interview, answering a question right after typing must not rewrite the whole
 * 20,000-word note; ProjectSession compacts it once the typing has stopped for 10 s). Each handler touches no
 * `note` row (nor a table a trigger on `note` reads), which is why it is safe:
 * - `notes.save`: writes the note's blocks (or a whole state) and derives everything from what it
 *   gets and the stored blocks, never from `note.editor_state` (note-repo.ts `saveBlocks`, `save`);
 *   it restarts the idle compaction's wait.
 * - `interview.answer`: checks the value against the schedule and the interview's participants,
 *   writes one `answer` row and the interview's `updated_at` (interview-repo.ts `answer`).
 * - `interview.clearAnswer`: deletes one `answer` row.
 * - `interview.update`: the runner's place, clock and primary-only switch, 400 ms after each move:
 *   `interview.current_question`, `elapsed_seconds`, `primary_only`, `updated_at`.
 * - `project.status`, `app.info`: polled by the UI while one types; the file's name, title, settings.
 * Every other method compacts first: the safe default for a method added later. A method that
 * returns an interview (`interview.get`, `interview.finish`, `interview.correctAnswer`) reads its notes.
 */
const METHODS_READING_NO_NOTE: ReadonlySet<ApiMethod> = new Set([
  'notes.save',
  'interview.answer',
  'interview.clearAnswer',
  'interview.update',
  'project.status',
  'app.info',
]);

export class FieldnoteServices {
  private readonly session: ProjectSession;
  readonly handlers: Handlers;

  constructor(options: ServicesOptions) {
    this.session = new ProjectSession(options);
    const ctx = this.session;
    this.handlers = this.withStoreErrors({
      ...projectHandlers(ctx),
      ...scheduleHandlers(ctx),
      ...interviewHandlers(ctx),
      ...notesHandlers(ctx),
      ...statsHandlers(ctx),
      ...codingHandlers(ctx),
      ...teamHandlers(ctx),
      ...exchangeHandlers(ctx),
      ...agreementHandlers(ctx),
      ...evaluationHandlers(ctx),
    });
  }

  /** Automatic encrypted backups of the open project (every N minutes and on close or lock). */
  get backups(): BackupScheduler {
    return this.session.backups;
  }

  /** The open project, or a NoProjectOpenError for the caller to return. */
  get project(): ProjectStore {
    return this.session.project;
  }

  /** The open project's schedules. */
  get schedules(): ScheduleRepo {
    return this.session.schedules();
  }

  /** The open project's interviews. */
  get interviews(): InterviewRepo {
    return this.session.interviews();
  }

  /** The open project's notes: the one way a note is written, and who said what in it. */
  get notes(): NoteRepo {
    return this.session.notes();
  }

  /** The open project's codebook, codings, memos and relations. */
  get coding(): CodingRepo {
    return this.session.coding();
  }

  /** This installation's device id, stamped on every record it writes. */
  get deviceId(): string {
    return this.session.deviceId;
  }

  resolveProjectPath(input: string): string {
    return this.session.resolveProjectPath(input);
  }

  detachProject(): string {
    return this.session.detachProject();
  }

  reopen(path: string, passphrase: string): ProjectInfo {
    return this.session.reopen(path, passphrase);
  }

  onLock(listener: (reason: LockReason) => void): () => void {
    return this.session.onLock(listener);
  }

  /** Called by the transports before each call, so any real use postpones auto-lock. */
  noteCall(method: string): void {
    if (!PASSIVE_METHODS.has(method as ApiMethod)) this.session.touch();
  }

  /** Closes the database and forgets the key; the UI shows the unlock screen. */
  lock(reason: LockReason): ProjectStatus {
    return this.session.lock(reason);
  }

  /** Shows the unlock screen for this file first (browser mode's --project, a file association). */
  preselect(path: string): void {
    this.session.preselect(path);
  }

  close(): void {
    this.session.close();
  }

  status(): ProjectStatus {
    return this.session.status();
  }

  /** SQLite errors raised while a project is in use (a damaged page, a full disk) reach the user by name. */
  private withStoreErrors(handlers: Handlers): Handlers {
    const wrapped: Record<string, (input: unknown) => unknown> = {};
    for (const [method, handler] of Object.entries(handlers) as [string, (input: unknown) => unknown][]) {
      wrapped[method] = async (input) => {
        this.session.callBegan();
        try {
          // Notes saved as blocks since they were last compacted get their whole state and plain
          // text back first, so every method that reads notes reads them as they are
          // (electron/store/note-blocks.ts); not the few that read no note (METHODS_READING_NO_NOTE).
          if (!METHODS_READING_NO_NOTE.has(method as ApiMethod)) this.session.compactNotes();
          return await handler(input);
        } catch (error) {
          throw translateSqliteError(error, this.status().fileName ?? 'The project');
        } finally {
          this.session.callEnded();
          // Each save restarts the wait: the notes are compacted once typing has stopped.
          if (method === 'notes.save') this.session.compactWhenIdle();
        }
      };
    }
    return wrapped as unknown as Handlers;
  }
}
