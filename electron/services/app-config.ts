/**
 * App-wide preferences that are not interview data: the recent projects list and the
 * auto-lock delay. Stored as JSON in the user's config folder, written atomically.
 * Only file paths live here, never anything from inside a project.
 */
import fs from 'node:fs';
import os from 'node:os';
import nodePath from 'node:path';
import type { AppSettings } from '../../shared/api/contract';
import { writeFileAtomic } from '../util/atomic-write';
import { newId } from '../store/ids';

export interface AppConfigData {
  recent: string[];
  autoLockMinutes: number;
  /** This installation's id, recorded on every change it makes (for merging laptops' work). */
  deviceId: string;
}

const DEFAULTS = { recent: [], autoLockMinutes: 10 };
const MAX_RECENT = 10;

export function defaultConfigDir(): string {
  if (process.env.FIELDNOTE_CONFIG_DIR) return process.env.FIELDNOTE_CONFIG_DIR;
  if (process.platform === 'win32') return nodePath.join(process.env.APPDATA ?? os.homedir(), 'Fieldnote');
  if (process.platform === 'darwin') return nodePath.join(os.homedir(), 'Library', 'Application Support', 'Fieldnote');
  return nodePath.join(process.env.XDG_CONFIG_HOME ?? nodePath.join(os.homedir(), '.config'), 'fieldnote');
}

export class AppConfig {
  private data: AppConfigData;
  private deviceIdSaved = false;
  private readonly file: string;

  constructor(readonly dir: string) {
    this.file = nodePath.join(dir, 'config.json');
    this.data = this.read();
  }

  private read(): AppConfigData {
    try {
      const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Partial<AppConfigData>;
      return {
        recent: Array.isArray(parsed.recent) ? parsed.recent.filter((p): p is string => typeof p === 'string') : [],
        autoLockMinutes: typeof parsed.autoLockMinutes === 'number' ? parsed.autoLockMinutes : DEFAULTS.autoLockMinutes,
        deviceId: typeof parsed.deviceId === 'string' && parsed.deviceId !== '' ? parsed.deviceId : newId(),
      };
      this.deviceIdSaved = typeof parsed.deviceId === 'string' && parsed.deviceId !== '';
    } catch {
      return { recent: [], autoLockMinutes: DEFAULTS.autoLockMinutes, deviceId: newId() };
    }
  }

  private save(): void {
    this.deviceIdSaved = true;
    fs.mkdirSync(this.dir, { recursive: true });
    writeFileAtomic(this.file, JSON.stringify(this.data, null, 2));
  }

  get deviceId(): string {
    // Persist a newly made id the first time it is used, so it stays the same next time.
    if (!this.deviceIdSaved) {
      this.save();
      this.deviceIdSaved = true;
    }
    return this.data.deviceId;
  }

  get settings(): AppSettings {
    return { autoLockMinutes: this.data.autoLockMinutes };
  }

  setSettings(settings: AppSettings): AppSettings {
    this.data.autoLockMinutes = settings.autoLockMinutes;
    this.save();
    return this.settings;
  }

  get recent(): string[] {
    return this.data.recent.filter((p) => fs.existsSync(p));
  }

  addRecent(path: string): void {
    const resolved = nodePath.resolve(path);
    this.data.recent = [resolved, ...this.data.recent.filter((p) => p !== resolved)].slice(0, MAX_RECENT);
    this.save();
  }
}
