/**
 * The notes' slice of the API: writing a note. Reading notes comes with the interview
 * (interview.get) and with its codings (codings.forInterview).
 */
import { z } from 'zod';
import { id, type MethodSpec } from './common';

/** A stored block's key: an editor's node key, `w<i>` for a whole state, `m<i>` from the migration. */
const blockKey = z.string().min(1).max(40);

/**
 * Which stored blocks a note's editor state is, sent beside it to an editor: the note's block
 * version and the blocks' keys in order (root child i is block keys[i]). Only when the whole
 * state was compacted from exactly those blocks; null otherwise. An editor that loads that state
 * can then send only what it changes against `version` from its first save (block-saves.ts).
 */
export const storedBlocks = z.object({ version: z.number().int().nonnegative(), keys: z.array(blockKey) });
export type StoredBlocks = z.infer<typeof storedBlocks>;

export const notesApi = {
  /**
   * The only way a note is written ('' is the general notes): its whole Lexical editor state, or
   * its blocks (the top-level nodes, each serialized on its own, keyed by the editor's node key):
   * all of them (`baseVersion: null`), or only those changed since the save that returned
   * `baseVersion`, with the order when it changed. A delta whose base is not the stored version
   * is refused with `note_changed` and the editor sends the whole note. The services derive the
   * plain text, the coded segments' ranges (they follow their marks; a segment whose mark is gone
   * is removed), the speaker turns and the search index from the whole note, in one transaction.
   * A mark whose segment no longer exists (deleted with its text, then brought back by the
   * editor's undo) is dropped; its id comes back in `droppedCodingIds` and the editor removes
   * that mark too.
   */
  'notes.save': {
    input: z.union([
      z.object({ interviewId: id, question: z.string().max(500), editorState: z.string().max(50_000_000) }).strict(),
      z
        .object({
          interviewId: id,
          question: z.string().max(500),
          blocks: z
            .object({
              baseVersion: z.number().int().nonnegative().nullable(),
              root: z.string().max(10_000).optional(),
              order: z.array(blockKey).max(1_000_000).optional(),
              changed: z.array(z.object({ key: blockKey, json: z.string().max(50_000_000) }).strict()).max(1_000_000),
            })
            .strict(),
        })
        .strict(),
    ]),
    output: z.object({ id: z.string(), updatedAt: z.string(), droppedCodingIds: z.array(z.string()), version: z.number().int() }),
  },
} as const satisfies Record<string, MethodSpec>;
