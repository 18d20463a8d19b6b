/**
 * The Fieldnote JSON exchange format, version 1 (docs/json-schema.md): a folder with
 * `fieldnote.json` (the manifest: schedules, codes, memos, the list of interview files) and one
 * `interviews/<id>.json` per interview (respondents, answers, notes with text and Lexical state,
 * coded segments). Validation is pure (no I/O): `parseJsonExport` takes the files' text and
 * returns the checked content or throws a JsonImportError naming the file and the JSON path.
 */
import { z } from 'zod';
import { projectSettings } from '../../shared/api/contract';

export const JSON_FORMAT = 'fieldnote-json';
export const JSON_VERSION = 1;
export const MANIFEST_FILE = 'fieldnote.json';

/**
 * Ids become file names in later exports (`interviews/<id>.json`) and keys in the project: only
 * letters, digits, - and _ (an id like `../../x` would write outside the export folder).
 */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;
const id = z.string().regex(ID_PATTERN, 'ids are 1 to 100 letters, digits, - or _');
const idOrEmpty = z.union([z.literal(''), id]);
const text = (max: number) => z.string().max(max);
const isoish = z.string().min(4).max(40);
const initials = z.string().max(10);

const scheduleEntry = z
  .object({ id, formId: text(500).min(1), version: z.number().int().min(1), title: text(1000), model: z.record(z.string(), z.unknown()) })
  .strict();
const codeEntry = z
  .object({
    id,
    parentId: id.nullable(),
    name: text(200).trim().min(1),
    color: z.string().regex(/^#[0-9A-Fa-f]{6}$/),
    definition: text(20_000).default(''),
    inclusion: text(20_000).default(''),
    exclusion: text(20_000).default(''),
    example: text(20_000).default(''),
    kind: z.enum(['theme', 'code']).default('code'),
    isCore: z.boolean().default(false),
    inVivo: z.boolean().default(false),
    createdBy: initials.default(''),
  })
  .strict();
const memoEntry = z
  .object({
    id,
    kind: z.enum(['code-memo', 'theoretical', 'method']),
    targetType: z.enum(['project', 'code', 'coding', 'interview']),
    targetId: idOrEmpty,
    title: text(500).default(''),
    body: text(1_000_000),
    initials,
  })
  .strict()
  .refine((m) => (m.targetType === 'project') === (m.targetId === ''), { message: 'a memo on the project has targetId ""; any other memo needs one', path: ['targetId'] });

export const manifestSchema = z
  .object({
    format: z.literal(JSON_FORMAT),
    version: z.literal(JSON_VERSION),
    exportedAt: isoish,
    title: text(200),
    /** The project settings (attribute lists, locations, ID prefix) in the API's shape; absent in older exports. */
    settings: projectSettings.optional(),
    schedules: z.array(scheduleEntry).max(10_000),
    codes: z.array(codeEntry).max(100_000),
    memos: z.array(memoEntry).max(100_000),
    interviews: z.array(z.string().regex(/^interviews\/[A-Za-z0-9_-]{1,100}\.json$/, 'interviews/<id>.json')).max(100_000),
  })
  .strict();
export type JsonManifest = z.infer<typeof manifestSchema>;

const participantEntry = z
  .object({
    id,
    position: z.number().int().min(1),
    respondentNumber: z.number().int().min(1),
    respondentCode: text(50).min(1),
    organisationNumber: text(200),
    locationNumber: text(200),
    agencyGroup: text(200),
    organisationType: text(200),
    focusOfWork: text(200),
    consentMode: z.enum(['written', 'verbal']),
    quoteConsent: z.boolean(),
  })
  .strict();
const noteEntry = z
  .object({ id, question: text(500), text: text(20_000_000), editorState: text(50_000_000).optional() })
  .strict();
const segmentEntry = z
  .object({ id, noteId: id, codeId: id, start: z.number().int().min(0), end: z.number().int().min(1), text: text(20_000_000), isQuote: z.boolean().default(false), createdBy: initials.default('') })
  .strict()
  .refine((s) => s.end > s.start, { message: 'end must be greater than start', path: ['end'] });

const answerState = z.enum(['answered', 'declined']);
const answerEntry = z
  .object({
    participantId: idOrEmpty,
    question: text(500).min(1),
    value: text(100_000),
    state: answerState,
    /** Why a required question has no answer (state declined); absent otherwise. */
    missingReason: z.enum(['declined', 'not-applicable', 'out-of-time']).optional(),
  })
  .strict();
/** The audit trail of answers corrected while cleaning; state 'none' means no answer. */
const correctionState = z.enum(['answered', 'declined', 'none']);
const correctionEntry = z
  .object({
    id,
    participantId: idOrEmpty,
    question: text(500).min(1),
    oldValue: text(100_000),
    oldState: correctionState,
    newValue: text(100_000),
    newState: correctionState,
    reason: text(2000).min(1),
    initials: initials.min(1),
    correctedAt: isoish,
  })
  .strict();

export const interviewSchema = z
  .object({
    id,
    scheduleId: id,
    sessionType: z.enum(['one-on-one', 'small-group', 'focus-group']),
    answerMode: z.enum(['shared', 'per-participant']),
    language: text(50),
    interviewer: initials.min(1),
    heldAt: isoish,
    status: z.enum(['draft', 'cleaned', 'reviewed']),
    /** "Primary questions only" was on: probes not yet asked were left out (system-missing); answers given stay. */
    primaryOnly: z.boolean().default(false),
    /** Where and why the interview ended early; later questions are "Interview ended" (-7). */
    endedEarlyAtQuestion: text(500).min(1).nullable().default(null),
    endReason: text(2000).nullable().default(null),
    participants: z.array(participantEntry).max(40),
    answers: z.array(answerEntry).max(100_000),
    corrections: z.array(correctionEntry).max(100_000).default([]),
    notes: z.array(noteEntry).max(10_000),
    segments: z.array(segmentEntry).max(100_000),
  })
  .strict();
export type JsonInterview = z.infer<typeof interviewSchema>;

export interface JsonLocation {
  file: string;
  /** JSON path such as $.interviews[2].segments[0].end */
  path: string;
}

export class JsonImportError extends Error {
  constructor(
    readonly where: JsonLocation,
    readonly problem: string,
  ) {
    super(`${where.file} at ${where.path}: ${problem}`);
    this.name = 'JsonImportError';
  }
}

export function jsonPath(path: readonly PropertyKey[]): string {
  return `$${path.map((p) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(String(p)) ? `.${String(p)}` : `[${JSON.stringify(String(p))}]`)).join('')}`;
}

function parseFile<T>(file: string, raw: string | undefined, schema: z.ZodType<T>): T {
  if (raw === undefined) throw new JsonImportError({ file, path: '$' }, 'the file is missing');
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new JsonImportError({ file, path: '$' }, `not valid JSON (${(error as Error).message})`);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new JsonImportError({ file, path: jsonPath(issue.path) }, issue.message);
  }
  return result.data;
}

export interface JsonExport {
  manifest: JsonManifest;
  interviews: { file: string; interview: JsonInterview }[];
}

/**
 * Checks a whole export: each file against its schema, then what a schema cannot say (ids
 * unique, segments inside their note and quoting its text, codes and notes that exist).
 */
export function parseJsonExport(files: Readonly<Record<string, string>>): JsonExport {
  const manifest = parseFile(MANIFEST_FILE, files[MANIFEST_FILE], manifestSchema);
  const codeIds = new Set<string>();
  manifest.codes.forEach((c, i) => {
    if (codeIds.has(c.id)) throw new JsonImportError({ file: MANIFEST_FILE, path: `$.codes[${i}].id` }, 'this code id is used twice');
    codeIds.add(c.id);
  });
  manifest.codes.forEach((c, i) => {
    if (c.parentId !== null && !codeIds.has(c.parentId)) throw new JsonImportError({ file: MANIFEST_FILE, path: `$.codes[${i}].parentId` }, 'no code has this id');
  });
  const scheduleIds = new Set(manifest.schedules.map((s) => s.id));
  const interviews: JsonExport['interviews'] = [];
  const seen = new Set<string>();
  manifest.interviews.forEach((file, n) => {
    if (seen.has(file)) throw new JsonImportError({ file: MANIFEST_FILE, path: `$.interviews[${n}]` }, 'this file is listed twice');
    seen.add(file);
    const interview = parseFile(file, files[file], interviewSchema);
    if (!scheduleIds.has(interview.scheduleId)) throw new JsonImportError({ file, path: '$.scheduleId' }, 'no schedule in fieldnote.json has this id');
    const notes = new Map<string, string>();
    const questions = new Set<string>(); // a Set, not a scan of the earlier notes: O(n), not O(n²)
    interview.notes.forEach((note, i) => {
      if (notes.has(note.id)) throw new JsonImportError({ file, path: `$.notes[${i}].id` }, 'this note id is used twice');
      if (questions.has(note.question)) throw new JsonImportError({ file, path: `$.notes[${i}].question` }, 'another note is for the same question');
      questions.add(note.question);
      notes.set(note.id, note.text);
    });
    interview.segments.forEach((s, i) => {
      const noteText = notes.get(s.noteId);
      if (noteText === undefined) throw new JsonImportError({ file, path: `$.segments[${i}].noteId` }, 'no note of this interview has this id');
      if (!codeIds.has(s.codeId)) throw new JsonImportError({ file, path: `$.segments[${i}].codeId` }, 'no code in fieldnote.json has this id');
      if (s.end > noteText.length) throw new JsonImportError({ file, path: `$.segments[${i}].end` }, `past the end of the note (${noteText.length} UTF-16 code units)`);
      if (noteText.slice(s.start, s.end) !== s.text) throw new JsonImportError({ file, path: `$.segments[${i}].text` }, 'does not match the note text between start and end');
    });
    interviews.push({ file, interview });
  });
  return { manifest, interviews };
}
