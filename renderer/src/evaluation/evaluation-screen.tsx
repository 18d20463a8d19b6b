/**
 * The evaluation: the matrix of evaluation questions, the evidence for each, and the rapid
 * qualitative analysis grid, as three tabs of one screen.
 */
import { useCallback, useEffect, useState } from 'react';
import { call } from '../api';
import { ErrorMessage } from '../components/form';
import { messageOf } from '../coding/coding-basics';
import { EvidenceView } from './evidence-view';
import { MatrixEditor, type Matrix } from './matrix-editor';
import { RqaGrid } from './rqa-grid';
import { useNavigation, useOpenPlace } from '../navigation';

export type EvaluationTab = 'matrix' | 'evidence' | 'rqa';
const TABS: { tab: EvaluationTab; label: string }[] = [
  { tab: 'matrix', label: 'Matrix' },
  { tab: 'evidence', label: 'Evidence' },
  { tab: 'rqa', label: 'Rapid analysis' },
];

export function EvaluationScreen() {
  const { open } = useNavigation();
  const onOpenPlace = useOpenPlace();
  const [tab, setTab] = useState<EvaluationTab>('matrix');
  const [matrix, setMatrix] = useState<Matrix | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (selectId?: string) => {
    try {
      const loaded = await call('evaluation.matrix', {});
      setMatrix(loaded);
      setSelected((current) => selectId ?? (loaded.questions.some((q) => q.id === current) ? current : (loaded.questions[0]?.id ?? null)));
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, []);
  useEffect(() => void load(), [load]);

  return (
    <main className="screen wide evaluation-screen" data-screen="evaluation">
      <div className="screen-head">
        <h1>Evaluation</h1>
        <div className="actions compact">
          <button type="button" onClick={() => open({ name: 'home' })}>
            Project home
          </button>
        </div>
      </div>
      <div className="tabs" role="tablist" aria-label="Evaluation">
        {TABS.map((t) => (
          <button
            key={t.tab}
            type="button"
            role="tab"
            id={`evaluation-tab-${t.tab}`}
            aria-selected={tab === t.tab}
            aria-controls={`evaluation-panel-${t.tab}`}
            tabIndex={tab === t.tab ? 0 : -1}
            className={tab === t.tab ? 'tab selected' : 'tab'}
            onClick={() => setTab(t.tab)}
            onKeyDown={(e) => {
              const at = TABS.findIndex((x) => x.tab === tab);
              const next = e.key === 'ArrowRight' ? TABS[(at + 1) % TABS.length] : e.key === 'ArrowLeft' ? TABS[(at + TABS.length - 1) % TABS.length] : undefined;
              if (next) {
                e.preventDefault();
                setTab(next.tab);
                document.getElementById(`evaluation-tab-${next.tab}`)?.focus();
              }
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      <ErrorMessage message={error} />
      <div role="tabpanel" id={`evaluation-panel-${tab}`} aria-labelledby={`evaluation-tab-${tab}`}>
        {matrix === null ? null : tab === 'matrix' ? (
          <MatrixEditor
            matrix={matrix}
            onChanged={load}
            onEvidence={(id) => {
              setSelected(id);
              setTab('evidence');
            }}
          />
        ) : tab === 'evidence' ? (
          <EvidenceView questions={matrix.questions} selectedId={selected} onSelect={setSelected} onOpenPlace={onOpenPlace} />
        ) : (
          <RqaGrid onOpenPlace={onOpenPlace} />
        )}
      </div>
    </main>
  );
}
