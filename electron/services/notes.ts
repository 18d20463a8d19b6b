/** API handlers for notes: `notes.save` is the only way a note is written (electron/store/note-repo.ts). */
import type { Handlers } from '../../shared/api/dispatch';
import type { ServiceContext } from './context';

type NoteMethods = Pick<Handlers, 'notes.save'>;

export function notesHandlers(ctx: Pick<ServiceContext, 'notes'>): NoteMethods {
  return {
    'notes.save': ({ interviewId, question, editorState }) => {
      const saved = ctx.notes().save(interviewId, question, editorState);
      return { id: saved.id, updatedAt: saved.updatedAt, droppedCodingIds: saved.droppedCodingIds };
    },
  };
}
