/** Shown on the unlock screen when the project file is damaged: restore its newest backup. */
import type { ProjectInfo } from '../../../shared/api/contract';
import { call } from '../api';
import { ErrorMessage } from '../components/form';
import { useAction } from '../use-async';

export function RestoreDamaged({ path, passphrase, onRestored }: { path: string | undefined; passphrase: string; onRestored: (info: ProjectInfo) => void }) {
  const { busy, error, run } = useAction();
  return (
    <div className="notice" role="alert" data-testid="restore-damaged">
      <p>This project file is damaged. You can replace it with its newest backup that opens with this passphrase. The damaged file is kept beside it, renamed “….damaged-DATE”, and is not changed.</p>
      <button
        type="button"
        className="primary"
        disabled={busy || passphrase === ''}
        onClick={() => void run(async () => onRestored((await call('backups.restoreDamaged', { ...(path ? { path } : {}), passphrase })).info))}
      >
        Restore the latest backup
      </button>
      <ErrorMessage message={error} />
    </div>
  );
}
