/** Chooses what an export reads from a project (the store's dataset-repo.ts reads it). */
import type Database from 'better-sqlite3-multiple-ciphers';
import { NotFoundError } from '../../shared/api/errors';
import type { ExportInterview } from '../../shared/export/dataset';
import type { Schedule } from '../../shared/schedule/model';
import { formIds, formInterviews, formsWithCounts, latestScheduleModel } from '../store/dataset-repo';
import { InterviewRepo } from '../store/interview-repo';

export interface ExportSource {
  schedule: Schedule;
  formId: string;
  interviews: ExportInterview[];
}

/** The interviews of one form (all its versions), with the latest version's dictionary. */
export function loadExportSource(db: Database.Database, formId?: string): ExportSource {
  const forms = formIds(db);
  const form = formId ?? (forms.length === 1 ? forms[0] : undefined);
  if (form === undefined || !forms.includes(form)) {
    throw new NotFoundError(forms.length === 0 ? 'A schedule in this project' : `The schedule form "${formId ?? ''}" (this project has: ${forms.join(', ')})`);
  }
  const latest = latestScheduleModel(db, form);
  return { schedule: JSON.parse(latest) as Schedule, formId: form, interviews: formInterviews(db, form) };
}

export function projectSettingsOf(db: Database.Database, deviceId: string) {
  return new InterviewRepo(db, deviceId).settings();
}

/** The schedule forms of a project (latest title of each) with how many interviews used them, by form id. */
export function listForms(db: Database.Database): { formId: string; title: string; interviews: number }[] {
  return formsWithCounts(db);
}
