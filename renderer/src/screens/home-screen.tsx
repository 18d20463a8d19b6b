import type { ProjectInfo } from '../../../shared/api/contract';
import { FlaggedTermsSection, InterviewsSection } from '../interviews/home-sections';
import { SaveCopyForm } from './save-copy';
import { SchedulesSection } from './schedules-section';
import { ExchangePanel } from '../team/exchange-panel';
import { MergePanel } from '../team/merge-panel';
import { useNavigation } from '../navigation';

export function HomeScreen({ info, onChanged }: { info: ProjectInfo; onChanged: () => void }) {
  const { open } = useNavigation();
  const counts = Object.entries(info.counts);
  const empty = counts.every(([, n]) => n === 0);
  return (
    <main className="screen" data-screen="home">
      <h1 data-testid="project-title">{info.title}</h1>
      <p className="muted">
        {info.fileName} · created {new Date(info.createdAt).toLocaleDateString()}
        {info.readOnly ? ' · read-only' : ''}
      </p>
      {info.readOnly ? (
        <section className="banner" role="status" aria-labelledby="read-only-heading" data-testid="read-only-banner">
          <h2 id="read-only-heading">Read-only</h2>
          <p>This project's file or its folder cannot be written (a read-only folder, disk or USB stick). You can read everything; to change it, save a copy somewhere you can write.</p>
          <SaveCopyForm fileName={info.fileName} />
        </section>
      ) : null}
      <section aria-labelledby="contents-heading">
        <h2 id="contents-heading">In this project</h2>
        {empty ? (
          <p data-testid="project-empty">This project holds no schedules or interviews yet.</p>
        ) : (
          <dl className="counts">
            {counts.map(([what, n]) => (
              <div key={what}>
                <dt>{what}</dt>
                <dd>{n}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>
      <InterviewsSection count={info.counts.interviews ?? 0} onNew={() => open({ name: 'intake' })} onList={() => open({ name: 'interviews' })} />
      <section aria-labelledby="statistics-heading">
        <h2 id="statistics-heading">Statistics</h2>
        <p>Frequency tables and crosstabs of the answers, the sample table for the report, and the files for SPSS.</p>
        <div className="actions compact">
          <button type="button" onClick={() => open({ name: 'statistics' })}>
            Open statistics
          </button>
        </div>
      </section>
      <section aria-labelledby="coding-heading">
        <h2 id="coding-heading">Coding and analysis</h2>
        <p>Code the interview notes the grounded-theory way, compare and relate the codes, and build the quote bank for the report.</p>
        <div className="actions compact">
          <button type="button" onClick={() => open({ name: 'coding' })}>
            Code the notes
          </button>
          <button type="button" onClick={() => open({ name: 'analysis' })}>
            Analysis
          </button>
          <button type="button" onClick={() => open({ name: 'quotes' })}>
            Quotes and codebook
          </button>
          <button type="button" onClick={() => open({ name: 'agreement' })}>
            Second coder and agreement
          </button>
        </div>
      </section>
      <section aria-labelledby="evaluation-heading">
        <h2 id="evaluation-heading">Evaluation matrix</h2>
        <p>Evaluation questions by criterion, linked to the schedule and the codes: for each, who spoke to it, the numbers, themes, quotes and gaps, and a report to edit.</p>
        <div className="actions compact">
          <button type="button" onClick={() => open({ name: 'evaluation' })}>
            Open the evaluation matrix
          </button>
        </div>
      </section>
      <SchedulesSection onOpen={(scheduleId) => open({ name: 'designer', scheduleId })} onChanged={onChanged} />
      <FlaggedTermsSection />
      {info.readOnly ? null : <ExchangePanel onChanged={onChanged} />}
      {info.readOnly ? null : <MergePanel onChanged={onChanged} />}
      <section aria-labelledby="safety-heading">
        <h2 id="safety-heading">Keeping it safe</h2>
        <p>
          Everything in this project is encrypted on disk. Lock it (Ctrl+L) whenever you step away; it also locks itself after a while without
          activity.
        </p>
      </section>
    </main>
  );
}
