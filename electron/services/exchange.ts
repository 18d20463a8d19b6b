/**
 * API handlers for exchanging work with other tools: REFI-QDA (.qdpx project, .qdc codebook) and
 * JSON. The formats are in shared/exchange and electron/team; this file turns their errors into
 * located `invalid_input` messages. Reading and writing files runs off the thread that serves
 * calls (electron/workers); only the database work stays on it.
 */
import nodePath from 'node:path';
import type { Handlers } from '../../shared/api/dispatch';
import { InvalidInputError } from '../../shared/api/errors';
import { QdaImportError, ZipError, encodeUtf8 } from '../../shared/exchange';
import { MemberUtf8Error } from '../workers/exchange-tasks';
import { runOffThread } from '../workers/off-thread';
import { PROJECT_EXTENSION } from '../store/project-store';
import { buildJsonExport, importJson } from '../team/json-exchange';
import { JsonImportError } from '../team/json-format';
import { exportQdc, exportQdpx, importCodebook, importReadProject, previewCodebook } from '../team/refi-qda';
import type { ServiceContext } from './context';

type ExchangeMethods = Pick<
  Handlers,
  'exchange.exportQdpx' | 'exchange.exportQdc' | 'exchange.previewQdc' | 'exchange.importQdc' | 'exchange.importQdpx' | 'exchange.exportJson' | 'exchange.importJson'
>;

/** A problem in a file the user brought, as a message that says where. */
export function exchangeError(error: unknown): unknown {
  if (error instanceof QdaImportError) return new InvalidInputError(`The file could not be imported: ${error.message}. Nothing was changed.`);
  if (error instanceof JsonImportError) return new InvalidInputError(`The JSON could not be imported: ${error.message}. Nothing was changed.`);
  if (error instanceof ZipError) return new InvalidInputError(`The file is not a readable ZIP archive (${error.entry ? `${error.entry}: ` : ''}${error.message}). Nothing was changed.`);
  if (error instanceof MemberUtf8Error) return new InvalidInputError(`The file could not be imported: ${error.file} is not valid UTF-8 at byte ${error.byteOffset}. Re-save it as UTF-8 and try again. Nothing was changed.`);
  return error;
}

async function guardAsync<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw exchangeError(error);
  }
}

const fromBase64 = (data: string) => new Uint8Array(Buffer.from(data, 'base64'));
const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

export function exchangeHandlers(ctx: Pick<ServiceContext, 'project' | 'writable' | 'deviceId'>): ExchangeMethods {
  const writable = () => ctx.writable();
  const baseName = () => nodePath.basename(ctx.project.path, PROJECT_EXTENSION);

  return {
    'exchange.exportQdpx': async () => {
      const { bytes, summary } = await exportQdpx(ctx.project.db, ctx.project.getMeta('title') ?? baseName(), (project) => runOffThread('writeQdpx', project));
      return { fileName: `${baseName()}.qdpx`, dataBase64: toBase64(bytes), summary };
    },
    'exchange.exportQdc': () => {
      const { xml, summary } = exportQdc(ctx.project.db);
      return { fileName: `${baseName()}-codebook.qdc`, dataBase64: toBase64(encodeUtf8(xml)), summary };
    },
    'exchange.previewQdc': ({ fileName, dataBase64 }) =>
      guardAsync(async () => {
        const { codebook, warnings } = await runOffThread('readQdc', fromBase64(dataBase64), fileName);
        return previewCodebook(ctx.project.db, codebook, warnings);
      }),
    'exchange.importQdc': ({ fileName, dataBase64, initials }) =>
      guardAsync(async () => {
        const db = writable().db;
        const { codebook, warnings } = await runOffThread('readQdc', fromBase64(dataBase64), fileName);
        return importCodebook(db, codebook, warnings, initials, ctx.deviceId);
      }),
    'exchange.importQdpx': ({ dataBase64, initials }) =>
      guardAsync(async () => {
        const db = writable().db;
        const { project, warnings } = await runOffThread('readQdpx', fromBase64(dataBase64));
        return importReadProject(db, project, warnings, initials, ctx.deviceId);
      }),
    'exchange.exportJson': async () => {
      const files = buildJsonExport(ctx.project.db, ctx.project.getMeta('title') ?? baseName());
      const zip = await runOffThread('writeZip', Object.entries(files).map(([name, content]) => ({ name, data: encodeUtf8(content) })));
      return { fileName: `${baseName()}-json.zip`, dataBase64: toBase64(zip), interviews: Object.keys(files).length - 1 };
    },
    'exchange.importJson': ({ fileName, dataBase64 }) =>
      guardAsync(async () => {
        const db = writable().db;
        const files = await runOffThread('readJsonZip', fromBase64(dataBase64), fileName);
        return importJson(db, files, ctx.deviceId);
      }),
  };
}
