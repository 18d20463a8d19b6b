import type { ProjectInfo } from '../../../shared/api/contract';
import { SchedulesSection } from './schedules-section';

export function HomeScreen({ info, onOpenSchedule, onChanged }: { info: ProjectInfo; onOpenSchedule: (id: string) => void; onChanged: () => void }) {
  const counts = Object.entries(info.counts);
  const empty = counts.every(([, n]) => n === 0);
  return (
    <main className="screen" data-screen="home">
      <h1 data-testid="project-title">{info.title}</h1>
      <p className="muted">
        {info.fileName} · created {new Date(info.createdAt).toLocaleDateString()}
        {info.readOnly ? ' · read-only' : ''}
      </p>
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
      <SchedulesSection onOpen={onOpenSchedule} onChanged={onChanged} />
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
