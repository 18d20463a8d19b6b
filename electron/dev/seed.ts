/**
 * Synthetic interviews for tests and benchmarks: `fieldnote dev seed`. Every interview follows
 * the schedule's skip logic; some questions are declined, some interviews end early, some are
 * primary-only; one-on-one, small-group and focus-group sessions with a mix of attributes;
 * notes in English and Khmer. The same seed gives the same project content, ids and
 * timestamps included. Nothing here resembles a real person: IDs and invented words only.
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import type { ProjectSettings } from '../../shared/api/contract';
import { editorStateFromParagraphs } from '../../shared/notes/editor-state';
import { eachItem, questionsOf, type Question, type Schedule } from '../../shared/schedule/model';
import { parseExpression, RelevanceGraph, type RelevanceItem } from '../../shared/schedule/xpath';
import { InterviewRepo, type StartInterview } from '../store/interview-repo';
import { NoteRepo } from '../store/note-repo';
import { ScheduleRepo } from '../store/schedule-repo';
import type { RepoClock } from '../store/ids';
import { seededRandom } from '../../shared/util/seeded-random';

export interface SeedOptions {
  interviews: number;
  seed: number;
  /** About how many words of notes each interview gets. */
  words: number;
}

export interface SeedSummary {
  scheduleId: string;
  interviews: number;
  respondents: number;
  answers: number;
  declined: number;
  endedEarly: number;
  primaryOnly: number;
  noteWords: number;
}

export { seededRandom } from '../../shared/util/seeded-random';

const ENGLISH = (
  'the programme training police court case referral shelter support community staff victim family school village officer ' +
  'judge prosecutor hotline report meeting budget donor partner follow-up reintegration counselling protection network ' +
  'improved slowly strongly rarely often because however although when after before during since local provincial national'
).split(' ');
const KHMER = ['កម្មវិធី', 'ការបណ្តុះបណ្តាល', 'ប៉ូលីស', 'តុលាការ', 'សហគមន៍', 'ជនរងគ្រោះ', 'គ្រួសារ', 'សាលារៀន', 'ភូមិ', 'មន្ត្រី', 'ការគាំទ្រ', 'អង្គការ', 'ការការពារ', 'ការអប់រំ', 'បណ្តាញ', 'ល្អប្រសើរ', 'យឺត', 'ខ្លាំង'];

function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)]!;
}

function sentence(rnd: () => number, khmer: boolean, length: number): string {
  const words = Array.from({ length }, () => pick(rnd, khmer ? KHMER : ENGLISH));
  if (khmer) return words.join('') + '។';
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

function paragraphs(rnd: () => number, words: number, language: string): string[] {
  const out: string[] = [];
  let left = words;
  while (left > 0) {
    const size = Math.min(left, 20 + Math.floor(rnd() * 60));
    const parts: string[] = [];
    let inParagraph = size;
    while (inParagraph > 0) {
      const length = Math.min(inParagraph, 6 + Math.floor(rnd() * 12));
      const khmer = language === 'km' || (language === 'en+km' && rnd() < 0.4);
      parts.push(sentence(rnd, khmer, length));
      inParagraph -= length;
    }
    out.push(parts.join(' '));
    left -= size;
  }
  return out;
}

function answerFor(rnd: () => number, question: Question, schedule: Schedule): string {
  const list = schedule.choiceLists.find((l) => l.name === question.listName);
  switch (question.type) {
    case 'select_one':
      return list && list.choices.length > 0 ? pick(rnd, list.choices).name : '';
    case 'select_multiple': {
      const chosen = (list?.choices ?? []).filter(() => rnd() < 0.35).map((c) => c.name);
      return chosen.length > 0 ? chosen.join(' ') : (list?.choices[0]?.name ?? '');
    }
    case 'integer':
      return String(1 + Math.floor(rnd() * 40));
    case 'decimal':
      return (rnd() * 100).toFixed(1);
    case 'date':
      return `2025-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
    case 'text':
      return '';
    case 'note':
      return '';
  }
}

/** A deterministic clock: ids from the seeded generator, time advancing one second a call. */
export function seededClock(rnd: () => number, start: Date): Required<RepoClock> & { advance(ms: number): void } {
  let time = start.getTime();
  return {
    newId: () => {
      const hex = Array.from({ length: 32 }, () => Math.floor(rnd() * 16).toString(16)).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
    now: () => new Date((time += 1000)).toISOString(),
    advance: (ms) => (time += ms),
  };
}

export function seedProject(db: Database.Database, deviceId: string, schedule: Schedule, options: SeedOptions): SeedSummary {
  const rnd = seededRandom(options.seed);
  const clock = seededClock(seededRandom(options.seed ^ 0x5eed), new Date(Date.UTC(2025, 0, 6, 8, 0, 0)));
  const schedules = new ScheduleRepo(db, deviceId, clock);
  const interviews = new InterviewRepo(db, deviceId, clock);
  const notes = new NoteRepo(db, deviceId, clock);
  const settings: ProjectSettings = interviews.settings();
  const items: RelevanceItem[] = [];
  for (const { item, parents } of eachItem(schedule.items)) {
    const relevant = item.relevant.trim() === '' ? undefined : parseExpression(item.relevant);
    items.push(relevant ? { name: item.name, parentGroups: parents, relevant } : { name: item.name, parentGroups: parents });
  }
  const questions = questionsOf(schedule).filter((q) => q.type !== 'note');
  const openQuestions = questions.filter((q) => q.type === 'text');
  const languages = schedule.languages.map((l) => l.code).filter((c) => c !== '');
  const summary: SeedSummary = { scheduleId: '', interviews: 0, respondents: 0, answers: 0, declined: 0, endedEarly: 0, primaryOnly: 0, noteWords: 0 };

  db.transaction(() => {
    const stored = schedules.add(schedule);
    summary.scheduleId = stored.id;
    for (let n = 0; n < options.interviews; n++) {
      clock.advance(Math.floor(rnd() * 3) * 86_400_000 + 3_600_000);
      const kind = rnd();
      const sessionType: StartInterview['sessionType'] = kind < 0.7 ? 'one-on-one' : kind < 0.9 ? 'small-group' : 'focus-group';
      const size = sessionType === 'one-on-one' ? 1 : sessionType === 'small-group' ? 2 + Math.floor(rnd() * 2) : 5 + Math.floor(rnd() * 6);
      const language = languages.length >= 2 ? pick(rnd, [languages[0]!, languages[1]!, `${languages[0]}+${languages[1]}`]) : (languages[0] ?? 'en');
      const participants = Array.from({ length: size }, () => ({
        organisationNumber: String(1 + Math.floor(rnd() * 40)),
        locationNumber: String(1 + Math.floor(rnd() * 9)),
        agencyGroup: rnd() < 0.03 ? '' : pick(rnd, settings.agencyGroups).code,
        organisationType: pick(rnd, settings.organisationTypes).code,
        focusOfWork: rnd() < 0.04 ? '' : pick(rnd, settings.focusOfWork).code,
        consentGiven: true as const,
        consentMode: rnd() < 0.5 ? ('written' as const) : ('verbal' as const),
        quoteConsent: rnd() < 0.85,
      }));
      const id = interviews.start({
        scheduleId: stored.id,
        sessionType,
        answerMode: sessionType === 'small-group' && rnd() < 0.3 ? 'per-participant' : 'shared',
        language,
        interviewer: pick(rnd, ['AB', 'CD', 'EF']),
        heldAt: clock.now().slice(0, 16),
        participants,
      });
      summary.interviews++;
      summary.respondents += size;

      const primaryOnly = rnd() < 0.2;
      if (primaryOnly) {
        interviews.update(id, { primaryOnly: true });
        summary.primaryOnly++;
      }
      const endEarlyAt = rnd() < 0.1 ? Math.floor(rnd() * questions.length) : -1;
      const graph = new RelevanceGraph(items);
      let asked = 0;
      let endedAt: string | undefined;
      for (const question of questions) {
        if (!graph.isRelevant(question.name) || (primaryOnly && question.priority === 'probe')) continue;
        if (asked === endEarlyAt) {
          endedAt = question.name;
          break;
        }
        asked++;
        // Consent questions in a schedule are answered yes: the intake recorded consent.
        const value = /consent/i.test(question.name) ? '1' : answerFor(rnd, question, schedule);
        if (sessionType === 'focus-group' || question.type === 'text') continue;
        if (rnd() < 0.04) {
          interviews.answer(id, '', question.name, '', 'declined');
          summary.declined++;
          continue;
        }
        if (value === '' && rnd() < 0.5) continue;
        interviews.answer(id, '', question.name, value, 'answered');
        graph.setAnswer(question.name, value);
        summary.answers++;
      }
      // Notes: the open questions that were reached, and the general notes.
      const reached = openQuestions.filter((q) => graph.isRelevant(q.name) && !(primaryOnly && q.priority === 'probe'));
      const targets = ['', ...reached.map((q) => q.name)];
      const perNote = Math.max(1, Math.round(options.words / targets.length));
      for (const question of targets) {
        const text = paragraphs(rnd, perNote, language);
        notes.save(id, question, editorStateFromParagraphs(text));
        summary.noteWords += perNote;
      }
      if (endedAt !== undefined) {
        interviews.finish(id, true, endedAt, pick(rnd, ['Respondent was called away.', 'Time ran out.', 'Respondent asked to stop.']));
        summary.endedEarly++;
      } else interviews.finish(id, false, undefined, undefined);
      const status = rnd();
      if (status < 0.6) interviews.setStatus(id, 'cleaned', 'AB');
      if (status < 0.3) interviews.setStatus(id, 'reviewed', 'CD');
    }
  })();
  return summary;
}
