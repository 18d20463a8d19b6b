/**
 * `fieldnote schedule ...`: check an XLSForm schedule, walk it with a set of answers,
 * convert it to an ODK XForm. Findings are printed as `FORM.xlsx:survey:ROW:COLUMN: ...`
 * so editors and CI logs can jump to the cell.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import {
  ScheduleError,
  countText,
  formatFinding,
  hasErrors,
  lintReportLines,
  translationCoverage,
  questionsOf,
  scheduleToXForm,
  walkSchedule,
  type AnswerValue,
  type Finding,
  type Schedule,
} from '../../../shared/schedule';
import { loadScheduleFile, saveScheduleFile } from '../../schedule/xlsx';
import { ScheduleRepo } from '../../store/schedule-repo';
import { withProject } from '../project-access';
import { writeFileAtomic } from '../../util/atomic-write';
import { UserError } from '../errors';
import { requireArg } from '../io';
import type { CommandGroup } from '../registry';

/** Loads a schedule that must have no errors; errors and warnings go to stderr. */
async function loadUsable(file: string, what: string): Promise<Schedule> {
  let loaded;
  try {
    loaded = await loadScheduleFile(file);
  } catch (error) {
    if (error instanceof ScheduleError) throw new UserError(error.message);
    throw error;
  }
  // Missing translations are counted, not listed: `schedule check --all` lists them.
  for (const finding of loaded.findings) if (finding.group !== 'translation') console.error(formatFinding(file, finding));
  if (hasErrors(loaded.findings)) {
    throw new UserError(`${file} has ${countText(loaded.findings)}; fix the errors before ${what}. Run fieldnote schedule check ${file}.`);
  }
  return loaded.schedule;
}

function readAnswers(path: string, schedule: Schedule): Record<string, AnswerValue> {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`Cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(`${path} must be a JSON object mapping question names to answers, e.g. {"q1": "1", "q7": ["a", "c"]}.`);
  }
  const questions = new Map(questionsOf(schedule).map((question) => [question.name, question]));
  const answers: Record<string, AnswerValue> = {};
  for (const [name, value] of Object.entries(data as Record<string, unknown>)) {
    const question = questions.get(name);
    if (question === undefined || question.type === 'note') {
      throw new UserError(`${path}: "${name}" is not a question in this schedule; check the spelling.`);
    }
    if (value === null) continue;
    if (typeof value === 'string' || typeof value === 'number') answers[name] = value;
    else if (Array.isArray(value) && value.every((code) => typeof code === 'string' || typeof code === 'number')) {
      if (question.type !== 'select_multiple') throw new UserError(`${path}: "${name}" is a ${question.type} question; only select_multiple answers may be lists.`);
      answers[name] = value.map(String);
    } else {
      throw new UserError(`${path}: the answer to "${name}" must be text, a number, or for select_multiple a list of codes.`);
    }
  }
  return answers;
}

export const scheduleCommands: CommandGroup = {
  name: 'schedule',
  summary: 'check an XLSForm interview schedule, walk it, convert it to an ODK XForm, move it in and out of a project',
  commands: {
    check: {
      usage: 'fieldnote schedule check FORM.xlsx [--all]',
      summary:
        'list findings as FORM.xlsx:SHEET:ROW:COLUMN: ..., most important first (errors, data, logic, privacy, other, translations, information); translations as one line per language unless --all (exit 1 when there are errors)',
      async run(args) {
        const { values, positionals } = parseArgs({ args, options: { all: { type: 'boolean' } }, allowPositionals: true });
        const file = requireArg(positionals[0], 'FORM.xlsx', this.usage);
        let findings: Finding[];
        let schedule: Schedule;
        try {
          ({ findings, schedule } = await loadScheduleFile(file));
        } catch (error) {
          if (!(error instanceof ScheduleError)) throw error;
          console.log(error.message);
          throw new UserError(`${file} cannot be read as a schedule.`);
        }
        for (const line of lintReportLines(file, findings, translationCoverage(schedule), { all: values.all === true })) console.log(line);
        if (hasErrors(findings)) throw new UserError(`${file}: ${countText(findings)}.`);
        console.error(`${file}: ${countText(findings)}.`);
      },
    },
    walk: {
      usage: 'fieldnote schedule walk FORM.xlsx --answers ANSWERS.json [--primary-only]',
      summary: 'print, one per line, the questions that would be asked given the answers',
      async run(args) {
        const { values, positionals } = parseArgs({
          args,
          options: { answers: { type: 'string' }, 'primary-only': { type: 'boolean' } },
          allowPositionals: true,
        });
        const file = requireArg(positionals[0], 'FORM.xlsx', this.usage);
        const answersPath = requireArg(values.answers, '--answers ANSWERS.json', this.usage);
        const schedule = await loadUsable(file, 'walking it');
        const answers = readAnswers(answersPath, schedule);
        for (const name of walkSchedule(schedule, answers, { primaryOnly: values['primary-only'] === true })) console.log(name);
      },
    },
    xform: {
      usage: 'fieldnote schedule xform FORM.xlsx --out FORM.xml',
      summary: 'write the schedule as an ODK XForm (as pyxform would) for ODK Collect, Enketo or Web Forms',
      async run(args) {
        const { values, positionals } = parseArgs({ args, options: { out: { type: 'string' } }, allowPositionals: true });
        const file = requireArg(positionals[0], 'FORM.xlsx', this.usage);
        const out = requireArg(values.out, '--out FORM.xml', this.usage);
        const schedule = await loadUsable(file, 'converting it');
        writeFileAtomic(out, scheduleToXForm(schedule));
        console.log(`Wrote ${out}.`);
      },
    },
    import: {
      usage: 'fieldnote schedule import PROJECT.fieldnote FORM.xlsx',
      summary: 'add the schedule to the project (a new version when its form id is already there); errors stop the import',
      async run(args) {
        const { positionals } = parseArgs({ args, options: {}, allowPositionals: true });
        const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
        const file = requireArg(positionals[1], 'FORM.xlsx', this.usage);
        const schedule = await loadUsable(file, 'importing it');
        const summary = await withProject(project, ({ store, deviceId }) => new ScheduleRepo(store.db, deviceId).add(schedule));
        console.log(`Imported ${file} as "${summary.title}" (${summary.formId}) version ${summary.version}: ${summary.questionCount} questions.`);
      },
    },
    export: {
      usage: 'fieldnote schedule export PROJECT.fieldnote --out FORM.xlsx [--form FORM_ID] [--version N]',
      summary: 'write a schedule from the project as an XLSForm workbook (the latest version unless --version)',
      async run(args) {
        const { values, positionals } = parseArgs({
          args,
          options: { out: { type: 'string' }, form: { type: 'string' }, version: { type: 'string' } },
          allowPositionals: true,
        });
        const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
        const out = requireArg(values.out, '--out FORM.xlsx', this.usage);
        const version = values.version === undefined ? undefined : Number(values.version);
        if (version !== undefined && (!Number.isInteger(version) || version < 1)) throw new UserError(`--version must be a whole number from 1 (got ${values.version}).`);
        const found = await withProject(project, ({ store, deviceId }) => new ScheduleRepo(store.db, deviceId).find(values.form, version), { readOnly: true });
        await saveScheduleFile(out, found.schedule);
        console.log(`Wrote ${out}: "${found.summary.title}" version ${found.summary.version}.`);
      },
    },
  },
};
