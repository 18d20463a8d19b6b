/**
 * A realistic bilingual evaluation schedule, as an evaluator writes one for ODK or Kobo:
 * `label::English (en)` and `label::Khmer (km)`, a plain `hint` and `constraint_message`
 * (written once, shown in both languages), default_language English (en), gaps in the
 * Khmer, probes after primary questions, and the slip the lint must put first: Don't know
 * coded 3 (and not marked missing) in one list but 9 in the others. Synthetic text only.
 */
import type { Cell, WorkbookRows } from '../../shared/schedule';

const SECTIONS: readonly (readonly [string, string, string])[] = [
  ['background', 'Background of the organisation', 'ប្រវត្តិរបស់អង្គការ'],
  ['familiarity', 'Familiarity with the programme', 'ការស្គាល់កម្មវិធី'],
  ['collaboration', 'Collaboration with partners', 'កិច្ចសហការជាមួយដៃគូ'],
  ['training', 'Training received', 'វគ្គបណ្តុះបណ្តាលដែលបានទទួល'],
  ['referrals', 'Referrals and case management', 'ការបញ្ជូនករណី និងការគ្រប់គ្រងករណី'],
  ['resources', 'Resources and funding', 'ធនធាន និងថវិកា'],
  ['outcomes', 'Outcomes for survivors', 'លទ្ធផលសម្រាប់ជនរងគ្រោះ'],
  ['barriers', 'Barriers and challenges', 'ឧបសគ្គ និងបញ្ហាប្រឈម'],
  ['sustainability', 'Sustainability', 'និរន្តរភាព'],
  ['closing', 'Closing questions', 'សំណួរបញ្ចប់'],
];

/** Question patterns: type, English stem, Khmer stem, hint, constraint, constraint message. */
const PATTERNS: readonly (readonly [string, string, string, string, string, string])[] = [
  ['select_one yndk', 'Has your organisation worked on {topic} in the last year?', 'តើអង្គការរបស់អ្នកបានធ្វើការលើ{topic}ក្នុងឆ្នាំចុងក្រោយនេះទេ?', '', '', ''],
  ['select_one agree5', 'How far do you agree that {topic} has improved?', 'តើអ្នកយល់ស្របកម្រិតណាថា{topic}បានប្រសើរឡើង?', 'Read the scale aloud', '', ''],
  ['integer', 'How many staff work on {topic}?', 'តើមានបុគ្គលិកប៉ុន្មាននាក់ធ្វើការលើ{topic}?', 'Count full-time staff', '. >= 0 and . <= 5000', 'Between 0 and 5000'],
  ['text', 'Describe how {topic} works in practice.', 'សូមរៀបរាប់ពីរបៀបដែល{topic}ដំណើរការជាក់ស្តែង។', 'Probe for examples', '', ''],
  ['select_one freq', 'How often do you meet partners about {topic}?', 'តើអ្នកជួបដៃគូអំពី{topic}ញឹកញាប់ប៉ុណ្ណា?', '', '', ''],
  ['integer', 'In which year did {topic} start?', 'តើ{topic}បានចាប់ផ្តើមនៅឆ្នាំណា?', 'Year', '. >= 1990 and . <= 2030', 'Between 1990 and 2030'],
  ['select_multiple support', 'What support did you receive for {topic}?', 'តើអ្នកទទួលបានការគាំទ្រអ្វីខ្លះសម្រាប់{topic}?', 'Select all that apply', '', ''],
  ['select_one yn3', 'Did anything change about {topic} this year?', 'តើមានអ្វីផ្លាស់ប្តូរអំពី{topic}នៅឆ្នាំនេះទេ?', '', '', ''],
];

const TOPICS: readonly (readonly [string, string])[] = [
  ['case referrals', 'ការបញ្ជូនករណី'], ['shelter services', 'សេវាកម្មជម្រក'], ['legal aid', 'ជំនួយផ្លូវច្បាប់'],
  ['counselling', 'ការប្រឹក្សាយោបល់'], ['police training', 'ការបណ្តុះបណ្តាលប៉ូលីស'],
];

export interface BilingualOptions {
  /** Questions in all (default 200). */
  readonly questions?: number;
}

/** The workbook as rows (header first); write it with writeWorkbookRows for the CLI. */
export function bilingualSchedule(options: BilingualOptions = {}): WorkbookRows {
  const total = options.questions ?? 200;
  const header = ['type', 'name', 'label::English (en)', 'label::Khmer (km)', 'hint', 'relevant', 'required', 'constraint', 'constraint_message', 'priority'];
  const survey: Cell[][] = [header];
  const perSection = Math.ceil(total / SECTIONS.length);
  let made = 0;
  SECTIONS.forEach(([section, english, khmer], s) => {
    if (made >= total) return;
    survey.push(['begin_group', section, english, khmer, '', '', '', '', '', '']);
    let previousPrimary = '';
    for (let i = 0; i < perSection && made < total; i += 1) {
      const [type, en, km, hint, constraint, message] = PATTERNS[(s + i) % PATTERNS.length]!;
      const [topicEn, topicKm] = TOPICS[(s * 3 + i) % TOPICS.length]!;
      const name = `s${s + 1}_q${i + 1}`;
      // Every third question is a probe on the primary question before it.
      const probe = i % 3 === 2 && previousPrimary !== '';
      const relevant = probe ? `\${${previousPrimary}} != ''` : '';
      // Khmer gaps: the whole "resources" section and every 7th question elsewhere.
      const khmerLabel = section === 'resources' || made % 7 === 6 ? '' : km.replace('{topic}', topicKm);
      survey.push([type, name, en.replace('{topic}', topicEn), khmerLabel, hint, relevant, i === 0 ? 'yes' : '', constraint, message, probe ? 'probe' : '']);
      if (!probe) previousPrimary = name;
      made += 1;
    }
    survey.push(['end_group', '', '', '', '', '', '', '', '', '']);
  });

  const choices: Cell[][] = [['list_name', 'name', 'label::English (en)', 'label::Khmer (km)', 'missing']];
  const list = (name: string, entries: readonly (readonly [string, string, string, string?])[]) => {
    for (const [code, en, km, missing] of entries) choices.push([name, code, en, km, missing ?? '']);
  };
  list('yndk', [['1', 'Yes', 'បាទ/ចាស'], ['2', 'No', 'ទេ'], ['9', "Don't know", 'មិនដឹង', 'yes']]);
  list('agree5', [['1', 'Strongly disagree', 'មិនយល់ស្របទាល់តែសោះ'], ['2', 'Disagree', 'មិនយល់ស្រប'], ['3', 'Neutral', 'អព្យាក្រឹត'], ['4', 'Agree', 'យល់ស្រប'], ['5', 'Strongly agree', ''], ['9', "Don't know", 'មិនដឹង', 'yes']]);
  list('freq', [['1', 'Every week', 'រៀងរាល់សប្តាហ៍'], ['2', 'Every month', 'រៀងរាល់ខែ'], ['3', 'Less often', ''], ['4', 'Never', 'មិនដែល'], ['9', "Don't know", 'មិនដឹង', 'yes']]);
  // The slip: this list codes Don't know 3 and does not mark it missing.
  list('yn3', [['1', 'Yes', 'បាទ/ចាស'], ['2', 'No', 'ទេ'], ['3', "Don't know", 'មិនដឹង']]);
  list('support', [['1', 'Training', 'ការបណ្តុះបណ្តាល'], ['2', 'Funding', 'ថវិកា'], ['3', 'Equipment', 'សម្ភារៈ'], ['4', 'Mentoring', ''], ['9', "Don't know", 'មិនដឹង', 'yes']]);

  const settings: Cell[][] = [['form_title', 'form_id', 'version', 'default_language'], ['Stakeholder interview', 'stakeholder_interview', '2026120101', 'English (en)']];
  return { sheets: [{ name: 'survey', rows: survey }, { name: 'choices', rows: choices }, { name: 'settings', rows: settings }] };
}
