/** The workbench's code tree pane: undo and redo of codebook changes, a new code, the tree itself. */
import { useId, useState } from 'react';
import { call } from '../api';
import type { Mutate } from './code-details';
import { CodeTree } from './code-tree';
import { currentInitials, type CodeNode, type UndoState } from './coding-basics';

export function CodesPane({
  codes,
  undo,
  busy,
  selectedCodeId,
  onSelect,
  mutate,
  onStep,
  onReorder,
  onError,
}: {
  codes: readonly CodeNode[];
  undo: UndoState;
  busy: boolean;
  selectedCodeId: string | null;
  onSelect: (codeId: string | null) => void;
  mutate: Mutate;
  onStep: (direction: 'undo' | 'redo') => void;
  onReorder: (codeId: string, direction: 'up' | 'down') => void;
  onError: (message: string) => void;
}) {
  const id = useId();
  const [newCode, setNewCode] = useState({ name: '', under: false });
  const selectedCode = selectedCodeId ? (codes.find((c) => c.id === selectedCodeId) ?? null) : null;
  return (
    <section className="pane code-pane" aria-labelledby={`${id}-codes`}>
      <div className="pane-head">
        <h2 id={`${id}-codes`}>Codes</h2>
        <div className="actions compact">
          <button type="button" disabled={!undo.canUndo || busy} onClick={() => onStep('undo')} title={undo.undoLabel ? `Undo ${undo.undoLabel} (Ctrl+Z)` : 'Nothing to undo'} aria-keyshortcuts="Control+Z">
            Undo
          </button>
          <button type="button" disabled={!undo.canRedo || busy} onClick={() => onStep('redo')} title={undo.redoLabel ? `Redo ${undo.redoLabel} (Ctrl+Shift+Z)` : 'Nothing to redo'} aria-keyshortcuts="Control+Shift+Z">
            Redo
          </button>
        </div>
      </div>
      <p className="muted small undo-line" data-testid="undo-label" aria-live="polite">
        {undo.undoLabel ? `Undo: ${undo.undoLabel}` : 'Nothing to undo'}
      </p>
      <form
        className="new-code"
        onSubmit={(e) => {
          e.preventDefault();
          const name = newCode.name.trim();
          if (name === '' || currentInitials() === '') {
            if (currentInitials() === '') onError('Type your initials first (top of the screen).');
            return;
          }
          void mutate(async () => {
            const created = await call('codes.create', { name, parentId: newCode.under && selectedCodeId ? selectedCodeId : null, initials: currentInitials() });
            onSelect(created.code.id);
            return created;
          }).then((ok) => ok && setNewCode({ ...newCode, name: '' }));
        }}
      >
        <label htmlFor={`${id}-new`} className="visually-hidden">
          New code
        </label>
        <div className="inline-form">
          <input id={`${id}-new`} placeholder="New code" value={newCode.name} onChange={(e) => setNewCode({ ...newCode, name: e.target.value })} />
          <button type="submit" disabled={newCode.name.trim() === '' || busy}>
            Add
          </button>
        </div>
        {selectedCode ? (
          <label className="inline-check small">
            <input type="checkbox" checked={newCode.under} onChange={(e) => setNewCode({ ...newCode, under: e.target.checked })} /> as a sub-code of “{selectedCode.name}”
          </label>
        ) : null}
      </form>
      <div className="pane-scroll">
        {codes.length === 0 ? <p className="muted">No codes yet. Select words in a note and press Ctrl+K to code them.</p> : null}
        <CodeTree
          codes={codes}
          selectedId={selectedCodeId}
          onSelect={onSelect}
          onMove={(codeId, parentId) => void mutate(() => call('codes.move', { id: codeId, parentId }))}
          onReorder={onReorder}
          onDelete={(codeId) => onSelect(codeId)}
        />
        <p className="hint small">↑ ↓ move through codes, ← → fold; Alt+↑ / Alt+↓ reorder; Alt+← / Alt+→ move out or under the code above; drag to move.</p>
      </div>
    </section>
  );
}
