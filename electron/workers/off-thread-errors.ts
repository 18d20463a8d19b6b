/**
 * Errors cross the worker boundary as plain data and come back as the same named classes, so
 * the handlers' located messages (file, line, byte offset) work whether a task ran in the
 * worker or inline.
 */
import { QdaImportError, ZipError } from '../../shared/exchange';
import { JsonImportError } from '../team/json-format';
import { MemberUtf8Error } from './exchange-tasks';

export interface SerialisedError {
  name: string;
  message: string;
  fields: Record<string, unknown>;
}

export function serialiseError(error: unknown): SerialisedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  return { name: error.name, message: error.message, fields: { ...error } };
}

export function reviveError(e: SerialisedError): Error {
  // The fields were read off an error of this very class in the worker.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const f = e.fields as Record<string, any>;
  switch (e.name) {
    case 'QdaImportError':
      return new QdaImportError(f.problem, f.where, f.hint);
    case 'ZipError':
      return new ZipError(e.message, f.entry);
    case 'JsonImportError':
      return new JsonImportError(f.where, f.problem);
    case 'MemberUtf8Error':
      return new MemberUtf8Error(f.file, f.byteOffset);
    default:
      return Object.assign(new Error(e.message), { name: e.name });
  }
}
