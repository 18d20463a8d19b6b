/**
 * The CPU-heavy, database-free halves of imports and exports: unzipping, decoding, parsing and
 * checking files, and building XML and ZIP bytes. They run in a worker thread
 * (exchange-worker.ts, started by off-thread.ts) so a large file never stalls the thread that
 * serves the UI; what touches the project database stays on that thread, because the project is
 * open with exclusive locking and one connection.
 */
import { decodeUtf8, readQdc, readQdpx, readZip, Utf8Error, writeQdpx, writeZip, type QdaCodebook, type QdaProject } from '../../shared/exchange';
import { QDA_LIMITS } from '../team/refi-qda';

/** A member of an imported archive that is not UTF-8: where, so the message can say it. */
export class MemberUtf8Error extends Error {
  constructor(
    readonly file: string,
    readonly byteOffset: number,
  ) {
    super(`${file}: invalid UTF-8 at byte ${byteOffset}`);
    this.name = 'MemberUtf8Error';
  }
}

export const exchangeTasks = {
  async readQdpx(bytes: Uint8Array): Promise<{ project: QdaProject; warnings: string[] }> {
    const warnings: string[] = [];
    const project = await readQdpx(bytes, { onWarning: (w) => warnings.push(w.message), limits: QDA_LIMITS });
    return { project, warnings };
  },
  async readQdc(bytes: Uint8Array, fileName: string): Promise<{ codebook: QdaCodebook; warnings: string[] }> {
    const warnings: string[] = [];
    const codebook = readQdc(bytes, { fileName, onWarning: (w) => warnings.push(w.message), limits: QDA_LIMITS });
    return { codebook, warnings };
  },
  /** The members of a JSON export .zip as text, each checked to be UTF-8. */
  async readJsonZip(bytes: Uint8Array, fileName: string): Promise<Record<string, string>> {
    const files: Record<string, string> = {};
    for (const entry of readZip(bytes)) {
      if (entry.name.endsWith('/')) continue;
      const data = await entry.read();
      try {
        files[entry.name] = decodeUtf8(data);
      } catch (error) {
        if (error instanceof Utf8Error) throw new MemberUtf8Error(`${fileName}: ${entry.name}`, error.byteOffset);
        throw error;
      }
    }
    return files;
  },
  writeQdpx(project: QdaProject): Promise<Uint8Array> {
    return writeQdpx(project);
  },
  writeZip(files: { name: string; data: Uint8Array }[]): Promise<Uint8Array> {
    return writeZip(files, { compression: 'deflate' });
  },
};

export type ExchangeTasks = typeof exchangeTasks;
export type ExchangeTask = keyof ExchangeTasks;
