// Child process for the kill-during-rekey test: flips the passphrase between two values forever.
import { ProjectStore } from '../../electron/store/project-store';

const [file, a, b] = process.argv.slice(2) as [string, string, string];
let current = a;
for (;;) {
  const next = current === a ? b : a;
  const store = ProjectStore.open(file, current);
  store.changePassphrase(current, next);
  store.close();
  current = next;
  process.stdout.write('.');
}
