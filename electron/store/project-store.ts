/**
 * The encrypted project file. One `.fieldnote` file is one SQLite database encrypted as a
 * whole (see cipher.ts). Open order: key, sanity read (a wrong passphrase fails at once),
 * version check (a newer file is left untouched), WAL, synchronous=FULL, foreign keys,
 * exclusive locking (one process owns a project), migrations in one transaction.
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import {
  DamagedProjectError,
  FieldnoteError,
  FileExistsError,
  InvalidInputError,
  NewerVersionError,
  NotAProjectError,
  WeakPassphraseError,
  WrongPassphraseError,
} from '../../shared/api/errors';
import type { ProjectInfo } from '../../shared/api/contract';
import { checkPassphrase } from '../../shared/api/passphrase';
import { applyKey, applyRekey } from './cipher';
import { countedTables, migrations, SCHEMA_VERSION } from './migrations';
import { compactNotes, countUncompactedNotes } from './note-blocks';
import { newId } from './ids';
import { probeProjectFile } from './file-probe';
import { openSqlite } from './sqlite';
import { fileHash, fsyncDir, fsyncFile, PRIVATE_FILE, removeStaleTemps, restrictFile, siblingTemp } from './project-files';
import { translateSqliteError } from './sqlite-errors';

export { PRIVATE_FILE, PRIVATE_FOLDER, restrictFile } from './project-files';
export { translateSqliteError } from './sqlite-errors';

export const PROJECT_EXTENSION = '.fieldnote';
const FORMAT_MARK = 'fieldnote-project';

export interface OpenOptions {
  readOnly?: boolean;
  /** false: no quick_check at open; only read-only, for a reader that names damage itself (a merge's other project). */
  checkPages?: boolean;
}

export interface CreateOptions {
  title: string;
}

export class ProjectStore {
  private constructor(
    readonly path: string,
    readonly db: Database.Database,
    readonly readOnly: boolean,
  ) {}

  get fileName(): string {
    return nodePath.basename(this.path);
  }

  /** Creates a new project. The file appears complete or not at all. */
  static create(path: string, passphrase: string, options: CreateOptions): ProjectStore {
    const fileName = nodePath.basename(path);
    if (!path.endsWith(PROJECT_EXTENSION)) {
      throw new InvalidInputError(`A project file name must end in ${PROJECT_EXTENSION} (got ${fileName}).`);
    }
    const check = checkPassphrase(passphrase);
    if (!check.ok) throw new WeakPassphraseError(check.hint);
    if (fs.existsSync(path)) throw new FileExistsError(fileName);
    const dir = nodePath.dirname(path);
    if (!fs.existsSync(dir)) throw new InvalidInputError(`The folder ${dir} does not exist. Create it or choose another folder.`);

    const tmp = siblingTemp(path, 'creating');
    try {
      // Owner-only before a single page is written: SQLite gives the -wal and -journal files the
      // database file's mode, so they are 0600 too.
      fs.closeSync(fs.openSync(tmp, 'wx', PRIVATE_FILE));
      restrictFile(tmp);
      const db = openSqlite(tmp);
      try {
        applyKey(db, passphrase);
        db.pragma('journal_mode = DELETE');
        runMigrations(db, 0);
        const now = new Date().toISOString();
        const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
        db.transaction(() => {
          put.run('format', FORMAT_MARK);
          put.run('project_id', newId());
          put.run('title', options.title.trim());
          put.run('created_at', now);
        })();
      } finally {
        db.close();
      }
      fsyncFile(tmp);
      // link() refuses to overwrite, so a file created meanwhile by someone else is never clobbered.
      try {
        fs.linkSync(tmp, path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(fileName);
        throw error;
      }
      fsyncDir(dir);
    } finally {
      fs.rmSync(tmp, { force: true });
    }
    return ProjectStore.open(path, passphrase);
  }

  static open(path: string, passphrase: string, options: OpenOptions = {}): ProjectStore {
    const fileName = nodePath.basename(path);
    probeProjectFile(path);
    removeStaleTemps(path);
    const readOnly = options.readOnly ?? false;
    // Taken before SQLite touches the file, so a damaged-file message says "untouched" only when it is.
    // A read-only open cannot change the file: no hash to compare (0.2 s for 300 interviews).
    const hashBefore = readOnly ? null : fileHash(path);
    let db: Database.Database;
    try {
      // A short busy timeout: with exclusive locking, busy means another process owns the project.
      db = openSqlite(path, { fileMustExist: true, readonly: readOnly, timeout: 200 });
    } catch (error) {
      throw translateSqliteError(error, fileName);
    }
    try {
      applyKey(db, passphrase);
      // Exclusive locking before the first read: after a crash the first read finds the -wal,
      // and only a connection already in exclusive mode keeps SQLite's WAL index in process
      // memory instead of creating a -shm file (https://sqlite.org/wal.html#noshm).
      if (!readOnly) db.pragma('locking_mode = EXCLUSIVE');
      // The sanity read: with a wrong key the first page does not decrypt.
      db.prepare('SELECT count(*) AS n FROM sqlite_master').get();
      const fileVersion = db.pragma('user_version', { simple: true }) as number;
      if (fileVersion > SCHEMA_VERSION) throw new NewerVersionError(fileName, fileVersion, SCHEMA_VERSION);
      if (fileVersion < 1) throw new NotAProjectError(fileName, 'it is an encrypted database, but not a Fieldnote project');
      // Read the format mark before anything is written (switching to WAL rewrites the header):
      // a damaged meta page then fails with the file untouched. Checked again after migrating.
      db.prepare("SELECT value FROM meta WHERE key = 'format'").pluck().get();
      // Every page, before anything is written: a damaged page the sanity read did not reach
      // must stop the open here, not surface later in an export or a backup.
      if (!(readOnly && options.checkPages === false)) quickCheck(db, fileName);
      if (!readOnly) db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      // Freed pages are not zeroed (this build of SQLite3MultipleCiphers zeroes them by default):
      // in an encrypted file they hold ciphertext under this project's key, zeroing them doubled
      // the bytes of every note save, and copies that leave the evaluator's hands (backups, the
      // second coder's copy) are made with VACUUM INTO, which carries no freed page. See
      // docs/security.md, "Deleted text inside a project".
      db.pragma('secure_delete = OFF');
      db.pragma('foreign_keys = ON');
      // Sorts and temporary indexes stay in memory: SQLite's temp files would sit outside the encrypted file.
      db.pragma('temp_store = MEMORY');
      // A 64 MiB page cache (SQLite's default is 2 MiB): decrypting pages is what retrieval and
      // search over hundreds of notes spend their time on. The cache is process memory, never disk.
      db.pragma('cache_size = -65536');
      if (!readOnly) {
        try {
          runMigrations(db, fileVersion);
        } catch (error) {
          if (error instanceof FieldnoteError) throw error;
          throw new FieldnoteError(
            'damaged_project',
            `${fileName} could not be upgraded from schema ${fileVersion} to ${SCHEMA_VERSION}. Nothing was changed; keep the file and report this to the Fieldnote maintainers.`,
          );
        }
      }
      const format = db.prepare("SELECT value FROM meta WHERE key = 'format'").pluck().get();
      if (format !== FORMAT_MARK) throw new NotAProjectError(fileName, 'it is an encrypted database, but not a Fieldnote project');
      // Notes saved as blocks before a kill get their whole state and plain text back.
      if (!readOnly) compactNotes(db);
      return new ProjectStore(path, db, readOnly);
    } catch (error) {
      db.close();
      const translated = translateSqliteError(error, fileName);
      if (translated instanceof DamagedProjectError && hashBefore !== null && fileHash(path) !== hashBefore) throw new DamagedProjectError(fileName, false);
      throw translated;
    }
  }

  /** PRAGMA quick_check over every page; throws DamagedProjectError unless it says ok. Before every backup too. */
  checkIntegrity(): void {
    try {
      quickCheck(this.db, this.fileName);
    } catch (error) {
      throw translateSqliteError(error, this.fileName);
    }
  }

  getMeta(key: string): string | null {
    const value = this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key);
    return typeof value === 'string' ? value : null;
  }

  setMeta(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }

  info(): ProjectInfo {
    const counts: Record<string, number> = {};
    for (const [label, table] of Object.entries(countedTables)) {
      counts[label] = this.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    }
    return {
      title: this.getMeta('title') ?? '',
      fileName: this.fileName,
      path: this.path,
      schemaVersion: this.schemaVersion(),
      createdAt: this.getMeta('created_at') ?? '',
      readOnly: this.readOnly,
      counts,
      notesBehind: countUncompactedNotes(this.db),
    };
  }

  /**
   * Writes a complete copy of the project, encrypted with the same passphrase, to another
   * place: the way out when this disk is full or read-only. The copy appears whole or not at all.
   */
  /** The schema version the file is at (SQLite's user_version). */
  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  saveCopy(target: string): void {
    const fileName = nodePath.basename(target);
    if (!target.endsWith(PROJECT_EXTENSION)) throw new InvalidInputError(`A project file name must end in ${PROJECT_EXTENSION} (got ${fileName}).`);
    if (fs.existsSync(target)) throw new FileExistsError(fileName);
    const tmp = siblingTemp(target, 'creating');
    try {
      fs.closeSync(fs.openSync(tmp, 'wx', PRIVATE_FILE));
      restrictFile(tmp);
      // A copy (a backup made by the timer too) holds every note whole, as the file at rest does.
      if (!this.readOnly) compactNotes(this.db);
      this.db.prepare('VACUUM INTO ?').run(tmp);
      fsyncFile(tmp);
      fs.linkSync(tmp, target);
      fsyncDir(nodePath.dirname(target));
    } catch (error) {
      throw translateSqliteError(error, fileName);
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }

  /** Where automatic backups of this project live: a folder beside it. */
  static backupDir(path: string): string {
    return `${path.slice(0, -PROJECT_EXTENSION.length)}.backups`;
  }

  /**
   * Closes the project and deletes its file, its -wal/-shm files and its backups folder.
   * Returns the names deleted. Overwriting first would not help on SSDs (wear levelling keeps old
   * blocks); the data was encrypted, which is the protection that holds.
   */
  destroy(): string[] {
    const targets = [this.path, `${this.path}-wal`, `${this.path}-shm`, ProjectStore.backupDir(this.path)];
    this.db.close();
    const deleted: string[] = [];
    for (const target of targets) {
      if (!fs.existsSync(target)) continue;
      fs.rmSync(target, { recursive: true, force: true });
      deleted.push(nodePath.basename(target));
    }
    fsyncDir(nodePath.dirname(this.path));
    return deleted;
  }

  /**
   * Closes the project. The file is left in rollback-journal mode, complete in itself, so that
   * it can be opened read-only later (from a read-only folder or medium, where SQLite could not
   * create the WAL index) and copied as one file. The next read-write open turns WAL back on.
   */
  close(): void {
    if (!this.db.open) return;
    if (!this.readOnly) {
      // The file at rest holds every note whole (note-blocks.ts); a failure here leaves it to the next open.
      try {
        compactNotes(this.db);
      } catch {
        // Compacted on the next read-write open instead.
      }
      try {
        // No re-indexing here: notes saved since the last search are indexed by the next search
        // (search-index.ts), so closing costs the same after a merge of 300 interviews as after
        // one edit. A read-only open with notes waiting searches the plain text instead.
        this.db.pragma('journal_mode = DELETE');
      } catch {
        // A full disk can refuse the checkpoint; WAL recovery on the next open handles that case.
      }
    }
    this.db.close();
  }

  /**
   * Changes the passphrase, crash-safe: the database is copied (still encrypted) to a sibling
   * temp file, the copy is rekeyed and synced, the original is checkpointed and closed, and the
   * copy renamed over it. A crash at any point leaves a file that opens with the old passphrase
   * or the new one. A wrong current passphrase is found before anything changes and this store
   * stays open; after success (or a failure past the close) this store is closed and the caller
   * reopens the file with the passphrase that now holds (see `reopenAfterRekey`).
   */
  changePassphrase(current: string, next: string): void {
    if (this.readOnly) throw new FieldnoteError('read_only', `${this.fileName} is open read-only; its passphrase cannot change.`);
    const check = checkPassphrase(next);
    if (!check.ok) throw new WeakPassphraseError(check.hint);
    const tmp = siblingTemp(this.path, 'rekey');
    try {
      fs.closeSync(fs.openSync(tmp, 'wx', PRIVATE_FILE));
      restrictFile(tmp);
      this.db.prepare('VACUUM INTO ?').run(tmp);
      const copy = openSqlite(tmp, { fileMustExist: true });
      try {
        applyKey(copy, current);
        try {
          copy.prepare('SELECT count(*) FROM sqlite_master').get();
        } catch {
          throw new WrongPassphraseError(this.fileName);
        }
        applyRekey(copy, next);
      } finally {
        copy.close();
      }
      fsyncFile(tmp);
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
      fs.renameSync(tmp, this.path);
      fsyncDir(nodePath.dirname(this.path));
    } catch (error) {
      fs.rmSync(tmp, { force: true });
      throw error;
    }
  }
}

function runMigrations(db: Database.Database, from: number): void {
  const pending = migrations.filter((m) => m.version > from);
  // BEGIN EXCLUSIVE also takes the lock that exclusive locking mode then keeps until close.
  const migrate = db.transaction(() => {
    for (const migration of pending) migration.up(db);
    if (pending.length > 0) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  });
  migrate.exclusive();
}

function quickCheck(db: Database.Database, fileName: string): void {
  const rows = db.pragma('quick_check') as { quick_check: string }[];
  if (rows.length !== 1 || rows[0]?.quick_check !== 'ok') throw new DamagedProjectError(fileName);
}
