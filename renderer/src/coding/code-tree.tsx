/**
 * The code tree: themes, sub-themes and codes at any depth, each with its colour and how many
 * segments and interviews it has. Keyboard as a WAI-ARIA tree (↑ ↓ Home End, ← → fold),
 * Alt+← / Alt+→ move a code out of its parent or under the code above it, Alt+↑ / Alt+↓ move it
 * among its siblings; drag a code onto another to move it under that one, or onto "Top level".
 * Counts include sub-codes (a theme shows everything coded under it); names wrap, never cut.
 */
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { CodeNode } from './coding-basics';

export function CodeTree({
  codes,
  selectedId,
  onSelect,
  onMove,
  onReorder,
  onDelete,
}: {
  codes: readonly CodeNode[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  onMove: (id: string, parentId: string | null) => void;
  onReorder: (id: string, direction: 'up' | 'down') => void;
  onDelete: (id: string) => void;
}) {
  const [folded, setFolded] = useState<ReadonlySet<string>>(() => new Set());
  const [dragging, setDragging] = useState<string | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const rowRefs = useRef(new Map<string, HTMLLIElement>());
  const hasChildren = useMemo(() => new Set(codes.map((c) => c.parentId).filter((p): p is string => p !== null)), [codes]);
  const visible = useMemo(() => {
    const hidden = new Set<string>();
    return codes.filter((c) => {
      if (c.parentId !== null && (hidden.has(c.parentId) || folded.has(c.parentId))) {
        hidden.add(c.id);
        return false;
      }
      return true;
    });
  }, [codes, folded]);
  const focusId = visible.some((c) => c.id === selectedId) ? selectedId : (visible[0]?.id ?? null);

  const go = (id: string | undefined) => {
    if (!id) return;
    onSelect(id);
    rowRefs.current.get(id)?.focus();
  };
  const descendantsOf = (id: string): Set<string> => {
    const out = new Set<string>([id]);
    for (const c of codes) if (c.parentId !== null && out.has(c.parentId)) out.add(c.id);
    return out;
  };

  const onKeyDown = (e: KeyboardEvent<HTMLLIElement>, code: CodeNode) => {
    const i = visible.findIndex((c) => c.id === code.id);
    if (e.altKey && e.key === 'ArrowLeft') {
      e.preventDefault();
      if (code.parentId !== null) onMove(code.id, codes.find((c) => c.id === code.parentId)?.parentId ?? null);
      return;
    }
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault();
      onReorder(code.id, e.key === 'ArrowUp' ? 'up' : 'down');
      return;
    }
    if (e.altKey && e.key === 'ArrowRight') {
      e.preventDefault();
      const above = [...codes.slice(0, codes.findIndex((c) => c.id === code.id))].reverse().find((c) => c.parentId === code.parentId);
      if (above) onMove(code.id, above.id);
      return;
    }
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        go(visible[i + 1]?.id);
        break;
      case 'ArrowUp':
        e.preventDefault();
        go(visible[i - 1]?.id);
        break;
      case 'Home':
        e.preventDefault();
        go(visible[0]?.id);
        break;
      case 'End':
        e.preventDefault();
        go(visible.at(-1)?.id);
        break;
      case 'ArrowRight':
        e.preventDefault();
        if (folded.has(code.id)) setFolded(without(folded, code.id));
        else if (hasChildren.has(code.id)) go(visible[i + 1]?.id);
        break;
      case 'ArrowLeft':
        e.preventDefault();
        if (hasChildren.has(code.id) && !folded.has(code.id)) setFolded(new Set(folded).add(code.id));
        else if (code.parentId !== null) go(code.parentId);
        break;
      case 'Delete':
        e.preventDefault();
        onDelete(code.id);
        break;
    }
  };

  return (
    <div className="code-tree-wrap">
      <ul role="tree" aria-label="Code tree" className="code-tree" data-testid="code-tree">
        {visible.map((code) => {
          const parent = hasChildren.has(code.id);
          return (
            <li
              key={code.id}
              ref={(el) => {
                if (el) rowRefs.current.set(code.id, el);
                else rowRefs.current.delete(code.id);
              }}
              role="treeitem"
              aria-level={code.depth + 1}
              aria-selected={code.id === selectedId}
              aria-expanded={parent ? !folded.has(code.id) : undefined}
              tabIndex={code.id === focusId ? 0 : -1}
              className={`code-row${code.id === selectedId ? ' selected' : ''}${dropTarget === code.id ? ' drop-target' : ''}${code.kind === 'theme' ? ' theme' : ''}`}
              style={{ paddingLeft: `${0.4 + code.depth * 1.1}rem` }}
              data-code={code.name}
              draggable
              onClick={() => go(code.id)}
              onKeyDown={(e) => onKeyDown(e, code)}
              onDragStart={(e) => {
                setDragging(code.id);
                e.dataTransfer.effectAllowed = 'move';
                e.dataTransfer.setData('text/plain', code.id);
              }}
              onDragEnd={() => {
                setDragging(null);
                setDropTarget(null);
              }}
              onDragOver={(e) => {
                if (dragging === null || descendantsOf(dragging).has(code.id)) return;
                e.preventDefault();
                setDropTarget(code.id);
              }}
              onDragLeave={() => setDropTarget((t) => (t === code.id ? null : t))}
              onDrop={(e) => {
                e.preventDefault();
                setDropTarget(null);
                if (dragging !== null && !descendantsOf(dragging).has(code.id)) onMove(dragging, code.id);
              }}
            >
              {/* The arrow is a mouse target only: keyboard users fold with ← and → on the row. */}
              <span
                className={`fold${parent ? ' can-fold' : ''}`}
                aria-hidden="true"
                data-testid={parent ? 'fold' : undefined}
                onClick={(e) => {
                  if (!parent) return;
                  e.stopPropagation();
                  setFolded(folded.has(code.id) ? without(folded, code.id) : new Set(folded).add(code.id));
                }}
              >
                {parent ? (folded.has(code.id) ? '▸' : '▾') : ''}
              </span>
              <span className="swatch" style={{ background: code.color }} aria-hidden="true" />
              <span className="code-name" title={code.path.join(' › ')}>
                {code.name}
              </span>
              {code.isCore ? <span className="badge">core</span> : null}
              {code.inVivo ? <span className="badge">in vivo</span> : null}
              <span
                className="code-counts"
                data-testid="code-counts"
                title={parent ? `${code.codings} segments on this code itself; ${code.codingsWithDescendants} with its sub-codes, in ${code.interviewsWithDescendants} interviews` : undefined}
              >
                {code.codingsWithDescendants} seg · {code.interviewsWithDescendants} int
              </span>
            </li>
          );
        })}
      </ul>
      {dragging !== null ? (
        <div
          className={`top-level-drop${dropTarget === '' ? ' drop-target' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDropTarget('');
          }}
          onDragLeave={() => setDropTarget(null)}
          onDrop={(e) => {
            e.preventDefault();
            setDropTarget(null);
            onMove(dragging, null);
          }}
        >
          Drop here to move to the top level
        </div>
      ) : null}
    </div>
  );
}

function without(set: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(set);
  next.delete(id);
  return next;
}
