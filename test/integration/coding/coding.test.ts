// The coding workbench through the API against a real encrypted project: codes with exact undo,
// codings whose marks live in the note in the same transaction, constraints the database itself
// enforces, full-text search in English and Khmer, quotes and their exports.
import nodePath from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { flushSearchIndex } from '../../../electron/store/search-index';
import { describe, expect, it } from 'vitest';
import { readNoteMarks } from '../../../electron/store/note-marks';
import { $getRoot, $isTextNode } from 'lexical';
import { editNote } from '../../support/notes';
import { applyKey } from '../../../electron/store/cipher';
import { migrations } from '../../../electron/store/migrations';
import { ProjectStore } from '../../../electron/store/project-store';
import { CodingRepo } from '../../../electron/store/coding-repo';
import { readZip } from '../../../shared/exchange/zip/zip';
import { editorStateFromParagraphs, plainTextFromParagraphs } from '../../../shared/notes/editor-state';
import { openTestServices } from '../../support/services';
import { PASS, tempDir } from '../../support/temp';


const GOV = { organisationNumber: '12', locationNumber: '3', agencyGroup: 'police', organisationType: 'government', focusOfWork: 'law-enforcement', consentGiven: true, consentMode: 'verbal', quoteConsent: true };
const NGO = { ...GOV, organisationNumber: '7', agencyGroup: 'aftercare', organisationType: 'ngo', focusOfWork: 'aftercare', quoteConsent: false };

const NOTE_A = ['The police training improved slowly. Families trust the shelter in Kampot now.', 'ការអប់រំល្អណាស់។ Court cases take too long.'];
const NOTE_B = ['The shelter staff need support. Referral from police is rare.'];

async function setUp() {
  const { services, call, fail } = await openTestServices({ file: 'coding.fieldnote', title: 'Coding test' });
  const { imported } = await call('schedule.importExample');
  const start = async (participant: typeof GOV, heldAt: string) =>
    (await call('interview.start', { scheduleId: imported.id, sessionType: 'one-on-one', answerMode: 'shared', language: 'en', interviewer: 'AB', heldAt, participants: [participant] })).summary.id as string;
  const a = await start(GOV, '2026-03-01T09:00');
  const b = await start(NGO, '2026-03-02T09:00');
  const noteA = (await call('notes.save', { interviewId: a, question: '', editorState: editorStateFromParagraphs(NOTE_A) })).id as string;
  const noteB = (await call('notes.save', { interviewId: b, question: 'q1_priorities', editorState: editorStateFromParagraphs(NOTE_B) })).id as string;
  const textA = plainTextFromParagraphs(NOTE_A);
  const textB = plainTextFromParagraphs(NOTE_B);
  /** Codes the first occurrence of `words` in a note. */
  const code = async (noteId: string, words: string, target: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const text = noteId === noteA ? textA : textB;
    const at = text.indexOf(words);
    if (at < 0) throw new Error(`"${words}" is not in the note`);
    return call('codings.apply', { noteId, start: at, end: at + words.length, text: words, initials: 'AB', ...target, ...extra });
  };
  const db = () => services.project.db;
  /** Everything the codebook holds plus each note's editor state: undo must give back all of it. */
  const snapshot = () => ({
    codebook: services.coding.codebook(),
    notes: db().prepare('SELECT id, editor_state FROM note ORDER BY id').all(),
  });
  return { services, call, fail, a, b, noteA, noteB, textA, textB, code, db, snapshot };
}

describe('coding workbench', () => {
  it('refuses duplicate sibling names, moves under itself and codings past the end of a note, with messages saying what to do', async () => {
    const t = await setUp();
    const barriers = (await t.call('codes.create', { name: 'Barriers', kind: 'theme', initials: 'AB' })).code;
    const trust = (await t.call('codes.create', { name: 'Trust', parentId: barriers.id, initials: 'AB' })).code;
    const dup = await t.fail('codes.create', { name: ' trust ', parentId: barriers.id, initials: 'AB' });
    expect(dup).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('There is already a code called "Trust" under "Barriers"') });
    // The same name elsewhere in the tree is fine.
    await t.call('codes.create', { name: 'Trust', initials: 'AB' });
    const cycle = await t.fail('codes.move', { id: barriers.id, parentId: trust.id });
    expect(cycle.message).toContain('would become its own ancestor');
    const past = await t.fail('codings.apply', { noteId: t.noteA, start: t.textA.length - 3, end: t.textA.length + 5, text: 'xxxxxxxx', codeId: trust.id, initials: 'AB' });
    expect(past.message).toMatch(/past the end of the note .*Reload the note/);
    const stale = await t.fail('codings.apply', { noteId: t.noteA, start: 0, end: 3, text: 'Thx', codeId: trust.id, initials: 'AB' });
    expect(stale.message).toContain('not what the note holds');
    // The database's own unique index backs the check up (ASCII case-folding).
    expect(() => t.db().prepare("UPDATE code SET name = 'TRUST' WHERE name = 'Trust' AND parent_id IS NULL").run()).not.toThrow();
    expect(() => t.db().prepare(`INSERT INTO code (id, parent_id, name, color, created_by, created_at, updated_at, device_id) VALUES ('x', ?, 'trust', '#FFD54F', 'AB', '', '', '')`).run(barriers.id)).toThrow(/UNIQUE/);
  });

  it('codes text: the row and the mark in the note are written together and agree; in-vivo codes are named from the words', async () => {
    const t = await setUp();
    const theme = (await t.call('codes.create', { name: 'Justice', kind: 'theme', initials: 'AB' })).code;
    const applied = await t.code(t.noteA, 'Court cases take too long', { codeId: theme.id });
    expect(applied.coding).toMatchObject({ codeId: theme.id, noteId: t.noteA, text: 'Court cases take too long' });
    const vivo = await t.code(t.noteA, 'Families trust the shelter', { inVivo: { parentId: theme.id } });
    expect(vivo.code).toMatchObject({ name: 'Families trust the shelter', inVivo: true, parentId: theme.id });
    expect(vivo.createdCode).toBe(true);
    const again = await t.code(t.noteA, 'Families trust the shelter', { inVivo: { parentId: theme.id } });
    expect(again).toMatchObject({ createdCode: false, code: { id: vivo.code.id } });

    const note = t.db().prepare('SELECT editor_state, plain_text FROM note WHERE id = ?').get(t.noteA) as { editor_state: string; plain_text: string };
    const marks = readNoteMarks(note.editor_state);
    expect(marks.plainText).toBe(note.plain_text);
    const rows = t.db().prepare('SELECT id AS codingId, start, "end", text FROM coding WHERE note_id = ? ORDER BY start, "end", id').all(t.noteA);
    expect(marks.marks).toEqual(rows);
    expect(again.editorState).toBe(note.editor_state);

    await t.call('codings.remove', { id: applied.coding.id });
    expect(readNoteMarks(t.db().prepare('SELECT editor_state FROM note WHERE id = ?').pluck().get(t.noteA) as string).marks.map((m) => m.codingId)).not.toContain(applied.coding.id);
    const undone = await t.call('codes.undo');
    expect(undone).toMatchObject({ done: true, label: 'Remove a coded segment', touchedNoteIds: [t.noteA] });
    expect(readNoteMarks(t.db().prepare('SELECT editor_state FROM note WHERE id = ?').pluck().get(t.noteA) as string).marks.map((m) => m.codingId)).toContain(applied.coding.id);
  });

  it('merge then undo restores every row and every note exactly; redo merges again', async () => {
    const t = await setUp();
    const cost = (await t.call('codes.create', { name: 'Cost', initials: 'AB', definition: 'Money problems' })).code;
    const money = (await t.call('codes.create', { name: 'Money', initials: 'CD', color: '#112233' })).code;
    const fees = (await t.call('codes.create', { name: 'Fees', parentId: cost.id, initials: 'AB' })).code;
    const other = (await t.call('codes.create', { name: 'Police', initials: 'AB' })).code;
    await t.code(t.noteA, 'police training', { codeId: cost.id });
    await t.code(t.noteA, 'police training', { codeId: money.id }); // same range: dropped by the merge
    await t.code(t.noteB, 'support', { codeId: cost.id }, { isQuote: true });
    await t.code(t.noteB, 'staff', { codeId: fees.id });
    await t.call('memos.create', { kind: 'code-memo', targetType: 'code', targetId: cost.id, title: 'Why cost', body: 'Respondents mention fees.', initials: 'AB' });
    await t.call('relations.create', { fromCodeId: cost.id, toCodeId: other.id, type: 'cause', label: '' });
    await t.call('relations.create', { fromCodeId: money.id, toCodeId: other.id, type: 'cause', label: '' });
    const before = t.snapshot();

    const merged = await t.call('codes.merge', { sourceId: cost.id, targetId: money.id });
    expect(merged.label).toBe('Merge “Cost” into “Money”');
    expect(merged.droppedCodingIds).toHaveLength(1);
    const after = t.snapshot();
    expect(after.codebook.codes.map((c) => c.name).sort()).toEqual(['Fees', 'Money', 'Police']);
    expect(after.codebook.codes.find((c) => c.name === 'Fees')?.parentId).toBe(money.id);
    expect(after.codebook.relations).toHaveLength(1);
    expect(after.codebook.memos[0]?.target).toEqual({ kind: 'code', codeId: money.id });

    const undone = await t.call('codes.undo');
    expect(undone).toMatchObject({ done: true, label: 'Merge “Cost” into “Money”', undo: { canRedo: true, redoLabel: 'Merge “Cost” into “Money”' } });
    expect(t.snapshot()).toEqual(before);
    const list = await t.call('codes.list');
    expect(list.codes.map((c: { name: string }) => c.name)).toEqual(['Cost', 'Fees', 'Money', 'Police']);

    await t.call('codes.redo');
    expect(t.snapshot()).toEqual(after);
    await t.call('codes.undo');
    expect(t.snapshot()).toEqual(before);
  });

  it('deletes a code with children either way, and undo brings everything back', async () => {
    const t = await setUp();
    const parent = (await t.call('codes.create', { name: 'Services', kind: 'theme', initials: 'AB' })).code;
    const child = (await t.call('codes.create', { name: 'Shelter', parentId: parent.id, initials: 'AB' })).code;
    const grandchild = (await t.call('codes.create', { name: 'Staff', parentId: child.id, initials: 'AB' })).code;
    await t.code(t.noteB, 'shelter staff', { codeId: child.id });
    await t.code(t.noteB, 'staff need support', { codeId: grandchild.id });
    await t.call('memos.create', { kind: 'code-memo', targetType: 'code', targetId: grandchild.id, body: 'Staff shortages.', initials: 'AB' });
    const before = t.snapshot();

    const refused = await t.fail('codes.delete', { id: child.id });
    expect(refused.message).toContain('"Shelter" has 1 sub-code: move them up or delete them too.');
    expect(await t.call('codes.impact', { id: child.id })).toEqual({ children: 1, descendants: 1, codings: 1, codingsWithDescendants: 2 });

    await t.call('codes.delete', { id: child.id, children: 'move-up' });
    let codes = t.services.coding.codes();
    expect(codes.map((c) => c.name).sort()).toEqual(['Services', 'Staff']);
    expect(codes.find((c) => c.name === 'Staff')?.parentId).toBe(parent.id);
    expect(t.db().prepare('SELECT count(*) FROM coding').pluck().get()).toBe(1);
    await t.call('codes.undo');
    expect(t.snapshot()).toEqual(before);

    const deleted = await t.call('codes.delete', { id: child.id, children: 'delete' });
    expect(deleted.removedCodingIds).toHaveLength(2);
    codes = t.services.coding.codes();
    expect(codes.map((c) => c.name)).toEqual(['Services']);
    expect(t.db().prepare('SELECT count(*) FROM coding').pluck().get()).toBe(0);
    expect(t.db().prepare('SELECT count(*) FROM memo').pluck().get()).toBe(0);
    expect(readNoteMarks(t.db().prepare('SELECT editor_state FROM note WHERE id = ?').pluck().get(t.noteB) as string).marks).toEqual([]);
    await t.call('codes.undo');
    expect(t.snapshot()).toEqual(before);
  });

  it('the database refuses a coding whose code does not exist, and a code deleted under its codings or memos', async () => {
    const t = await setUp();
    const trust = (await t.call('codes.create', { name: 'Trust', initials: 'AB' })).code;
    const coded = await t.code(t.noteA, 'trust', { codeId: trust.id });
    const insert = t.db().prepare(
      `INSERT INTO coding (id, code_id, note_id, interview_id, question, start, "end", text, is_quote, created_by, created_at, updated_at, device_id)
       VALUES ('raw', ?, ?, ?, '', 0, 3, 'The', 0, 'AB', '', '', '')`,
    );
    expect(() => insert.run('no-such-code', t.noteA, t.a)).toThrow(/FOREIGN KEY constraint failed/);
    expect(() => t.db().prepare("INSERT INTO coding (id, code_id, note_id, interview_id, question, start, \"end\", text, is_quote, created_by, created_at, updated_at, device_id) VALUES ('r2', ?, ?, ?, '', 5, 5, '', 0, 'AB', '', '', '')").run(trust.id, t.noteA, t.a)).toThrow(/CHECK constraint failed/);
    expect(() => t.db().prepare('DELETE FROM code WHERE id = ?').run(trust.id)).toThrow(/FOREIGN KEY constraint failed/);
    await t.call('codings.remove', { id: coded.coding.id });
    await t.call('memos.create', { kind: 'code-memo', targetType: 'code', targetId: trust.id, body: 'A memo', initials: 'AB' });
    expect(() => t.db().prepare('DELETE FROM code WHERE id = ?').run(trust.id)).toThrow(/the code has memos/);
    expect(() => t.db().prepare("INSERT INTO memo (id, kind, target_type, target_id, initials, created_at, updated_at, device_id) VALUES ('m', 'code-memo', 'code', 'missing', 'AB', '', '', '')").run()).toThrow(/memo target does not exist/);
    const missing = await t.fail('memos.create', { kind: 'code-memo', targetType: 'code', targetId: 'missing', body: 'x', initials: 'AB' });
    expect(missing.message).toContain('There is no code with id missing');
  });

  it('notes.save alone writes a note: coding rows follow their marks, a deleted passage loses its coding, a mark without a row is dropped', async () => {
    const t = await setUp();
    const trust = (await t.call('codes.create', { name: 'Trust', initials: 'AB' })).code;
    const coded = await t.code(t.noteA, 'trust the shelter', { codeId: trust.id });
    const stored = () => t.db().prepare('SELECT editor_state, plain_text FROM note WHERE id = ?').get(t.noteA) as { editor_state: string; plain_text: string };
    const row = () => t.db().prepare('SELECT start, "end", text FROM coding WHERE id = ?').get(coded.coding.id);
    const before = stored().editor_state;

    // Typing before the coded passage (as the editor sends it: the state alone) moves the coding.
    const typed = editNote(before, () => {
      const first = $getRoot().getFirstDescendant();
      if (!$isTextNode(first)) throw new Error('no text');
      first.setTextContent(`Sadly ${first.getTextContent()}`);
    });
    await t.call('notes.save', { interviewId: t.a, question: '', editorState: typed });
    const at = t.textA.indexOf('trust the shelter') + 'Sadly '.length;
    expect(stored().plain_text).toBe(`Sadly ${t.textA}`);
    expect(row()).toEqual({ start: at, end: at + 'trust the shelter'.length, text: 'trust the shelter' });

    // Typing inside it widens it, as segments.ts does.
    const inside = editNote(typed, () => {
      for (const node of $getRoot().getAllTextNodes()) if (node.getTextContent() === 'trust the shelter') node.setTextContent('trust the new shelter');
    });
    await t.call('notes.save', { interviewId: t.a, question: '', editorState: inside });
    expect(row()).toEqual({ start: at, end: at + 'trust the new shelter'.length, text: 'trust the new shelter' });

    // Deleting the passage deletes its coding in the same transaction; the editor's undo brings the
    // mark back, and with it the coding: its id, code, quote flag, coder and memos.
    await t.call('memos.create', { kind: 'theoretical', targetType: 'coding', targetId: coded.coding.id, body: 'Trust follows the shelter.', initials: 'AB' });
    const full = () => t.db().prepare('SELECT id, code_id, is_quote, coder_id, created_by, created_at FROM coding WHERE id = ?').get(coded.coding.id);
    const memo = () => t.db().prepare("SELECT body FROM memo WHERE target_type = 'coding' AND target_id = ?").pluck().all(coded.coding.id);
    const original = full();
    const gone = editorStateFromParagraphs(['Nothing coded here.']);
    const saved = await t.call('notes.save', { interviewId: t.a, question: '', editorState: gone });
    expect(saved.droppedCodingIds).toEqual([]);
    expect(row()).toBeUndefined();
    expect(memo()).toEqual([]);
    const undone = await t.call('notes.save', { interviewId: t.a, question: '', editorState: inside });
    expect(undone.droppedCodingIds).toEqual([]);
    expect(full()).toEqual(original);
    expect(row()).toEqual({ start: at, end: at + 'trust the new shelter'.length, text: 'trust the new shelter' });
    expect(memo()).toEqual(['Trust follows the shelter.']);
    expect(readNoteMarks(stored().editor_state).marks.map((m) => m.codingId)).toEqual([coded.coding.id]);

    // After a lock the editor's undo history is gone, and so is what the services kept for it: a
    // mark that comes back without its row then is dropped, and the services say so.
    await t.call('notes.save', { interviewId: t.a, question: '', editorState: gone });
    await t.call('project.lock');
    await t.call('project.unlock', { passphrase: PASS });
    const stale = await t.call('notes.save', { interviewId: t.a, question: '', editorState: inside });
    expect(stale.droppedCodingIds).toEqual([coded.coding.id]);
    expect(readNoteMarks(stored().editor_state)).toEqual({ plainText: `Sadly ${t.textA}`.replace('trust the shelter', 'trust the new shelter'), marks: [] });

    // A state the note model cannot read changes nothing.
    const bad = await t.fail('notes.save', { interviewId: t.a, question: '', editorState: JSON.stringify({ root: { type: 'root', children: [{ type: 'no-such-node' }] } }) });
    expect(bad.code).toBe('invalid_input');
    expect(stored().plain_text).toContain('trust the new shelter');
  });

  it('finds notes by an English word and by a Khmer substring, follows edits, and falls back to LIKE for short queries', async () => {
    const t = await setUp();
    const police = await t.call('search.notes', { query: 'POLICE' });
    expect(police.method).toBe('fts');
    expect(police.total).toBe(2);
    const hitA = police.hits.find((h: { noteId: string }) => h.noteId === t.noteA);
    expect(hitA).toMatchObject({ interviewId: t.a, respondentCodes: ['1'], question: '', questionLabel: 'General notes' });
    expect(t.textA.slice(hitA.matches[0].start, hitA.matches[0].end)).toBe('police');
    expect(hitA.snippet.slice(hitA.snippetMatches[0].start, hitA.snippetMatches[0].end)).toBe('police');
    const hitB = police.hits.find((h: { noteId: string }) => h.noteId === t.noteB);
    expect(hitB.question).toBe('q1_priorities');
    expect(hitB.questionLabel).not.toBe('');

    // "អប់រំ" (education) inside "ការអប់រំ", written without spaces.
    const khmer = await t.call('search.notes', { query: 'អប់រំ' });
    expect(khmer.method).toBe('fts');
    expect(khmer.hits.map((h: { noteId: string }) => h.noteId)).toEqual([t.noteA]);
    const m = khmer.hits[0].matches[0];
    expect(t.textA.slice(m.start, m.end)).toBe('អប់រំ');
    expect(t.textA.slice(m.start - 3, m.start)).toBe('ការ');

    expect((await t.call('search.notes', { query: 'shelter police' })).total).toBe(2);
    expect((await t.call('search.notes', { query: 'shelter Kampot' })).total).toBe(1);

    // An edit after indexing: the old words are gone from the index, the new ones found.
    await t.call('notes.save', { interviewId: t.b, question: 'q1_priorities', editorState: editorStateFromParagraphs(['Donors fund hotline counselling.']) });
    expect((await t.call('search.notes', { query: 'police' })).hits.map((h: { noteId: string }) => h.noteId)).toEqual([t.noteA]);
    expect((await t.call('search.notes', { query: 'hotline' })).hits.map((h: { noteId: string }) => h.noteId)).toEqual([t.noteB]);

    const short = await t.call('search.notes', { query: 'ca' });
    expect(short.method).toBe('like');
    expect(short.hits.map((h: { noteId: string }) => h.noteId)).toEqual([t.noteA]);
    expect((await t.call('search.notes', { query: 'zzzq' })).total).toBe(0);

    // The index survives a passphrase change (VACUUM INTO keeps note's rowids).
    await t.call('project.changePassphrase', { current: PASS, next: 'another long passphrase 77', nextConfirm: 'another long passphrase 77' });
    expect((await t.call('search.notes', { query: 'hotline' })).hits.map((h: { noteId: string }) => h.noteId)).toEqual([t.noteB]);
    flushSearchIndex(t.db());
    expect(t.db().prepare("INSERT INTO note_fts (note_fts, rank) VALUES ('integrity-check', 1)").run()).toBeTruthy();
  });

  it('retrieves segments with sentence, respondent ID and attributes, filtered by attribute; matrix, co-occurrence, saturation, relations', async () => {
    const t = await setUp();
    const theme = (await t.call('codes.create', { name: 'Services', kind: 'theme', initials: 'AB' })).code;
    const shelter = (await t.call('codes.create', { name: 'Shelter', parentId: theme.id, initials: 'AB' })).code;
    const police = (await t.call('codes.create', { name: 'Police', parentId: theme.id, initials: 'AB' })).code;
    await t.code(t.noteA, 'shelter', { codeId: shelter.id });
    await t.code(t.noteA, 'trust the shelter', { codeId: police.id });
    await t.code(t.noteB, 'shelter staff', { codeId: shelter.id });
    await t.code(t.noteB, 'police', { codeId: police.id });

    const all = await t.call('codings.forCode', { codeId: theme.id, includeChildren: true });
    expect(all.segments).toHaveLength(4);
    const own = await t.call('codings.forCode', { codeId: theme.id });
    expect(own.segments).toHaveLength(0);
    const gov = await t.call('codings.forCode', { codeId: shelter.id, filter: { where: { organisationType: ['government'] } } });
    expect(gov.segments).toHaveLength(1);
    expect(gov.segments[0]).toMatchObject({ respondentCodes: ['1'], text: 'shelter', context: { text: 'Families trust the shelter in Kampot now.' }, attributes: { organisationType: 'government', agencyGroup: 'police' } });
    expect(gov.segments[0].context.text.slice(gov.segments[0].highlight.start, gov.segments[0].highlight.end)).toBe('shelter');
    const compare = await t.call('analysis.compare', { left: { codeId: shelter.id, filter: { where: { organisationType: ['government'] } } }, right: { codeId: shelter.id, filter: { where: { organisationType: ['ngo'] } } } });
    expect([compare.left[0].respondentCodes, compare.right[0].respondentCodes]).toEqual([['1'], ['2']]);
    expect((await t.call('codings.forCode', { codeId: shelter.id, filter: { dateFrom: '2026-03-02' } })).segments.map((s: { interviewId: string }) => s.interviewId)).toEqual([t.b]);

    const matrix = await t.call('analysis.matrix', { attribute: 'organisationType' });
    expect(matrix.values).toEqual(['government', 'ngo']);
    expect(matrix.labels).toEqual({ government: 'Government', ngo: 'NGO' });
    expect(matrix.rows).toEqual([expect.objectContaining({ codeId: theme.id, codings: 4, interviews: 2 })]);
    expect(matrix.rows[0].cells.map((c: { codings: number }) => c.codings)).toEqual([2, 2]);

    const pairs = (await t.call('analysis.cooccurrence', {})).pairs;
    expect(pairs).toEqual([expect.objectContaining({ count: 2, interviews: 2 })]);
    const sat = (await t.call('analysis.saturation')).points;
    expect(sat.map((p: { newCodes: number; cumulative: number }) => [p.newCodes, p.cumulative])).toEqual([[2, 2], [0, 2]]);

    await t.call('codes.setCore', { id: theme.id });
    const outcome = (await t.call('codes.create', { name: 'Outcomes', initials: 'AB' })).code;
    await t.call('relations.create', { fromCodeId: police.id, toCodeId: theme.id, type: 'condition', label: '' });
    await t.call('relations.create', { fromCodeId: police.id, toCodeId: outcome.id, type: 'consequence', label: '' });
    const relations = await t.call('relations.list');
    expect(relations.coreId).toBe(theme.id);
    expect(relations.relatedToCore.map((r: { codeId: string; distance: number }) => [r.codeId, r.distance])).toEqual([[police.id, 1], [outcome.id, 2]]);
    const dupe = await t.fail('relations.create', { fromCodeId: police.id, toCodeId: outcome.id, type: 'consequence', label: '' });
    expect(dupe.message).toContain('already linked');

    const list = await t.call('codes.list');
    expect(list.codes.map((c: { name: string; depth: number; codings: number; codingsWithDescendants: number; interviews: number }) => [c.name, c.depth, c.codings, c.codingsWithDescendants, c.interviews])).toEqual([
      ['Services', 0, 0, 4, 0],
      ['Shelter', 1, 2, 2, 2],
      ['Police', 1, 2, 2, 2],
      ['Outcomes', 0, 0, 0, 0],
    ]);
  });

  it('memos: create, update, search (Khmer too), delete, with undo', async () => {
    const t = await setUp();
    const trust = (await t.call('codes.create', { name: 'Trust', initials: 'AB' })).code;
    const memo = (await t.call('memos.create', { kind: 'code-memo', targetType: 'code', targetId: trust.id, title: 'Trust grows', body: 'Seen after ការអប់រំ sessions.', initials: 'AB' })).memo;
    await t.call('memos.create', { kind: 'method', targetType: 'project', title: 'Sampling', body: 'Purposive.', initials: 'CD' });
    await t.call('memos.create', { kind: 'theoretical', targetType: 'interview', targetId: t.a, body: 'Rich interview.', initials: 'CD' });
    expect((await t.call('memos.list', { targetType: 'code', targetId: trust.id })).memos.map((m: { id: string }) => m.id)).toEqual([memo.id]);
    expect((await t.call('memos.list', { kind: 'method' })).memos).toHaveLength(1);
    expect((await t.call('memos.search', { query: 'អប់រំ' })).memos.map((m: { id: string }) => m.id)).toEqual([memo.id]);
    expect((await t.call('memos.search', { query: 'PURPOSIVE' })).memos).toHaveLength(1);
    await t.call('memos.update', { id: memo.id, body: 'Revised.' });
    expect((await t.call('memos.list', { targetType: 'code', targetId: trust.id })).memos[0].body).toBe('Revised.');
    await t.call('codes.undo');
    expect((await t.call('memos.list', { targetType: 'code', targetId: trust.id })).memos[0].body).toBe('Seen after ការអប់រំ sessions.');
    await t.call('memos.delete', { id: memo.id });
    expect((await t.call('memos.list', { targetType: 'code', targetId: trust.id })).memos).toEqual([]);
    const bad = await t.fail('memos.create', { kind: 'method', targetType: 'project', targetId: 'x', body: 'x', initials: 'AB' });
    expect(bad.code).toBe('invalid_input');
  });

  it('quotes leave out respondents without quote consent, list flagged names, and export to Word and Markdown as a reader sees them', async () => {
    const t = await setUp();
    await t.call('flaggedTerms.add', { term: 'Kampot' });
    const theme = (await t.call('codes.create', { name: 'Trust in services', kind: 'theme', initials: 'AB' })).code;
    const sub = (await t.call('codes.create', { name: 'Shelter', parentId: theme.id, initials: 'AB' })).code;
    const q1 = await t.code(t.noteA, 'Families trust the shelter in Kampot now.', { codeId: sub.id }, { isQuote: true });
    const q2 = await t.code(t.noteB, 'The shelter staff need support.', { codeId: sub.id });
    await t.call('codings.setQuote', { id: q2.coding.id, isQuote: true });
    const khmer = await t.code(t.noteA, 'ការអប់រំល្អណាស់។', { codeId: theme.id }, { isQuote: true });

    const bank = await t.call('quotes.list', {});
    expect(bank.excluded).toBe(1);
    expect(bank.themes).toHaveLength(1);
    expect(bank.themes[0].name).toBe('Trust in services');
    expect(bank.themes[0].quotes.map((q: { codingId: string; attribution: string }) => [q.codingId, q.attribution])).toEqual([
      [q1.coding.id, '(1, Government)'],
      [khmer.coding.id, '(1, Government)'],
    ]);
    const custom = await t.call('quotes.list', { template: '{id} – {agencyGroup}, {date}' });
    expect(custom.themes[0].quotes[0].attribution).toBe('1 – Police, 2026-03-01');
    expect((await t.fail('quotes.list', { template: '({id}, {orgType})' })).message).toContain('{orgType}, which is not a respondent attribute');

    const flagged = await t.call('quotes.flagged', {});
    expect(flagged.quotes).toEqual([expect.objectContaining({ codingId: q1.coding.id, flagged: [{ start: 30, end: 36, term: 'Kampot' }] })]);

    const docx = await t.call('quotes.exportDocx', {});
    expect(docx.fileName).toBe('coding quotes.docx');
    const text = await docxText(Buffer.from(docx.dataBase64, 'base64'));
    expect(text).toContain('Trust in services');
    expect(text).toContain('“Families trust the shelter in […] now.” (1, Government)');
    expect(text).toContain('“ការអប់រំល្អណាស់។” (1, Government)');
    expect(text).not.toContain('Kampot');
    expect(text).not.toContain('shelter staff');
    expect(text).not.toContain('(2,');
    const md = Buffer.from((await t.call('quotes.exportMarkdown', { redactFlagged: false })).dataBase64, 'base64').toString('utf8');
    expect(md).toContain('## Trust in services');
    expect(md).toContain('> “Families trust the shelter in Kampot now.” (1, Government)');
    expect(md).not.toContain('shelter staff');
  });

  it('exports the codebook with definitions, criteria, counts and memos', async () => {
    const t = await setUp();
    const theme = (await t.call('codes.create', { name: 'Access', kind: 'theme', initials: 'AB', definition: 'Getting to services.' })).code;
    const code = (await t.call('codes.create', { name: 'Distance', parentId: theme.id, initials: 'AB', inclusion: 'Travel time', exclusion: 'Cost of travel' })).code;
    await t.code(t.noteA, 'shelter', { codeId: code.id });
    await t.call('memos.create', { kind: 'code-memo', targetType: 'code', targetId: code.id, title: 'Rural', body: 'Mostly provinces.', initials: 'CD' });
    const docx = await t.call('codebook.exportDocx');
    const text = await docxText(Buffer.from(docx.dataBase64, 'base64'));
    for (const expected of ['Codebook: Coding test', 'Access (theme)', 'Definition: Getting to services.', 'Distance', 'Include when: Travel time', 'Exclude when: Cost of travel', 'Counts: 1 segments in 1 interviews', 'Memo “Rural” (CD): Mostly provinces.']) {
      expect(text).toContain(expected);
    }
    const md = Buffer.from((await t.call('codebook.exportMarkdown')).dataBase64, 'base64').toString('utf8');
    expect(md).toContain('### Distance');
  });
});

describe('upgrading to schema 4', () => {
  it('indexes the notes a schema-3 project already has', () => {
    const file = nodePath.join(tempDir(), 'old.fieldnote');
    const db = new Database(file);
    applyKey(db, PASS);
    db.transaction(() => {
      for (const m of migrations.filter((m) => m.version <= 3)) m.up(db);
      const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
      put.run('format', 'fieldnote-project');
      put.run('title', 'Old');
      db.prepare("INSERT INTO schedule VALUES ('s', 'f', 1, '1', 'T', '{}', '', '', 'd')").run();
      db.prepare("INSERT INTO interview (id, schedule_id, session_type, answer_mode, participant_count, language, interviewer, held_at, created_at, updated_at, device_id) VALUES ('i', 's', 'one-on-one', 'shared', 1, 'km', 'AB', '2025-01-01', '', '', 'd')").run();
      db.prepare("INSERT INTO note (id, interview_id, question, editor_state, plain_text, updated_at, device_id) VALUES ('n', 'i', '', '{}', 'ការអប់រំ​សម្រាប់​សហគមន៍', '', 'd')").run();
      db.pragma('user_version = 3');
    })();
    db.close();
    const store = ProjectStore.open(file, PASS);
    try {
      const found = new CodingRepo(store.db, 'd').searchNotes('អប់រំ');
      expect(found).toMatchObject({ method: 'fts', total: 1, hits: [{ noteId: 'n' }] });
    } finally {
      store.close();
    }
  });
});

/** The text a reader sees in a .docx: paragraphs of w:t runs, one per line. */
async function docxText(bytes: Uint8Array): Promise<string> {
  const entry = readZip(bytes).find((e) => e.name === 'word/document.xml');
  if (entry === undefined) throw new Error('no word/document.xml');
  const xml = new TextDecoder().decode(await entry.read());
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return [...xml.matchAll(/<w:p>(.*?)<\/w:p>/g)].map((p) => [...(p[1] ?? '').matchAll(/<w:t[^>]*>(.*?)<\/w:t>/g)].map((t) => unescape(t[1] ?? '')).join('')).join('\n');
}
