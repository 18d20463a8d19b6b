/** What the steps of reading one REFI-QDA project share while they walk it. */
import type { QdaCase, QdaProject, QdaVariable } from './model';
import type { ArchiveFiles, Ctx, Located, PendingRef } from './read-context';

/** A reference into a case's or set's member list, resolved once everything is read. */
export interface Member {
  list: string[];
  guid: string;
  at: Located;
  kinds: 'code' | 'source' | 'selection' | 'note';
}

export interface ProjectState {
  readonly ctx: Ctx;
  readonly file: string;
  readonly archive: ArchiveFiles;
  /** Whether a CR in CRLF text counts as a code point in selection positions. */
  readonly crCounts: boolean;
  readonly project: QdaProject;
  readonly codeIndex: Map<string, Located>;
  readonly noteRefs: PendingRef[];
  readonly codeRefs: PendingRef[];
  /** Every GUID read so far (one GUID space for all objects), where it was. */
  readonly seen: Map<string, Located>;
  /** GUIDs of objects not imported (non-text sources and what they hold), so references to them say why they went. */
  readonly skipped: Set<string>;
  readonly variablesByGuid: Map<string, QdaVariable>;
  readonly pendingCaseVars: { c: QdaCase; vv: Located }[];
  readonly members: Member[];
  /** Text loading, run after the whole XML is read (it may read from the archive). */
  readonly textJobs: (() => Promise<void>)[];
}

/** Records a GUID; the same GUID twice breaks the project. */
export function claim(st: ProjectState, guid: string, at: Located): void {
  const prev = st.seen.get(guid);
  if (prev) st.ctx.fail(at, `GUID ${guid} is used twice (also at ${prev.path})`, 'every object needs its own GUID', 'guid');
  st.seen.set(guid, at);
}

/** A targetGUID reference, checked once everything is read. */
export function pushRef(ctx: Ctx, list: PendingRef[], at: Located): string {
  const g = ctx.targetGuid(at);
  list.push({ guid: g, at, attribute: 'targetGUID' });
  return g;
}
