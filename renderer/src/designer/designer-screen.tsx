/**
 * The schedule designer: an outline of groups and questions (keyboard or drag to reorder),
 * the selected item's editor with labels in every language side by side, choice lists,
 * lint findings that jump to their item, and a preview that walks the schedule.
 * Edits save themselves; a version already used by interviews is kept and a new one made.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ScheduleSummary } from '../../../shared/api/contract';
import { defaultText, type Item, type Schedule } from '../../../shared/schedule/model';
import { lintSchedule } from '../../../shared/schedule/lint';
import type { Finding } from '../../../shared/schedule/findings';
import { countText } from '../../../shared/schedule/lint-report';
import { call } from '../api';
import { ErrorMessage } from '../components/form';
import { base64ToBytes, downloadFile } from '../download';
import { useAction } from '../use-async';
import { LatestSaver } from '../editor/latest-saver';
import { ChoiceListsEditor } from './choice-lists';
import { ItemEditor } from './item-editor';
import { FindingsPanel } from './findings-panel';
import { LanguagesPanel } from './languages-panel';
import { Preview } from './preview';
import { insertAfter, itemAt, moveBefore, moveItem, newGroup, newQuestion, numberRows, removeItem, uniqueName, updateItem, type ItemPath } from './schedule-edit';
import { useNavigation } from '../navigation';

const SAVE_DELAY_MS = 600;

interface OutlineRow {
  path: ItemPath;
  item: Item;
  depth: number;
}

function outlineRows(items: readonly Item[], parent: ItemPath = [], depth = 0, out: OutlineRow[] = []): OutlineRow[] {
  items.forEach((item, i) => {
    const path = [...parent, i];
    out.push({ path, item, depth });
    if (item.kind === 'group') outlineRows(item.children, path, depth + 1, out);
  });
  return out;
}

const samePath = (a: ItemPath | null, b: ItemPath | null) => a !== null && b !== null && a.length === b.length && a.every((v, i) => v === b[i]);

type Tab = 'findings' | 'languages' | 'choices' | 'preview';

export function DesignerScreen({ scheduleId }: { scheduleId: string }) {
  const { open } = useNavigation();
  const [id, setId] = useState(scheduleId);
  const [summary, setSummary] = useState<ScheduleSummary | null>(null);
  const [schedule, setSchedule] = useState<Schedule | null>(null);
  const [selected, setSelected] = useState<ItemPath | null>([0]);
  const [tab, setTab] = useState<Tab>('findings');
  const [saveState, setSaveState] = useState<string>('');
  const [dragFrom, setDragFrom] = useState<ItemPath | null>(null);
  const outlineRef = useRef<HTMLDivElement>(null);
  const { error, run } = useAction();

  useEffect(() => {
    void run(async () => {
      const loaded = await call('schedule.get', { id: scheduleId });
      setSummary(loaded.summary);
      setSchedule(loaded.schedule);
    });
  }, [scheduleId, run]);

  const numbered = useMemo(() => (schedule ? numberRows(schedule) : null), [schedule]);
  const findings: Finding[] = useMemo(() => (numbered ? lintSchedule(numbered.schedule) : []), [numbered]);
  const rows = useMemo(() => (schedule ? outlineRows(schedule.items) : []), [schedule]);

  // Edits go through a LatestSaver: one save in flight, the newest schedule next, and locking
  // (which drains every saver) sends the last edit before the key is dropped.
  const idRef = useRef(id);
  idRef.current = id;
  const versionRef = useRef(summary?.version);
  versionRef.current = summary?.version;
  const [saver] = useState(
    () =>
      new LatestSaver<Schedule>(
        async (next) => {
          const saved = await call('schedule.save', { id: idRef.current, schedule: next });
          if (saved.summary.id !== idRef.current) {
            setSaveState(`Saved as version ${saved.summary.version}: version ${versionRef.current ?? ''} stays as it was for the interviews that used it.`);
            idRef.current = saved.summary.id;
            setId(saved.summary.id);
          } else setSaveState('All changes saved.');
          setSummary(saved.summary);
        },
        SAVE_DELAY_MS,
        (state, e) => {
          if (state === 'pending') setSaveState('Unsaved changes…');
          else if (state === 'saving') setSaveState('Saving…');
          else if (state === 'error') setSaveState(`Not saved: ${e instanceof Error ? e.message : 'try again'}`);
        },
      ),
  );
  const flush = useCallback(() => saver.drain(), [saver]);
  useEffect(() => () => void saver.dispose(), [saver]);

  const change = useCallback(
    (next: Schedule) => {
      setSchedule(next);
      saver.schedule(() => next);
    },
    [saver],
  );

  useFocusSelected(outlineRef, selected);

  if (!schedule || !numbered) {
    return (
      <main className="screen" data-screen="designer" aria-busy="true">
        <ErrorMessage message={error} />
      </main>
    );
  }

  const item = selected ? itemAt(schedule.items, selected) : undefined;

  const onOutlineKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!selected) return;
    const index = rows.findIndex((r) => samePath(r.path, selected));
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault();
      const moved = moveItem(schedule, selected, e.key === 'ArrowUp' ? -1 : 1);
      change(moved.schedule);
      setSelected(moved.path);
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      const next = rows[index + (e.key === 'ArrowUp' ? -1 : 1)];
      if (next) setSelected(next.path);
    } else if (e.key === 'Delete') {
      e.preventDefault();
      change(removeItem(schedule, selected));
      setSelected(rows[Math.max(0, index - 1)]?.path ?? null);
    }
  };

  const exportXlsx = () =>
    void run(async () => {
      await flush();
      const file = await call('schedule.exportXlsx', { id: idRef.current });
      downloadFile(file.fileName, base64ToBytes(file.dataBase64), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    });
  const exportXform = () =>
    void run(async () => {
      await flush();
      const file = await call('schedule.exportXform', { id: idRef.current });
      downloadFile(file.fileName, file.xml, 'application/xml');
    });


  return (
    <main className="screen wide" data-screen="designer">
      <div className="designer-head">
        <div className="field">
          <label htmlFor="schedule-title">Schedule title</label>
          <input id="schedule-title" value={schedule.title} onChange={(e) => change({ ...schedule, title: e.target.value })} />
        </div>
        <p className="muted">
          {schedule.formId} · version {summary?.version} · {schedule.languages.map((l) => l.name).join(', ') || 'one language'}
          {summary && summary.interviewCount > 0 ? ` · used by ${summary.interviewCount} interview(s)` : ''}
        </p>
        <p className="hint" role="status" data-testid="save-state">
          {saveState}
        </p>
        <div className="actions">
          <button type="button" onClick={exportXlsx}>
            Export .xlsx
          </button>
          <button type="button" onClick={exportXform}>
            Export ODK XForm
          </button>
          <button type="button" onClick={() => void flush().then(() => open({ name: 'home' }))}>
            Back to project
          </button>
        </div>
        <ErrorMessage message={error} />
      </div>

      <div className="designer-grid">
        <nav aria-label="Outline" className="outline">
          <div className="actions compact">
            <button
              type="button"
              onClick={() => {
                const added = insertAfter(schedule, selected ?? [], newQuestion(uniqueName(schedule, 'q')));
                change(added.schedule);
                setSelected(added.path);
              }}
            >
              Add question
            </button>
            <button
              type="button"
              onClick={() => {
                const added = insertAfter(schedule, selected ? selected.slice(0, 1) : [], newGroup(uniqueName(schedule, 'section')));
                change(added.schedule);
                setSelected(added.path);
              }}
            >
              Add section
            </button>
          </div>
          <p className="hint">↑↓ select · Alt+↑↓ move · Delete removes · or drag</p>
          <div role="listbox" aria-label="Questions and sections" ref={outlineRef} onKeyDown={onOutlineKey} className="outline-list" data-testid="outline">
            {rows.map((row) => {
              const isSelected = samePath(row.path, selected);
              const label = defaultText(schedule, row.item.label);
              return (
                <div
                  key={row.path.join('.')}
                  role="option"
                  aria-selected={isSelected}
                  tabIndex={isSelected ? 0 : -1}
                  data-path={row.path.join('.')}
                  data-name={row.item.name}
                  className={`outline-row depth-${Math.min(row.depth, 4)}${row.item.kind === 'group' ? ' group' : ''}${isSelected ? ' selected' : ''}`}
                  onClick={() => setSelected(row.path)}
                  draggable
                  onDragStart={() => setDragFrom(row.path)}
                  onDragOver={(e) => e.preventDefault()}
                  onDrop={(e) => {
                    e.preventDefault();
                    if (dragFrom) change(moveBefore(schedule, dragFrom, row.path));
                    setDragFrom(null);
                  }}
                >
                  <code>{row.item.name}</code> <span className="outline-label">{label}</span>
                  {row.item.kind === 'question' && row.item.priority === 'probe' ? <span className="badge">probe</span> : null}
                  {row.item.relevant ? <span className="badge" title={`Asked when ${row.item.relevant}`}>if</span> : null}
                </div>
              );
            })}
          </div>
        </nav>

        <div className="designer-main">
          {item && selected ? (
            <ItemEditor schedule={schedule} item={item} onChange={(patch) => change(updateItem(schedule, selected, patch))} />
          ) : (
            <p className="muted">Select a question or section in the outline.</p>
          )}
        </div>

        <aside className="designer-side">
          <div role="tablist" aria-label="Schedule tools" className="tabs">
            {(
              [
                ['findings', `Findings (${countText(findings)})`],
                ['languages', 'Languages'],
                ['choices', 'Choice lists'],
                ['preview', 'Preview'],
              ] as const
            ).map(([key, text]) => (
              <button key={key} type="button" role="tab" aria-selected={tab === key} className={tab === key ? 'tab selected' : 'tab'} onClick={() => setTab(key)}>
                {text}
              </button>
            ))}
          </div>
          {tab === 'findings' ? (
            <FindingsPanel
              schedule={numbered.schedule}
              findings={findings}
              onOpen={(f) => {
                const path = f.sheet === 'survey' && f.row !== undefined ? numbered.pathOfRow.get(f.row) : undefined;
                if (path) setSelected(path);
                else if (f.sheet === 'choices') setTab('choices');
              }}
            />
          ) : tab === 'languages' ? (
            <LanguagesPanel schedule={schedule} onChange={change} />
          ) : tab === 'choices' ? (
            <ChoiceListsEditor schedule={schedule} onChange={change} />
          ) : (
            <Preview schedule={schedule} />
          )}
        </aside>
      </div>
    </main>
  );
}

/** Keeps keyboard focus on the selected outline row while the outline has focus. */
function useFocusSelected(ref: React.RefObject<HTMLDivElement | null>, selected: ItemPath | null) {
  useEffect(() => {
    const list = ref.current;
    if (!list || !selected || !list.contains(document.activeElement)) return;
    const row = list.querySelector<HTMLElement>(`[data-path="${selected.join('.')}"]`);
    row?.focus();
  }, [ref, selected]);
}
