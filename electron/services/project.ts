/** API handlers of the project itself: create, open, lock and unlock, rekey, copy, destroy; app settings and auto-lock. */
import fs from 'node:fs';
import nodePath from 'node:path';
import type { Handlers } from '../../shared/api/dispatch';
import { InvalidInputError, WeakPassphraseError } from '../../shared/api/errors';
import { checkPassphrase } from '../../shared/api/passphrase';
import { SCHEMA_VERSION } from '../store/migrations';
import { PROJECT_EXTENSION } from '../store/project-store';
import type { ProjectContext } from './context';

type ProjectMethods = Pick<
  Handlers,
  | 'app.info'
  | 'project.recent'
  | 'project.browse'
  | 'project.create'
  | 'project.open'
  | 'project.unlock'
  | 'project.lock'
  | 'project.close'
  | 'project.status'
  | 'project.info'
  | 'project.setTitle'
  | 'project.changePassphrase'
  | 'project.saveCopy'
  | 'project.destroy'
  | 'settings.get'
  | 'settings.set'
  | 'session.activity'
>;

function listProjects(dir: string): { fileName: string; path: string }[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith(PROJECT_EXTENSION))
      .map((e) => ({ fileName: e.name, path: nodePath.join(dir, e.name) }))
      .sort((a, b) => a.fileName.localeCompare(b.fileName));
  } catch {
    return [];
  }
}

export function projectHandlers(ctx: ProjectContext): ProjectMethods {
  return {
    'app.info': () => ({ mode: ctx.app.mode, appVersion: ctx.app.appVersion, schemaVersion: SCHEMA_VERSION, projectsDir: ctx.app.projectsDir }),
    'project.recent': () => ({ projects: ctx.config.recent.map((path) => ({ fileName: nodePath.basename(path), path })) }),
    'project.browse': () => ({ dir: ctx.app.projectsDir, projects: listProjects(ctx.app.projectsDir) }),
    'project.create': ({ path, title, passphrase, passphraseConfirm }) => {
      if (passphrase !== passphraseConfirm) throw new InvalidInputError('The two passphrases differ. Type the same passphrase twice.');
      return ctx.create(path, title, passphrase);
    },
    'project.open': ({ path, passphrase, readOnly }) => ctx.reopen(ctx.resolveProjectPath(path), passphrase, readOnly),
    'project.unlock': ({ passphrase }) => ctx.unlock(passphrase),
    'project.lock': () => ctx.lock('user'),
    'project.close': () => {
      ctx.close();
      return ctx.status();
    },
    'project.status': () => ctx.status(),
    'project.info': () => ctx.project.info(),
    'project.setTitle': ({ title }) => {
      ctx.project.setMeta('title', title);
      return ctx.project.info();
    },
    'project.changePassphrase': ({ current, next, nextConfirm, oldBackups }) => {
      if (next !== nextConfirm) throw new InvalidInputError('The two new passphrases differ. Type the same passphrase twice.');
      const check = checkPassphrase(next);
      if (!check.ok) throw new WeakPassphraseError(check.hint);
      return ctx.changePassphrase(current, next, oldBackups);
    },
    'project.saveCopy': ({ path }) => {
      const target = ctx.resolveProjectPath(path);
      ctx.project.saveCopy(target);
      return { fileName: nodePath.basename(target), path: target };
    },
    'project.destroy': ({ confirmTitle }) => {
      const store = ctx.project;
      const title = store.getMeta('title') ?? '';
      if (confirmTitle.trim() !== title.trim()) {
        throw new InvalidInputError(`Type the project's title exactly ("${title}") to destroy it. Nothing was deleted.`);
      }
      if (store.readOnly) throw new InvalidInputError(`${store.fileName} is read-only here; it cannot be deleted from this folder.`);
      return { deleted: ctx.destroy() };
    },
    'settings.get': () => ctx.config.settings,
    'settings.set': (settings) => {
      const saved = ctx.config.setSettings(settings);
      ctx.touch();
      return saved;
    },
    'session.activity': () => {
      ctx.touch();
      return { lockInSeconds: ctx.lockInSeconds() };
    },
  };
}
