/**
 * The project's attribute lists (agency groups, organisation types, focus of work, locations,
 * the ID prefix) and its flagged terms: what intake offers and what notes warn about.
 */
import type { Participant, ProjectSettings } from '../../shared/api/contract';
import { NotFoundError } from '../../shared/api/errors';
import { storedSchedule } from '../../shared/schedule/stored-schedule';
import { defaultText, questionsOf, type IntakeAttribute } from '../../shared/schedule/model';
import { Repository } from './repository';

const SETTINGS_KEY = 'project_settings';

/** The project's attribute list each coded intake attribute takes its codes from. */
const CODED_ATTRIBUTES: readonly { attribute: IntakeAttribute; list: 'agencyGroups' | 'organisationTypes' | 'focusOfWork' }[] = [
  { attribute: 'agency_group', list: 'agencyGroups' },
  { attribute: 'organisation_type', list: 'organisationTypes' },
  { attribute: 'focus_of_work', list: 'focusOfWork' },
];

/** What intake recorded for an attribute, as the answer to the question bound to it. */
export function intakeValue(p: Participant, attribute: IntakeAttribute): string {
  switch (attribute) {
    case 'respondent_id':
      return p.respondentCode;
    case 'organisation_number':
      return p.organisationNumber;
    case 'location_number':
      return p.locationNumber;
    case 'agency_group':
      return p.agencyGroup;
    case 'organisation_type':
      return p.organisationType;
    case 'focus_of_work':
      return p.focusOfWork;
  }
}

export const DEFAULT_PROJECT_SETTINGS: ProjectSettings = {
  idPrefix: '',
  agencyGroups: [
    { code: 'police', label: 'Police' },
    { code: 'judiciary', label: 'Judiciary' },
    { code: 'aftercare', label: 'Aftercare / NGO' },
    { code: 'donor', label: 'Donor' },
    { code: 'staff', label: 'Programme staff' },
  ],
  organisationTypes: [
    { code: 'government', label: 'Government' },
    { code: 'ngo', label: 'NGO' },
    { code: 'io', label: 'IO' },
    { code: 'other', label: 'Other' },
  ],
  focusOfWork: [
    { code: 'law-enforcement', label: 'Law enforcement' },
    { code: 'aftercare', label: 'Aftercare' },
    { code: 'prevention', label: 'Prevention' },
    { code: 'other', label: 'Other' },
  ],
  locations: [],
};
export class ProjectSettingsRepo extends Repository {
  settings(): ProjectSettings {
    const raw = this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(SETTINGS_KEY);
    // Settings saved before a field existed (locations) take its default.
    return typeof raw === 'string' ? { ...DEFAULT_PROJECT_SETTINGS, ...(JSON.parse(raw) as Partial<ProjectSettings>) } : DEFAULT_PROJECT_SETTINGS;
  }

  setSettings(settings: ProjectSettings): ProjectSettings {
    this.db
      .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(SETTINGS_KEY, JSON.stringify(settings));
    return settings;
  }

  /**
   * The project's attribute lists for an intake with this schedule. When the schedule binds
   * questions to coded attributes and no interview has used its form yet, the lists take the
   * codes and labels of the schedule's choice lists first, so a code means the same thing in
   * intake, runner, statistics and exports.
   */
  settingsForSchedule(scheduleId: string): ProjectSettings {
    const model = this.db.prepare('SELECT model FROM schedule WHERE id = ?').pluck().get(scheduleId);
    if (typeof model !== 'string') throw new NotFoundError('That schedule');
    const settings = this.settings();
    const used = this.db.prepare('SELECT 1 FROM interview i JOIN schedule s ON s.id = i.schedule_id WHERE s.form_id = (SELECT form_id FROM schedule WHERE id = ?) LIMIT 1').get(scheduleId);
    if (used !== undefined) return settings;
    const schedule = storedSchedule(model);
    const questions = questionsOf(schedule);
    let next = settings;
    for (const { attribute, list } of CODED_ATTRIBUTES) {
      const question = questions.find((q) => q.attribute === attribute && q.type === 'select_one');
      const choices = schedule.choiceLists.find((l) => l.name === question?.listName)?.choices.filter((c) => !c.missing) ?? [];
      if (choices.length === 0) continue;
      const options = choices.map((c) => ({ code: c.name.slice(0, 50), label: (defaultText(schedule, c.label) || c.name).slice(0, 200) }));
      if (JSON.stringify(options) !== JSON.stringify(next[list])) next = { ...next, [list]: options };
    }
    return next === settings ? settings : this.setSettings(next);
  }

  flaggedTerms(): { id: string; term: string }[] {
    return this.db.prepare('SELECT id, term FROM flagged_term ORDER BY term').all() as { id: string; term: string }[];
  }

  addFlaggedTerm(term: string): { id: string; term: string } {
    const existing = this.db.prepare('SELECT id, term FROM flagged_term WHERE term = ?').get(term) as { id: string; term: string } | undefined;
    if (existing) return existing;
    const id = this.newId();
    this.db.prepare('INSERT INTO flagged_term (id, term, created_at, device_id) VALUES (?, ?, ?, ?)').run(id, term, this.now(), this.deviceId);
    return { id, term };
  }

  removeFlaggedTerm(id: string): void {
    this.db.prepare('DELETE FROM flagged_term WHERE id = ?').run(id);
  }
}
