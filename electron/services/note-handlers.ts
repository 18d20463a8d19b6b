/** API handlers for notes: `notes.save` is the only way a note is written (electron/store/note-repo.ts). */
import type { Handlers } from '../../shared/api/dispatch';
import type { FieldnoteServices } from './fieldnote-services';

type NoteMethods = Pick<Handlers, 'notes.save'>;

export function noteHandlers(services: Pick<FieldnoteServices, 'notes'>): NoteMethods {
  return {
    'notes.save': ({ interviewId, question, editorState }) => {
      const saved = services.notes.save(interviewId, question, editorState);
      return { id: saved.id, updatedAt: saved.updatedAt, droppedCodingIds: saved.droppedCodingIds };
    },
  };
}
