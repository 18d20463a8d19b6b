/** API handlers for notes: `notes.save` is the only way a note is written (electron/store/note-repo.ts). */
import type { Handlers } from '../../shared/api/dispatch';
import type { ServiceContext } from './context';

type NoteMethods = Pick<Handlers, 'notes.save'>;

export function notesHandlers(ctx: Pick<ServiceContext, 'notes'>): NoteMethods {
  return {
    'notes.save': (input) => {
      const notes = ctx.notes();
      const saved = 'blocks' in input ? notes.saveBlocks(input.interviewId, input.question, input.blocks) : notes.save(input.interviewId, input.question, input.editorState);
      return { id: saved.id, updatedAt: saved.updatedAt, droppedCodingIds: saved.droppedCodingIds, version: saved.version };
    },
  };
}
