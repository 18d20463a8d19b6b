// A note saved as the editor saves it since issue 18: only the paragraphs that changed since the
// last acknowledged save. Coding rows still follow their marks across the whole note (a coding
// that crosses paragraphs included), deleting a coded passage removes its coding and the editor's
// undo brings it back with its memo (RemovedCodings), and each save sends about one paragraph.
import fs from 'node:fs';
import nodePath from 'node:path';
import { registerHistory, createEmptyHistoryState } from '@lexical/history';
import { $getRoot, $isElementNode, $isTextNode, $setSelection, CLEAR_HISTORY_COMMAND, UNDO_COMMAND } from 'lexical';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/api/dispatch';
import { $selectionForRange } from '../../../shared/coding/lexical-marks';
import { editorStateFromParagraphs } from '../../../shared/notes/editor-state';
import { FieldnoteServices } from '../../../electron/services/fieldnote-services';
import { hasUncompactedNotes } from '../../../electron/store/note-blocks';
import { ProjectStore } from '../../../electron/store/project-store';
import { applyKey } from '../../../electron/store/cipher';
import { openSqlite } from '../../../electron/store/sqlite';
import { openOther } from '../../../electron/team/merge';
import { BlockSaves } from '../../../renderer/src/editor/block-saves';
import { IncrementalSerializer } from '../../../renderer/src/editor/incremental-serializer';
import { fieldnote } from '../../support/cli';
import { headlessNote } from '../../support/notes';
import { PASS, tempDir } from '../../support/temp';

type Value = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PARAGRAPHS = ['Families trust the shelter in Kampot now.', 'ការអប់រំល្អណាស់។ Court cases take too long.', 'Referral from police is rare.'];

async function setUp() {
  const dir = tempDir();
  const services = new FieldnoteServices({ mode: 'browser', configDir: nodePath.join(dir, 'config'), projectsDir: dir, appVersion: 'test' });
  const call = async (method: string, input: unknown = {}): Promise<Value> => {
    const result = await dispatch(services.handlers, method, input);
    if (!result.ok) throw Object.assign(new Error(`${method}: ${result.error.code}: ${result.error.message}`), { code: result.error.code });
    return result.value as Value;
  };
  await call('project.create', { path: 'blocks.fieldnote', title: 'Blocks', passphrase: PASS, passphraseConfirm: PASS });
  const { imported } = await call('schedule.importExample');
  const person = { organisationNumber: '1', locationNumber: '3', agencyGroup: 'police', organisationType: 'government', focusOfWork: '', consentGiven: true, consentMode: 'verbal', quoteConsent: true };
  const interviewId = (await call('interview.start', { scheduleId: imported.id, sessionType: 'one-on-one', answerMode: 'shared', language: 'en', interviewer: 'AB', heldAt: '2026-03-01T09:00', participants: [person] })).summary.id as string;
  const noteId = (await call('notes.save', { interviewId, question: '', editorState: editorStateFromParagraphs(PARAGRAPHS) })).id as string;
  const codeId = (await call('codes.create', { name: 'Trust', initials: 'AB' })).code.id as string;
  return { services, call, interviewId, noteId, codeId };
}

describe('notes saved as changed blocks', () => {
  it('coding rows follow marks across paragraphs, a deleted coding comes back with its memo on undo, and a save sends one paragraph', async () => {
    const t = await setUp();
    const text = PARAGRAPHS.join('\n\n');
    // A coding that crosses a paragraph break: from "trust" in the first to "Court" in the second.
    const start = text.indexOf('trust');
    const end = text.indexOf('Court') + 'Court'.length;
    const applied = await t.call('codings.apply', { noteId: t.noteId, start, end, text: text.slice(start, end), codeId: t.codeId, initials: 'AB' });
    const codingId = applied.coding.id as string;

    // The workbench loads the state the services sent; AutosavePlugin's saving from then on.
    const editor = headlessNote(applied.editorState as string);
    registerHistory(editor, createEmptyHistoryState(), 0);
    editor.dispatchCommand(CLEAR_HISTORY_COMMAND, undefined);
    const serializer = new IncrementalSerializer();
    const saves = new BlockSaves();
    editor.registerUpdateListener(({ editorState, dirtyElements, dirtyLeaves, tags }) => serializer.invalidate(editorState, dirtyElements, dirtyLeaves, tags));
    const sent: { whole: boolean; changed: number; order: boolean }[] = [];
    const save = async () => {
      const snapshot = serializer.snapshot(editor.getEditorState());
      const generation = saves.current;
      const blocks = saves.request(snapshot);
      sent.push({ whole: blocks.baseVersion === null, changed: blocks.changed.length, order: blocks.order !== undefined });
      const saved = await t.call('notes.save', { interviewId: t.interviewId, question: '', blocks });
      saves.acknowledge(snapshot, saved.version as number, generation);
      return saved;
    };
    const typeAt = (paragraph: number, offset: number, words: string) =>
      editor.update(() => {
        const block = $getRoot().getChildAtIndex(paragraph);
        const first = $isElementNode(block) ? block.getFirstDescendant() : null;
        if (!$isTextNode(first)) throw new Error('no text');
        first.spliceText(offset, 0, words);
      }, { discrete: true });
    const row = () => t.services.project.db.prepare('SELECT start, "end", text FROM coding WHERE id = ?').get(codingId) as { start: number; end: number; text: string } | undefined;
    const shown = () => editor.getEditorState().read(() => $getRoot().getTextContent());

    // The editor's first save is whole (it knows no version yet); then one paragraph a save.
    typeAt(2, 0, 'Sadly, ');
    await save();
    expect(sent.at(-1)).toEqual({ whole: true, changed: 3, order: true });
    expect(row()).toEqual({ start, end, text: text.slice(start, end) });

    typeAt(0, 0, 'Now ');
    await save();
    expect(sent.at(-1)).toEqual({ whole: false, changed: 1, order: false });
    expect(row()).toEqual({ start: start + 4, end: end + 4, text: text.slice(start, end) });

    // Typed inside the coding, in its second paragraph: the coding widens.
    typeAt(1, 0, 'Yes ');
    await save();
    expect(sent.at(-1)).toEqual({ whole: false, changed: 1, order: false });
    const widened = shown().slice(start + 4, end + 8);
    expect(widened).toContain('\n\nYes ការអប់រំ');
    expect(row()).toEqual({ start: start + 4, end: end + 8, text: widened });

    // Deleting the coded passage (it joins the two paragraphs) removes the coding and its memo.
    await t.call('memos.create', { kind: 'theoretical', targetType: 'coding', targetId: codingId, body: 'Trust follows the shelter.', initials: 'AB' });
    editor.update(() => {
      const selection = $selectionForRange(start + 4, end + 8);
      $setSelection(selection);
      selection.removeText();
    }, { discrete: true });
    await save();
    expect(sent.at(-1)).toEqual({ whole: false, changed: 1, order: true });
    expect(row()).toBeUndefined();
    const memos = () => t.services.project.db.prepare("SELECT body FROM memo WHERE target_type = 'coding' AND target_id = ?").pluck().all(codingId);
    expect(memos()).toEqual([]);

    // The editor's undo brings the passage back; the coding returns with its memo.
    editor.dispatchCommand(UNDO_COMMAND, undefined);
    await Promise.resolve();
    const undone = await save();
    expect(undone.droppedCodingIds).toEqual([]);
    expect(sent.at(-1)).toMatchObject({ whole: false, order: true });
    expect(sent.at(-1)!.changed).toBeLessThanOrEqual(2);
    expect(row()).toEqual({ start: start + 4, end: end + 8, text: widened });
    expect(memos()).toEqual(['Trust follows the shelter.']);

    // A save the services stored but whose answer was lost: the editor's next delta is against a
    // version the services no longer have, so it is refused and the whole note goes; nothing typed is lost.
    typeAt(2, 0, 'Lost ');
    const lostSnapshot = serializer.snapshot(editor.getEditorState());
    await t.call('notes.save', { interviewId: t.interviewId, question: '', blocks: saves.request(lostSnapshot) });
    typeAt(2, 0, 'Then ');
    const refused = await t.call('notes.save', { interviewId: t.interviewId, question: '', blocks: saves.request(serializer.snapshot(editor.getEditorState())) }).catch((error: { code?: string }) => error.code);
    expect(refused).toBe('note_changed');
    const snapshot = serializer.snapshot(editor.getEditorState());
    const generation = saves.current;
    const whole = await t.call('notes.save', { interviewId: t.interviewId, question: '', blocks: saves.request(snapshot, true) });
    saves.acknowledge(snapshot, whole.version as number, generation);
    typeAt(2, 0, 'And ');
    await save();
    expect(sent.at(-1)).toEqual({ whole: false, changed: 1, order: false });
    expect(shown()).toContain('And Then Lost Sadly, Referral');

    // Any other call reads the note whole: the compacted state is what the editor shows.
    const forInterview = await t.call('codings.forInterview', { interviewId: t.interviewId });
    expect(forInterview.notes[0].plainText).toBe(shown());
  });
});

describe('notes saved as blocks leave the project whole', () => {
  it('a copy (a timed backup too) and a merge read a note killed in mid-typing with every block', async () => {
    const t = await setUp();
    const editor = headlessNote((await t.call('codings.forInterview', { interviewId: t.interviewId })).notes[0].editorState as string);
    const serializer = new IncrementalSerializer();
    const saves = new BlockSaves();
    editor.registerUpdateListener(({ editorState, dirtyElements, dirtyLeaves, tags }) => serializer.invalidate(editorState, dirtyElements, dirtyLeaves, tags));
    const type = async (words: string) => {
      editor.update(() => {
        const first = $getRoot().getFirstDescendant();
        if ($isTextNode(first)) first.spliceText(0, 0, words);
      }, { discrete: true });
      const snapshot = serializer.snapshot(editor.getEditorState());
      const generation = saves.current;
      const saved = await t.call('notes.save', { interviewId: t.interviewId, question: '', blocks: saves.request(snapshot) });
      saves.acknowledge(snapshot, saved.version as number, generation);
    };
    await type('Whole ');
    await type('Delta ');
    const typed = editor.getEditorState().read(() => $getRoot().getTextContent());
    const db = t.services.project.db;
    expect(hasUncompactedNotes(db)).toBe(true);

    // The backup timer copies the open project without an API call.
    const copy = nodePath.join(tempDir(), 'copy.fieldnote');
    t.services.project.saveCopy(copy);
    const backup = ProjectStore.open(copy, PASS, { readOnly: true });
    try {
      expect(backup.db.prepare("SELECT plain_text FROM note WHERE question = ''").pluck().get()).toBe(typed);
    } finally {
      backup.close();
    }

    // A file whose host died before compacting, merged from: read whole, through a compacted copy.
    await type('Killed ');
    const killedText = editor.getEditorState().read(() => $getRoot().getTextContent());
    const killed = nodePath.join(tempDir(), 'killed.fieldnote');
    fs.copyFileSync(t.services.project.path, killed);
    fs.copyFileSync(`${t.services.project.path}-wal`, `${killed}-wal`);
    // What the next start finds after a kill: the log played into the file, the note not compacted.
    const raw = openSqlite(killed, { fileMustExist: true });
    applyKey(raw, PASS);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.pragma('journal_mode = DELETE');
    expect(hasUncompactedNotes(raw)).toBe(true);
    raw.close();
    const other = openOther(killed, PASS, tempDir());
    try {
      expect(other.store.db.prepare("SELECT plain_text FROM note WHERE question = ''").pluck().get()).toBe(killedText);
    } finally {
      other.dispose();
    }

    // As a kill leaves it on disk: the last saves only in the -wal beside the file.
    await type('Walled ');
    const walledText = editor.getEditorState().read(() => $getRoot().getTextContent());
    const walled = nodePath.join(tempDir(), 'walled.fieldnote');
    fs.copyFileSync(t.services.project.path, walled);
    fs.copyFileSync(`${t.services.project.path}-wal`, `${walled}-wal`);
    const fromWal = openOther(walled, PASS, tempDir());
    try {
      expect(fromWal.store.db.prepare("SELECT plain_text FROM note WHERE question = ''").pluck().get()).toBe(walledText);
    } finally {
      fromWal.dispose();
    }

    // A command that only reads opens the killed file read-only: it cannot write the note whole,
    // so it says it shows the note as last saved in full, and what to do. A command that
    // changes the project brings the note up to date, and the warning is gone.
    const env = { FIELDNOTE_PASSPHRASE: PASS };
    const before = await fieldnote(['search', killed, 'Killed'], env);
    expect(before.status).toBe(0);
    expect(before.stderr).toContain('1 note in this project was still being typed when Fieldnote stopped');
    expect(before.stdout).not.toContain('Killed');
    expect((await fieldnote(['backup', killed], env)).status).toBe(0);
    const after = await fieldnote(['search', killed, 'Killed'], env);
    expect(after.stderr).not.toContain('still being typed');
    expect(after.stdout).toContain('Killed');
  });
});
