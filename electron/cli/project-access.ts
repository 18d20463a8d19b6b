/** Opening a project from the command line: the passphrase from the environment or a prompt. */
import nodePath from 'node:path';
import { AppConfig, defaultConfigDir } from '../services/app-config';
import { ProjectStore } from '../store/project-store';
import { readPassphrase } from './io';

export interface CliProject {
  store: ProjectStore;
  deviceId: string;
}

/** Opens PROJECT, runs `work`, and always closes it. */
export async function withProject<T>(file: string, work: (project: CliProject) => Promise<T> | T, options: { readOnly?: boolean } = {}): Promise<T> {
  const passphrase = await readPassphrase('FIELDNOTE_PASSPHRASE', 'Passphrase: ');
  const store = ProjectStore.open(nodePath.resolve(file), passphrase, options);
  try {
    return await work({ store, deviceId: new AppConfig(defaultConfigDir()).deviceId });
  } finally {
    store.close();
  }
}
