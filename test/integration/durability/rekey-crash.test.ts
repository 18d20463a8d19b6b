import { spawn } from 'node:child_process';
import fs from 'node:fs';
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectStore } from '../../../electron/store/project-store';
import { OTHER_PASS, PASS, tempDir } from '../../support/temp';

const root = nodePath.resolve(import.meta.dirname, '../../..');

function opensWith(file: string): string[] {
  const works: string[] = [];
  for (const pass of [PASS, OTHER_PASS]) {
    try {
      const store = ProjectStore.open(file, pass);
      expect(store.getMeta('marker')).toBe('still here');
      store.close();
      works.push(pass);
    } catch (error) {
      expect((error as { code?: string }).code).toBe('wrong_passphrase');
    }
  }
  return works;
}

describe('rekey is crash-safe', () => {
  it('after SIGKILL at any moment the file opens with the old or the new passphrase, never neither', async () => {
    const dir = tempDir();
    const file = nodePath.join(dir, 'crash.fieldnote');
    const store = ProjectStore.create(file, PASS, { title: 'Crash test' });
    store.setMeta('marker', 'still here');
    store.close();

    const delays = [150, 400, 650, 900, 1200, 1500, 1800, 2300];
    let rekeysSeen = 0;
    let current = PASS;
    for (const delay of delays) {
      const next = current === PASS ? OTHER_PASS : PASS;
      const child = spawn(process.execPath, ['--import', 'tsx', nodePath.join(root, 'test/support/rekey-loop.ts'), file, current, next], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      let dots = 0;
      child.stdout.on('data', (chunk: Buffer) => (dots += chunk.length));
      // tsx start-up takes ~0.7 s, and the first passphrase check loads zxcvbn's dictionaries (~0.2 s, more on a loaded machine).
      await new Promise((resolve) => setTimeout(resolve, delay + 1500));
      child.kill('SIGKILL');
      const code = await exited;
      expect(code, 'the loop must still be running when killed').toBeNull();
      rekeysSeen += dots;
      const works = opensWith(file);
      expect(works.length, `after a kill at ${delay} ms`).toBe(1);
      current = works[0]!;
      // Leftover temp copies are removed by the next open.
      expect(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    }
    expect(rekeysSeen).toBeGreaterThan(0);
  }, 120_000);
});
