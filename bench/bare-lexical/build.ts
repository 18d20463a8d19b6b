/** Bundles the bare Lexical reference editor for production (minified, NODE_ENV=production). */
import { spawnSync } from 'node:child_process';
import nodePath from 'node:path';

const root = nodePath.resolve(import.meta.dirname, '../..');

export function buildBareLexical(): string {
  const built = spawnSync(
    nodePath.join(root, 'node_modules/.bin/esbuild'),
    [nodePath.join(import.meta.dirname, 'entry.ts'), '--bundle', '--minify', '--format=iife', '--define:process.env.NODE_ENV="production"', '--log-level=error'],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (built.status !== 0) throw new Error(`esbuild could not bundle the bare Lexical editor: ${built.stderr}`);
  return built.stdout;
}
