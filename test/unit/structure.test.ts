/**
 * The shape of the code, checked: no import cycles between source files, and no source file
 * over 400 lines unless its first comment says why ("... longer than 400 lines ...: the reason").
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const SOURCE_FOLDERS = ['shared', 'electron', 'renderer/src', 'bench', 'scripts'];
const MAX_LINES = 400;

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(full);
      } else if (/\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
    }
  };
  for (const folder of SOURCE_FOLDERS) if (fs.existsSync(path.join(ROOT, folder))) walk(path.join(ROOT, folder));
  return out;
}

/** Relative imports and re-exports of a file, resolved to files (type-only ones included: they tie files too). */
function importsOf(file: string, known: ReadonlySet<string>): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const targets: string[] = [];
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const base = path.resolve(path.dirname(file), match[1]!);
    const candidates = [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')];
    const hit = candidates.find((c) => known.has(c));
    if (hit !== undefined) targets.push(hit);
  }
  return targets;
}

/** Strongly connected components with more than one file (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    indices.set(v, index);
    low.set(v, index);
    index += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(path.relative(ROOT, w));
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return found;
}

describe('structure', () => {
  const files = sourceFiles();

  it('finds the source files it checks', () => {
    expect(files.length).toBeGreaterThan(200);
  });

  it('has no import cycles', () => {
    const known = new Set(files);
    const graph = new Map(files.map((f) => [f, importsOf(f, known)]));
    expect(cycles(graph)).toEqual([]);
  });

  it('detects a cycle when there is one', () => {
    const graph = new Map([['/a.ts', ['/b.ts']], ['/b.ts', ['/c.ts']], ['/c.ts', ['/a.ts']], ['/d.ts', ['/a.ts']]]);
    expect(cycles(graph)).toHaveLength(1);
  });

  it('keeps every file under 400 lines, or says in its first comment why it is longer', () => {
    const unexplained = files
      .filter((f) => fs.readFileSync(f, 'utf8').split('\n').length > MAX_LINES)
      .filter((f) => {
        const head = fs.readFileSync(f, 'utf8').slice(0, 2000);
        const firstComment = /^\s*(?:\/\*[\s\S]*?\*\/|(?:\/\/[^\n]*\n)+)/.exec(head)?.[0] ?? '';
        return !/longer than 400 lines/i.test(firstComment);
      })
      .map((f) => path.relative(ROOT, f));
    expect(unexplained).toEqual([]);
  });
});
