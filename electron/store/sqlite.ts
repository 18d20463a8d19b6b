/**
 * The one place that constructs a SQLite connection. better-sqlite3 loads its native binding
 * the first time a connection is made; when that fails (a Node.js it was not built for, another
 * processor architecture, a damaged install) the error is Node's own ("was compiled against a
 * different Node.js version", "Could not locate the bindings file"), and without this wrapper it
 * reached the user as "Something went wrong". Here it becomes a NativeModuleError naming the
 * cause and the fix, the request is answered, and the host stays up.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { NativeModuleError } from '../../shared/api/errors';

export type SqliteDatabase = Database.Database;

let bindingLoaded = false;

/** Opens `file` (or `:memory:`); throws NativeModuleError when the binding cannot load. */
export function openSqlite(file: string, options?: Database.Options): SqliteDatabase {
  if (!bindingLoaded) {
    let probe: SqliteDatabase;
    try {
      probe = new Database(':memory:');
    } catch (error) {
      throw new NativeModuleError(bindingProblem(error));
    }
    probe.close();
    bindingLoaded = true;
  }
  return new Database(file, options);
}

function bindingProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/NODE_MODULE_VERSION/.test(message)) return 'it was built for another version of Node.js';
  if (/wrong ELF class|not a valid Win32 application|mach-o|incompatible architecture/i.test(message)) return 'it was built for another processor architecture';
  if (/Could not locate the bindings file|Cannot find module|ENOENT/.test(message)) return 'its compiled file is missing';
  return 'the operating system refused to load it';
}
