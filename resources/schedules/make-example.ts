/**
 * Writes resources/schedules/example-evaluation.xlsx: an example interview schedule for a
 * multi-stakeholder programme evaluation, modelled on the shape of a real master schedule
 * (sections for particular respondent groups, Yes 1 / No 2 / Don't know 9, "If yes"
 * follow-ups, primary and probing questions), in English and Khmer. Content is synthetic.
 *
 *   node --import tsx resources/schedules/make-example.ts
 *
 * The rows below are the spreadsheet as an author would type it. The script refuses to
 * write a workbook that `fieldnote schedule check` would complain about.
 */
import nodePath from 'node:path';
import { checkWorkbook, formatFinding, type WorkbookRows } from '../../shared/schedule';
import { writeWorkbookRows } from '../../electron/schedule/xlsx';
import { writeFileAtomic } from '../../electron/util/atomic-write';

const EN = 'label::English (en)';
const KM = 'label::Khmer (km)';

const surveyHeader = ['type', 'name', EN, KM, 'hint::English (en)', 'hint::Khmer (km)', 'relevant', 'required', 'constraint', 'constraint_message::English (en)', 'constraint_message::Khmer (km)', 'appearance', 'priority', 'translator_note'];

type SurveyRow = Partial<Record<'type' | 'name' | 'en' | 'km' | 'hintEn' | 'hintKm' | 'relevant' | 'required' | 'constraint' | 'msgEn' | 'msgKm' | 'appearance' | 'priority' | 'note', string>>;

function row(r: SurveyRow): string[] {
  return [r.type, r.name, r.en, r.km, r.hintEn, r.hintKm, r.relevant, r.required, r.constraint, r.msgEn, r.msgKm, r.appearance, r.priority, r.note].map((cell) => cell ?? '');
}

const consented = "${consent} = '1'";

const survey: string[][] = [
  surveyHeader,
  row({ type: 'note', name: 'intro', en: 'Thank you for taking part. We use ID numbers, never names, and your answers stay confidential.', km: 'សូមអរគុណដែលបានចូលរួម។ យើងប្រើលេខសម្គាល់ មិនប្រើឈ្មោះទេ ហើយចម្លើយរបស់អ្នកត្រូវរក្សាជាការសម្ងាត់។' }),
  row({ type: 'select_one yn', name: 'consent', en: 'Does the respondent agree to be interviewed?', km: 'តើអ្នកយល់ព្រមឱ្យសម្ភាសន៍ទេ?', required: 'yes' }),

  row({ type: 'begin_group', name: 'respondent', en: 'Respondent attributes', km: 'ព័ត៌មានអ្នកឆ្លើយ', relevant: consented, appearance: 'field-list' }),
  row({ type: 'text', name: 'resp_id', en: 'Respondent ID number', km: 'លេខសម្គាល់អ្នកឆ្លើយ', hintEn: 'Use the ID number, never the name.', hintKm: 'ប្រើលេខសម្គាល់ កុំប្រើឈ្មោះ។', required: 'yes', constraint: "regex(., '^[0-9]{1,4}$')", msgEn: 'Up to four digits.', msgKm: 'មិនលើសពីបួនខ្ទង់។' }),
  row({ type: 'integer', name: 'org_no', en: 'Organisation number', km: 'លេខអង្គភាព', constraint: '. >= 1 and . <= 999', msgEn: 'A number from 1 to 999.', msgKm: 'លេខពី 1 ដល់ 999។' }),
  row({ type: 'select_one agency', name: 'agency_group', en: 'Agency group', km: 'ក្រុមភ្នាក់ងារ', required: 'yes' }),
  row({ type: 'select_one orgtype', name: 'org_type', en: 'Type of organisation', km: 'ប្រភេទអង្គការ', required: 'yes' }),
  row({ type: 'text', name: 'position', en: 'Position (job title, not name)', km: 'តួនាទី (មិនមែនឈ្មោះ)' }),
  row({ type: 'date', name: 'interview_date', en: 'Date of interview', km: 'កាលបរិច្ឆេទសម្ភាសន៍', constraint: '. <= today()', msgEn: 'The date cannot be in the future.', msgKm: 'កាលបរិច្ឆេទមិនអាចនៅថ្ងៃអនាគតបានទេ។' }),
  row({ type: 'end_group', name: 'respondent' }),

  row({ type: 'begin_group', name: 'familiarity', en: 'Familiarity with the programme (all respondents)', km: 'ការស្គាល់កម្មវិធី (អ្នកឆ្លើយទាំងអស់)', relevant: consented }),
  row({ type: 'text', name: 'q1_priorities', en: "Q1. What are your organisation's priorities in protecting children from exploitation?", km: 'សំណួរ១. តើអាទិភាពរបស់អង្គការអ្នកក្នុងការការពារកុមារមានអ្វីខ្លះ?', appearance: 'multiline' }),
  row({ type: 'select_one yndk', name: 'q2_familiar', en: 'Q2. Are you familiar with the programme?', km: 'សំណួរ២. តើអ្នកស្គាល់កម្មវិធីនេះទេ?' }),
  row({ type: 'select_one yndk', name: 'q3_collab', en: 'Q3. Do you collaborate, or have you collaborated, with the programme?', km: 'សំណួរ៣. តើអ្នកសហការជាមួយកម្មវិធីនេះទេ?' }),
  row({ type: 'text', name: 'q3a_how', en: 'If yes to Q3: in what way do you collaborate?', km: 'បើបាទ/ចាស ចំពោះសំណួរ៣៖ តើអ្នកសហការដោយរបៀបណា?', relevant: "${q3_collab} = '1'" }),
  row({ type: 'integer', name: 'q3b_since', en: 'In what year did your organisation start collaborating?', km: 'តើអង្គការអ្នកចាប់ផ្តើមសហការនៅឆ្នាំណា?', relevant: "${q3_collab} = '1'", constraint: '. >= 1990 and . <= 2030', msgEn: 'A year from 1990 to 2030.', msgKm: 'ឆ្នាំពី 1990 ដល់ 2030។', priority: 'probe' }),
  row({ type: 'select_one yn', name: 'q4_goal', en: "Q4. When you started, did you understand the programme's goal?", km: 'សំណួរ៤. តើអ្នកយល់ពីគោលដៅរបស់កម្មវិធីទេ?' }),
  row({ type: 'text', name: 'q4a_goal', en: "If yes to Q4: what is the programme's goal?", km: 'បើបាទ/ចាស ចំពោះសំណួរ៤៖ តើគោលដៅនោះជាអ្វី?', relevant: "${q4_goal} = '1'", priority: 'probe' }),
  row({ type: 'end_group' }),

  row({ type: 'begin_group', name: 'training', en: 'Training and support (all respondents)', km: 'ការបណ្តុះបណ្តាល និងការគាំទ្រ', relevant: consented }),
  row({ type: 'select_one yndk', name: 'q5_training', en: 'Q5. Did the programme give you or your agency training or technical support?', km: 'សំណួរ៥. តើកម្មវិធីបានផ្តល់ការបណ្តុះបណ្តាល ឬការគាំទ្របច្ចេកទេសទេ?' }),
  row({ type: 'select_multiple support', name: 'q5a_types', en: 'If yes to Q5: what kind of support? (all that apply)', km: 'បើបាទ/ចាស ចំពោះសំណួរ៥៖ តើជាការគាំទ្រប្រភេទណា?', relevant: "${q5_training} = '1'", constraint: "not(selected(., '96') and count-selected(.) > 3)", msgEn: 'With Other, choose at most two more kinds.', msgKm: 'សូមពិនិត្យចម្លើយម្តងទៀត។', note: 'Keep support types short.' }),
  row({ type: 'text', name: 'q5b_benefits', en: 'What have been the benefits of that support?', km: 'តើការគាំទ្រនោះមានអត្ថប្រយោជន៍អ្វីខ្លះ?', relevant: "${q5_training} = '1'", priority: 'probe' }),
  row({ type: 'end_group' }),

  row({ type: 'begin_group', name: 'outcomes', en: 'Programme outcomes', km: 'លទ្ធផលកម្មវិធី', relevant: consented }),
  row({ type: 'begin_group', name: 'police_section', en: 'Police (police respondents only)', km: 'ប៉ូលិស', relevant: "${agency_group} = '1'" }),
  row({ type: 'select_one yndk', name: 'q6_identify', en: 'Q6. Have the police become better at identifying child victims?', km: 'សំណួរ៦. តើប៉ូលិសកាន់តែប្រសើរក្នុងការកំណត់អត្តសញ្ញាណកុមាររងគ្រោះទេ?' }),
  row({ type: 'text', name: 'q6a_explain', en: 'If yes to Q6: can you explain?', km: 'បើបាទ/ចាស ចំពោះសំណួរ៦៖ សូមពន្យល់។', relevant: "${q6_identify} = '1'", priority: 'probe' }),
  row({ type: 'text', name: 'q6b_barriers', en: 'If no to Q6: what have been the barriers?', km: 'បើទេ ចំពោះសំណួរ៦៖ តើមានឧបសគ្គអ្វីខ្លះ?', relevant: "${q6_identify} = '2'", priority: 'probe' }),
  row({ type: 'end_group' }),
  row({ type: 'begin_group', name: 'courts_section', en: 'Courts (judiciary respondents only)', km: 'តុលាការ', relevant: "${agency_group} = '2'" }),
  row({ type: 'select_one yndk', name: 'q7_courts', en: "Q7. Have you seen improvement in the courts' handling of these cases?", km: 'សំណួរ៧. តើការដោះស្រាយសំណុំរឿងនៅតុលាការបានប្រសើរឡើងទេ?' }),
  row({ type: 'text', name: 'q7a_explain', en: 'If yes to Q7: can you explain?', km: 'បើបាទ/ចាស ចំពោះសំណួរ៧៖ សូមពន្យល់។', relevant: "${q7_courts} = '1'", priority: 'probe' }),
  row({ type: 'end_group' }),
  row({ type: 'begin_group', name: 'aftercare_section', en: 'Aftercare (aftercare and NGO respondents only)', km: 'សេវាថែទាំក្រោយ', relevant: "${agency_group} = '3'" }),
  row({ type: 'select_one yndk', name: 'q8_aftercare', en: 'Q8. Has the quality of aftercare for survivors improved?', km: 'សំណួរ៨. តើគុណភាពសេវាថែទាំក្រោយបានប្រសើរឡើងទេ?' }),
  row({ type: 'integer', name: 'q8a_children', en: 'If yes to Q8: how many children did your organisation support last year?', km: 'បើបាទ/ចាស ចំពោះសំណួរ៨៖ តើអង្គការអ្នកបានជួយកុមារប៉ុន្មាននាក់កាលពីឆ្នាំមុន?', relevant: "${q8_aftercare} = '1'", constraint: '. >= 0', msgEn: 'Cannot be negative.', msgKm: 'មិនអាចតិចជាងសូន្យទេ។', priority: 'probe' }),
  row({ type: 'end_group' }),
  row({ type: 'begin_group', name: 'management', en: 'Programme management (programme staff and donors)', km: 'ការគ្រប់គ្រងកម្មវិធី', relevant: "${agency_group} = '4' or ${agency_group} = '5'" }),
  row({ type: 'select_one samediff', name: 'q9_roles', en: 'Q9. Have your roles and responsibilities remained the same or changed?', km: 'សំណួរ៩. តើតួនាទីរបស់អ្នកនៅដដែល ឬបានផ្លាស់ប្តូរ?' }),
  row({ type: 'text', name: 'q9a_how', en: 'If changed: how have they changed?', km: 'បើបានផ្លាស់ប្តូរ៖ តើផ្លាស់ប្តូរយ៉ាងដូចម្តេច?', relevant: "${q9_roles} = '2'", priority: 'probe' }),
  row({ type: 'select_one yndk', name: 'q10_monitoring', en: 'Q10. Are there effective monitoring mechanisms to measure outcomes?', km: 'សំណួរ១០. តើមានយន្តការតាមដានដែលមានប្រសិទ្ធភាពទេ?', relevant: "${agency_group} = '5'" }),
  row({ type: 'end_group' }),
  row({ type: 'end_group' }),

  row({ type: 'begin_group', name: 'closing', en: 'Closing', km: 'បញ្ចប់', relevant: consented }),
  row({ type: 'text', name: 'q11_other', en: 'Q11. Is there anything else you would like to add?', km: 'សំណួរ១១. តើអ្នកមានអ្វីចង់បន្ថែមទៀតទេ?', appearance: 'multiline' }),
  row({ type: 'select_one yn', name: 'quote_consent', en: 'May we quote you without your name?', km: 'តើយើងអាចដកស្រង់សម្តីអ្នកដោយមិនបញ្ចេញឈ្មោះបានទេ?', required: 'yes' }),
  row({ type: 'end_group' }),
  row({ type: 'note', name: 'thanks', en: 'Thank you for your time.', km: 'សូមអរគុណចំពោះពេលវេលារបស់អ្នក។' }),
];

const choices: string[][] = [
  ['list_name', 'name', EN, KM, 'missing'],
  ['yn', '1', 'Yes', 'បាទ/ចាស', ''],
  ['yn', '2', 'No', 'ទេ', ''],
  ['yndk', '1', 'Yes', 'បាទ/ចាស', ''],
  ['yndk', '2', 'No', 'ទេ', ''],
  ['yndk', '9', "Don't know", 'មិនដឹង', 'yes'],
  ['agency', '1', 'Police', 'ប៉ូលិស', ''],
  ['agency', '2', 'Judiciary', 'តុលាការ', ''],
  ['agency', '3', 'Aftercare / NGO', 'សេវាថែទាំក្រោយ / អង្គការ', ''],
  ['agency', '4', 'Donor', 'ម្ចាស់ជំនួយ', ''],
  ['agency', '5', 'Programme staff', 'បុគ្គលិកកម្មវិធី', ''],
  ['orgtype', '1', 'Government', 'រដ្ឋាភិបាល', ''],
  ['orgtype', '2', 'NGO', 'អង្គការមិនមែនរដ្ឋាភិបាល', ''],
  ['orgtype', '3', 'International organisation', 'អង្គការអន្តរជាតិ', ''],
  ['orgtype', '96', 'Other', 'ផ្សេងៗ', ''],
  ['samediff', '1', 'Remained the same', 'នៅដដែល', ''],
  ['samediff', '2', 'Changed', 'បានផ្លាស់ប្តូរ', ''],
  ['support', '1', 'Training', 'វគ្គបណ្តុះបណ្តាល', ''],
  ['support', '2', 'Technical advice', 'ការណែនាំបច្ចេកទេស', ''],
  ['support', '3', 'Equipment', 'សម្ភារៈ', ''],
  ['support', '4', 'Joint case work', 'ការងាររួមគ្នាលើសំណុំរឿង', ''],
  ['support', '96', 'Other', 'ផ្សេងៗ', ''],
];

const settings: string[][] = [
  ['form_title', 'form_id', 'version', 'default_language'],
  ['Programme evaluation: stakeholder interview schedule (example)', 'example_evaluation', '2025010101', 'English (en)'],
];

export const EXAMPLE_WORKBOOK: WorkbookRows = {
  sheets: [
    { name: 'survey', rows: survey },
    { name: 'choices', rows: choices },
    { name: 'settings', rows: settings },
  ],
};

async function main(): Promise<void> {
  const { findings } = checkWorkbook(EXAMPLE_WORKBOOK);
  if (findings.length > 0) {
    throw new Error(`The example schedule has findings:\n${findings.map((finding) => formatFinding('example-evaluation.xlsx', finding)).join('\n')}`);
  }
  const target = nodePath.join(import.meta.dirname, 'example-evaluation.xlsx');
  writeFileAtomic(target, await writeWorkbookRows(EXAMPLE_WORKBOOK));
  console.log(`Wrote ${target}.`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
