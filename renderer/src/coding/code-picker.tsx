/**
 * The code picker (Ctrl+K in a note): type to find a code by name; Enter picks the highlighted
 * code, or creates a new code with the typed name when none matches. ↑/↓ move, Escape goes
 * back to the note. A combobox with a listbox (WAI-ARIA APG "combobox with list autocomplete").
 */
import { useId, useMemo, useState } from 'react';
import type { CodeNode } from './coding-basics';

export type PickResult = { kind: 'existing'; codeId: string } | { kind: 'new'; name: string; parentId: string | null };

interface Option {
  key: string;
  result: PickResult;
  label: string;
  path: string;
  color: string | null;
}

export function CodePicker({
  codes,
  selectedText,
  defaultParentId,
  onPick,
  onCancel,
}: {
  codes: readonly CodeNode[];
  selectedText: string;
  defaultParentId: string | null;
  onPick: (result: PickResult) => void;
  onCancel: () => void;
}) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [parentId, setParentId] = useState<string | null>(defaultParentId);
  const id = useId();
  const options = useMemo<Option[]>(() => {
    const q = query.trim().toLocaleLowerCase();
    const matches = codes
      .filter((c) => q === '' || c.name.toLocaleLowerCase().includes(q) || c.path.join(' ').toLocaleLowerCase().includes(q))
      .sort((a, b) => rank(a, q) - rank(b, q))
      .slice(0, 50)
      .map<Option>((c) => ({ key: c.id, result: { kind: 'existing', codeId: c.id }, label: c.name, path: c.path.slice(0, -1).join(' › '), color: c.color }));
    const exact = codes.some((c) => c.name.toLocaleLowerCase() === q && c.parentId === parentId);
    if (q !== '' && !exact) matches.push({ key: 'new', result: { kind: 'new', name: query.trim(), parentId }, label: `Create code “${query.trim()}”`, path: '', color: null });
    return matches;
  }, [codes, query, parentId]);
  const current = Math.min(active, options.length - 1);
  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-option-${i}`;

  const pick = () => {
    const option = options[current];
    if (option) onPick(option.result);
  };

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onCancel()}>
      <div role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} className="dialog code-picker" data-testid="code-picker">
        <h2 id={`${id}-title`}>Code the selection</h2>
        <blockquote className="anchor-text">{selectedText.length > 240 ? `${selectedText.slice(0, 240)}…` : selectedText}</blockquote>
        <label htmlFor={`${id}-input`}>Code</label>
        <input
          id={`${id}-input`}
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={options[current] ? optionId(current) : undefined}
          autoFocus
          autoComplete="off"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setActive(Math.min(current + 1, options.length - 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive(Math.max(current - 1, 0));
            } else if (e.key === 'Enter') {
              e.preventDefault();
              pick();
            } else if (e.key === 'Escape') {
              e.preventDefault();
              onCancel();
            }
          }}
        />
        <ul id={listId} role="listbox" aria-label="Codes" className="picker-list">
          {options.map((o, i) => (
            <li
              key={o.key}
              id={optionId(i)}
              role="option"
              aria-selected={i === current}
              className={i === current ? 'active' : ''}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => onPick(o.result)}
            >
              {o.color ? <span className="swatch" style={{ background: o.color }} aria-hidden="true" /> : <span className="swatch new" aria-hidden="true" />}
              <span>{o.label}</span>
              {o.path ? <span className="muted picker-path"> in {o.path}</span> : null}
            </li>
          ))}
          {options.length === 0 ? <li className="muted">Type a name to create the first code.</li> : null}
        </ul>
        <label htmlFor={`${id}-parent`}>A new code goes</label>
        <select id={`${id}-parent`} value={parentId ?? ''} onChange={(e) => setParentId(e.target.value === '' ? null : e.target.value)}>
          <option value="">at the top level</option>
          {codes.map((c) => (
            <option key={c.id} value={c.id}>
              {'  '.repeat(c.depth)}under {c.name}
            </option>
          ))}
        </select>
        <p className="hint">Enter picks; ↑ ↓ choose; Escape goes back to the note.</p>
        <div className="actions compact">
          <button type="button" className="primary" disabled={options.length === 0} onClick={pick}>
            Apply
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}

function rank(code: CodeNode, q: string): number {
  const name = code.name.toLocaleLowerCase();
  if (q === '') return 0;
  if (name === q) return 0;
  if (name.startsWith(q)) return 1;
  return 2;
}
