/**
 * The variables a schedule question becomes: one numeric coded variable per select_one, one 0/1
 * variable per choice of a select_multiple, numbers, dates and (when asked for) open text; in
 * interview-unit files one set per participant position for questions answered per
 * participant. Each says how it declares the missing codes of export/missing-codes.ts.
 */
import type { Question, Schedule } from '../schedule/model';
import type { SpssCell, SpssValueLabel, SpssVariable } from './spss';
import type { AnswerView, Draft, RowContext } from './dataset-types';
import { categorical, isNumericCode, labelText, numericVariable, stringVariable } from './dataset-variables';
import { ENDED, FIELDNOTE_MISSING_CODES, MISSING_RANGE, missingCodeOf, NUMBER_MISSING_RANGE } from './missing-codes';
import type { MissingLabels } from './missing-labels';

export interface QuestionContext {
  schedule: Schedule;
  language: string | undefined;
  words: MissingLabels;
  dontKnowMissing: boolean;
  includeText: boolean;
  /** "Asked when …" in words, by item name. */
  relevanceOf: ReadonlyMap<string, string>;
  /** select_multiple questions collect their 0/1 variables here as multiple-response sets. */
  mrSets: { name: string; label: string; keys: string[] }[];
}

/** The missing-data code for this row, or undefined when the question has an answer to write. */
export function missingCell(r: AnswerView, name: string): SpssCell | undefined {
  // Not asked by skip logic (an answer kept from before a changed answer hid it counts as not asked, as in ODK).
  if (!r.asked.has(name) && !r.notReached.has(name)) return null;
  const answer = r.answers.get(name);
  if (answer?.state === 'declined') return missingCodeOf(answer.missingReason);
  if (answer && answer.value !== '') return undefined; // answered: the caller writes it
  if (r.notReached.has(name)) return ENDED;
  return null;
}

/**
 * How a categorical variable declares its missing codes. SPSS allows three discrete values, or
 * one beside a range. LO THRU -7 holds Fieldnote's codes and negative missing choices, with one
 * more discrete value beside it. A valid answer coded -7 or lower (Don't know -99 counted as
 * valid, say) would fall in that range: then -11 THRU -7 holds Fieldnote's codes alone, unless a
 * valid code falls there too (-9): then three discrete values, and the note names the rest.
 */
export function categoricalMissing(valueLabels: readonly SpssValueLabel[], userMissing: readonly number[]): { missingValues: number[]; missingRange?: SpssVariable['missingRange']; undeclared: number[] } {
  const valid = valueLabels.map((v) => v.value).filter((v): v is number => typeof v === 'number' && !userMissing.includes(v));
  const inside = (range: { low: number | null; high: number }) => (v: number) => (range.low === null || v >= range.low) && v <= range.high;
  for (const range of [MISSING_RANGE, NUMBER_MISSING_RANGE]) {
    if (valid.some(inside(range))) continue;
    const discrete = userMissing.filter((v) => !inside(range)(v));
    return { missingValues: discrete.slice(0, 1), missingRange: range, undeclared: discrete.slice(1) };
  }
  const discrete = [...FIELDNOTE_MISSING_CODES, ...userMissing];
  return { missingValues: discrete.slice(0, 3), undeclared: discrete.slice(3) };
}

/**
 * Numbers declare -11 THRU -7 unless an answer falls inside it; then only the missing codes no
 * answer equals, three for SPSS and the rest for R and Stata, and the note says which answers
 * share a code with a reason.
 */
export function numberMissing(answers: ReadonlySet<number>): { variable: Partial<Omit<SpssVariable, 'name'>>; note?: string } | undefined {
  if (answers.size === 0) return undefined;
  const free = FIELDNOTE_MISSING_CODES.filter((code) => !answers.has(code));
  const shared = FIELDNOTE_MISSING_CODES.filter((code) => answers.has(code));
  const inside = [...answers].sort((a, b) => a - b).join(', ');
  return {
    variable: { missingRange: undefined, missingValues: free.slice(0, 3), ...(free.length > 3 ? { moreMissing: free.slice(3) } : {}) },
    note:
      `Answers ${inside} fall among the missing codes (-11 to -7), so only the codes themselves are declared missing.` +
      (shared.length > 0 ? ` ${shared.join(', ')} is both an answer and a missing code here: check the rows with that value.` : ''),
  };
}

export function questionDrafts(ctx: QuestionContext, question: Question, suffix: string, labelSuffix: string): Draft[] {
  const { schedule, language, words } = ctx;
  const questionText = labelText(question.label, schedule, language) || question.name;
  const label = questionText + labelSuffix;
  const relevance = ctx.relevanceOf.get(question.name) ?? '';
  const choices = schedule.choiceLists.find((l) => l.name === question.listName)?.choices ?? [];
  const missingSpecial: SpssValueLabel[] = [
    { value: FIELDNOTE_MISSING_CODES[0], label: words.declined },
    { value: FIELDNOTE_MISSING_CODES[1], label: words.ended },
    { value: FIELDNOTE_MISSING_CODES[2], label: words.notApplicable },
    { value: FIELDNOTE_MISSING_CODES[3], label: words.outOfTime },
  ];
  const base = { question: question.name, questionText, relevance };
  switch (question.type) {
    case 'select_one': {
      const numeric = choices.every((c) => isNumericCode(c.name));
      const codeOf = new Map(choices.map((c, i) => [c.name, numeric ? Number(c.name) : i + 1]));
      const valueLabels: SpssValueLabel[] = choices.map((c) => ({ value: codeOf.get(c.name)!, label: labelText(c.label, schedule, language) || c.name }));
      const userMissing = ctx.dontKnowMissing ? choices.filter((c) => c.missing).map((c) => codeOf.get(c.name)!) : [];
      const declared = categoricalMissing(valueLabels, userMissing);
      const choiceCodes = numeric ? undefined : choices.map((c) => ({ value: codeOf.get(c.name)!, name: c.name }));
      const declaredWhat = declared.missingRange ? 'one missing value beside a range' : 'three missing values';
      return [
        {
          key: question.name + suffix,
          ...base,
          ...(choiceCodes ? { choiceCodes } : {}),
          variable: {
            ...categorical(label, [...valueLabels, ...missingSpecial]),
            missingValues: declared.missingValues,
            ...(declared.missingRange ? { missingRange: declared.missingRange } : {}),
            ...(declared.undeclared.length > 0 ? { moreMissing: declared.undeclared } : {}),
            ...(choiceCodes ? { attributes: { choice_names: choiceCodes.map((c) => `${c.value}=${c.name}`).join(' ') } } : {}),
          },
          note: declared.undeclared.length > 0 ? `SPSS declares ${declaredWhat}; also treat ${declared.undeclared.join(', ')} as missing.` : undefined,
          cell: (r) => {
            const missing = missingCell(r, question.name);
            if (missing !== undefined) return missing;
            return codeOf.get(r.answers.get(question.name)!.value.trim()) ?? null;
          },
        },
      ];
    }
    case 'select_multiple': {
      const keys = choices.map((c) => `${question.name}${suffix}_${c.name}`);
      ctx.mrSets.push({ name: question.name + suffix, label, keys });
      return choices.map((choice, i) => ({
        key: keys[i]!,
        ...base,
        variable: {
          ...categorical(`${label}: ${labelText(choice.label, schedule, language) || choice.name}`, [
            { value: 0, label: words.notSelected },
            { value: 1, label: words.selected },
            ...missingSpecial,
          ]),
          missingValues: [],
          missingRange: MISSING_RANGE,
        },
        cell: (r: RowContext) => {
          const missing = missingCell(r, question.name);
          if (missing !== undefined) return missing;
          return r.answers.get(question.name)!.value.split(/\s+/).includes(choice.name) ? 1 : 0;
        },
      }));
    }
    case 'integer':
    case 'decimal': {
      // Answers that fall inside -11 THRU -7 (a loss of -9, say) would read as missing there.
      const collisions = new Set<number>();
      return [
        {
          key: question.name + suffix,
          ...base,
          variable: { ...numericVariable(label, 'scale', missingSpecial, question.type === 'decimal' ? 2 : 0), missingRange: NUMBER_MISSING_RANGE },
          cell: (r) => {
            const missing = missingCell(r, question.name);
            if (missing !== undefined) return missing;
            const n = Number(r.answers.get(question.name)!.value);
            if (!Number.isFinite(n)) return null;
            if (n >= NUMBER_MISSING_RANGE.low && n <= NUMBER_MISSING_RANGE.high) collisions.add(n);
            return n;
          },
          settle: () => numberMissing(collisions),
        },
      ];
    }
    case 'date':
      return [
        {
          key: question.name + suffix,
          ...base,
          variable: { ...numericVariable(label, 'scale'), type: 'date' },
          note: 'A date not given (declined, not applicable, out of time, not reached) is system-missing: a date cannot hold a negative code.',
          cell: (r) => {
            const missing = missingCell(r, question.name);
            return missing !== undefined ? null : r.answers.get(question.name)!.value;
          },
        },
      ];
    case 'text':
      if (!ctx.includeText) return [];
      return [
        {
          key: question.name + suffix,
          ...base,
          variable: stringVariable(label, 1),
          note: 'Open text: an answer not given or not asked is blank (string variables carry no missing values, so every reader agrees).',
          cell: (r) => {
            const missing = missingCell(r, question.name);
            return missing !== undefined ? '' : r.answers.get(question.name)!.value;
          },
        },
      ];
    case 'note':
      return [];
  }
}

/** Interview unit, answered per participant: one variable per participant position. */
export function perPositionDrafts(ctx: QuestionContext, question: Question, maxSession: number): Draft[] {
  const drafts: Draft[] = [];
  for (let position = 1; position <= maxSession; position++) {
    for (const draft of questionDrafts(ctx, question, `_p${position}`, ` (respondent ${position} of the session)`)) {
      drafts.push({
        ...draft,
        note: [draft.note, `Answered per participant: this column holds respondent ${position} of the session (in respondent ID order); empty when the session had fewer respondents.`]
          .filter(Boolean)
          .join(' '),
        cell: (r) => {
          const view = r.positions[position - 1];
          return view ? draft.cell({ ...r, ...view }) : null;
        },
      });
    }
  }
  return drafts;
}
