/**
 * The evaluation matrix: evaluation questions grouped by criterion on the left, the chosen one
 * on the right with its links (schedule questions, sections, codes, indicators). The matrix
 * also goes to and from a spreadsheet, so it can start from the terms of reference.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import type { EvaluationQuestionRecord, LinkTargetsOutput } from '../../../shared/api/evaluation';
import { groupByCriterion, SUGGESTED_CRITERIA, type EvaluationLink, type LinkKind } from '../../../shared/evaluation/model';
import { call } from '../api';
import { ErrorMessage, StatusMessage } from '../components/form';
import { base64ToBytes, downloadFile, fileToBase64 } from '../download';
import { messageOf } from '../coding/coding-basics';

export interface Matrix {
  questions: EvaluationQuestionRecord[];
  targets: LinkTargetsOutput;
}

const KIND_LABELS: Record<LinkKind, string> = { question: 'Schedule question', section: 'Section', code: 'Code', indicator: 'Indicator' };

interface Draft {
  id: string | null;
  ref: string;
  parentId: string | null;
  criterion: string;
  text: string;
  links: (EvaluationLink & { label: string })[];
}

const emptyDraft = (matrix: Matrix): Draft => ({ id: null, ref: `EQ${matrix.questions.filter((q) => q.parentId === null).length + 1}`, parentId: null, criterion: '', text: '', links: [] });

export function MatrixEditor({ matrix, onChanged, onEvidence }: { matrix: Matrix; onChanged: (selectId?: string) => Promise<void>; onEvidence: (id: string) => void }) {
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(matrix));
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [kind, setKind] = useState<LinkKind>('question');
  const [target, setTarget] = useState('');
  const [answer, setAnswer] = useState('');
  const { targets } = matrix;

  const choose = (q: EvaluationQuestionRecord) => setDraft({ id: q.id, ref: q.ref, parentId: q.parentId, criterion: q.criterion, text: q.text, links: q.links.map((l) => ({ kind: l.kind, target: l.target, value: l.value, label: l.label })) });
  useEffect(() => {
    // Keep the form in step with a reloaded matrix (after an import, the chosen question may be gone).
    setDraft((d) => {
      if (d.id === null) return d;
      const fresh = matrix.questions.find((q) => q.id === d.id);
      return fresh ? { id: fresh.id, ref: fresh.ref, parentId: fresh.parentId, criterion: fresh.criterion, text: fresh.text, links: fresh.links.map((l) => ({ kind: l.kind, target: l.target, value: l.value, label: l.label })) } : emptyDraft(matrix);
    });
  }, [matrix]);

  const options = useMemo(() => {
    switch (kind) {
      case 'question':
        return targets.questions.map((q) => ({ value: q.name, label: `${q.name}: ${q.label}` }));
      case 'section':
        return targets.sections.map((s) => ({ value: s.name, label: s.label }));
      case 'code':
        return targets.codes.map((c) => ({ value: c.id, label: c.path.join(' › ') }));
      case 'indicator':
        return targets.questions.filter((q) => q.choices.length > 0).map((q) => ({ value: q.name, label: `${q.name}: ${q.label}` }));
    }
  }, [kind, targets]);
  const indicatorChoices = kind === 'indicator' ? (targets.questions.find((q) => q.name === target)?.choices ?? []) : [];

  const addLink = () => {
    const chosen = options.find((o) => o.value === target);
    if (!chosen) return;
    const value = kind === 'indicator' ? answer : '';
    if (kind === 'indicator' && value === '') return;
    const label = kind === 'indicator' ? `${target} = ${indicatorChoices.find((c) => c.code === value)?.label ?? value}` : chosen.label;
    if (draft.links.some((l) => l.kind === kind && l.target === target && l.value === value)) return;
    setDraft({ ...draft, links: [...draft.links, { kind, target, value, label }] });
  };

  const save = async () => {
    setError(null);
    setStatus(null);
    try {
      const input = { ref: draft.ref, parentId: draft.parentId, criterion: draft.criterion, text: draft.text, links: draft.links.map(({ kind: k, target: t, value }) => ({ kind: k, target: t, value })) };
      const saved = draft.id === null ? await call('evaluation.create', input) : await call('evaluation.update', { id: draft.id, ...input });
      await onChanged(saved.id);
      choose(saved);
      setStatus(`Saved ${saved.ref}.`);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const move = async (direction: 'up' | 'down') => {
    if (draft.id === null) return;
    try {
      await call('evaluation.move', { id: draft.id, direction });
      await onChanged(draft.id);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const remove = async () => {
    if (draft.id === null || !window.confirm(`Delete ${draft.ref} with its sub-questions and their rapid-analysis summaries?`)) return;
    try {
      await call('evaluation.delete', { id: draft.id });
      await onChanged();
      setDraft(emptyDraft(matrix));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const importFile = async (file: File) => {
    setError(null);
    setProblems([]);
    setStatus(null);
    try {
      const result = await call('evaluation.importXlsx', { fileName: file.name, dataBase64: await fileToBase64(file) });
      if (result.problems.length > 0) setProblems(result.problems);
      else {
        await onChanged();
        setStatus(`Imported ${result.imported} evaluation question${result.imported === 1 ? '' : 's'} from ${file.name}.`);
      }
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const exportFile = async () => {
    try {
      const file = await call('evaluation.exportXlsx', {});
      downloadFile(file.fileName, base64ToBytes(file.dataBase64), file.mediaType);
      setStatus(`Saved ${file.fileName} to your downloads.`);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const criteria = [...new Set([...SUGGESTED_CRITERIA, ...matrix.questions.map((q) => q.criterion)])];
  const mains = matrix.questions.filter((q) => q.parentId === null && q.id !== draft.id);

  return (
    <div className="matrix-layout">
      <section aria-labelledby={`${id}-list`} className="matrix-list">
        <h2 id={`${id}-list`}>Evaluation questions</h2>
        {matrix.questions.length === 0 ? <p className="muted">None yet. Write the first on the right, or import a matrix workbook.</p> : null}
        {groupByCriterion(matrix.questions).map((group) => (
          <section key={group.criterion} aria-label={group.criterion}>
            <h3>{group.criterion}</h3>
            <ul className="eq-list">
              {group.questions.map((q) => (
                <li key={q.id} className={q.parentId === null ? '' : 'sub'}>
                  <button
                    type="button"
                    className={`eq-item${q.id === draft.id ? ' selected' : ''}`}
                    aria-current={q.id === draft.id}
                    aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
                    onClick={() => choose(q)}
                    onKeyDown={(e) => {
                      if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
                      e.preventDefault();
                      void call('evaluation.move', { id: q.id, direction: e.key === 'ArrowUp' ? 'up' : 'down' })
                        .then(() => onChanged(draft.id ?? undefined))
                        .catch((err: unknown) => setError(messageOf(err)));
                    }}
                  >
                    <strong>{q.ref}</strong> {q.text}
                    <span className="muted"> · {q.links.length} link{q.links.length === 1 ? '' : 's'}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
        <div className="actions compact">
          <button type="button" onClick={() => setDraft(emptyDraft(matrix))}>
            New evaluation question
          </button>
          <label className="button-like">
            Import .xlsx
            <input type="file" accept=".xlsx" className="visually-hidden" data-testid="matrix-import" onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void importFile(f); }} />
          </label>
          <button type="button" onClick={() => void exportFile()} disabled={matrix.questions.length === 0}>
            Export .xlsx
          </button>
        </div>
        <p className="hint">The workbook has one row per evaluation question: ID, Parent, Criterion, Evaluation question, Schedule questions, Sections, Codes, Indicators (several separated by “;”, indicators as q3_collab = 1).</p>
        {problems.length > 0 ? (
          <div className="error" role="alert" data-testid="matrix-problems">
            Nothing was imported. Fix these in the workbook and import it again:
            <ul>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      <section aria-labelledby={`${id}-form`} className="matrix-form" data-testid="matrix-form">
        <h2 id={`${id}-form`}>{draft.id === null ? 'New evaluation question' : `Edit ${draft.ref}`}</h2>
        <ErrorMessage message={error} />
        <div className="row-fields">
          <div className="field narrow-field">
            <label htmlFor={`${id}-ref`}>ID</label>
            <input id={`${id}-ref`} value={draft.ref} onChange={(e) => setDraft({ ...draft, ref: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-criterion`}>Criterion</label>
            <input id={`${id}-criterion`} list={`${id}-criteria`} value={draft.criterion} onChange={(e) => setDraft({ ...draft, criterion: e.target.value })} />
            <datalist id={`${id}-criteria`}>
              {criteria.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
          </div>
          <div className="field">
            <label htmlFor={`${id}-parent`}>Sub-question of</label>
            <select id={`${id}-parent`} value={draft.parentId ?? ''} onChange={(e) => setDraft({ ...draft, parentId: e.target.value === '' ? null : e.target.value })}>
              <option value="">(a main question)</option>
              {mains.map((q) => (
                <option key={q.id} value={q.id}>
                  {q.ref} {q.text.slice(0, 60)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${id}-text`}>Evaluation question</label>
          <textarea id={`${id}-text`} rows={2} value={draft.text} onChange={(e) => setDraft({ ...draft, text: e.target.value })} />
        </div>

        <fieldset className="link-picker">
          <legend>Linked to</legend>
          {draft.links.length === 0 ? <p className="muted">Nothing yet: add the schedule questions, sections and codes that answer it.</p> : null}
          <ul className="link-list" data-testid="link-list">
            {draft.links.map((l, i) => (
              <li key={`${l.kind}:${l.target}:${l.value}`}>
                <span className="badge">{KIND_LABELS[l.kind]}</span> {l.label}{' '}
                <button type="button" className="link" aria-label={`Remove ${KIND_LABELS[l.kind]} ${l.label}`} onClick={() => setDraft({ ...draft, links: draft.links.filter((_, j) => j !== i) })}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
          <div className="row-fields">
            <div className="field">
              <label htmlFor={`${id}-kind`}>Link a</label>
              <select id={`${id}-kind`} value={kind} onChange={(e) => { setKind(e.target.value as LinkKind); setTarget(''); setAnswer(''); }}>
                {(Object.keys(KIND_LABELS) as LinkKind[]).map((k) => (
                  <option key={k} value={k}>
                    {KIND_LABELS[k]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-target`}>{KIND_LABELS[kind]}</label>
              <select id={`${id}-target`} value={target} onChange={(e) => { setTarget(e.target.value); setAnswer(''); }}>
                <option value="">Choose…</option>
                {options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
            {kind === 'indicator' ? (
              <div className="field">
                <label htmlFor={`${id}-answer`}>Counting the answer</label>
                <select id={`${id}-answer`} value={answer} onChange={(e) => setAnswer(e.target.value)}>
                  <option value="">Choose…</option>
                  {indicatorChoices.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.label} ({c.code})
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            <div className="field">
              <button type="button" onClick={addLink} disabled={target === '' || (kind === 'indicator' && answer === '')}>
                Add link
              </button>
            </div>
          </div>
        </fieldset>
        <div className="actions compact">
          <button type="button" className="primary" onClick={() => void save()}>
            {draft.id === null ? 'Add evaluation question' : 'Save'}
          </button>
          {draft.id !== null ? (
            <>
              <button type="button" onClick={() => void move('up')} aria-keyshortcuts="Alt+ArrowUp" title="Move up (Alt+↑)">
                Move up
              </button>
              <button type="button" onClick={() => void move('down')} aria-keyshortcuts="Alt+ArrowDown" title="Move down (Alt+↓)">
                Move down
              </button>
              <button type="button" onClick={() => onEvidence(draft.id!)}>
                Show the evidence
              </button>
              <button type="button" className="danger" onClick={() => void remove()}>
                Delete
              </button>
            </>
          ) : null}
        </div>
        <StatusMessage message={status} />
      </section>
    </div>
  );
}
