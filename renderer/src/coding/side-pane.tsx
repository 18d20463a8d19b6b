/** The workbench's lower right pane: the selected code's details, its segments, and the memos. */
import type { ApiOutput } from '../../../shared/api/contract';
import { CodeDetails, type Mutate } from './code-details';
import { CodeSegments } from './code-segments';
import type { CodeNode, CodingRecord } from './coding-basics';
import { MemosPanel } from './memos-panel';
import type { NotePlace } from './note-place';

export const SIDE_TABS = [
  { key: 'details', label: 'Details' },
  { key: 'segments', label: 'Segments' },
  { key: 'memos', label: 'Memos' },
] as const;
export type SideTab = (typeof SIDE_TABS)[number]['key'];

type RecordedAgreement = ApiOutput<'codes.list'>['agreement'];

/** A code's recorded agreement as one line, as the codebook export prints it. */
function agreementOf(recorded: RecordedAgreement | undefined, codeId: string): string | undefined {
  const f = recorded?.codes[codeId];
  if (!recorded || !f) return undefined;
  const n = (v: number | null) => (v === null ? '–' : v.toFixed(3));
  return `κ ${n(f.kappa)}, α ${n(f.alpha)}, ${f.percent === null ? '–' : `${(f.percent * 100).toFixed(1)} %`} over ${f.units} ${recorded.unit === 'answer' ? "question's notes" : 'sentences'} (${recorded.coderA} and ${recorded.coderB}, ${recorded.computedAt.slice(0, 10)})`;
}

export function SidePane({
  tab,
  onTab,
  codes,
  selectedCode,
  agreement,
  mutate,
  version,
  onOpenPlace,
  onSelectCode,
  onOpenInterview,
  interview,
  segment,
  onClearSegment,
}: {
  tab: SideTab;
  onTab: (tab: SideTab) => void;
  codes: CodeNode[];
  selectedCode: CodeNode | null;
  agreement: RecordedAgreement | undefined;
  mutate: Mutate;
  version: number;
  onOpenPlace: (place: NotePlace) => void;
  onSelectCode: (codeId: string | null) => void;
  onOpenInterview: (interviewId: string) => void;
  interview: { id: string; label: string } | null;
  segment: CodingRecord | undefined;
  onClearSegment: () => void;
}) {
  return (
    <section className="pane side-pane" aria-label="Selected code and memos">
      <div role="tablist" aria-label="About the selected code" className="tabs pane-tabs">
        {SIDE_TABS.map((t) => (
          <button key={t.key} type="button" role="tab" aria-selected={tab === t.key} tabIndex={tab === t.key ? 0 : -1} onClick={() => onTab(t.key)}>
            {t.label}
            {t.key === 'segments' && selectedCode ? ` (${selectedCode.codingsWithDescendants})` : ''}
          </button>
        ))}
      </div>
      <div className="pane-scroll" role="tabpanel">
        {tab !== 'memos' && !selectedCode ? <p className="muted">Choose a code in the tree to see its details and segments.</p> : null}
        {tab === 'details' && selectedCode ? (
          <CodeDetails
            key={`${selectedCode.id}:${selectedCode.name}:${selectedCode.color}:${selectedCode.kind}:${selectedCode.definition}:${selectedCode.inclusion}:${selectedCode.exclusion}:${selectedCode.example}`}
            code={selectedCode}
            codes={codes}
            mutate={mutate}
            onSelect={onSelectCode}
            agreement={agreementOf(agreement, selectedCode.id)}
          />
        ) : null}
        {tab === 'segments' && selectedCode ? <CodeSegments code={selectedCode} version={version} onOpenPlace={onOpenPlace} /> : null}
        {tab === 'memos' ? (
          <>
            <MemosPanel
              codes={codes}
              mutate={mutate}
              version={version}
              onOpenPlace={onOpenPlace}
              onSelectCode={(codeId) => {
                onSelectCode(codeId);
                onTab('details');
              }}
              onOpenInterview={onOpenInterview}
              targets={{ code: selectedCode, interview, segment: segment ? { id: segment.id, text: segment.text } : null }}
            />
            {segment ? (
              <p className="muted small">
                Selected segment: “{segment.text.length > 60 ? `${segment.text.slice(0, 60)}…` : segment.text}”{' '}
                <button type="button" className="link" onClick={onClearSegment}>
                  clear
                </button>
              </p>
            ) : null}
          </>
        ) : null}
      </div>
    </section>
  );
}
