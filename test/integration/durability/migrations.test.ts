import nodePath from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { applyKey } from '../../../electron/store/cipher';
import { migrations, SCHEMA_VERSION } from '../../../electron/store/migrations';
import { ProjectStore } from '../../../electron/store/project-store';
import { NoteChangedError } from '../../../shared/api/errors';
import { editorStateFromText } from '../../../shared/notes/editor-state';
import { readNote } from '../../../electron/store/note-marks';
import { assembleState, compactNotes } from '../../../electron/store/note-blocks';
import { NoteRepo } from '../../../electron/store/note-repo';
import { PASS, tempDir } from '../../support/temp';

/** A project file as an older app version left it: migrations up to `version` only. */
function projectAtVersion(file: string, version: number): void {
  const db = new Database(file);
  applyKey(db, PASS);
  db.transaction(() => {
    for (const m of migrations.filter((m) => m.version <= version)) m.up(db);
    const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    put.run('format', 'fieldnote-project');
    put.run('title', `Made by schema ${version}`);
    put.run('created_at', '2026-01-01T00:00:00.000Z');
    db.pragma(`user_version = ${version}`);
  })();
  db.close();
}

describe('migrations', () => {
  it('are numbered 1, 2, 3… without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
  });

  for (let version = 1; version < SCHEMA_VERSION; version++) {
    it(`upgrade a project from schema ${version} to ${SCHEMA_VERSION}, keeping its data`, () => {
      const file = nodePath.join(tempDir(), `v${version}.fieldnote`);
      projectAtVersion(file, version);
      const store = ProjectStore.open(file, PASS);
      try {
        expect(store.info()).toMatchObject({ title: `Made by schema ${version}`, schemaVersion: SCHEMA_VERSION });
        const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all();
        expect(tables).toEqual(expect.arrayContaining(['meta', 'schedule', 'interview', 'participant', 'answer', 'note', 'evaluation_question', 'evaluation_link', 'rqa_cell']));
        expect(store.db.pragma('foreign_key_check')).toEqual([]);
      } finally {
        store.close();
      }
    });
  }

  it('the coders migration gives codings made before it a coder per set of initials, and every new coding a coder', () => {
    // Found by its description, so renumbering the migration at a merge needs no change here.
    const coders = migrations.find((m) => m.description.startsWith('coders as identities'))!.version;
    const file = nodePath.join(tempDir(), 'before-coders.fieldnote');
    projectAtVersion(file, coders - 1);
    const db = new Database(file);
    applyKey(db, PASS);
    const t = '2026-01-01T00:00:00.000Z';
    db.exec(`
      INSERT INTO schedule VALUES ('s1', 'f', 1, '1', 'Form', '{}', '${t}', '${t}', 'd');
      INSERT INTO interview (id, schedule_id, session_type, answer_mode, participant_count, language, interviewer, held_at, created_at, updated_at, device_id)
        VALUES ('i1', 's1', 'one-on-one', 'shared', 1, 'en', 'X', '${t}', '${t}', '${t}', 'd');
      INSERT INTO note VALUES ('n1', 'i1', 'q1', '{}', 'Staff were trained', '${t}', 'd');
      INSERT INTO code (id, name, color, created_by, created_at, updated_at, device_id) VALUES ('c1', 'Training', '#FFD54F', 'SK', '${t}', '${t}', 'd');
      INSERT INTO coding (id, code_id, note_id, interview_id, question, start, "end", text, created_by, created_at, updated_at, device_id)
        VALUES ('g1', 'c1', 'n1', 'i1', 'q1', 0, 5, 'Staff', 'SK', '${t}', '${t}', 'd'),
               ('g2', 'c1', 'n1', 'i1', 'q1', 6, 10, 'were', 'sk ', '${t}', '${t}', 'd'),
               ('g3', 'c1', 'n1', 'i1', 'q1', 11, 18, 'trained', 'LM', '${t}', '${t}', 'd');
    `);
    db.close();
    const store = ProjectStore.open(file, PASS);
    try {
      const made = store.db.prepare('SELECT id, initials FROM coder ORDER BY initials').all() as { id: string; initials: string }[];
      expect(made.map((c) => c.initials)).toEqual(['LM', 'SK']);
      const coderOf = (id: string) => store.db.prepare('SELECT initials FROM coding JOIN coder ON coder.id = coding.coder_id WHERE coding.id = ?').pluck().get(id);
      expect([coderOf('g1'), coderOf('g2'), coderOf('g3')]).toEqual(['SK', 'SK', 'LM']);
      const insert = (id: string, initials: string) =>
        store.db
          .prepare(`INSERT INTO coding (id, code_id, note_id, interview_id, question, start, "end", text, created_by, created_at, updated_at, device_id) VALUES (?, 'c1', 'n1', 'i1', 'q1', 0, 5, 'Staff', ?, ?, ?, 'd')`)
          .run(id, initials, t, t);
      insert('g4', 'lm');
      insert('g5', 'PD');
      expect([coderOf('g4'), coderOf('g5')]).toEqual(['LM', 'PD']);
      // A copy that belongs to a coder records that coder, whatever initials are typed.
      store.setMeta('coder_id', made[1]!.id);
      insert('g6', 'PD');
      expect(coderOf('g6')).toBe('SK');
      // A coding deleted and written again (undo) is its coder's again, not the copy's.
      store.db.prepare("DELETE FROM coding WHERE id = 'g3'").run();
      insert('g3', 'someone');
      expect(coderOf('g3')).toBe('LM');
      expect(store.db.prepare('SELECT count(*) FROM coding_coder_kept').pluck().get()).toBe(0);
      expect(store.db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('the speaker turns migration: a note keeps its text, turns go with their note and must cover text', () => {
    // Found by its description, so renumbering the migration at a merge needs no change here.
    const speakers = migrations.find((m) => m.description.startsWith('speaker turns'))!.version;
    const file = nodePath.join(tempDir(), 'before-speakers.fieldnote');
    projectAtVersion(file, speakers - 1);
    const db = new Database(file);
    applyKey(db, PASS);
    db.exec(`INSERT INTO schedule (id, form_id, version, form_version, title, model, created_at, updated_at, device_id) VALUES ('s', 'f', 1, '1', 'S', '{}', '', '', 'd');`);
    db.exec(`INSERT INTO interview (id, schedule_id, session_type, answer_mode, participant_count, language, interviewer, held_at, status, primary_only, current_question, created_at, updated_at, device_id)
             VALUES ('i', 's', 'small-group', 'shared', 2, 'en', 'AB', '2026-01-01T09:00', 'draft', 0, '', '', '', 'd');`);
    db.exec(`INSERT INTO participant (id, interview_id, position, respondent_number, respondent_code, organisation_number, location_number, agency_group, organisation_type, focus_of_work, consent_given, consent_mode, quote_consent, created_at, updated_at, device_id)
             VALUES ('p1', 'i', 1, 1, '1', '1', '1', 'police', 'government', '', 1, 'verbal', 0, '', '', 'd');`);
    db.exec(`INSERT INTO note (id, interview_id, question, editor_state, plain_text, updated_at, device_id) VALUES ('n', 'i', '', '{}', '[P1] The shelter helped.', '', 'd');`);
    db.close();
    const store = ProjectStore.open(file, PASS);
    try {
      expect(store.db.prepare("SELECT plain_text FROM note WHERE id = 'n'").pluck().get()).toBe('[P1] The shelter helped.');
      store.db.prepare(`INSERT INTO note_speaker (note_id, participant_id, start, "end") VALUES ('n', 'p1', 0, 24)`).run();
      expect(() => store.db.prepare(`INSERT INTO note_speaker (note_id, participant_id, start, "end") VALUES ('n', 'p1', 5, 5)`).run()).toThrow(/CHECK/);
      expect(() => store.db.prepare(`INSERT INTO note_speaker (note_id, participant_id, start, "end") VALUES ('n', 'nobody', 30, 40)`).run()).toThrow(/FOREIGN KEY/);
      store.db.prepare("DELETE FROM note WHERE id = 'n'").run();
      expect(store.db.prepare('SELECT count(*) FROM note_speaker').pluck().get()).toBe(0);
    } finally {
      store.close();
    }
  });

  it('the answers migration: answers and interviews keep their data; corrections, missing reasons and the clock start empty', () => {
    // Found by its description, so renumbering the migration at a merge needs no change here.
    const answers = migrations.find((m) => m.description.startsWith('answers corrected'))!.version;
    const file = nodePath.join(tempDir(), 'before-answers.fieldnote');
    projectAtVersion(file, answers - 1);
    const db = new Database(file);
    applyKey(db, PASS);
    const at = '2026-01-01T00:00:00.000Z';
    db.prepare("INSERT INTO schedule (id, form_id, version, form_version, title, model, created_at, updated_at, device_id) VALUES ('s', 'f', 1, '1', 'T', '{}', ?, ?, 'd')").run(at, at);
    db.prepare(
      "INSERT INTO interview (id, schedule_id, session_type, answer_mode, participant_count, language, interviewer, held_at, created_at, updated_at, device_id) VALUES ('i', 's', 'one-on-one', 'shared', 1, 'en', 'AB', ?, ?, ?, 'd')",
    ).run(at, at, at);
    db.prepare("INSERT INTO answer (id, interview_id, participant_id, question, value, state, updated_at, device_id) VALUES ('a', 'i', '', 'consent', '1', 'answered', ?, 'd')").run(at);
    db.close();
    const store = ProjectStore.open(file, PASS);
    try {
      expect(store.db.prepare('SELECT question, value, state, missing_reason FROM answer').all()).toEqual([{ question: 'consent', value: '1', state: 'answered', missing_reason: '' }]);
      expect(store.db.prepare('SELECT elapsed_seconds FROM interview').pluck().get()).toBe(0);
      expect(store.db.prepare('SELECT count(*) FROM answer_correction').pluck().get()).toBe(0);
      expect(() => store.db.prepare("UPDATE answer SET missing_reason = 'forgot'").run()).toThrow(/CHECK/);
    } finally {
      store.close();
    }
  });

  it('the evaluation matrix migration upgrades a project with codes and notes: deleting a code drops its links, deleting a note keeps the summary unlinked', () => {
    // Found by its description, so renumbering the migration at a merge needs no change here.
    const evaluation = migrations.find((m) => m.description.startsWith('the evaluation matrix'))!.version;
    const file = nodePath.join(tempDir(), 'before-evaluation.fieldnote');
    projectAtVersion(file, evaluation - 1);
    const store = ProjectStore.open(file, PASS);
    try {
      const db = store.db;
      const now = '2026-01-01T00:00:00.000Z';
      db.prepare("INSERT INTO schedule (id, form_id, version, form_version, title, model, created_at, updated_at, device_id) VALUES ('s', 'f', 1, '1', 'T', '{}', ?, ?, 'd')").run(now, now);
      db.prepare("INSERT INTO interview (id, schedule_id, session_type, answer_mode, participant_count, language, interviewer, held_at, created_at, updated_at, device_id) VALUES ('i', 's', 'one-on-one', 'shared', 1, 'en', 'AB', ?, ?, ?, 'd')").run(now, now, now);
      db.prepare("INSERT INTO participant (id, interview_id, position, respondent_number, respondent_code, consent_given, consent_mode, quote_consent, created_at, updated_at, device_id) VALUES ('p', 'i', 1, 1, '1', 1, 'verbal', 1, ?, ?, 'd')").run(now, now);
      db.prepare("INSERT INTO note (id, interview_id, question, editor_state, plain_text, updated_at, device_id) VALUES ('n', 'i', '', '{}', 'text', ?, 'd')").run(now);
      db.prepare("INSERT INTO code (id, parent_id, name, color, position, created_by, created_at, updated_at, device_id) VALUES ('c', NULL, 'Code', '#FFD54F', 0, 'AB', ?, ?, 'd')").run(now, now);
      db.prepare("INSERT INTO evaluation_question (id, parent_id, ref, criterion, text, position, created_at, updated_at, device_id) VALUES ('q', NULL, 'EQ1', 'Relevance', 'Why?', 1, ?, ?, 'd')").run(now, now);
      db.prepare("INSERT INTO evaluation_link (id, question_id, kind, target, value, position, device_id) VALUES ('l1', 'q', 'code', 'c', '', 0, 'd'), ('l2', 'q', 'question', 'q1', '', 1, 'd')").run();
      db.prepare("INSERT INTO rqa_cell (id, participant_id, domain, summary, note_id, initials, updated_at, device_id) VALUES ('r', 'p', 'eq:q', 'Summary', 'n', 'AB', ?, 'd')").run(now);
      expect(() => db.prepare("INSERT INTO evaluation_question (id, parent_id, ref, criterion, text, position, created_at, updated_at, device_id) VALUES ('q2', NULL, 'eq1', 'x', 'y', 2, ?, ?, 'd')").run(now, now)).toThrow(/UNIQUE/);
      db.prepare("DELETE FROM code WHERE id = 'c'").run();
      expect(db.prepare('SELECT id FROM evaluation_link ORDER BY id').pluck().all()).toEqual(['l2']);
      db.prepare("DELETE FROM note WHERE id = 'n'").run();
      expect(db.prepare("SELECT summary, note_id FROM rqa_cell WHERE id = 'r'").get()).toEqual({ summary: 'Summary', note_id: null });
      db.prepare("DELETE FROM interview WHERE id = 'i'").run();
      expect(db.prepare('SELECT count(*) FROM rqa_cell').pluck().get()).toBe(0);
    } finally {
      store.close();
    }
  });

  it('the blocks migration stores each note as its paragraphs: the same note, saved by changed paragraph after, and replaced whole by other writers', () => {
    const blocks = migrations.find((m) => m.description.startsWith('notes stored as blocks'))!.version;
    const file = nodePath.join(tempDir(), 'before-blocks.fieldnote');
    projectAtVersion(file, blocks - 1);
    const db = new Database(file);
    applyKey(db, PASS);
    const t = '2026-01-01T00:00:00.000Z';
    const state = editorStateFromText('Staff were trained.\n\nThe shelter ការអប់រំ helped.\n\nCourt');
    db.exec(`
      INSERT INTO schedule (id, form_id, version, form_version, title, model, created_at, updated_at, device_id) VALUES ('s', 'f', 1, '1', 'T', '{}', '${t}', '${t}', 'd');
      INSERT INTO interview (id, schedule_id, session_type, answer_mode, participant_count, language, interviewer, held_at, created_at, updated_at, device_id)
        VALUES ('i', 's', 'one-on-one', 'shared', 1, 'en', 'AB', '${t}', '${t}', '${t}', 'd');
    `);
    db.prepare("INSERT INTO note (id, interview_id, question, editor_state, plain_text, updated_at, device_id) VALUES ('n', 'i', 'q1', ?, ?, ?, 'old-device')").run(state, readNote(state).plainText, t);
    // A state without paragraphs (written by an early importer) stays whole until an editor saves it.
    db.prepare("INSERT INTO note (id, interview_id, question, editor_state, plain_text, updated_at, device_id) VALUES ('e', 'i', 'q2', '{}', '', ?, 'd')").run(t);
    db.close();

    const store = ProjectStore.open(file, PASS);
    try {
      const rows = store.db.prepare("SELECT block_key, json FROM note_block WHERE note_id = 'n' ORDER BY block_key").all() as { block_key: string; json: string }[];
      expect(rows.map((r) => r.block_key)).toEqual(['m0', 'm1', 'm2']);
      const head = store.db.prepare("SELECT * FROM note_block_head WHERE note_id = 'n'").get() as { version: number; block_order: string; root: string; compacted: number; device_id: string };
      expect(head).toMatchObject({ version: 1, compacted: 1, device_id: 'old-device' });
      expect(JSON.parse(head.block_order)).toEqual(['m0', 'm1', 'm2']);
      // The blocks put together are the note it was: same text, same nodes.
      expect(readNote(assembleState(head.root, rows.map((r) => r.json)))).toEqual(readNote(state));
      expect(store.db.prepare("SELECT count(*) FROM note_block WHERE note_id = 'e'").pluck().get()).toBe(0);

      // An editor that knows this version saves one changed paragraph; the note follows once compacted.
      const repo = new NoteRepo(store.db, 'dev');
      const court = JSON.stringify((JSON.parse(editorStateFromText('Court hearings')) as { root: { children: unknown[] } }).root.children[0]);
      const saved = repo.saveBlocks('i', 'q1', { baseVersion: 1, changed: [{ key: 'm2', json: court }] });
      expect(saved.plainText).toBe('Staff were trained.\n\nThe shelter ការអប់រំ helped.\n\nCourt hearings');
      expect(compactNotes(store.db)).toBe(1);
      expect(store.db.prepare("SELECT plain_text FROM note WHERE id = 'n'").pluck().get()).toBe(saved.plainText);
      expect(store.db.prepare("SELECT count(*) FROM note_block WHERE note_id = 'n'").pluck().get()).toBe(3);
      // An older base is refused: the editor then sends the whole note.
      expect(() => repo.saveBlocks('i', 'q1', { baseVersion: 1, changed: [{ key: 'm2', json: court }] })).toThrowError(NoteChangedError);

      // Anything else that writes the whole state (coding, a merge, an import) takes the note out of block form.
      store.db.prepare("UPDATE note SET editor_state = ? WHERE id = 'n'").run(state);
      expect(store.db.prepare("SELECT count(*) FROM note_block WHERE note_id = 'n'").pluck().get()).toBe(0);
      expect(store.db.prepare("SELECT count(*) FROM note_block_head WHERE note_id = 'n'").pluck().get()).toBe(0);
      expect(() => repo.saveBlocks('i', 'q1', { baseVersion: saved.version, changed: [{ key: 'm2', json: court }] })).toThrowError(NoteChangedError);
    } finally {
      store.close();
    }
  });

  it('a failing migration leaves the file at its old version', () => {
    const file = nodePath.join(tempDir(), 'half.fieldnote');
    projectAtVersion(file, 1);
    // Break the next migration's work: a table it creates already exists.
    const db = new Database(file);
    applyKey(db, PASS);
    db.exec('CREATE TABLE schedule (x TEXT) STRICT');
    db.close();
    expect(() => ProjectStore.open(file, PASS)).toThrowError('half.fieldnote could not be upgraded from schema 1 to');
    const check = new Database(file);
    applyKey(check, PASS);
    expect(check.pragma('user_version', { simple: true })).toBe(1);
    expect(check.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'interview'").pluck().get()).toBe(0);
    check.close();
  });
});
