/** SQLite's error codes as errors a user can act on. */
import { DamagedProjectError, FieldnoteError, NotAProjectError, ProjectInUseError, WrongPassphraseError } from '../../shared/api/errors';

/** Turns SQLite's error codes into errors a user can act on; anything else passes through. */
export function translateSqliteError(error: unknown, fileName: string): unknown {
  if (error instanceof FieldnoteError) return error;
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'SQLITE_NOTADB':
      return new WrongPassphraseError(fileName);
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new ProjectInUseError(fileName);
    case 'SQLITE_CORRUPT':
      return new DamagedProjectError(fileName);
    case 'SQLITE_CANTOPEN':
      return new NotAProjectError(fileName, 'the file cannot be read (check that it exists and you may read it)');
    case 'SQLITE_FULL':
      return new FieldnoteError('internal', `The disk holding ${fileName} is full. Nothing was saved by this step; free some space and try again.`);
    case 'SQLITE_READONLY':
      return new FieldnoteError('read_only', `${fileName} cannot be written here. Open it read-only or save a copy in another folder.`);
    default:
      return error;
  }
}
