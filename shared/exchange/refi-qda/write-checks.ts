/**
 * The checks a REFI-QDA export makes before it writes: GUID syntax, uniqueness and references
 * (GuidRegistry), xsd:dateTime values, RGB colours, code nesting depth, and characters XML
 * cannot hold, each as a QdaExportError naming the model path.
 */
import { XmlWriteError } from '../xml/xml-writer';
import { canonicalGuid } from './guid';
import { canonicalColor, isXsdDateTime } from './values';
import { QdaExportError, type QdaCode } from './model';

const MAX_CODE_DEPTH = 200;

export type Kind = 'user' | 'code' | 'variable' | 'case' | 'source' | 'selection' | 'coding' | 'note' | 'set';

/** Collects GUIDs (canonical) with their kind and model path; rejects bad syntax and duplicates. */
export class GuidRegistry {
  private readonly byGuid = new Map<string, { kind: Kind; path: string }>();

  add(kind: Kind, value: unknown, path: string): string {
    const g = guidAt(value, path);
    const prev = this.byGuid.get(g);
    if (prev) throw new QdaExportError(`GUID ${g} is already used by ${prev.path}`, path);
    this.byGuid.set(g, { kind, path });
    return g;
  }

  ref(kinds: readonly Kind[], value: unknown, path: string): string {
    const g = guidAt(value, path);
    const hit = this.byGuid.get(g);
    if (!hit || !kinds.includes(hit.kind)) throw new QdaExportError(`refers to ${g}, which is not a ${kinds.join(' or ')} in the project`, path);
    return g;
  }
}

export function guidAt(value: unknown, path: string): string {
  const g = typeof value === 'string' ? canonicalGuid(value) : null;
  if (g === null) throw new QdaExportError(`${JSON.stringify(value)} is not a GUID (8-4-4-4-12 hexadecimal digits)`, path);
  return g;
}

export function optGuid(value: string | undefined, path: string): string | undefined {
  return value === undefined ? undefined : guidAt(value, path);
}

export function optDateTime(value: string | undefined, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !isXsdDateTime(value)) throw new QdaExportError(`${JSON.stringify(value)} is not an xsd:dateTime such as 2024-03-01T09:30:00Z`, path);
  return value;
}

export function str(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new QdaExportError('must be a string', path);
  return value;
}

export function color(value: string | undefined, path: string): string | undefined {
  if (value === undefined) return undefined;
  const c = typeof value === 'string' ? canonicalColor(value) : null;
  if (c === null) throw new QdaExportError(`${JSON.stringify(value)} is not a colour like #RRGGBB`, path);
  return c;
}

export function walkCodes(codes: readonly QdaCode[], path: string, depth: number, visit: (code: QdaCode, path: string) => void): void {
  if (depth > MAX_CODE_DEPTH) throw new QdaExportError(`codes are nested deeper than ${MAX_CODE_DEPTH} levels`, path);
  codes.forEach((c, i) => {
    const p = `${path}[${i}]`;
    visit(c, p);
    walkCodes(c.children ?? [], `${p}.children`, depth + 1, visit);
  });
}

export function withXmlErrors<T>(path: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof XmlWriteError) throw new QdaExportError(`${err.message} (text ${JSON.stringify(err.value.slice(0, 40))})`, path);
    throw err;
  }
}
