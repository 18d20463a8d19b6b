/**
 * REFI-QDA import: readQdc (.qdc codebook, section 5.2) and readQdpx (.qdpx project, sections
 * 5.3 and 8), accepting what other tools write:
 * - the namespace as default or via any prefix (or, with a warning, none or another version);
 * - GUIDs in upper or lower case or braces (canonicalised to lower case, see guid.ts);
 * - text as inline PlainTextContent or plainTextPath="internal://…" under sources/ or Sources/
 *   (any case; section 8.1 says 'sources'), or at the archive root;
 * - optional parts missing, elements out of schema order;
 * - a UTF-8 BOM and CRLF line endings in text sources: removed / turned into LF, with selection
 *   positions moved so they cover the same text (see text/line-endings.ts and `crlfPositions`).
 *
 * Required structure that is missing or wrong (a required attribute, a Coding without CodeRef, a
 * coding of an unknown code, positions past the end or start > end, duplicate GUIDs) throws
 * QdaImportError with the file, element path, line and attribute, and a hint. Data the model does
 * not carry (pictures, PDFs, audio, video, links, graphs, source-level codings) is skipped and
 * reported through `onWarning` (section 7: the importing software should tell the user).
 *
 * The steps: read-context.ts (options, limits, located errors), read-codebook.ts (codes, .qdc),
 * read-project.ts (the project's parts and references), read-sources.ts (texts, selections,
 * codings, notes, cases), read-state.ts (what they share).
 */
import { readZip, type ZipEntry } from '../zip/zip';
import { QdaImportError, type QdaProject } from './model';
import { asImportError, decodeXml, type ArchiveFiles, type QdaReadOptions } from './read-context';
import { readProjectXml } from './read-project';

export type { QdaLimits, QdaReadOptions } from './read-context';
export { readQdc } from './read-codebook';

function indexArchive(entries: readonly ZipEntry[], base: string): ArchiveFiles {
  const byLower = new Map<string, ZipEntry>();
  const exact = new Map<string, ZipEntry>();
  for (const e of entries) {
    if (e.isDirectory || !e.name.startsWith(base)) continue;
    const rel = e.name.slice(base.length).replace(/^\.\//, '');
    exact.set(rel, e);
    if (!byLower.has(rel.toLowerCase())) byLower.set(rel.toLowerCase(), e);
  }
  return {
    find(name: string) {
      const names = [name];
      try {
        const decoded = decodeURIComponent(name);
        if (decoded !== name) names.push(decoded);
      } catch {
        // keep the raw name
      }
      for (const n of names) {
        const clean = n.replace(/^\/+/, '');
        for (const candidate of [`sources/${clean}`, `Sources/${clean}`, clean]) {
          const hit = exact.get(candidate) ?? byLower.get(candidate.toLowerCase());
          if (hit) return { entry: hit, path: hit.name };
        }
      }
      return undefined;
    },
  };
}

/** Reads a .qdpx archive (section 8). */
export async function readQdpx(bytes: Uint8Array, options: QdaReadOptions = {}): Promise<QdaProject> {
  let file = '(zip)';
  try {
    const entries = readZip(bytes, options.zipLimits);
    // project.qde at the root (any case); else one .qde at the root; else one folder down.
    const files = entries.filter((e) => !e.isDirectory);
    const qde =
      files.find((e) => e.name === 'project.qde') ??
      files.find((e) => e.name.toLowerCase() === 'project.qde') ??
      single(files.filter((e) => !e.name.includes('/') && e.name.toLowerCase().endsWith('.qde'))) ??
      single(files.filter((e) => /^[^/]+\/project\.qde$/i.test(e.name)));
    if (!qde) {
      throw new QdaImportError('the archive has no project.qde', { file: '(zip)' }, 'this is not a REFI-QDA project (.qdpx); export the project again as REFI-QDA / QDPX');
    }
    const base = qde.name.includes('/') ? qde.name.slice(0, qde.name.lastIndexOf('/') + 1) : '';
    file = qde.name;
    const xml = decodeXml(await qde.read(), file);
    const archive = indexArchive(entries, base);
    return await readProjectXml(xml, file, archive, options);
  } catch (err) {
    throw asImportError(err, file);
  }
}

function single<T>(xs: readonly T[]): T | undefined {
  return xs.length === 1 ? xs[0] : undefined;
}

/**
 * Reads a bare project.qde (string). Sources given by plainTextPath cannot be resolved without the
 * archive, so this accepts inline PlainTextContent only; use readQdpx for complete projects.
 */
export async function readQde(xml: string, options: QdaReadOptions = {}): Promise<QdaProject> {
  try {
    return await readProjectXml(xml, 'project.qde', { find: () => undefined }, options);
  } catch (err) {
    throw asImportError(err, 'project.qde');
  }
}

