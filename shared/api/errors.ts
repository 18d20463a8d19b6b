/**
 * Errors a user can hit. Each has a stable `code` that crosses the API boundary as a value,
 * and a message written for the evaluator: what happened and what to do. Messages never
 * contain interview content.
 */
export const errorCodes = [
  'invalid_input',
  'wrong_passphrase',
  'weak_passphrase',
  'no_project_open',
  'project_in_use',
  'newer_version',
  'not_a_project',
  'damaged_project',
  'file_exists',
  'not_found',
  'read_only',
  'note_changed',
  'native_module',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface ApiError {
  code: ErrorCode;
  message: string;
}

export class FieldnoteError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}

/** The encrypted database engine (a native module) cannot load in this Node.js or on this machine. */
export class NativeModuleError extends FieldnoteError {
  constructor(cause: string) {
    super(
      'native_module',
      `Fieldnote cannot load its encrypted database engine (better-sqlite3-multiple-ciphers): ${cause}. No project was opened or changed. Use Node.js 22.14 or newer, run npm install again in Fieldnote's folder, and restart Fieldnote.`,
    );
  }
}

export class WrongPassphraseError extends FieldnoteError {
  constructor(fileName: string) {
    super('wrong_passphrase', `Wrong passphrase for ${fileName}. Check the passphrase and try again.`);
  }
}

export class WeakPassphraseError extends FieldnoteError {
  constructor(message: string) {
    super('weak_passphrase', message);
  }
}

export class ProjectInUseError extends FieldnoteError {
  constructor(fileName: string) {
    super(
      'project_in_use',
      `${fileName} is already open in another Fieldnote window or process. Close it there first; one project has one writer at a time.`,
    );
  }
}

export class NewerVersionError extends FieldnoteError {
  constructor(fileName: string, fileVersion: number, appVersion: number) {
    super(
      'newer_version',
      `${fileName} was saved by a newer version of Fieldnote (schema ${fileVersion}; this app knows up to ${appVersion}). Update Fieldnote to open it; the file was left untouched.`,
    );
  }
}

export class NotAProjectError extends FieldnoteError {
  constructor(fileName: string, detail = 'it is not a Fieldnote project') {
    super('not_a_project', `${fileName} cannot be opened: ${detail}.`);
  }
}

export class DamagedProjectError extends FieldnoteError {
  /**
   * `untouched` only when the caller compared the file's hash before and after (it is false when
   * opening had to roll back a journal, say): the message must not promise what was not checked.
   */
  constructor(fileName: string, untouched = true) {
    super(
      'damaged_project',
      untouched
        ? `${fileName} is damaged: some of its pages cannot be read. The file was left untouched; restore a backup or contact your team.`
        : `${fileName} is damaged: some of its pages cannot be read. Opening it changed the file (SQLite tried to recover it); keep a copy of it as it is now, then restore a backup or contact your team.`,
    );
  }
}

export class NoProjectOpenError extends FieldnoteError {
  constructor() {
    super('no_project_open', 'No project is open, or it was locked. Unlock the project and try again.');
  }
}

export class NotFoundError extends FieldnoteError {
  constructor(what: string) {
    super('not_found', `${what} was not found.`);
  }
}

/**
 * A note saved as changed blocks, but the services' copy is not the one the editor last saw
 * acknowledged (a save failed half-way, or coding or a merge rewrote the note). Nothing was
 * saved; the editor sends the whole note instead, so no text is lost.
 */
export class NoteChangedError extends FieldnoteError {
  constructor() {
    super('note_changed', 'The stored note is not the version this editor last saved. Nothing was saved; the editor sends the whole note again.');
  }
}

export class FileExistsError extends FieldnoteError {
  constructor(fileName: string) {
    super('file_exists', `${fileName} already exists. Choose another name or open the existing project.`);
  }
}

export class InvalidInputError extends FieldnoteError {
  constructor(message: string) {
    super('invalid_input', message);
  }
}
