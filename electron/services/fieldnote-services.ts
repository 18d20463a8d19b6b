/**
 * The API handlers: one object that owns at most one open project, its auto-lock timer and
 * the app config. Both transports (IPC in Electron, HTTP in browser mode) and the tests call
 * `handlers` through `dispatch`. Nothing here imports electron.
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import type { ApiMethod, ProjectInfo, ProjectStatus } from '../../shared/api/contract';
import type { Handlers } from '../../shared/api/dispatch';
import { InvalidInputError, NoProjectOpenError, WeakPassphraseError } from '../../shared/api/errors';
import { checkPassphrase } from '../../shared/api/passphrase';
import { PROJECT_EXTENSION, ProjectStore, translateSqliteError } from '../store/project-store';
import { SCHEMA_VERSION } from '../store/migrations';
import { AppConfig } from './app-config';
import { ScheduleRepo } from '../store/schedule-repo';
import { scheduleHandlers } from './schedule-handlers';
import { interviewHandlers } from './interview-handlers';
import { noteHandlers } from './note-handlers';
import { statsHandlers } from './stats-handlers';
import { InterviewRepo } from '../store/interview-repo';
import { CodingRepo } from '../store/coding-repo';
import { NoteRepo, RemovedCodings } from '../store/note-repo';
import { codingHandlers } from './coding-handlers';
import { teamHandlers } from './team-handlers';
import { agreementHandlers } from './agreement-handlers';
import { evaluationHandlers } from './evaluation-handlers';
import { BackupScheduler } from '../team/backup-scheduler';
import { clearRetirement, finishInterruptedRetirement, markRetirement, retireOldKeyBackups } from '../team/backups';

export interface ServicesOptions {
  mode: 'electron' | 'browser';
  configDir: string;
  projectsDir: string;
  appVersion: string;
  /** Length of a "minute" for auto-lock; tests shorten it. */
  minuteMs?: number;
}

export type LockReason = 'user' | 'idle' | 'suspend' | 'screen-lock' | 'shutdown';

/** Calls that do not count as the user being active (the UI polls them). */
const PASSIVE_METHODS: ReadonlySet<ApiMethod> = new Set(['project.status', 'app.info']);

export class FieldnoteServices {
  private store: ProjectStore | null = null;
  private lockedPath: string | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly config: AppConfig;
  private readonly minuteMs: number;
  private readonly lockListeners = new Set<(reason: LockReason) => void>();
  /** Codings removed by this session's note saves, for the editor's undo; forgotten with the key. */
  private readonly removedCodings = new RemovedCodings();
  readonly handlers: Handlers;
  /** Automatic encrypted backups of the open project (every N minutes and on close or lock). */
  readonly backups: BackupScheduler;

  constructor(private readonly options: ServicesOptions) {
    this.config = new AppConfig(options.configDir);
    this.minuteMs = options.minuteMs ?? 60_000;
    this.backups = new BackupScheduler(this.minuteMs);
    this.handlers = this.withStoreErrors(this.createHandlers());
  }

  /** The open project's schedules. */
  get schedules(): ScheduleRepo {
    return new ScheduleRepo(this.project.db, this.config.deviceId);
  }

  /** The open project's interviews. */
  get interviews(): InterviewRepo {
    return new InterviewRepo(this.project.db, this.config.deviceId);
  }

  /** The open project's notes: the one way a note is written, and who said what in it. */
  get notes(): NoteRepo {
    return new NoteRepo(this.project.db, this.config.deviceId, {}, this.removedCodings);
  }

  /** The open project's codebook, codings, memos and relations. */
  get coding(): CodingRepo {
    return new CodingRepo(this.project.db, this.config.deviceId);
  }

  /** This installation's device id, stamped on every record it writes. */
  get deviceId(): string {
    return this.config.deviceId;
  }

  /** A path as the user gave it: relative to the projects folder, with the extension added. */
  resolveProjectPath(input: string): string {
    return this.resolvePath(input);
  }

  /** Closes the open project without a backup (its file is about to be replaced) and returns its path. */
  detachProject(): string {
    const store = this.project;
    this.backups.forget();
    this.clearIdleTimer();
    store.close();
    this.store = null;
    this.lockedPath = store.path;
    return store.path;
  }

  /** Opens a project file again (after a restore replaced it). */
  reopen(path: string, passphrase: string): ProjectInfo {
    return this.adopt(openWritableOrReadOnly(path, passphrase));
  }

  /** The open project, or a NoProjectOpenError for the caller to return. */
  get project(): ProjectStore {
    if (!this.store) throw new NoProjectOpenError();
    return this.store;
  }

  onLock(listener: (reason: LockReason) => void): () => void {
    this.lockListeners.add(listener);
    return () => this.lockListeners.delete(listener);
  }

  /** Called by the transports before each call, so any real use postpones auto-lock. */
  noteCall(method: string): void {
    if (!PASSIVE_METHODS.has(method as ApiMethod)) this.touch();
  }

  /** Closes the database and forgets the key; the UI shows the unlock screen. */
  lock(reason: LockReason): ProjectStatus {
    if (this.store) {
      this.lockedPath = this.store.path;
      this.backups.beforeClose(this.store);
      this.store.close();
      this.store = null;
      this.removedCodings.clear();
      this.clearIdleTimer();
      for (const listener of this.lockListeners) listener(reason);
    }
    return this.status();
  }

  /** Shows the unlock screen for this file first (browser mode's --project, a file association). */
  preselect(path: string): void {
    if (this.store) return;
    this.lockedPath = this.resolvePath(path);
  }

  close(): void {
    this.clearIdleTimer();
    if (this.store) this.backups.beforeClose(this.store);
    this.store?.close();
    this.store = null;
    this.lockedPath = null;
    this.removedCodings.clear();
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

  private resolvePath(input: string): string {
    let path = nodePath.isAbsolute(input) ? input : nodePath.join(this.options.projectsDir, input);
    if (!path.endsWith(PROJECT_EXTENSION)) path += PROJECT_EXTENSION;
    return nodePath.resolve(path);
  }

  private adopt(store: ProjectStore): ProjectInfo {
    if (this.store && this.store !== store) this.backups.beforeClose(this.store);
    this.store?.close();
    this.removedCodings.clear();
    this.store = store;
    this.lockedPath = null;
    this.config.addRecent(store.path);
    this.backups.start(store);
    this.touch();
    return store.info();
  }

  private touch(): void {
    this.clearIdleTimer();
    const minutes = this.config.settings.autoLockMinutes;
    if (!this.store || minutes <= 0) return;
    this.idleTimer = setTimeout(() => this.lock('idle'), minutes * this.minuteMs);
    this.idleTimer.unref?.();
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private listProjects(dir: string): { fileName: string; path: string }[] {
    try {
      return fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith(PROJECT_EXTENSION))
        .map((e) => ({ fileName: e.name, path: nodePath.join(dir, e.name) }))
        .sort((a, b) => a.fileName.localeCompare(b.fileName));
    } catch {
      return [];
    }
  }

  /** SQLite errors raised while a project is in use (a damaged page, a full disk) reach the user by name. */
  private withStoreErrors(handlers: Handlers): Handlers {
    const wrapped: Record<string, (input: unknown) => unknown> = {};
    for (const [method, handler] of Object.entries(handlers) as [string, (input: unknown) => unknown][]) {
      wrapped[method] = async (input) => {
        try {
          return await handler(input);
        } catch (error) {
          throw translateSqliteError(error, this.status().fileName ?? 'The project');
        }
      };
    }
    return wrapped as unknown as Handlers;
  }

  private createHandlers(): Handlers {
    return {
      'app.info': () => ({
        mode: this.options.mode,
        appVersion: this.options.appVersion,
        schemaVersion: SCHEMA_VERSION,
        projectsDir: this.options.projectsDir,
      }),
      'project.recent': () => ({
        projects: this.config.recent.map((path) => ({ fileName: nodePath.basename(path), path })),
      }),
      'project.browse': () => ({ dir: this.options.projectsDir, projects: this.listProjects(this.options.projectsDir) }),
      'project.create': ({ path, title, passphrase, passphraseConfirm }) => {
        if (passphrase !== passphraseConfirm) throw new InvalidInputError('The two passphrases differ. Type the same passphrase twice.');
        const resolved = this.resolvePath(path);
        fs.mkdirSync(nodePath.dirname(resolved), { recursive: true });
        return this.adopt(ProjectStore.create(resolved, passphrase, { title }));
      },
      'project.open': ({ path, passphrase }) => this.adopt(openWritableOrReadOnly(this.resolvePath(path), passphrase)),
      'project.unlock': ({ passphrase }) => {
        const path = this.lockedPath;
        if (!path) throw new NoProjectOpenError();
        return this.adopt(openWritableOrReadOnly(path, passphrase));
      },
      'project.lock': () => this.lock('user'),
      'project.close': () => {
        this.close();
        return this.status();
      },
      'project.status': () => this.status(),
      'project.info': () => this.project.info(),
      'project.setTitle': ({ title }) => {
        this.project.setMeta('title', title);
        return this.project.info();
      },
      'project.changePassphrase': ({ current, next, nextConfirm, oldBackups }) => {
        if (next !== nextConfirm) throw new InvalidInputError('The two new passphrases differ. Type the same passphrase twice.');
        const check = checkPassphrase(next);
        if (!check.ok) throw new WeakPassphraseError(check.hint);
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
        const retired = retireOldKeyBackups(this.store, current, next, oldBackups ?? 'reencrypt');
        this.backups.start(this.store);
        return { ...this.store.info(), oldBackups: retired };
      },
      'project.saveCopy': ({ path }) => {
        const target = this.resolvePath(path);
        this.project.saveCopy(target);
        return { fileName: nodePath.basename(target), path: target };
      },
      'project.destroy': ({ confirmTitle }) => {
        const store = this.project;
        const title = store.getMeta('title') ?? '';
        if (confirmTitle.trim() !== title.trim()) {
          throw new InvalidInputError(`Type the project's title exactly ("${title}") to destroy it. Nothing was deleted.`);
        }
        if (store.readOnly) throw new InvalidInputError(`${store.fileName} is read-only here; it cannot be deleted from this folder.`);
        this.clearIdleTimer();
        this.backups.forget();
        this.store = null;
        this.lockedPath = null;
        return { deleted: store.destroy() };
      },
      'settings.get': () => this.config.settings,
      'settings.set': (settings) => {
        const saved = this.config.setSettings(settings);
        this.touch();
        return saved;
      },
      ...scheduleHandlers(this),
      ...interviewHandlers(this),
      ...noteHandlers(this),
      ...statsHandlers(this),
      ...codingHandlers(this),
      ...teamHandlers(this),
      ...agreementHandlers(this),
      ...evaluationHandlers(this),
      'session.activity': () => {
        this.touch();
        const minutes = this.config.settings.autoLockMinutes;
        return { lockInSeconds: this.store && minutes > 0 ? (minutes * this.minuteMs) / 1000 : null };
      },
    };
  }
}

/** A project in a folder or on a medium we cannot write to opens read-only; the UI shows a banner. */
function openWritableOrReadOnly(path: string, passphrase: string): ProjectStore {
  const store = openProjectFile(path, passphrase);
  // A passphrase change killed before its old backups were retired is finished here.
  finishInterruptedRetirement(store, passphrase);
  return store;
}

function openProjectFile(path: string, passphrase: string): ProjectStore {
  const writable = (target: string) => {
    try {
      fs.accessSync(target, fs.constants.W_OK);
      return true;
    } catch {
      return false;
    }
  };
  const readOnly = fs.existsSync(path) && (!writable(path) || !writable(nodePath.dirname(path)));
  return ProjectStore.open(path, passphrase, { readOnly });
}
