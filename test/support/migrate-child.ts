// Child process for the kill-during-migration test: opens (and so upgrades) a project.
import { ProjectStore } from '../../electron/store/project-store';

const [file, passphrase] = process.argv.slice(2) as [string, string];
process.stdout.write('opening\n');
ProjectStore.open(file, passphrase).close();
process.stdout.write('done\n');
