/** The workbench's head: the coder's initials, whose codings show, whom a prepared copy codes as, the save state and the way to the other screens. */
import { useId, type RefObject } from 'react';
import { SaveIndicator, type SaveStatus } from '../editor/save-status';
import type { CoderList } from './coding-basics';
import { CodingNav } from './coding-nav';

export function WorkbenchHead({
  status,
  initials,
  onInitials,
  initialsRef,
  coders,
  firstCoderId,
  coderInitials,
  coderView,
  onCoderView,
}: {
  status: SaveStatus;
  initials: string;
  onInitials: (initials: string) => void;
  initialsRef: RefObject<HTMLInputElement | null>;
  coders: CoderList;
  firstCoderId: string | null;
  coderInitials: ReadonlyMap<string, string>;
  coderView: string;
  onCoderView: (view: string) => void;
}) {
  const id = useId();
  return (
    <div className="screen-head workspace-head">
      <h1>Code the notes</h1>
      <div className="actions compact">
        <label htmlFor={`${id}-initials`} className="inline-label">
          Your initials
        </label>
        <input id={`${id}-initials`} ref={initialsRef} className="initials" maxLength={10} value={initials} onChange={(e) => onInitials(e.target.value)} />
        {coders.coders.length > 1 ? (
          <>
            <label htmlFor={`${id}-coder-view`} className="inline-label">
              Show codings of
            </label>
            <select id={`${id}-coder-view`} value={coderView} onChange={(e) => onCoderView(e.target.value)} data-testid="coder-view">
              <option value="all">every coder ({firstCoderId !== null ? `${coderInitials.get(firstCoderId) ?? ''} solid, ` : ''}others dashed)</option>
              {coders.coders.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.initials}
                  {c.name !== '' ? ` (${c.name})` : ''} only
                </option>
              ))}
            </select>
          </>
        ) : null}
        {coders.copyCoderId !== null ? (
          <span className="badge" title="This file was prepared for this coder: every segment coded in it records them.">
            copy of {coderInitials.get(coders.copyCoderId)}
          </span>
        ) : null}
        <SaveIndicator status={status} />
        <CodingNav current="workbench" />
      </div>
    </div>
  );
}
