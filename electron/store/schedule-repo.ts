/**
 * Schedules inside a project, versioned. Version numbers count per form id from 1. A schedule
 * is edited in place until an interview uses it; from then on, saving adds a new version and
 * the interviews keep the one they were run with.
 */
import { InvalidInputError, NotFoundError } from '../../shared/api/errors';
import { questionsOf, type Schedule } from '../../shared/schedule/model';
import { storedSchedule } from '../../shared/schedule/stored-schedule';
import type { ScheduleSummary } from './api-types';
import { Repository } from './repository';

export type { ScheduleSummary } from './api-types';

interface ScheduleRow {
  id: string;
  form_id: string;
  version: number;
  form_version: string;
  title: string;
  model: string;
  updated_at: string;
}

export class ScheduleRepo extends Repository {
  private interviewCount(id: string): number {
    const hasTable = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'interview'").get();
    if (!hasTable) return 0;
    return this.db.prepare('SELECT count(*) FROM interview WHERE schedule_id = ?').pluck().get(id) as number;
  }

  private summarize(row: ScheduleRow, latest: number): ScheduleSummary {
    const schedule = storedSchedule(row.model);
    return {
      id: row.id,
      formId: row.form_id,
      title: row.title,
      version: row.version,
      formVersion: row.form_version,
      questionCount: questionsOf(schedule).filter((q) => q.type !== 'note').length,
      languages: schedule.languages.map((l) => l.name),
      updatedAt: row.updated_at,
      interviewCount: this.interviewCount(row.id),
      superseded: row.version < latest,
    };
  }

  list(): ScheduleSummary[] {
    const rows = this.db.prepare('SELECT * FROM schedule ORDER BY form_id, version').all() as ScheduleRow[];
    const latest = new Map<string, number>();
    for (const row of rows) latest.set(row.form_id, Math.max(latest.get(row.form_id) ?? 0, row.version));
    return rows.map((row) => this.summarize(row, latest.get(row.form_id) ?? row.version));
  }

  get(id: string): { summary: ScheduleSummary; schedule: Schedule } {
    const row = this.db.prepare('SELECT * FROM schedule WHERE id = ?').get(id) as ScheduleRow | undefined;
    if (!row) throw new NotFoundError('That schedule');
    const latest = this.db.prepare('SELECT max(version) FROM schedule WHERE form_id = ?').pluck().get(row.form_id) as number;
    return { summary: this.summarize(row, latest), schedule: storedSchedule(row.model) };
  }

  /** The given version of a form, or its latest. */
  find(formId: string | undefined, version?: number): { summary: ScheduleSummary; schedule: Schedule } {
    const forms = this.db.prepare('SELECT DISTINCT form_id FROM schedule').pluck().all() as string[];
    const form = formId ?? (forms.length === 1 ? forms[0] : undefined);
    if (form === undefined) {
      throw new NotFoundError(forms.length === 0 ? 'A schedule in this project' : `Which schedule? This project holds ${forms.join(', ')}; a form id`);
    }
    const id =
      version === undefined
        ? this.db.prepare('SELECT id FROM schedule WHERE form_id = ? ORDER BY version DESC LIMIT 1').pluck().get(form)
        : this.db.prepare('SELECT id FROM schedule WHERE form_id = ? AND version = ?').pluck().get(form, version);
    if (typeof id !== 'string') throw new NotFoundError(`Version ${version ?? 'latest'} of schedule ${form}`);
    return this.get(id);
  }

  /** Adds an imported schedule: version 1 of a new form, or the next version of a known one. */
  add(schedule: Schedule): ScheduleSummary {
    const id = this.newId();
    const now = this.now();
    const next = ((this.db.prepare('SELECT max(version) FROM schedule WHERE form_id = ?').pluck().get(schedule.formId) as number | null) ?? 0) + 1;
    this.db
      .prepare(
        'INSERT INTO schedule (id, form_id, version, form_version, title, model, created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(id, schedule.formId, next, schedule.version, schedule.title, JSON.stringify(schedule), now, now, this.deviceId);
    return this.get(id).summary;
  }

  /** Saves an edit. In place while no interview uses this version; otherwise as a new version. */
  save(id: string, schedule: Schedule): ScheduleSummary {
    return this.db.transaction(() => {
      const { summary } = this.get(id);
      if (summary.interviewCount > 0 || summary.formId !== schedule.formId) return this.add(schedule);
      this.db
        .prepare('UPDATE schedule SET form_version = ?, title = ?, model = ?, updated_at = ?, device_id = ? WHERE id = ?')
        .run(schedule.version, schedule.title, JSON.stringify(schedule), this.now(), this.deviceId, id);
      return this.get(id).summary;
    })();
  }

  remove(id: string): void {
    const { summary } = this.get(id);
    if (summary.interviewCount > 0) {
      throw new InvalidInputError(`Version ${summary.version} of ${summary.title} was used for ${summary.interviewCount} interview(s); it cannot be deleted.`);
    }
    this.db.prepare('DELETE FROM schedule WHERE id = ?').run(id);
  }
}
