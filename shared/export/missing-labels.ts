/**
 * The few labels Fieldnote itself adds to a dataset's value labels (declined, interview ended,
 * not applicable, out of time, selected / not selected), in the export language, so a Khmer codebook does not switch to
 * English on the missing codes. Languages without a translation here get English.
 */
import { languageOf, type Schedule } from '../schedule/model';

export interface MissingLabels {
  declined: string;
  ended: string;
  notApplicable: string;
  outOfTime: string;
  selected: string;
  notSelected: string;
}

const ENGLISH: MissingLabels = { declined: 'Declined', ended: 'Interview ended', notApplicable: 'Not applicable', outOfTime: 'Out of time', selected: 'Selected', notSelected: 'Not selected' };

const KHMER: MissingLabels = {
  declined: 'បដិសេធមិនឆ្លើយ',
  ended: 'ការសម្ភាសន៍បានបញ្ចប់មុន',
  notApplicable: 'មិនពាក់ព័ន្ធ',
  outOfTime: 'អស់ពេល',
  selected: 'បានជ្រើសរើស',
  notSelected: 'មិនបានជ្រើសរើស',
};

/** Labels for the export language key (a schedule language code or name); English otherwise. */
export function missingLabels(schedule: Schedule, languageKey: string | undefined): MissingLabels {
  if (languageKey === undefined) return ENGLISH;
  const language = languageOf(schedule, languageKey);
  const code = (language?.code || languageKey).toLowerCase();
  const name = (language?.name ?? '').toLowerCase();
  if (code === 'km' || code === 'khm' || name === 'khmer' || name === 'ខ្មែរ') return KHMER;
  return ENGLISH;
}
