/**
 * `fieldnote schedule ...`: check an XLSForm schedule, walk it with a set of answers,
 * convert it to an ODK XForm. Findings are printed as `FORM.xlsx:survey:ROW:COLUMN: ...`
 * so editors and CI logs can jump to the cell.
 */
import fs from 'node:fs';
import nodePath from 'node:path';
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
import { loadScheduleFile } from '../../schedule/xlsx';
import type { ScheduleSummary } from '../../../shared/api/contract';
import { NotFoundError } from '../../../shared/api/errors';
import { withProject } from '../project-access';
import { writeFileAtomic } from '../../util/atomic-write';
import { UserError } from '../errors';
import { requireArg } from '../io';
import type { CliIo, CommandGroup } from '../command';

/** Loads a schedule that must have no errors; errors and warnings go to stderr. */
async function loadUsable(io: CliIo, file: string, what: string): Promise<Schedule> {
  let loaded;
  try {
    loaded = await loadScheduleFile(file);
  } catch (error) {
    if (error instanceof ScheduleError) throw new UserError(error.message);
    throw error;
  }
  // Missing translations are counted, not listed: `schedule check --all` lists them.
  for (const finding of loaded.findings) if (finding.group !== 'translation') io.err(formatFinding(file, finding));
  if (hasErrors(loaded.findings)) {
    throw new UserError(`${file} has ${countText(loaded.findings)}; fix the errors before ${what}. Run fieldnote schedule check ${file}.`);
  }
  return loaded.schedule;
}

/** The latest version of FORM (or the only form), or version N of it; named errors as the app gives them. */
function chooseSchedule(schedules: readonly ScheduleSummary[], formId: string | undefined, version: number | undefined): ScheduleSummary {
  const forms = [...new Set(schedules.map((s) => s.formId))];
  const form = formId ?? (forms.length === 1 ? forms[0] : undefined);
  if (form === undefined) throw new NotFoundError(forms.length === 0 ? 'A schedule in this project' : `Which schedule? This project holds ${forms.join(', ')}; a form id`);
  const versions = schedules.filter((s) => s.formId === form).sort((a, b) => b.version - a.version);
  const found = version === undefined ? versions[0] : versions.find((s) => s.version === version);
  if (found === undefined) throw new NotFoundError(`Version ${version ?? 'latest'} of schedule ${form}`);
  return found;
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
      async run(args, io) {
        const { values, positionals } = parseArgs({ args, options: { all: { type: 'boolean' } }, allowPositionals: true });
        const file = requireArg(positionals[0], 'FORM.xlsx', this.usage);
        let findings: Finding[];
        let schedule: Schedule;
        try {
          ({ findings, schedule } = await loadScheduleFile(file));
        } catch (error) {
          if (!(error instanceof ScheduleError)) throw error;
          io.out(error.message);
          throw new UserError(`${file} cannot be read as a schedule.`);
        }
        for (const line of lintReportLines(file, findings, translationCoverage(schedule), { all: values.all === true })) io.out(line);
        if (hasErrors(findings)) throw new UserError(`${file}: ${countText(findings)}.`);
        io.err(`${file}: ${countText(findings)}.`);
      },
    },
    walk: {
      usage: 'fieldnote schedule walk FORM.xlsx --answers ANSWERS.json [--primary-only]',
      summary: 'print, one per line, the questions that would be asked given the answers',
      async run(args, io) {
        const { values, positionals } = parseArgs({
          args,
          options: { answers: { type: 'string' }, 'primary-only': { type: 'boolean' } },
          allowPositionals: true,
        });
        const file = requireArg(positionals[0], 'FORM.xlsx', this.usage);
        const answersPath = requireArg(values.answers, '--answers ANSWERS.json', this.usage);
        const schedule = await loadUsable(io, file, 'walking it');
        const answers = readAnswers(answersPath, schedule);
        for (const name of walkSchedule(schedule, answers, { primaryOnly: values['primary-only'] === true })) io.out(name);
      },
    },
    xform: {
      usage: 'fieldnote schedule xform FORM.xlsx --out FORM.xml',
      summary: 'write the schedule as an ODK XForm (as pyxform would) for ODK Collect, Enketo or Web Forms',
      async run(args, io) {
        const { values, positionals } = parseArgs({ args, options: { out: { type: 'string' } }, allowPositionals: true });
        const file = requireArg(positionals[0], 'FORM.xlsx', this.usage);
        const out = requireArg(values.out, '--out FORM.xml', this.usage);
        const schedule = await loadUsable(io, file, 'converting it');
        writeFileAtomic(out, scheduleToXForm(schedule));
        io.out(`Wrote ${out}.`);
      },
    },
    import: {
      usage: 'fieldnote schedule import PROJECT.fieldnote FORM.xlsx',
      summary: 'add the schedule to the project (a new version when its form id is already there); errors stop the import',
      async run(args, io) {
        const { positionals } = parseArgs({ args, options: {}, allowPositionals: true });
        const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
        const file = requireArg(positionals[1], 'FORM.xlsx', this.usage);
        // Read here first so that findings are printed with the file's name and the project is not opened for a broken form.
        await loadUsable(io, file, 'importing it');
        const dataBase64 = fs.readFileSync(file).toString('base64');
        const { imported } = await withProject(io, project, (call) => call('schedule.import', { fileName: nodePath.basename(file), dataBase64 }));
        if (imported === null) throw new UserError(`${file} has errors; nothing was imported. Run fieldnote schedule check ${file}.`);
        io.out(`Imported ${file} as "${imported.title}" (${imported.formId}) version ${imported.version}: ${imported.questionCount} questions.`);
      },
    },
    export: {
      usage: 'fieldnote schedule export PROJECT.fieldnote --out FORM.xlsx [--form FORM_ID] [--version N]',
      summary: 'write a schedule from the project as an XLSForm workbook (the latest version unless --version)',
      async run(args, io) {
        const { values, positionals } = parseArgs({
          args,
          options: { out: { type: 'string' }, form: { type: 'string' }, version: { type: 'string' } },
          allowPositionals: true,
        });
        const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
        const out = requireArg(values.out, '--out FORM.xlsx', this.usage);
        const version = values.version === undefined ? undefined : Number(values.version);
        if (version !== undefined && (!Number.isInteger(version) || version < 1)) throw new UserError(`--version must be a whole number from 1 (got ${values.version}).`);
        const found = await withProject(io, project, async (call) => {
          const summary = chooseSchedule((await call('schedule.list', {})).schedules, values.form, version);
          return { summary, file: await call('schedule.exportXlsx', { id: summary.id }) };
        }, { readOnly: true });
        writeFileAtomic(out, Buffer.from(found.file.dataBase64, 'base64'));
        io.out(`Wrote ${out}: "${found.summary.title}" version ${found.summary.version}.`);
      },
    },
  },
};
