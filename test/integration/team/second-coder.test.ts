// Double coding end to end through the API: a blind copy for a second coder under its own
// passphrase, coded there as that coder, merged back (both coders' codings side by side), the
// agreement table equal to figures worked out by hand, one disagreement settled and undone, and a
// second merge that changes nothing.
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedProject } from '../../../electron/dev/seed';
import { loadScheduleFile } from '../../../electron/schedule/xlsx';
import type { FieldnoteServices } from '../../../electron/services/fieldnote-services';
import { ProjectStore } from '../../../electron/store/project-store';
import { OTHER_PASS, PASS, tempDir } from '../../support/temp';
import { call, callError, example, fieldnote, services } from './team-support';

const COPY_PASS = 'second coder copy passphrase 7391';

async function uncodedProject(file: string): Promise<void> {
  const loaded = await loadScheduleFile(example);
  const store = ProjectStore.create(file, PASS, { title: 'Double coding' });
  try {
    seedProject(store.db, 'laptop-a', loaded.schedule, { interviews: 4, seed: 11, words: 60 });
  } finally {
    store.close();
  }
}

interface NoteRef {
  id: string;
  interviewId: string;
  text: string;
}

function notesOf(s: FieldnoteServices, interviewIds: string[]): NoteRef[] {
  return (s.project.db.prepare("SELECT id, interview_id AS interviewId, plain_text AS text FROM note WHERE trim(plain_text) <> '' ORDER BY interview_id, rowid").all() as NoteRef[]).filter((n) => interviewIds.includes(n.interviewId));
}

/** Codes the first sentence-ish stretch (first 12 characters, or a later one) of a note. */
async function code(s: FieldnoteServices, note: NoteRef, codeId: string, initials: string, from = 0) {
  const start = Math.min(from, note.text.length - 12);
  return call(s, 'codings.apply', { noteId: note.id, start, end: start + 12, text: note.text.slice(start, start + 12), codeId, initials });
}

function codingsByCoder(s: FieldnoteServices): { id: string; initials: string; note_id: string; start: number; end: number; code_id: string }[] {
  return s.project.db.prepare('SELECT coding.id, coder.initials, note_id, start, "end", code_id FROM coding JOIN coder ON coder.id = coding.coder_id ORDER BY coding.id').all() as never;
}

describe('double coding', () => {
  it('blind copy, coded as the second coder, merged back twice, agreement as worked out by hand, one adjudication', async () => {
    const dir = tempDir();
    await uncodedProject(nodePath.join(dir, 'main.fieldnote'));
    const sA = services(dir, 'config-a');
    await call(sA, 'project.open', { path: 'main.fieldnote', passphrase: PASS });
    const interviews = (sA.project.db.prepare('SELECT id FROM interview ORDER BY id').pluck().all() as string[]).slice(0, 2);
    const notes = notesOf(sA, interviews);
    expect(notes.length).toBeGreaterThanOrEqual(5);
    const [n1, n2, n3, n4] = notes as [NoteRef, NoteRef, NoteRef, NoteRef];
    const N = notes.length;

    const training = (await call(sA, 'codes.create', { name: 'Training', initials: 'AA' })).code.id;
    const funding = (await call(sA, 'codes.create', { name: 'Funding', initials: 'AA' })).code.id;
    // Coder A: Training in n1 and n2, Funding in n4 (twice: still one "yes" for the unit).
    await code(sA, n1, training, 'AA');
    await code(sA, n2, training, 'AA');
    await code(sA, n4, funding, 'AA');
    await code(sA, n4, funding, 'AA', 20);
    const coders = await call(sA, 'coders.list', {});
    expect(coders.coders.map((c) => [c.initials, c.codings])).toEqual([['AA', 4]]);

    const bb = await call(sA, 'coders.create', { initials: 'BB', name: 'Second evaluator' });
    expect((await callError(sA, 'coders.create', { initials: 'bb' })).message).toContain('belong to a coder already');

    // The copy: picked interviews, blind, own passphrase.
    const copy = await call(sA, 'secondCoder.prepare', { path: 'main-BB.fieldnote', passphrase: COPY_PASS, passphraseConfirm: COPY_PASS, coderId: bb.id, interviews: { mode: 'picked', ids: interviews }, blind: true });
    expect(copy).toMatchObject({ fileName: 'main-BB.fieldnote', blind: true, interviewIds: [...interviews].sort(), hiddenCodings: 4 });
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    // Owner-only, like the project and its backups.
    if (process.platform !== 'win32') expect(fs.statSync(nodePath.join(dir, 'main-BB.fieldnote')).mode & 0o777).toBe(0o600);
    expect(() => ProjectStore.open(nodePath.join(dir, 'main-BB.fieldnote'), PASS, { readOnly: true })).toThrow(/passphrase/i);

    // Coder B's laptop.
    const sB = services(dir, 'config-b');
    await call(sB, 'project.open', { path: 'main-BB.fieldnote', passphrase: COPY_PASS });
    expect((await call(sB, 'project.info', {})).counts).toMatchObject({ interviews: 2, codings: 0, codes: 2 });
    expect((await call(sB, 'coders.list', {})).copyCoderId).toBe(bb.id);
    // VACUUMed after trimming: no free page still holds a removed segment.
    expect(sB.project.db.pragma('freelist_count', { simple: true })).toBe(0);
    expect(sB.project.db.prepare('SELECT count(*) FROM merge_conflict').pluck().get()).toBe(0);
    for (const note of [n1, n2, n4]) {
      const view = await call(sB, 'codings.forInterview', { interviewId: note.interviewId });
      expect(view.notes.find((n) => n.id === note.id)!.editorState).not.toContain('"type":"mark"'); // blind: no marks of A's codings
    }
    // Coder B, whatever initials are typed, codes as BB: Training in n1 and n3, Funding in n4.
    await code(sB, n1, training, 'zz', 5);
    await code(sB, n3, training, 'zz');
    await code(sB, n4, funding, 'zz');
    await call(sB, 'project.close', {});

    // Merge back: preview, then apply; both coders' codings side by side.
    const preview = await call(sA, 'merge.preview', { path: 'main-BB.fieldnote', passphrase: COPY_PASS });
    expect(preview.tables.coding).toMatchObject({ added: 3, conflicts: 0 });
    expect(preview.tables.note).toMatchObject({ conflicts: 0 });
    expect(preview.conflicts.filter((c) => c.status === 'open')).toEqual([]);
    const merged = await call(sA, 'merge.apply', { path: 'main-BB.fieldnote', passphrase: COPY_PASS });
    expect(merged.backup).toMatch(/\.fieldnote$/);
    const afterFirst = codingsByCoder(sA);
    expect(afterFirst.filter((c) => c.initials === 'AA')).toHaveLength(4);
    expect(afterFirst.filter((c) => c.initials === 'BB')).toHaveLength(3);
    // n1 carries both coders' marks.
    const n1State = (await call(sA, 'codings.forInterview', { interviewId: n1.interviewId })).notes.find((n) => n.id === n1.id)!.editorState;
    for (const c of afterFirst.filter((x) => x.note_id === n1.id)) expect(n1State).toContain(c.id);

    // Agreement, answers as units. By hand, with N notes in the two interviews:
    //   Training: both n1; only A n2; only B n3; neither N - 3.
    //   Funding:  both n4; neither N - 1.
    const result = await call(sA, 'agreement.compute', { coders: ['AA', 'BB'], unit: 'answer' });
    expect(result.unitDescription).toMatch(/question's note/);
    expect(result.unitCount).toBe(N);
    expect(result.interviews.map((i) => i.id).sort()).toEqual([...interviews].sort());
    const t = result.codes.find((c) => c.codeName === 'Training')!;
    const f = result.codes.find((c) => c.codeName === 'Funding')!;
    expect(t).toMatchObject({ both: 1, onlyA: 1, onlyB: 1, neither: N - 3 });
    expect(f).toMatchObject({ both: 1, onlyA: 0, onlyB: 0, neither: N - 1, kappa: 1, alpha: 1, percent: 1 });
    // Training: po = (N-2)/N; both coders say yes 2/N, so pe = (2/N)^2 + ((N-2)/N)^2;
    // alpha: n = 2N values, 4 "yes", 2N - 4 "no", 2 disagreements: 1 - (2N-1)*2 / (4*(2N-4)).
    const po = (N - 2) / N;
    const pe = (2 / N) ** 2 + ((N - 2) / N) ** 2;
    expect(t.percent).toBeCloseTo(po, 12);
    expect(t.kappa).toBeCloseTo((po - pe) / (1 - pe), 12);
    expect(t.alpha).toBeCloseTo(1 - ((2 * N - 1) * 2) / (4 * (2 * N - 4)), 12);
    // The seeded interviews have 7 notes with text: po = 5/7, pe = 29/49, kappa = (35-29)/(49-29) = 0.3; alpha = 1 - 26/40 = 0.35.
    expect(N).toBe(7);
    expect(t.kappa).toBeCloseTo(0.3, 12);
    expect(t.alpha).toBeCloseTo(0.35, 12);
    expect(result.codes[0]!.codeName).toBe('Training'); // weakest first
    expect(result.overall).toMatchObject({ both: 2, onlyA: 1, onlyB: 1, neither: 2 * N - 4, units: 2 * N });
    expect(result.disagreements.map((d) => [d.noteId, d.a.length, d.b.length])).toEqual(
      [
        [n2.id, 1, 0],
        [n3.id, 0, 1],
      ].sort((x, y) => notes.findIndex((n) => n.id === x[0]) - notes.findIndex((n) => n.id === y[0])),
    );

    // The CLI-equal exports state the unit.
    const md = Buffer.from((await call(sA, 'agreement.exportMarkdown', { coders: ['AA', 'BB'], unit: 'answer' })).dataBase64, 'base64').toString('utf8');
    expect(md).toContain("Unit: each question's note");
    expect(md).toMatch(/\| Training \| \d+ \| 1 \| 1 \| 1 \|/);

    const xlsx = await call(sA, 'agreement.exportXlsx', { coders: ['AA', 'BB'], unit: 'answer' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(xlsx.dataBase64, 'base64') as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const cells = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1);
    expect(cells(1)).toEqual(['Code', 'Units', 'Both coded', 'Only AA', 'Only BB', 'Neither', 'Agreement %', "Cohen's kappa", "Krippendorff's alpha"]);
    expect(cells(2)).toEqual(['Training', 7, 1, 1, 1, 4, 71.4, 0.3, 0.35]);
    expect(cells(4)![0]).toMatch(/^All codes/);
    expect(cells(5)).toEqual(["Unit: each question's note (was the code applied to this answer: yes or no)"]);

    // Adjudicate: n2 (only A coded Training): accept B, i.e. Training does not apply there.
    const onlyA = result.disagreements.find((d) => d.noteId === n2.id)!;
    const decided = await call(sA, 'agreement.adjudicate', { unit: 'answer', noteId: n2.id, unitStart: onlyA.unitStart, unitEnd: onlyA.unitEnd, codeId: training, coderA: result.coderA.id, coderB: result.coderB.id, decision: 'accept-b', comment: 'Not training: a meeting.', initials: 'PI' });
    expect(decided.removedCodings).toBe(1);
    expect(sA.project.db.prepare('SELECT count(*) FROM coding WHERE note_id = ? AND code_id = ?').pluck().get(n2.id, training)).toBe(0);
    expect(sA.project.db.prepare('SELECT body, anchor_start, anchor_end FROM review_comment WHERE id = (SELECT comment_id FROM adjudication WHERE id = ?)').get(decided.id)).toEqual({ body: 'Not training: a meeting.', anchor_start: onlyA.unitStart, anchor_end: onlyA.unitEnd });
    const after = await call(sA, 'agreement.compute', { coders: ['AA', 'BB'], unit: 'answer' });
    const t2 = after.codes.find((c) => c.codeName === 'Training')!;
    expect(t2).toMatchObject({ both: 1, onlyA: 1, onlyB: 1 }); // before: what the coders did
    expect(t2.after).toMatchObject({ both: 1, onlyA: 0, onlyB: 1, neither: N - 2 });
    expect(after.decisions).toBe(1);
    expect(after.disagreements.find((d) => d.noteId === n2.id)).toMatchObject({ decision: 'accept-b', adjudicationId: decided.id });
    // Sentences still count the segment the answer-level decision removed: "before" is what the coders did.
    const bySentence = await call(sA, 'agreement.compute', { coders: ['AA', 'BB'], unit: 'sentence' });
    expect(bySentence.unitDescription).toMatch(/each sentence/);
    expect(bySentence.disagreements.some((d) => d.noteId === n2.id && d.codeName === 'Training' && d.a.length === 1)).toBe(true);

    // Undo: the coding and its mark come back, the comment goes, the record stays.
    const undone = await call(sA, 'agreement.undoDecision', { id: decided.id });
    expect(undone).toMatchObject({ restored: 1, notRestored: 0 });
    expect(sA.project.db.prepare('SELECT count(*) FROM coding WHERE note_id = ? AND code_id = ?').pluck().get(n2.id, training)).toBe(1);
    expect((await call(sA, 'agreement.decisions', {})).decisions[0]).toMatchObject({ id: decided.id, decision: 'accept-b', comment: 'Not training: a meeting.', undoneAt: expect.any(String) });
    expect(sA.project.db.prepare('SELECT count(*) FROM review_comment').pluck().get()).toBe(0);
    expect((await call(sA, 'agreement.compute', { coders: ['AA', 'BB'], unit: 'answer' })).codes.find((c) => c.codeName === 'Training')!.after).toMatchObject({ onlyA: 1, onlyB: 1 });
    expect(codingsByCoder(sA)).toEqual(afterFirst);

    // The codebook records each code's figure.
    await call(sA, 'agreement.recordInCodebook', { coders: ['AA', 'BB'], unit: 'answer' });
    const codebook = Buffer.from((await call(sA, 'codebook.exportMarkdown', {})).dataBase64, 'base64').toString('utf8');
    expect(codebook).toMatch(/Inter-coder agreement:.*Cohen's kappa 1\.000, Krippendorff's alpha 1\.000/);
    expect((await call(sA, 'codes.list', {})).agreement?.codes[funding]).toMatchObject({ kappa: 1 });

    // A second merge of the same copy changes nothing: both coders' codings survive unchanged.
    const again = await call(sA, 'merge.apply', { path: 'main-BB.fieldnote', passphrase: COPY_PASS });
    expect(again.tables.coding).toMatchObject({ added: 0, updated: 0, conflicts: 0 });
    expect(again.tables.note).toMatchObject({ added: 0, updated: 0, conflicts: 0 });
    expect(codingsByCoder(sA)).toEqual(afterFirst);
    await call(sA, 'project.close', {});

    // The command line gives the same figures.
    const cli = await fieldnote(['agreement', nodePath.join(dir, 'main.fieldnote'), '--coders', 'AA,BB', '--unit', 'answer', '--json'], { FIELDNOTE_CONFIG_DIR: nodePath.join(dir, 'config-cli') });
    expect(cli.status, cli.stderr).toBe(0);
    const json = JSON.parse(cli.stdout) as { unitDescription: string; codes: { codeName: string; kappa: number; alpha: number }[] };
    expect(json.unitDescription).toMatch(/question's note/);
    expect(json.codes[0]).toMatchObject({ codeName: 'Training', kappa: expect.closeTo(0.3, 12), alpha: expect.closeTo(0.35, 12) });
    expect(cli.stdout).not.toContain(n2.text.slice(0, 12)); // no note text in the JSON
    const text = await fieldnote(['agreement', nodePath.join(dir, 'main.fieldnote'), '--coders', 'AA,BB'], { FIELDNOTE_CONFIG_DIR: nodePath.join(dir, 'config-cli') });
    expect(text.stdout).toContain("Unit: each question's note");
    expect(text.stdout).toMatch(/^Training\t7\t1\t1\t1\t4\t71\.4\t0\.300\t0\.350$/m);
    expect((await fieldnote(['agreement', nodePath.join(dir, 'main.fieldnote'), '--unit', 'words'], {})).stderr).toContain('--unit is answer or sentence');
  }, 120_000);

  it('a copy refuses a weak passphrase or an existing file, and a random sample is reproducible', async () => {
    const dir = tempDir();
    await uncodedProject(nodePath.join(dir, 'main.fieldnote'));
    const s = services(dir);
    await call(s, 'project.open', { path: 'main.fieldnote', passphrase: PASS });
    const bb = await call(s, 'coders.create', { initials: 'BB' });
    expect((await callError(s, 'secondCoder.prepare', { path: 'x.fieldnote', passphrase: 'short', passphraseConfirm: 'short', coderId: bb.id, interviews: { mode: 'all' }, blind: true })).code).toBe('weak_passphrase');
    const one = await call(s, 'secondCoder.prepare', { path: 'one.fieldnote', passphrase: OTHER_PASS, passphraseConfirm: OTHER_PASS, coderId: bb.id, interviews: { mode: 'sample', size: 2, seed: 42 }, blind: false });
    const two = await call(s, 'secondCoder.prepare', { path: 'two.fieldnote', passphrase: OTHER_PASS, passphraseConfirm: OTHER_PASS, coderId: bb.id, interviews: { mode: 'sample', size: 2, seed: 42 }, blind: false });
    expect(one.interviewIds).toHaveLength(2);
    expect(two.interviewIds).toEqual(one.interviewIds);
    expect((await callError(s, 'secondCoder.prepare', { path: 'one.fieldnote', passphrase: OTHER_PASS, passphraseConfirm: OTHER_PASS, coderId: bb.id, interviews: { mode: 'all' }, blind: true })).code).toBe('file_exists');
    await call(s, 'project.close', {});
  }, 60_000);
});
