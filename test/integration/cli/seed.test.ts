import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldnote } from '../../support/cli';
import { ProjectStore } from '../../../electron/store/project-store';
import { walkSchedule, type Schedule } from '../../../shared/schedule';
import { PASS, tempDir } from '../../support/temp';

const root = nodePath.resolve(import.meta.dirname, '../../..');
const example = nodePath.join(root, 'resources/schedules/example-evaluation.xlsx');

function seed(project: string, args: string[]) {
  return fieldnote(['dev', 'seed', project, '--schedule', example, ...args], { FIELDNOTE_PASSPHRASE: PASS, FIELDNOTE_CONFIG_DIR: nodePath.join(tempDir(), 'config') });
}

/** Everything a project holds except what identifies the file itself. */
function dump(file: string): Record<string, unknown[]> {
  const store = ProjectStore.open(file, PASS, { readOnly: true });
  try {
    const out: Record<string, unknown[]> = {};
    for (const table of ['schedule', 'interview', 'participant', 'answer', 'note', 'status_change']) {
      out[table] = store.db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all().map((row) => {
        const { device_id: _device, ...rest } = row as Record<string, unknown>;
        return rest;
      });
    }
    return out;
  } finally {
    store.close();
  }
}

describe('fieldnote dev seed', () => {
  it('the same seed gives the same content; another seed does not', async () => {
    const dir = tempDir();
    const a = nodePath.join(dir, 'a.fieldnote');
    const b = nodePath.join(dir, 'b.fieldnote');
    const c = nodePath.join(dir, 'c.fieldnote');
    const run = await seed(a, ['--interviews', '12', '--seed', '5', '--words', '200']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Seeded a\.fieldnote: 12 interviews/);
    expect((await seed(b, ['--interviews', '12', '--seed', '5', '--words', '200'])).status).toBe(0);
    expect((await seed(c, ['--interviews', '12', '--seed', '6', '--words', '200'])).status).toBe(0);
    expect(dump(a)).toEqual(dump(b));
    expect(dump(a)).not.toEqual(dump(c));
  });

  it('answers only questions the skip logic asks, with a mix of sessions, Khmer notes and no names', async () => {
    const file = nodePath.join(tempDir(), 's.fieldnote');
    expect((await seed(file, ['--interviews', '40', '--seed', '11', '--words', '300'])).status).toBe(0);
    const store = ProjectStore.open(file, PASS, { readOnly: true });
    try {
      const schedule = JSON.parse(store.db.prepare('SELECT model FROM schedule').pluck().get() as string) as Schedule;
      const interviews = store.db.prepare('SELECT id, session_type, primary_only, ended_early_at_question FROM interview').all() as {
        id: string;
        session_type: string;
        primary_only: number;
        ended_early_at_question: string | null;
      }[];
      expect(new Set(interviews.map((i) => i.session_type))).toEqual(new Set(['one-on-one', 'small-group', 'focus-group']));
      for (const interview of interviews) {
        const rows = store.db.prepare("SELECT question, value FROM answer WHERE interview_id = ? AND state = 'answered'").all(interview.id) as { question: string; value: string }[];
        const answers = Object.fromEntries(rows.map((r) => [r.question, r.value]));
        const asked = new Set(walkSchedule(schedule, answers, { primaryOnly: interview.primary_only === 1 }));
        for (const row of rows) expect(asked.has(row.question), `${row.question} in ${interview.id}`).toBe(true);
      }
      expect(store.db.prepare("SELECT count(*) FROM answer WHERE state = 'declined'").pluck().get()).toBeGreaterThan(0);
      expect(store.db.prepare('SELECT count(*) FROM interview WHERE ended_early_at_question IS NOT NULL').pluck().get()).toBeGreaterThan(0);
      const notes = store.db.prepare('SELECT plain_text FROM note').pluck().all() as string[];
      expect(notes.some((t) => /[\u1780-\u17ff]/.test(t))).toBe(true);
      expect(notes.some((t) => /[a-z]/.test(t))).toBe(true);
      const columns = store.db.prepare("SELECT name FROM pragma_table_info('participant')").pluck().all() as string[];
      expect(columns.filter((c) => /name/.test(c))).toEqual([]);
    } finally {
      store.close();
    }
  });
});
