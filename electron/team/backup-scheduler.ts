/**
 * Automatic backups while a project is open: every `intervalMinutes` and when it closes (or
 * locks), but only when something changed since the last backup (SQLite's total_changes()), so
 * an idle project does not push its useful backups out of the rotation.
 */
import { totalChanges as changesSinceOpen } from '../store/backup-file';
import type { ProjectStore } from '../store/project-store';
import { backupSettings, makeBackup, type BackupEntry } from './backups';

export class BackupScheduler {
  private timer: NodeJS.Timeout | null = null;
  private store: ProjectStore | null = null;
  private changesAtLastBackup = 0;
  /** The last automatic backup's failure (a full disk, a missing folder), shown in Settings → Backups. */
  lastError: string | null = null;
  lastBackup: BackupEntry | null = null;

  constructor(private readonly minuteMs: number) {}

  start(store: ProjectStore): void {
    this.stop();
    this.store = store;
    this.lastError = null;
    if (store.readOnly) return;
    this.changesAtLastBackup = totalChanges(store);
    const minutes = backupSettings(store).intervalMinutes;
    if (minutes <= 0) return;
    this.timer = setInterval(() => this.backupIfChanged(), minutes * this.minuteMs);
    this.timer.unref?.();
  }

  /** Re-reads the interval (after the user changed it). */
  restart(): void {
    if (this.store?.db.open) this.start(this.store);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Called just before the project closes or locks. */
  beforeClose(store: ProjectStore): void {
    this.stop();
    if (this.store === store) this.backupIfChanged();
    this.store = null;
  }

  /** Closing without a backup: the file is about to be replaced by one. */
  forget(): void {
    this.stop();
    this.store = null;
  }

  backupIfChanged(): void {
    const store = this.store;
    if (!store || store.readOnly || !store.db.open) return;
    const changes = totalChanges(store);
    if (changes === this.changesAtLastBackup) return;
    try {
      this.lastBackup = makeBackup(store);
      this.changesAtLastBackup = totalChanges(store);
      this.lastError = null;
    } catch (error) {
      this.lastError = (error as Error).message;
    }
  }
}

function totalChanges(store: ProjectStore): number {
  return changesSinceOpen(store.db);
}
