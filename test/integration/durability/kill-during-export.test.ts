/**
 * SIGKILL during an SPSS export: the visible files are a complete export or absent, never a
 * truncated file; what a killed export left hidden is cleaned up by the next one.
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldnote, root, spawnFieldnote } from '../../support/cli';
import { PASS, tempDir } from '../../support/temp';

describe('kill during an export', () => {
  it('leaves complete files or none, and the next export cleans up', async () => {
    const dir = tempDir();
    const env = { FIELDNOTE_PASSPHRASE: PASS, FIELDNOTE_CONFIG_DIR: nodePath.join(dir, 'config') };
    const project = nodePath.join(dir, 'big.fieldnote');
    const seeded = await fieldnote(['dev', 'seed', project, '--schedule', nodePath.join(root, 'resources/schedules/example-evaluation.xlsx'), '--interviews', '400', '--seed', '2', '--words', '20'], env);
    expect(seeded.status, seeded.stderr).toBe(0);
    const reference = nodePath.join(dir, 'reference');
    fs.mkdirSync(reference);
    expect((await fieldnote(['export', 'spss', project, '--out', reference], env)).status).toBe(0);
    const complete = Object.fromEntries(fs.readdirSync(reference).map((name) => [name, fs.readFileSync(nodePath.join(reference, name))]));
    expect(Object.keys(complete).sort()).toEqual(['big-codebook.md', 'big.R', 'big.csv', 'big.sav', 'big.sps']);

    const out = nodePath.join(dir, 'out');
    fs.mkdirSync(out);
    for (const delay of [300, 700, 1000, 1300, 1600, 2000]) {
      for (const name of fs.readdirSync(out)) fs.rmSync(nodePath.join(out, name));
      // The export that is killed runs as a process of its own: the kill is the point.
      const child = spawnFieldnote(['export', 'spss', project, '--out', out], env);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await exited;
      const visible = fs.readdirSync(out).filter((name) => !name.startsWith('.'));
      for (const name of visible) {
        // Complete: the same bytes as an uninterrupted export, but for when it was written (the
        // codebook's date line; the .sav header's creation date and time in its first 176 bytes).
        const bytes = fs.readFileSync(nodePath.join(out, name));
        const expected = complete[name]!;
        if (name.endsWith('.md')) expect(bytes.length, name).toBeGreaterThan(1000);
        else if (name.endsWith('.sav')) expect(bytes.length === expected.length && bytes.subarray(176).equals(expected.subarray(176)), `${name} after a kill at ${delay} ms`).toBe(true);
        else expect(bytes.equals(expected), `${name} after a kill at ${delay} ms`).toBe(true);
      }
      // The next export finishes the job and leaves no hidden leftovers.
      expect((await fieldnote(['export', 'spss', project, '--out', out], env)).status).toBe(0);
      expect(fs.readdirSync(out).sort()).toEqual(['big-codebook.md', 'big.R', 'big.csv', 'big.sav', 'big.sps']);
    }
  }, 180_000);
});
