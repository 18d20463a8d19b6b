/** PSPP as the benchmarks' baseline: runs a syntax in `dir` and times it (start-up included). */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import nodePath from 'node:path';

export function timedPspp(dir: string, syntax: string): { ms: number; output: string; status: number | null } {
  fs.writeFileSync(nodePath.join(dir, 'run.sps'), syntax);
  const start = process.hrtime.bigint();
  const r = spawnSync('pspp', ['run.sps', '-O', 'format=csv', '-o', 'run.out.csv'], { cwd: dir, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const out = nodePath.join(dir, 'run.out.csv');
  return { ms, output: `${r.stderr}${fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : ''}`, status: r.status };
}
