/**
 * Respondents are identified by ID numbers only (the participant table has no name column;
 * docs/security.md "What the schedule asks"): a question that asks
 * for a person's name, phone number or address puts identifying data into the notes and
 * the exports. Flagged by the question's name or its label in any language of the form.
 */
import type { Finding } from './findings';
import { eachItem, type Item } from './model';

type Asks = 'name' | 'phone number' | 'address';

// Name parts that make "name" something other than a person's (organisation name, village name).
const NOT_A_PERSON = /^(org|orgs|organi[sz]ations?|agency|project|programme|program|village|commune|school|company|ngo|ministry|office|department|place|site|province|district|file|form|list|group|team|item|product|partner|donor)$/;

function asksByName(name: string): Asks | undefined {
  const words = name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase().split(/[_.-]+/).filter(Boolean);
  if (words.some((word) => ['phone', 'telephone', 'tel', 'mobile', 'whatsapp', 'phoneno', 'phonenumber'].includes(word))) return 'phone number';
  if (words.some((word) => ['address', 'addr', 'email'].includes(word))) return 'address';
  if (words.some((word) => ['surname', 'firstname', 'lastname', 'fullname', 'familyname'].includes(word))) return 'name';
  if (words.includes('name') && !words.some((word) => NOT_A_PERSON.test(word))) return 'name';
  return undefined;
}

const LABEL_PATTERNS: readonly [Asks, RegExp][] = [
  ['name', /\b(your|his|her|their|respondent'?s?|participant'?s?|interviewee'?s?|full|first|last|family|given)\s+names?\b|\bsurname\b|\bname of (the )?(respondent|participant|interviewee|person)\b/i],
  ['phone number', /\b(phone|telephone|mobile|cell)\s*(number|no\.?|#)|\bwhatsapp\b|\btelegram number\b/i],
  ['address', /\b(home|postal|email|e-mail|street|your)\s+address\b|\bwhere do you live\b/i],
  // Khmer: ឈ្មោះ (name) with អ្នក/លោក/អ្នកឆ្លើយ (you, respondent); នាមត្រកូល (surname);
  // លេខទូរស័ព្ទ (phone number); អាសយដ្ឋាន (address). Zero-width spaces are removed first.
  ['name', /ឈ្មោះ(របស់)?(អ្នក|លោក|នាង)|នាមត្រកូល/],
  ['phone number', /លេខ\s*ទូរស័ព្ទ/],
  ['address', /អាសយដ្ឋាន/],
];

function asksByLabel(item: Item): Asks | undefined {
  for (const text of Object.values(item.label)) {
    const clean = text.replace(/[\u200b\u200c\u200d]/g, '');
    for (const [asks, pattern] of LABEL_PATTERNS) if (pattern.test(clean)) return asks;
  }
  return undefined;
}

export function privacyFindings(items: readonly Item[]): Finding[] {
  const findings: Finding[] = [];
  for (const { item } of eachItem(items)) {
    if (item.kind !== 'question' || item.type === 'note' || item.type === 'select_one' || item.type === 'select_multiple') continue;
    const asks = asksByLabel(item) ?? asksByName(item.name);
    if (asks === undefined) continue;
    findings.push({
      severity: 'warning', group: 'privacy', sheet: 'survey', row: item.row, column: 'name',
      message: `question "${item.name}" asks for ${asks === 'address' ? 'an' : 'a'} ${asks}; respondents are identified by ID numbers only, so this would put identifying data in the notes and exports. Remove it or ask something that does not identify the person.`,
    });
  }
  return findings;
}
