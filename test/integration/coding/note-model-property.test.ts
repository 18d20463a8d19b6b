// Property: whatever an evaluator does in a note (typing, deleting, new paragraphs, speaker tags,
// copy and paste, undo, redo, coding a passage) and whenever the autosave happens to fire, the note reopened from
// the project is what the editor showed: the same plain text, the same marks, coding rows whose
// ranges and text are the marks' own, and speaker turns that are the tags' own (issue 13).
// The editor here is headless but wired as the app wires it: the shared note nodes and mark
// normalizer, Lexical's history, the incremental serializer and `notes.save` with only the blocks
// that changed (block-saves.ts, as AutosavePlugin sends them), including saves whose answer is
// lost (the services stored it, the editor never heard): the next delta is refused as stale and
// the whole note goes instead (issue 18), and reopening the note as a fresh editor that adopts the
// state interview.get sends with its stored blocks. The blocks the services keep then make the same note as
// the editor's whole state: plain text, codings and speaker turns derived from the whole note.
import nodePath from 'node:path';
import fc from 'fast-check';
import { $generateJSONFromSelectedNodes, $generateNodesFromSerializedNodes, $insertGeneratedNodes } from '@lexical/clipboard';
import { registerHistory, createEmptyHistoryState } from '@lexical/history';
import { $createParagraphNode, $getRoot, $isRangeSelection, $setSelection, CLEAR_HISTORY_COMMAND, REDO_COMMAND, UNDO_COMMAND, type LexicalEditor } from 'lexical';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/api/dispatch';
import type { StoredBlocks } from '../../../shared/api/notes';
import { FieldnoteServices } from '../../../electron/services/fieldnote-services';
import { readNote } from '../../../electron/store/note-marks';
import { $pointsAtOffset, $removeCoding, $selectionForRange } from '../../../shared/coding/lexical-marks';
import { $noteContent, type NoteContent } from '../../../shared/notes/note-model';
import { $createSpeakerTagNode } from '../../../shared/notes/speaker-tag';
import { IncrementalSerializer } from '../../../renderer/src/editor/incremental-serializer';
import { BlockSaves } from '../../../renderer/src/editor/block-saves';
import { compactNotes } from '../../../electron/store/note-blocks';
import { headlessNote } from '../../support/notes';
import { PASS, tempDir } from '../../support/temp';

type Value = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const REMOTE_TAG = 'fieldnote-remote';

type Step =
  | { kind: 'type'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'paragraph'; at: number }
  | { kind: 'speaker'; at: number; who: 0 | 1 }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'code'; at: number; length: number }
  | { kind: 'paste'; from: number; length: number; at: number }
  | { kind: 'save' }
  | { kind: 'lost' }
  | { kind: 'reopen' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('type' as const), at: fc.nat(400), text: fc.constantFrom('police ', 'ការអប់រំ', 'x', 'shelter helped. ', 'ប៉ូលីស ') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(400), length: fc.integer({ min: 1, max: 12 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('paragraph' as const), at: fc.nat(400) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('speaker' as const), at: fc.nat(400), who: fc.constantFrom(0 as const, 1 as const) }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'undo' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'redo' as const }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('code' as const), at: fc.nat(400), length: fc.integer({ min: 1, max: 20 }) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'save' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'lost' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reopen' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('paste' as const), from: fc.nat(400), length: fc.integer({ min: 1, max: 30 }), at: fc.nat(400) }) },
);

async function project() {
  const dir = tempDir();
  const services = new FieldnoteServices({ mode: 'browser', configDir: nodePath.join(dir, 'config'), projectsDir: dir, appVersion: 'test' });
  const call = async (method: string, input: unknown = {}): Promise<Value> => {
    const result = await dispatch(services.handlers, method, input);
    if (!result.ok) throw Object.assign(new Error(`${method}: ${result.error.code}: ${result.error.message}`), { code: result.error.code });
    return result.value as Value;
  };
  await call('project.create', { path: 'property.fieldnote', title: 'Property', passphrase: PASS, passphraseConfirm: PASS });
  const { imported } = await call('schedule.importExample');
  const person = { locationNumber: '3', agencyGroup: 'police', organisationType: 'government', focusOfWork: 'law-enforcement', consentGiven: true, consentMode: 'verbal', quoteConsent: true };
  const detail = await call('interview.start', {
    scheduleId: imported.id,
    sessionType: 'small-group',
    answerMode: 'shared',
    language: 'en',
    interviewer: 'AB',
    heldAt: '2026-03-01T09:00',
    participants: [
      { ...person, organisationNumber: '1' },
      { ...person, organisationNumber: '2' },
    ],
  });
  const code = (await call('codes.create', { name: 'Trust', initials: 'AB' })).code as { id: string };
  return { services, call, interviewId: detail.summary.id as string, participants: (detail.participants as { id: string }[]).map((p) => p.id), codeId: code.id };
}

/** A caret place at or before `at` (taken round the note's length) that exists in the note (offsets inside "\n\n" have none). */
function $caretAt(at: number): number {
  const length = $getRoot().getTextContentSize();
  for (let offset = at % (length + 1); offset >= 0; offset--) if ($pointsAtOffset(offset).length > 0) return offset;
  return 0;
}

describe('one note model, one save', () => {
  it('after any sequence of typing, paste, undo, redo, speaker tags and coding, the reopened note is what the editor showed', async () => {
    const t = await project();
    let run = 0;
    const stats = { applied: 0, refused: 0, codings: 0, speakers: 0, chars: 0, deltas: 0, wholes: 0, stale: 0, adopted: 0, adoptedDeltas: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), async (steps) => {
        run += 1;
        const question = `property_${run}`;
        const editor: LexicalEditor = headlessNote();
        editor.update(() => $getRoot().append($createParagraphNode()), { discrete: true });
        registerHistory(editor, createEmptyHistoryState(), 0);
        // As AutosavePlugin: the serializer follows every update; edits make the note "dirty".
        const serializer = new IncrementalSerializer();
        const saves = new BlockSaves();
        let dirty = false;
        editor.registerUpdateListener(({ dirtyElements, dirtyLeaves, tags, editorState }) => {
          if (dirtyElements.size === 0 && dirtyLeaves.size === 0) return;
          serializer.invalidate(editorState, dirtyElements, dirtyLeaves, tags);
          if (!tags.has(REMOTE_TAG)) dirty = true;
          else saves.reset();
        });
        let noteId: string | null = null;
        let adopted = false;
        /** As AutosavePlugin's send; `lose` stores the save but loses its answer. */
        const save = async (lose = false) => {
          if (!dirty) return;
          dirty = false;
          const snapshot = serializer.snapshot(editor.getEditorState());
          const generation = saves.current;
          const send = (whole: boolean) => {
            const blocks = saves.request(snapshot, whole);
            if (blocks.baseVersion === null) stats.wholes += 1;
            else stats.deltas += 1;
            if (adopted && blocks.baseVersion !== null) stats.adoptedDeltas += 1;
            adopted = false;
            return t.call('notes.save', { interviewId: t.interviewId, question, blocks });
          };
          let saved: Value;
          try {
            saved = await send(false);
          } catch (error) {
            if ((error as { code?: string }).code !== 'note_changed') throw error;
            stats.stale += 1;
            saved = await send(true);
          }
          if (!lose) saves.acknowledge(snapshot, saved.version as number, generation);
          noteId = saved.id as string;
          const dropped = saved.droppedCodingIds as string[];
          if (dropped.length > 0) editor.update(() => dropped.forEach((id) => $removeCoding(id)), { discrete: true });
        };
        const edit = (fn: () => void) => editor.update(fn, { discrete: true });

        for (const s of steps) {
          switch (s.kind) {
            case 'type':
            case 'paragraph':
            case 'speaker':
              edit(() => {
                const at = $caretAt(s.at);
                const selection = $selectionForRange(at, at);
                $setSelection(selection);
                if (s.kind === 'type') selection.insertText(s.text);
                else if (s.kind === 'paragraph') selection.insertParagraph();
                else selection.insertNodes([$createSpeakerTagNode(t.participants[s.who]!, s.who + 1)]);
              });
              break;
            case 'delete':
              edit(() => {
                const from = $caretAt(s.at);
                const to = $caretAt(Math.min(from + s.length, $getRoot().getTextContentSize()));
                if (to <= from) return;
                const selection = $selectionForRange(from, to);
                $setSelection(selection);
                if ($isRangeSelection(selection)) selection.removeText();
              });
              break;
            case 'paste': {
              // Copy a stretch (coded or not) and paste it elsewhere, as Ctrl+C, Ctrl+V do.
              let copied: ReturnType<typeof $generateJSONFromSelectedNodes> | null = null;
              editor.read(() => {
                const from = $caretAt(s.from);
                const to = $caretAt(Math.min(from + s.length, $getRoot().getTextContentSize()));
                if (to > from) copied = $generateJSONFromSelectedNodes(editor, $selectionForRange(from, to));
              });
              const clip = copied as ReturnType<typeof $generateJSONFromSelectedNodes> | null;
              if (clip === null) break;
              edit(() => {
                const at = $caretAt(s.at);
                const selection = $selectionForRange(at, at);
                $setSelection(selection);
                $insertGeneratedNodes(editor, $generateNodesFromSerializedNodes(clip.nodes), selection);
              });
              break;
            }
            case 'undo':
            case 'redo':
              editor.dispatchCommand(s.kind === 'undo' ? UNDO_COMMAND : REDO_COMMAND, undefined);
              await Promise.resolve(); // the history commits its state in a microtask, as in the app
              break;
            case 'save':
              await save();
              break;
            case 'lost':
              await save(true);
              break;
            case 'reopen': {
              // As a fresh editor opening the note (the runner resuming, the review screen): the
              // state interview.get sends, adopted as acknowledged when it says which blocks it is.
              await save();
              if (noteId === null) break;
              const note = ((await t.call('interview.get', { id: t.interviewId })).notes as Value[]).find((n) => n.question === question)!;
              editor.setEditorState(editor.parseEditorState(note.editorState as string), { tag: REMOTE_TAG });
              editor.dispatchCommand(CLEAR_HISTORY_COMMAND, undefined);
              if (note.blocks !== null) {
                saves.adopt(note.blocks as StoredBlocks, editor.getEditorState().read(() => $getRoot().getChildrenKeys()), note.editorState as string);
                stats.adopted += 1;
                adopted = true;
              }
              break;
            }
            case 'code': {
              // As the workbench: what was typed is saved first, then the services code the range
              // and send back the note's state, which the editor loads (its history starts afresh).
              await save();
              if (noteId === null) break;
              const plain = editor.getEditorState().read(() => $getRoot().getTextContent());
              const start = s.at % (plain.length + 1);
              const end = Math.min(start + s.length, plain.length);
              const text = plain.slice(start, end);
              if (text.trim() === '') break;
              try {
                const applied = await t.call('codings.apply', { noteId, start, end, text, codeId: t.codeId, initials: 'AB' });
                editor.setEditorState(editor.parseEditorState(applied.editorState as string), { tag: REMOTE_TAG });
                editor.dispatchCommand(CLEAR_HISTORY_COMMAND, undefined);
                stats.applied += 1;
              } catch (error) {
                stats.refused += 1;
                // A range the services refuse (its edge on a paragraph break) leaves everything as it was.
                if ((error as { code?: string }).code !== 'invalid_input') throw error;
              }
              break;
            }
          }
        }
        dirty = true; // the last autosave always fires (or a lock drains it)
        await save();

        const shown: NoteContent = editor.getEditorState().read(() => $noteContent());
        // Rows derived by the delta saves, before anything compacts the note.
        const derived = t.services.project.db.prepare('SELECT id AS codingId, start, "end", text FROM coding WHERE note_id = ? ORDER BY start, "end", id').all(noteId);
        const derivedSpeakers = t.services.notes.speakers(noteId!);
        compactNotes(t.services.project.db);
        const row = t.services.project.db.prepare('SELECT id, editor_state, plain_text FROM note WHERE id = ?').get(noteId) as { id: string; editor_state: string; plain_text: string };
        expect(row.plain_text).toBe(shown.plainText);
        const reopened = readNote(row.editor_state);
        expect(reopened).toEqual(shown);
        const codings = t.services.project.db.prepare('SELECT id AS codingId, start, "end", text FROM coding WHERE note_id = ? ORDER BY start, "end", id').all(row.id);
        expect(codings).toEqual([...shown.codings].sort((a, b) => a.start - b.start || a.end - b.end || (a.codingId < b.codingId ? -1 : 1)));
        expect(derived).toEqual(codings);
        expect(derivedSpeakers).toEqual(shown.speakers);
        for (const c of shown.codings) expect(shown.plainText.slice(c.start, c.end)).toBe(c.text);
        expect(t.services.notes.speakers(row.id)).toEqual(shown.speakers);
        stats.codings += shown.codings.length; stats.speakers += shown.speakers.length; stats.chars += shown.plainText.length;
      }),
      // A fixed seed: the counts below say the runs reached coding, speaker tags and delta saves,
      // which a random draw of 100 runs does not always do (18 deltas in one CI run).
      { numRuns: 100, seed: 20261207 },
    );
    // The runs did code, tag and keep text (a property that never codes proves nothing about codings).
    expect(stats.applied).toBeGreaterThan(10);
    expect(stats.codings).toBeGreaterThan(3);
    expect(stats.speakers).toBeGreaterThan(5);
    // Saves after the first of an editor (and after coding reloads it) were deltas. (A lost answer
    // followed by a delta is rare in random runs; note-blocks.test.ts makes one on purpose.)
    expect(stats.deltas).toBeGreaterThan(20);
    // Reopened notes were adopted: their first save a delta against the version they were read at.
    expect(stats.adopted).toBeGreaterThan(10);
    expect(stats.adoptedDeltas).toBeGreaterThan(5);
  }, 240_000);
});
