/**
 * The notes' slice of the API: writing a note. Reading notes comes with the interview
 * (interview.get) and with its codings (codings.forInterview).
 */
import { z } from 'zod';
import { id, type MethodSpec } from './common';

export const notesApi = {
  /**
   * The only way a note is written ('' is the general notes): its Lexical editor state. The
   * services derive the plain text, the coded segments' ranges (they follow their marks; a
   * segment whose mark is gone is removed), the speaker turns and the search index from it, in
   * one transaction. A mark whose segment no longer exists (deleted with its text, then brought
   * back by the editor's undo) is dropped; its id comes back in `droppedCodingIds` and the editor
   * removes that mark too.
   */
  'notes.save': {
    input: z.object({ interviewId: id, question: z.string().max(500), editorState: z.string().max(50_000_000) }).strict(),
    output: z.object({ id: z.string(), updatedAt: z.string(), droppedCodingIds: z.array(z.string()) }),
  },
} as const satisfies Record<string, MethodSpec>;
