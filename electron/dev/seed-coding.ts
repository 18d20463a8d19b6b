/**
 * Synthetic coding for `fieldnote dev seed --coded`: a code tree of themes, sub-themes and
 * codes, about ten codings per interview on sentences and phrases of its notes (some marked
 * as quotes), memos, axial relations and a core category. Written through CodingRepo, so each
 * coding has its mark in the note. The same seed gives the same rows, ids included.
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import crypto from 'node:crypto';
import { applyPatch, emptyPatch, sentenceRanges, type Code } from '../../shared/coding';
import { addCoderUnlessKnown } from '../store/agreement-repo';
import { CodingRepo, type StoredCoding } from '../store/coding-repo';
import { seededClock, seededRandom } from './seed';

export interface CodedSummary {
  codes: number;
  codings: number;
  quotes: number;
  memos: number;
  relations: number;
}

const TREE: { theme: string; subThemes: { name: string; codes: string[] }[] }[] = [
  {
    theme: 'Institutional capacity',
    subThemes: [
      { name: 'Training', codes: ['Police training', 'Court procedures', 'Refresher courses'] },
      { name: 'Resources', codes: ['Budget', 'Staffing', 'Equipment'] },
    ],
  },
  {
    theme: 'Victim support',
    subThemes: [
      { name: 'Shelter and care', codes: ['Shelter capacity', 'Counselling', 'Family reintegration'] },
      { name: 'Access to justice', codes: ['Case delays', 'Legal aid'] },
    ],
  },
  {
    theme: 'Coordination',
    subThemes: [
      { name: 'Trust between agencies', codes: ['Referral pathways', 'Information sharing', 'Joint meetings'] },
      { name: 'Donor relations', codes: ['Funding cycles', 'Reporting burden'] },
    ],
  },
  {
    theme: 'Community',
    subThemes: [
      { name: 'Awareness', codes: ['School sessions', 'Village outreach'] },
      { name: 'Stigma', codes: ['Family pressure', 'Gossip'] },
    ],
  },
];

const COLORS = ['#FFD54F', '#81C784', '#64B5F6', '#E57373', '#BA68C8', '#4DB6AC', '#FFB74D', '#A1887F'];

export function seedCoding(db: Database.Database, deviceId: string, seed: number, perInterview = 10): CodedSummary {
  const rnd = seededRandom(seed ^ 0xc0de);
  const clock = seededClock(seededRandom(seed ^ 0xc0ded), new Date(Date.UTC(2025, 6, 1, 8, 0, 0)));
  const repo = new CodingRepo(db, deviceId, clock);
  const summary: CodedSummary = { codes: 0, codings: 0, quotes: 0, memos: 0, relations: 0 };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;

  db.transaction(() => {
    // The two synthetic coders, with ids from the seed: the same seed gives the same rows (the
    // schema would otherwise make each coder on first use, with a random id).
    const now = '2025-07-01T08:00:00.000Z';
    for (const initials of ['AB', 'CD']) {
      const id = crypto.createHash('sha256').update(`fieldnote-seed-coder:${seed}:${initials}`).digest('hex').slice(0, 32);
      addCoderUnlessKnown(db, { id, initials, name: `Synthetic coder ${initials}` }, now, deviceId);
    }
    const leaves: Code[] = [];
    const subThemes: Code[] = [];
    TREE.forEach((entry, t) => {
      const theme = repo.createCode({ name: entry.theme, kind: 'theme', color: COLORS[t % COLORS.length], definition: `Everything respondents say about ${entry.theme.toLowerCase()}.`, createdBy: 'AB' }).code;
      summary.codes++;
      for (const sub of entry.subThemes) {
        const subTheme = repo.createCode({ name: sub.name, parentId: theme.id, kind: 'theme', color: COLORS[(t + 4) % COLORS.length], definition: `${sub.name} as a part of ${entry.theme.toLowerCase()}.`, createdBy: 'AB' }).code;
        subThemes.push(subTheme);
        summary.codes++;
        for (const name of sub.codes) {
          leaves.push(
            repo.createCode({
              name,
              parentId: subTheme.id,
              color: COLORS[t % COLORS.length],
              definition: `Mentions of ${name.toLowerCase()}.`,
              inclusion: `The respondent describes ${name.toLowerCase()} in their own work.`,
              exclusion: 'General statements without an example.',
              createdBy: pick(['AB', 'CD']),
            }).code,
          );
          summary.codes++;
        }
      }
    });
    const core = subThemes.find((c) => c.name === 'Trust between agencies') as Code;
    repo.setCore(core.id);

    for (const interviewId of repo.interviewIdsByDate()) {
      const notes = repo.notesWithText(interviewId);
      if (notes.length === 0) continue;
      const patch = emptyPatch();
      const taken = new Set<string>();
      for (let n = 0; n < perInterview; n++) {
        const note = pick(notes);
        const sentences = sentenceRanges(note.plainText);
        if (sentences.length === 0) continue;
        const sentence = pick(sentences);
        let { start, end } = sentence;
        const text = note.plainText.slice(start, end);
        // A phrase of an English sentence now and then; Khmer sentences are coded whole.
        const spaces = [...text.matchAll(/ /g)].map((m) => m.index);
        if (spaces.length >= 4 && rnd() < 0.4) {
          const from = Math.floor(rnd() * (spaces.length - 2));
          start = sentence.start + (spaces[from] as number) + 1;
          end = sentence.start + (spaces[from + 2] as number);
        }
        const code = rnd() < 0.1 ? pick(subThemes) : pick(leaves);
        const key = `${note.id}:${start}:${end}:${code.id}`;
        if (taken.has(key)) continue;
        taken.add(key);
        const isQuote = rnd() < 0.15;
        const coding: StoredCoding = {
          id: clock.newId(),
          codeId: code.id,
          interviewId,
          noteId: note.id,
          questionName: note.question === '' ? null : note.question,
          start,
          end,
          text: note.plainText.slice(start, end),
          isQuote,
          createdBy: pick(['AB', 'CD']),
        };
        patch.put.codings.push(coding);
        summary.codings++;
        if (isQuote) summary.quotes++;
      }
      repo.perform((state) => applyPatch(state, patch), 'codes');
      if (rnd() < 0.1) {
        repo.createMemo({ kind: 'theoretical', target: { kind: 'interview', interviewId }, title: 'After the interview', body: 'Synthetic memo: the respondent linked referrals to trust.', initials: 'AB' });
        summary.memos++;
      }
    }

    for (const theme of repo.codes().filter((c) => c.parentId === null)) {
      repo.createMemo({ kind: 'code-memo', target: { kind: 'code', codeId: theme.id }, title: `About ${theme.name}`, body: 'Synthetic memo: how this theme emerged from open coding.', initials: 'AB' });
      summary.memos++;
    }
    repo.createMemo({ kind: 'theoretical', target: { kind: 'project' }, title: 'Emerging theory', body: 'Synthetic memo: trust between agencies conditions every referral.', initials: 'AB' });
    repo.createMemo({ kind: 'method', target: { kind: 'project' }, title: 'Coding procedure', body: 'Synthetic memo: open, then axial, then selective coding.', initials: 'CD' });
    summary.memos += 2;

    const byName = (name: string) => repo.codes().find((c) => c.name === name) as Code;
    const links: [string, string, 'condition' | 'context' | 'strategy' | 'consequence' | 'cause' | 'part-of'][] = [
      ['Resources', 'Trust between agencies', 'condition'],
      ['Training', 'Trust between agencies', 'condition'],
      ['Trust between agencies', 'Access to justice', 'consequence'],
      ['Trust between agencies', 'Shelter and care', 'consequence'],
      ['Donor relations', 'Trust between agencies', 'context'],
      ['Awareness', 'Stigma', 'strategy'],
      ['Stigma', 'Access to justice', 'cause'],
    ];
    for (const [from, to, type] of links) {
      repo.createRelation({ fromCodeId: byName(from).id, toCodeId: byName(to).id, type, label: '' });
      summary.relations++;
    }
  })();
  return summary;
}
