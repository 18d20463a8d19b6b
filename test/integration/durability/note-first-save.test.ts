// The first save of an editor that opened a stored note (the runner resuming an interview, the
// review screen, the coding workbench) writes what was typed, not the whole note: interview.get and
// codings.forInterview say which stored blocks the note's state is, and the editor adopts them
// (block-saves.ts). A stale version still falls back to a whole save, and a note whose whole state
// was rewritten by the services (coding) comes without blocks.
import { $getRoot, $isElementNode, $isTextNode, type LexicalEditor } from 'lexical';
import { describe, expect, it } from 'vitest';
import type { StoredBlocks } from '../../../shared/api/notes';
import { editorStateFromParagraphs } from '../../../shared/notes/editor-state';
import { BlockSaves } from '../../../renderer/src/editor/block-saves';
import { IncrementalSerializer } from '../../../renderer/src/editor/incremental-serializer';
import { headlessNote } from '../../support/notes';
import { openTestServices, type TestServices } from '../../support/services';
import { migrations } from '../../../electron/store/migrations';
import { storedBlocksOf, storedBlocksSql } from '../../../electron/store/note-blocks';
import { openSqlite } from '../../../electron/store/sqlite';

const PARAGRAPHS = Array.from({ length: 400 }, (_, i) => `Paragraph ${i}: ${'the officers said the shelter in Kampot helped families with court cases and referrals ការអប់រំ '.repeat(4)}`);

async function startInterview(t: TestServices): Promise<string> {
  const { imported } = await t.call('schedule.importExample');
  const person = { organisationNumber: '1', locationNumber: '3', agencyGroup: 'police', organisationType: 'government', focusOfWork: '', consentGiven: true, consentMode: 'verbal', quoteConsent: true };
  return (await t.call('interview.start', { scheduleId: imported.id, sessionType: 'one-on-one', answerMode: 'shared', language: 'en', interviewer: 'AB', heldAt: '2026-03-01T09:00', participants: [person] })).summary.id as string;
}

/** A note editor saving as AutosavePlugin does, adopting `stored` when given. */
function noteEditor(t: TestServices, interviewId: string, state: string, stored: StoredBlocks | null) {
  const editor = headlessNote(state);
  const serializer = new IncrementalSerializer();
  editor.registerUpdateListener(({ editorState, dirtyElements, dirtyLeaves, tags }) => serializer.invalidate(editorState, dirtyElements, dirtyLeaves, tags));
  const saves = new BlockSaves();
  if (stored !== null) saves.adopt(stored, editor.getEditorState().read(() => $getRoot().getChildrenKeys()), state);
  const sent: { baseVersion: number | null; bytes: number }[] = [];
  const save = async () => {
    const snapshot = serializer.snapshot(editor.getEditorState());
    const generation = saves.current;
    const send = (whole: boolean) => {
      const input = { interviewId, question: '', blocks: saves.request(snapshot, whole) };
      sent.push({ baseVersion: input.blocks.baseVersion, bytes: Buffer.byteLength(JSON.stringify(input)) });
      return t.call('notes.save', input);
    };
    let saved;
    try {
      saved = await send(false);
    } catch (error) {
      if ((error as { code?: string }).code !== 'note_changed') throw error;
      saved = await send(true);
    }
    saves.acknowledge(snapshot, saved.version as number, generation);
  };
  return { editor, save, sent, text: () => editor.getEditorState().read(() => $getRoot().getTextContent()) };
}

function typeAt(editor: LexicalEditor, paragraph: number, words: string): void {
  editor.update(
    () => {
      const block = $getRoot().getChildAtIndex(paragraph);
      const text = $isElementNode(block) ? block.getFirstDescendant() : null;
      if (!$isTextNode(text)) throw new Error('no text');
      text.spliceText(0, 0, words);
    },
    { discrete: true },
  );
}

/** Counts the note_block rows each statement inserts, updates or deletes (temporary triggers, this connection only). */
function countBlockWrites(t: TestServices): () => number {
  const db = t.services.project.db;
  db.exec(`
    CREATE TEMP TABLE IF NOT EXISTS block_writes (n INTEGER);
    CREATE TEMP TRIGGER IF NOT EXISTS block_written_i AFTER INSERT ON main.note_block BEGIN INSERT INTO block_writes VALUES (1); END;
    CREATE TEMP TRIGGER IF NOT EXISTS block_written_u AFTER UPDATE ON main.note_block BEGIN INSERT INTO block_writes VALUES (1); END;
    CREATE TEMP TRIGGER IF NOT EXISTS block_written_d AFTER DELETE ON main.note_block BEGIN INSERT INTO block_writes VALUES (1); END;
    DELETE FROM block_writes;
  `);
  return () => db.prepare('SELECT count(*) FROM block_writes').pluck().get() as number;
}

/** The long note stored as the runner stores it (an editor's whole first save), then read as an editor opens it. */
async function storedLongNote(t: TestServices, interviewId: string) {
  const runner = noteEditor(t, interviewId, editorStateFromParagraphs(PARAGRAPHS), null);
  typeAt(runner.editor, 0, 'Start. ');
  await runner.save();
  const note = (await t.call('interview.get', { id: interviewId })).notes.find((n: { question: string }) => n.question === '');
  return note as { id: string; editorState: string; plainText: string; blocks: StoredBlocks | null };
}

describe('the first save of an editor that opened a stored note', () => {
  it('writes one block for one paragraph typed in, where a whole first save rewrites all 400', async () => {
    const t = await openTestServices();
    const interviewId = await startInterview(t);
    const note = await storedLongNote(t, interviewId);
    expect(note.blocks?.keys).toHaveLength(PARAGRAPHS.length);
    expect(note.editorState.length).toBeGreaterThan(200_000);
    const forCoding = (await t.call('codings.forInterview', { interviewId })).notes.find((n: { question: string }) => n.question === '');
    expect(forCoding.blocks).toEqual(note.blocks);

    const writes = countBlockWrites(t);
    const resumed = noteEditor(t, interviewId, note.editorState, note.blocks);
    typeAt(resumed.editor, 200, 'Typed after resuming. ');
    await resumed.save();
    expect(resumed.sent).toEqual([{ baseVersion: note.blocks!.version, bytes: expect.any(Number) as number }]);
    expect(resumed.sent[0]!.bytes).toBeLessThan(2_000);
    expect(writes()).toBe(1);
    const stored = (await t.call('interview.get', { id: interviewId })).notes.find((n: { question: string }) => n.question === '');
    expect(stored.plainText).toBe(resumed.text());
    expect(stored.plainText).toContain('Typed after resuming. Paragraph 200');

    // What the same edit cost before: an editor with no acknowledged base saves the whole note.
    const again = (await t.call('interview.get', { id: interviewId })).notes.find((n: { question: string }) => n.question === '');
    const before = countBlockWrites(t);
    const fresh = noteEditor(t, interviewId, again.editorState, null);
    typeAt(fresh.editor, 200, 'Once more. ');
    await fresh.save();
    expect(before()).toBe(2 * PARAGRAPHS.length);
    expect(fresh.sent[0]!.bytes).toBeGreaterThan(200_000);
    console.info(`first save after opening a ${PARAGRAPHS.length}-paragraph note: adopted ${resumed.sent[0]!.bytes} bytes sent, 1 block row written; whole ${fresh.sent[0]!.bytes} bytes sent, ${before()} block rows written`);
  });

  it('falls back to a whole save when the note changed since it was read, and stores what that editor shows', async () => {
    const t = await openTestServices();
    const interviewId = await startInterview(t);
    const note = await storedLongNote(t, interviewId);
    const first = noteEditor(t, interviewId, note.editorState, note.blocks);
    const second = noteEditor(t, interviewId, note.editorState, note.blocks);
    typeAt(first.editor, 10, 'First editor. ');
    await first.save();
    typeAt(second.editor, 20, 'Second editor. ');
    await second.save();
    expect(second.sent.map((s) => s.baseVersion)).toEqual([note.blocks!.version, null]);
    const stored = (await t.call('interview.get', { id: interviewId })).notes.find((n: { question: string }) => n.question === '');
    expect(stored.plainText).toBe(second.text());
  });

  it('comes without blocks once the services rewrote the whole note (coding), so that editor saves whole', async () => {
    const t = await openTestServices();
    const interviewId = await startInterview(t);
    const note = await storedLongNote(t, interviewId);
    const codeId = (await t.call('codes.create', { name: 'Trust', initials: 'AB' })).code.id as string;
    const start = note.plainText.indexOf('shelter');
    await t.call('codings.apply', { noteId: note.id, start, end: start + 'shelter'.length, text: 'shelter', codeId, initials: 'AB' });
    const coded = (await t.call('interview.get', { id: interviewId })).notes.find((n: { question: string }) => n.question === '');
    expect(coded.blocks).toBeNull();
    const editor = noteEditor(t, interviewId, coded.editorState, coded.blocks);
    typeAt(editor.editor, 3, 'Typed. ');
    await editor.save();
    expect(editor.sent.map((s) => s.baseVersion)).toEqual([null]);
    const reopened = (await t.call('interview.get', { id: interviewId })).notes.find((n: { question: string }) => n.question === '');
    expect(reopened.plainText).toBe(editor.text());
    expect(reopened.blocks?.keys).toHaveLength(PARAGRAPHS.length);
  });
});

describe('a file from before notes were stored as blocks, read without upgrading it', () => {
  it('gives its notes without stored blocks instead of failing on the missing table', () => {
    const db = openSqlite(':memory:');
    for (const m of migrations.filter((m) => m.version < 10)) m.up(db);
    expect(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'note_block_head'").get()).toBeUndefined();
    const sql = storedBlocksSql(db);
    const rows = db.prepare(`SELECT note.id, editor_state, ${sql.columns} FROM note ${sql.join} WHERE interview_id = ?`).all('none') as { blocks_version: null; blocks_order: null }[];
    expect(rows).toEqual([]);
    expect(storedBlocksOf({ blocks_version: null, blocks_order: null })).toBeNull();
    db.close();
  });
});
