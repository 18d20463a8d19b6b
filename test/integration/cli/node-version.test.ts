/**
 * A newcomer whose Node.js is too old learns it from the first command, with what to do, and
 * nothing starts (issue 22). Forced with FIELDNOTE_PRETEND_NODE_VERSION on this Node; where the
 * machine also has a real older Node (Debian's /usr/bin/node is 20), that is run too.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp';

const root = nodePath.resolve(import.meta.dirname, '../../..');
const entryPoints = ['scripts/start.mjs', 'scripts/web.mjs', 'bin/fieldnote.mjs'];

function run(node: string, args: string[], env: Record<string, string> = {}, cwd = root) {
  const result = spawnSync(node, args, { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const olderNode = ['/usr/bin/node', '/usr/local/bin/node'].find((candidate) => {
  if (!fs.existsSync(candidate)) return false;
  const version = spawnSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
  const [major, minor] = version.split('.').map(Number);
  return major! < 22 || (major === 22 && minor! < 14);
});
if (!olderNode) console.log('node-version: no Node.js older than 22.14 on this machine; the real-old-Node cases are skipped, the forced ones run');

describe('an older Node.js', () => {
  for (const entry of entryPoints) {
    it(`${entry} stops at once with the required version and how to get it`, () => {
      const { status, stdout, stderr } = run(process.execPath, [entry, '--help'], { FIELDNOTE_PRETEND_NODE_VERSION: '20.20.2' });
      expect(status).toBe(1);
      expect(stderr).toContain('Fieldnote needs Node.js 22.14 or newer (this is 20.20.2).');
      expect(stderr).toContain('nvm install 22');
      expect(stderr).toContain('nodejs.org');
      // Nothing started: no browser-mode address, no Electron fallback line.
      expect(stdout).not.toMatch(/Open:|browser mode|Electron/);
    });
  }

  it.skipIf(!olderNode)('the real older Node: npm start says so before starting anything', () => {
    const { status, stdout, stderr } = run(olderNode!, ['scripts/start.mjs']);
    expect(status).toBe(1);
    expect(stderr).toMatch(/Fieldnote needs Node\.js 22\.14 or newer \(this is 2[01]\./);
    expect(stdout).toBe('');
  });

  it.skipIf(!olderNode)('the real older Node: npm install refuses before installing anything (engine-strict)', () => {
    const dir = tempDir();
    fs.copyFileSync(nodePath.join(root, 'package.json'), nodePath.join(dir, 'package.json'));
    fs.copyFileSync(nodePath.join(root, '.npmrc'), nodePath.join(dir, '.npmrc'));
    const npmCli = nodePath.join(nodePath.dirname(fs.realpathSync(olderNode!)), '../lib/node_modules/npm/bin/npm-cli.js');
    if (!fs.existsSync(npmCli)) {
      console.log(`node-version: no npm beside ${olderNode}; the npm install case is skipped`);
      return;
    }
    const { status, stderr } = run(olderNode!, [npmCli, 'install', '--dry-run', '--no-audit', '--no-fund', '--offline'], {}, dir);
    expect(status).not.toBe(0);
    expect(stderr).toContain('EBADENGINE');
    expect(stderr).toContain('"node":">=22.14"');
    expect(fs.existsSync(nodePath.join(dir, 'node_modules'))).toBe(false);
  });

  it('the project refuses older engines in .npmrc', () => {
    expect(fs.readFileSync(nodePath.join(root, '.npmrc'), 'utf8')).toMatch(/^engine-strict=true$/m);
    expect(JSON.parse(fs.readFileSync(nodePath.join(root, 'package.json'), 'utf8')).engines.node).toBe('>=22.14');
  });
});
