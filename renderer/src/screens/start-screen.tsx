import { useEffect, useState } from 'react';
import type { ProjectFile } from '../../../shared/api/contract';
import { call } from '../api';

export function StartScreen({ onCreate, onOpen }: { onCreate: () => void; onOpen: (file: ProjectFile) => void }) {
  const [recent, setRecent] = useState<ProjectFile[]>([]);
  const [folder, setFolder] = useState<{ dir: string; projects: ProjectFile[] } | null>(null);
  const [path, setPath] = useState('');

  useEffect(() => {
    void call('project.recent', {}).then((r) => setRecent(r.projects)).catch(() => setRecent([]));
    void call('project.browse', {}).then(setFolder).catch(() => setFolder(null));
  }, []);

  const others = (folder?.projects ?? []).filter((p) => !recent.some((r) => r.path === p.path));

  return (
    <main className="screen narrow" data-screen="start">
      <h1>Fieldnote</h1>
      <p className="lead">Interview schedules, live notes and coding, kept in one encrypted project file.</p>
      <div className="actions">
        <button type="button" className="primary" onClick={onCreate} autoFocus>
          New project
        </button>
      </div>

      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading">Recent projects</h2>
        {recent.length === 0 ? (
          <p className="muted">No recent projects.</p>
        ) : (
          <ul className="file-list">
            {recent.map((file) => (
              <li key={file.path}>
                <button type="button" className="link" onClick={() => onOpen(file)}>
                  {file.fileName}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      {others.length > 0 ? (
        <section aria-labelledby="folder-heading">
          <h2 id="folder-heading">In your projects folder</h2>
          <ul className="file-list">
            {others.map((file) => (
              <li key={file.path}>
                <button type="button" className="link" onClick={() => onOpen(file)}>
                  {file.fileName}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="open-heading">
        <h2 id="open-heading">Open another project</h2>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            const trimmed = path.trim();
            if (trimmed) onOpen({ path: trimmed, fileName: trimmed.split(/[\\/]/).pop() ?? trimmed });
          }}
        >
          <label htmlFor="open-path" className="visually-hidden">
            Project file path
          </label>
          <input id="open-path" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/project.fieldnote" />
          <button type="submit">Open</button>
        </form>
        {folder ? <p className="hint">Names without a folder are looked up in {folder.dir}.</p> : null}
      </section>
    </main>
  );
}
