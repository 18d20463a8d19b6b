/**
 * Schema migrations, one function per version, run in order inside one transaction and
 * tracked in `PRAGMA user_version`. Never edit a shipped migration: add a new one.
 * Every table is STRICT, every record has a stable text id (UUIDv7), timestamps in ISO 8601 UTC.
 * The file is longer than 400 lines because it is the schema's history: a shipped migration is
 * never edited or moved, so every project file, however old, opens through the same steps.
 */
import type Database from 'better-sqlite3-multiple-ciphers';

export interface Migration {
  version: number;
  description: string;
  up(db: Database.Database): void;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'project metadata',
    up(db) {
      db.exec(`
        CREATE TABLE meta (
          key TEXT PRIMARY KEY NOT NULL,
          value TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 2,
    description: 'interview schedules, versioned',
    up(db) {
      // One row per schedule version. An interview records the version it used; editing a
      // schedule that already has interviews adds a new version instead of changing the old.
      db.exec(`
        CREATE TABLE schedule (
          id TEXT PRIMARY KEY NOT NULL,
          form_id TEXT NOT NULL,
          version INTEGER NOT NULL CHECK (version >= 1),
          form_version TEXT NOT NULL,
          title TEXT NOT NULL,
          model TEXT NOT NULL CHECK (json_valid(model)),
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          device_id TEXT NOT NULL,
          UNIQUE (form_id, version)
        ) STRICT;
      `);
    },
  },
  {
    version: 3,
    description: 'interviews: participants, answers, notes, status history, flagged names',
    up(db) {
      db.exec(`
        -- One session with one or more respondents, run with one schedule version.
        CREATE TABLE interview (
          id TEXT PRIMARY KEY NOT NULL,
          schedule_id TEXT NOT NULL REFERENCES schedule (id),
          session_type TEXT NOT NULL CHECK (session_type IN ('one-on-one', 'small-group', 'focus-group')),
          -- small groups: close-ended answers once for the group, or per participant
          answer_mode TEXT NOT NULL CHECK (answer_mode IN ('shared', 'per-participant')),
          participant_count INTEGER NOT NULL CHECK (participant_count >= 1),
          language TEXT NOT NULL,
          interviewer TEXT NOT NULL,
          held_at TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('draft', 'cleaned', 'reviewed')) DEFAULT 'draft',
          primary_only INTEGER NOT NULL CHECK (primary_only IN (0, 1)) DEFAULT 0,
          current_question TEXT NOT NULL DEFAULT '',
          ended_early_at_question TEXT,
          end_reason TEXT,
          finished_at TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          device_id TEXT NOT NULL
        ) STRICT;
        CREATE INDEX interview_schedule ON interview (schedule_id);

        -- Respondents are numbers, never names.
        CREATE TABLE participant (
          id TEXT PRIMARY KEY NOT NULL,
          interview_id TEXT NOT NULL REFERENCES interview (id) ON DELETE CASCADE,
          position INTEGER NOT NULL CHECK (position >= 1),
          respondent_number INTEGER NOT NULL UNIQUE CHECK (respondent_number >= 1),
          respondent_code TEXT NOT NULL UNIQUE,
          organisation_number TEXT NOT NULL DEFAULT '',
          location_number TEXT NOT NULL DEFAULT '',
          agency_group TEXT NOT NULL DEFAULT '',
          organisation_type TEXT NOT NULL DEFAULT '',
          focus_of_work TEXT NOT NULL DEFAULT '',
          consent_given INTEGER NOT NULL CHECK (consent_given = 1),
          consent_mode TEXT NOT NULL CHECK (consent_mode IN ('written', 'verbal')),
          quote_consent INTEGER NOT NULL CHECK (quote_consent IN (0, 1)),
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          device_id TEXT NOT NULL,
          UNIQUE (interview_id, position)
        ) STRICT;

        -- participant_id '' is an answer for the whole session (one-on-one, or a group's shared answer).
        CREATE TABLE answer (
          id TEXT PRIMARY KEY NOT NULL,
          interview_id TEXT NOT NULL REFERENCES interview (id) ON DELETE CASCADE,
          participant_id TEXT NOT NULL DEFAULT '',
          question TEXT NOT NULL,
          value TEXT NOT NULL DEFAULT '',
          state TEXT NOT NULL CHECK (state IN ('answered', 'declined')),
          updated_at TEXT NOT NULL,
          device_id TEXT NOT NULL,
          UNIQUE (interview_id, participant_id, question)
        ) STRICT;

        -- question '' holds the general notes of the interview.
        CREATE TABLE note (
          id TEXT PRIMARY KEY NOT NULL,
          interview_id TEXT NOT NULL REFERENCES interview (id) ON DELETE CASCADE,
          question TEXT NOT NULL DEFAULT '',
          editor_state TEXT NOT NULL CHECK (json_valid(editor_state)),
          plain_text TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          device_id TEXT NOT NULL,
          UNIQUE (interview_id, question)
        ) STRICT;

        CREATE TABLE status_change (
          id TEXT PRIMARY KEY NOT NULL,
          interview_id TEXT NOT NULL REFERENCES interview (id) ON DELETE CASCADE,
          status TEXT NOT NULL CHECK (status IN ('draft', 'cleaned', 'reviewed')),
          initials TEXT NOT NULL,
          changed_at TEXT NOT NULL,
          device_id TEXT NOT NULL
        ) STRICT;

        CREATE TABLE review_comment (
          id TEXT PRIMARY KEY NOT NULL,
          note_id TEXT NOT NULL REFERENCES note (id) ON DELETE CASCADE,
          anchor_start INTEGER NOT NULL,
          anchor_end INTEGER NOT NULL,
          anchor_text TEXT NOT NULL,
          body TEXT NOT NULL,
          initials TEXT NOT NULL,
          resolved INTEGER NOT NULL CHECK (resolved IN (0, 1)) DEFAULT 0,
          created_at TEXT NOT NULL,
          device_id TEXT NOT NULL
        ) STRICT;

        -- People and places mentioned in interviews who must not appear in exports.
        CREATE TABLE flagged_term (
          id TEXT PRIMARY KEY NOT NULL,
          term TEXT NOT NULL UNIQUE,
          created_at TEXT NOT NULL,
          device_id TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 4,
    description: 'grounded-theory coding: codes, codings, memos, relations; full-text search over notes',
    up(db) {
      db.exec(`
        -- The codebook: a tree of themes and codes. parent_id RESTRICT: a code with sub-codes is
        -- deleted only after its children moved or went first (CodingRepo orders that).
        CREATE TABLE code (
          id TEXT PRIMARY KEY NOT NULL,
          parent_id TEXT REFERENCES code (id) ON DELETE RESTRICT,
          name TEXT NOT NULL CHECK (length(trim(name)) > 0),
          color TEXT NOT NULL CHECK (length(color) = 7 AND color GLOB '#[0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F]'),
          definition TEXT NOT NULL DEFAULT '',
          inclusion TEXT NOT NULL DEFAULT '',
          exclusion TEXT NOT NULL DEFAULT '',
          example TEXT NOT NULL DEFAULT '',
          is_core INTEGER NOT NULL CHECK (is_core IN (0, 1)) DEFAULT 0,
          kind TEXT NOT NULL CHECK (kind IN ('theme', 'code')) DEFAULT 'code',
          in_vivo INTEGER NOT NULL CHECK (in_vivo IN (0, 1)) DEFAULT 0,
          created_by TEXT NOT NULL,
          position INTEGER NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          device_id TEXT NOT NULL
        ) STRICT;
        -- Sibling names differ case-insensitively. SQLite's lower() folds ASCII only; the code
        -- tree (shared/coding nameKey) also folds other scripts and checks before writing.
        CREATE UNIQUE INDEX code_sibling_name ON code (coalesce(parent_id, ''), lower(name));
        -- At most one core category.
        CREATE UNIQUE INDEX code_one_core ON code (is_core) WHERE is_core = 1;
        CREATE INDEX code_parent ON code (parent_id);

        -- One code on one range of one note (UTF-16 offsets into note.plain_text).
        -- question '' is the general notes, as in note.
        CREATE TABLE coding (
          id TEXT PRIMARY KEY NOT NULL,
          code_id TEXT NOT NULL REFERENCES code (id) ON DELETE RESTRICT,
          note_id TEXT NOT NULL REFERENCES note (id) ON DELETE CASCADE,
          interview_id TEXT NOT NULL REFERENCES interview (id) ON DELETE CASCADE,
          question TEXT NOT NULL DEFAULT '',
          start INTEGER NOT NULL CHECK (start >= 0),
          "end" INTEGER NOT NULL CHECK ("end" > start),
          text TEXT NOT NULL,
          is_quote INTEGER NOT NULL CHECK (is_quote IN (0, 1)) DEFAULT 0,
          created_by TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          device_id TEXT NOT NULL
        ) STRICT;
        CREATE INDEX coding_code ON coding (code_id);
        CREATE INDEX coding_note ON coding (note_id, start);
        CREATE INDEX coding_interview ON coding (interview_id);

        CREATE TABLE memo (
          id TEXT PRIMARY KEY NOT NULL,
          kind TEXT NOT NULL CHECK (kind IN ('code-memo', 'theoretical', 'method')),
          target_type TEXT NOT NULL CHECK (target_type IN ('project', 'code', 'coding', 'interview')),
          -- '' for a memo on the project.
          target_id TEXT NOT NULL DEFAULT '',
          title TEXT NOT NULL DEFAULT '',
          body TEXT NOT NULL DEFAULT '',
          initials TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          device_id TEXT NOT NULL,
          CHECK ((target_type = 'project') = (target_id = ''))
        ) STRICT;
        CREATE INDEX memo_target ON memo (target_type, target_id);

        -- A memo's target is one of several tables, so no REFERENCES clause can hold it; these
        -- triggers do the foreign key's work: no memo on a missing target, no code deleted under
        -- its memos, and memos on a coding or interview go with it.
        CREATE TRIGGER memo_target_exists BEFORE INSERT ON memo
        WHEN (new.target_type = 'code' AND NOT EXISTS (SELECT 1 FROM code WHERE id = new.target_id))
          OR (new.target_type = 'coding' AND NOT EXISTS (SELECT 1 FROM coding WHERE id = new.target_id))
          OR (new.target_type = 'interview' AND NOT EXISTS (SELECT 1 FROM interview WHERE id = new.target_id))
        BEGIN
          SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: memo target does not exist');
        END;
        CREATE TRIGGER memo_target_exists_update BEFORE UPDATE OF target_type, target_id ON memo
        WHEN (new.target_type = 'code' AND NOT EXISTS (SELECT 1 FROM code WHERE id = new.target_id))
          OR (new.target_type = 'coding' AND NOT EXISTS (SELECT 1 FROM coding WHERE id = new.target_id))
          OR (new.target_type = 'interview' AND NOT EXISTS (SELECT 1 FROM interview WHERE id = new.target_id))
        BEGIN
          SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: memo target does not exist');
        END;
        CREATE TRIGGER code_keeps_memos BEFORE DELETE ON code
        WHEN EXISTS (SELECT 1 FROM memo WHERE target_type = 'code' AND target_id = old.id)
        BEGIN
          SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: the code has memos');
        END;
        CREATE TRIGGER coding_takes_memos AFTER DELETE ON coding BEGIN
          DELETE FROM memo WHERE target_type = 'coding' AND target_id = old.id;
        END;
        CREATE TRIGGER interview_takes_memos AFTER DELETE ON interview BEGIN
          DELETE FROM memo WHERE target_type = 'interview' AND target_id = old.id;
        END;

        -- Axial coding: "from is a <type> of to".
        CREATE TABLE relation (
          id TEXT PRIMARY KEY NOT NULL,
          from_code TEXT NOT NULL REFERENCES code (id) ON DELETE RESTRICT,
          to_code TEXT NOT NULL REFERENCES code (id) ON DELETE RESTRICT,
          type TEXT NOT NULL CHECK (type IN ('condition', 'context', 'strategy', 'consequence', 'cause', 'part-of', 'custom')),
          label TEXT NOT NULL DEFAULT '',
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          device_id TEXT NOT NULL,
          CHECK (from_code <> to_code)
        ) STRICT;
        CREATE INDEX relation_from ON relation (from_code);
        CREATE INDEX relation_to ON relation (to_code);

        -- Full-text search over notes. The trigram tokenizer indexes every 3-character run, so a
        -- substring matches anywhere: Khmer is written without spaces between words, and a
        -- word tokenizer would never find "អប់រំ" inside "ការអប់រំ". External content: the text
        -- lives once, in note.plain_text; the index points at note's rowid, which VACUUM keeps
        -- because note has indexes (its primary key). The index's shadow tables are ordinary
        -- tables of this database, so they are encrypted with it.
        CREATE VIRTUAL TABLE note_fts USING fts5 (plain_text, content = 'note', content_rowid = 'rowid', tokenize = 'trigram');
        INSERT INTO note_fts (note_fts) VALUES ('rebuild');
        -- The index is brought up to date lazily. While an interviewer types, every autosave
        -- rewrites the note; re-indexing 20,000 words each time would double the cost of a
        -- save. So saves only record which notes changed (and, once, the text the index holds
        -- for them, which an external-content index needs to delete its entries); searching
        -- (and closing the project) indexes them first. See electron/store/search-index.ts.
        -- (WHERE NOT EXISTS, not OR IGNORE: a trigger's conflict clause yields to the outer
        -- statement's, and autosave's upsert would turn IGNORE back into an error.)
        CREATE TABLE note_fts_pending (
          note_rowid INTEGER PRIMARY KEY,
          indexed_text TEXT
        ) STRICT;
        CREATE TRIGGER note_fts_insert AFTER INSERT ON note BEGIN
          INSERT INTO note_fts_pending (note_rowid, indexed_text) SELECT new.rowid, NULL
          WHERE NOT EXISTS (SELECT 1 FROM note_fts_pending WHERE note_rowid = new.rowid);
        END;
        CREATE TRIGGER note_fts_delete AFTER DELETE ON note BEGIN
          INSERT INTO note_fts_pending (note_rowid, indexed_text) SELECT old.rowid, old.plain_text
          WHERE NOT EXISTS (SELECT 1 FROM note_fts_pending WHERE note_rowid = old.rowid);
        END;
        CREATE TRIGGER note_fts_update AFTER UPDATE OF plain_text ON note WHEN old.plain_text IS NOT new.plain_text BEGIN
          INSERT INTO note_fts_pending (note_rowid, indexed_text) SELECT old.rowid, old.plain_text
          WHERE NOT EXISTS (SELECT 1 FROM note_fts_pending WHERE note_rowid = old.rowid);
        END;
      `);
    },
  },
  {
    version: 5,
    description: 'merging projects: conflicts kept for the user to resolve, respondent ID clashes and how they were resolved',
    up(db) {
      db.exec(`
        -- A record changed on both sides of a merge: the local version stays in its table, the
        -- incoming version waits here (JSON of the other project's row) until the user chooses.
        -- Also the respondent IDs renumbered by a merge (kind 'respondent-id', the user's choice
        -- recorded) and incoming rows that could not be placed (kind 'unplaced'). Nothing from the
        -- other project is dropped silently: it is in its table or here.
        CREATE TABLE merge_conflict (
          id TEXT PRIMARY KEY NOT NULL,
          kind TEXT NOT NULL CHECK (kind IN ('record', 'respondent-id', 'unplaced')),
          table_name TEXT NOT NULL,
          -- The local record the incoming one competes with ('' when there is none).
          record_id TEXT NOT NULL,
          incoming TEXT NOT NULL CHECK (json_valid(incoming)),
          -- sha256 of the incoming row: merging the same project again finds the decision already made.
          incoming_hash TEXT NOT NULL,
          -- Rows of the other project that depend on the incoming version (a note's coded segments).
          dependents TEXT NOT NULL CHECK (json_valid(dependents)) DEFAULT '[]',
          detail TEXT NOT NULL DEFAULT '',
          source TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('open', 'kept-local', 'took-incoming', 'renumbered')) DEFAULT 'open',
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          device_id TEXT NOT NULL
        ) STRICT;
        CREATE INDEX merge_conflict_record ON merge_conflict (table_name, record_id);
        CREATE INDEX merge_conflict_hash ON merge_conflict (incoming_hash);
      `);
    },
  },
  {
    version: 6,
    description: 'coders as identities, every coding records its coder; adjudication of two coders’ disagreements',
    up(db) {
      db.exec(`
        -- A person who codes. Initials are what the workbench shows; the id is what codings keep,
        -- so two coders are never merged because someone retyped initials (QualCoder #1115).
        CREATE TABLE coder (
          id TEXT PRIMARY KEY NOT NULL,
          initials TEXT NOT NULL CHECK (length(trim(initials)) BETWEEN 1 AND 10),
          name TEXT NOT NULL DEFAULT '',
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          device_id TEXT NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX coder_initials ON coder (lower(trim(initials)));

        ALTER TABLE coding ADD COLUMN coder_id TEXT REFERENCES coder (id) ON DELETE RESTRICT;

        -- Codings made before coders existed belong to the coder with their initials.
        INSERT INTO coder (id, initials, name, created_at, updated_at, device_id)
          SELECT lower(hex(randomblob(16))), trim(created_by), '', min(created_at), min(created_at), 'migration'
          FROM coding WHERE trim(created_by) <> '' GROUP BY lower(trim(created_by));
        UPDATE coding SET coder_id = (SELECT id FROM coder WHERE lower(trim(initials)) = lower(trim(coding.created_by)));
        CREATE INDEX coding_coder ON coding (coder_id);

        -- The coder of a deleted coding, so that a coding brought back by undo (which writes the
        -- row again without its coder) is the same coder's again. Ids only, no text.
        CREATE TABLE coding_coder_kept (
          coding_id TEXT PRIMARY KEY NOT NULL,
          coder_id TEXT NOT NULL
        ) STRICT;
        CREATE TRIGGER coding_keeps_coder AFTER DELETE ON coding WHEN old.coder_id IS NOT NULL BEGIN
          DELETE FROM coding_coder_kept WHERE coding_id = old.id;
          INSERT INTO coding_coder_kept (coding_id, coder_id) VALUES (old.id, old.coder_id);
        END;

        -- Every coding gets a coder, whichever way it is written (workbench, note save, import,
        -- merge, undo): the coder it had before it was deleted (undo), else the coder this copy
        -- belongs to (meta coder_id, set when a copy is prepared for a second coder), else the
        -- coder with the coding's initials, made on first use.
        CREATE TRIGGER coding_gets_coder AFTER INSERT ON coding WHEN new.coder_id IS NULL BEGIN
          INSERT INTO coder (id, initials, name, created_at, updated_at, device_id)
            SELECT lower(hex(randomblob(16))), trim(new.created_by), '', new.created_at, new.created_at, new.device_id
            WHERE NOT EXISTS (SELECT 1 FROM coding_coder_kept WHERE coding_id = new.id AND coder_id IN (SELECT id FROM coder))
              AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'coder_id' AND value IN (SELECT id FROM coder))
              AND trim(new.created_by) <> ''
              AND NOT EXISTS (SELECT 1 FROM coder WHERE lower(trim(initials)) = lower(trim(new.created_by)));
          UPDATE coding SET coder_id = coalesce(
              (SELECT id FROM coder WHERE id = (SELECT coder_id FROM coding_coder_kept WHERE coding_id = new.id)),
              (SELECT id FROM coder WHERE id = (SELECT value FROM meta WHERE key = 'coder_id')),
              (SELECT id FROM coder WHERE lower(trim(initials)) = lower(trim(new.created_by))))
            WHERE id = new.id;
          DELETE FROM coding_coder_kept WHERE coding_id = new.id;
        END;

        -- A settled disagreement between two coders: one code in one unit (a note, or a sentence
        -- [unit_start, unit_end) of it). The codings the decision removed are kept here (JSON rows)
        -- so that undoing it puts them back and "before" figures stay computable.
        CREATE TABLE adjudication (
          id TEXT PRIMARY KEY NOT NULL,
          unit TEXT NOT NULL CHECK (unit IN ('answer', 'sentence')),
          note_id TEXT NOT NULL REFERENCES note (id) ON DELETE CASCADE,
          unit_start INTEGER NOT NULL,
          unit_end INTEGER NOT NULL,
          code_id TEXT NOT NULL REFERENCES code (id) ON DELETE CASCADE,
          coder_a TEXT NOT NULL REFERENCES coder (id),
          coder_b TEXT NOT NULL REFERENCES coder (id),
          decision TEXT NOT NULL CHECK (decision IN ('accept-a', 'accept-b', 'keep-both', 'neither')),
          -- Why, as typed; and the review_comment anchored on the unit's text that shows it on the
          -- note ('' for none; an undo removes that one, the record keeps the text).
          comment TEXT NOT NULL DEFAULT '',
          comment_id TEXT NOT NULL DEFAULT '',
          removed TEXT NOT NULL CHECK (json_valid(removed)) DEFAULT '[]',
          initials TEXT NOT NULL,
          decided_at TEXT NOT NULL,
          -- Set when the decision is undone: the record stays, the codings are back.
          undone_at TEXT,
          device_id TEXT NOT NULL
        ) STRICT;
        CREATE INDEX adjudication_note ON adjudication (note_id, code_id);
      `);
    },
  },
  {
    version: 7,
    description: 'speaker turns in group notes: who said which passage',
    up(db) {
      db.exec(`
        -- Derived from the note's editor state (its speaker tags) on every note save, in the same
        -- transaction: participant_id said [start, end) of the note's plain text (UTF-16 offsets).
        -- Text outside every row belongs to the whole session.
        CREATE TABLE note_speaker (
          note_id TEXT NOT NULL REFERENCES note (id) ON DELETE CASCADE,
          participant_id TEXT NOT NULL REFERENCES participant (id) ON DELETE CASCADE,
          start INTEGER NOT NULL CHECK (start >= 0),
          "end" INTEGER NOT NULL CHECK ("end" > start),
          PRIMARY KEY (note_id, start)
        ) STRICT;
        CREATE INDEX note_speaker_participant ON note_speaker (participant_id);
      `);
    },
  },
  {
    version: 8,
    description: 'answers corrected after the interview (who, when, old and new value, why), why a required question was left unanswered, the interview clock',
    up(db) {
      db.exec(`
        -- One row per correction made while cleaning, as ODK's audit log and CSPro's notes keep
        -- them: the answer table holds the value now, this table how it got there. Append-only.
        -- A state of 'none' means there was (or is) no answer.
        CREATE TABLE answer_correction (
          id TEXT PRIMARY KEY NOT NULL,
          interview_id TEXT NOT NULL REFERENCES interview (id) ON DELETE CASCADE,
          participant_id TEXT NOT NULL DEFAULT '',
          question TEXT NOT NULL,
          old_value TEXT NOT NULL,
          old_state TEXT NOT NULL CHECK (old_state IN ('answered', 'declined', 'none')),
          new_value TEXT NOT NULL,
          new_state TEXT NOT NULL CHECK (new_state IN ('answered', 'declined', 'none')),
          reason TEXT NOT NULL CHECK (reason <> ''),
          initials TEXT NOT NULL CHECK (initials <> ''),
          corrected_at TEXT NOT NULL,
          device_id TEXT NOT NULL
        ) STRICT;
        CREATE INDEX answer_correction_interview ON answer_correction (interview_id, corrected_at);
        -- Why a required question has no answer (state 'declined', value ''): the respondent
        -- declined, it did not apply, or time ran out. '' for answers and plain declines.
        ALTER TABLE answer ADD COLUMN missing_reason TEXT NOT NULL DEFAULT '' CHECK (missing_reason IN ('', 'declined', 'not-applicable', 'out-of-time'));
        -- The interview clock: seconds spent in the runner, from the first question, without pauses.
        ALTER TABLE interview ADD COLUMN elapsed_seconds INTEGER NOT NULL DEFAULT 0 CHECK (elapsed_seconds >= 0);
      `);
    },
  },
  {
    version: 9,
    description: 'the evaluation matrix: evaluation questions by criterion, their links to schedule questions, sections, codes and indicators, and rapid-analysis summaries',
    up(db) {
      db.exec(`
        -- An evaluation question (or a sub-question: parent_id), grouped by criterion (relevance,
        -- effectiveness...). ref is the evaluator's own label ("EQ1.2"), unique in the project.
        CREATE TABLE evaluation_question (
          id TEXT PRIMARY KEY NOT NULL,
          parent_id TEXT REFERENCES evaluation_question (id) ON DELETE CASCADE,
          ref TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(ref) BETWEEN 1 AND 40),
          criterion TEXT NOT NULL,
          text TEXT NOT NULL,
          position INTEGER NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          device_id TEXT NOT NULL
        ) STRICT;
        -- What an evaluation question draws on. target: a schedule question or section (group)
        -- name, or a code id; an indicator is a question with the choice codes it counts (value,
        -- space-separated), e.g. "% who say Yes to Q12".
        CREATE TABLE evaluation_link (
          id TEXT PRIMARY KEY NOT NULL,
          question_id TEXT NOT NULL REFERENCES evaluation_question (id) ON DELETE CASCADE,
          kind TEXT NOT NULL CHECK (kind IN ('question', 'section', 'code', 'indicator')),
          target TEXT NOT NULL,
          value TEXT NOT NULL DEFAULT '',
          position INTEGER NOT NULL,
          device_id TEXT NOT NULL,
          UNIQUE (question_id, kind, target, value)
        ) STRICT;
        CREATE INDEX evaluation_link_target ON evaluation_link (kind, target);
        -- A deleted code leaves no link pointing nowhere.
        CREATE TRIGGER evaluation_link_code_deleted AFTER DELETE ON code BEGIN
          DELETE FROM evaluation_link WHERE kind = 'code' AND target = old.id;
        END;
        -- Rapid qualitative analysis: the evaluator's summary of one respondent for one domain
        -- ('section:NAME' or 'eq:ID'), with the note it was written from.
        CREATE TABLE rqa_cell (
          id TEXT PRIMARY KEY NOT NULL,
          participant_id TEXT NOT NULL REFERENCES participant (id) ON DELETE CASCADE,
          domain TEXT NOT NULL,
          summary TEXT NOT NULL,
          note_id TEXT REFERENCES note (id) ON DELETE SET NULL,
          initials TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          device_id TEXT NOT NULL,
          UNIQUE (participant_id, domain)
        ) STRICT;
        CREATE INDEX rqa_cell_note ON rqa_cell (note_id);
      `);
    },
  },
  {
    version: 10,
    description: 'notes stored as blocks: an autosave writes only the paragraphs that changed',
    up(db) {
      db.exec(`
        -- A note's top-level Lexical nodes (paragraphs), each serialized on its own, keyed by the
        -- key the editor gave it. An autosave writes only the blocks that changed
        -- (electron/store/note-blocks.ts); note.editor_state and note.plain_text become a
        -- compacted copy, written by whole saves and when the blocks are compacted (before any
        -- other API call, on open and on close), so readers of a note never see the blocks.
        CREATE TABLE note_block (
          note_id TEXT NOT NULL REFERENCES note (id) ON DELETE CASCADE,
          block_key TEXT NOT NULL,
          json TEXT NOT NULL CHECK (json_valid(json)),
          PRIMARY KEY (note_id, block_key)
        ) STRICT, WITHOUT ROWID;
        -- One row per note in block form, small so that a save rewrites one page of it (SQLite
        -- rewrites a whole row on any update: the version cannot live beside note.editor_state).
        -- version counts saves, so an editor whose last acknowledged save is older sends the
        -- whole note; compacted = 0 while note.editor_state/plain_text lag behind the blocks.
        CREATE TABLE note_block_head (
          note_id TEXT PRIMARY KEY NOT NULL REFERENCES note (id) ON DELETE CASCADE,
          version INTEGER NOT NULL,
          block_order TEXT NOT NULL CHECK (json_valid(block_order)),
          root TEXT NOT NULL CHECK (json_valid(root)),
          compacted INTEGER NOT NULL CHECK (compacted IN (0, 1, 2)),
          updated_at TEXT NOT NULL,
          device_id TEXT NOT NULL
        ) STRICT;
        CREATE INDEX note_block_head_stale ON note_block_head (note_id) WHERE compacted = 0;
        -- A whole state written by anything but the blocks' compaction (compacted = 2 while it
        -- writes) replaces the blocks: codings applied by the services, merges, imports. The
        -- note leaves block form; the editor's next save, refused as stale, sends it whole.
        CREATE TRIGGER note_state_replaced AFTER UPDATE OF editor_state ON note
        WHEN (SELECT compacted FROM note_block_head WHERE note_id = new.id) IS NOT 2 BEGIN
          DELETE FROM note_block WHERE note_id = new.id;
          DELETE FROM note_block_head WHERE note_id = new.id;
        END;
        -- Existing notes become blocks: root.children one by one, keyed by position.
        INSERT INTO note_block (note_id, block_key, json)
          SELECT note.id, 'm' || child.key, child.value FROM note, json_each(note.editor_state, '$.root.children') AS child
          WHERE json_type(note.editor_state, '$.root.children') = 'array';
        INSERT INTO note_block_head (note_id, version, block_order, root, compacted, updated_at, device_id)
          SELECT note.id, 1,
            (SELECT json_group_array('m' || child.key) FROM json_each(note.editor_state, '$.root.children') AS child),
            json_remove(json_extract(note.editor_state, '$.root'), '$.children'), 1, note.updated_at, note.device_id
          FROM note WHERE json_type(note.editor_state, '$.root.children') = 'array';
      `);
    },
  },
];

export const SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;

/** Tables whose row counts `project info` reports, by the name a user reads. */
export const countedTables: Readonly<Record<string, string>> = {
  schedules: 'schedule',
  interviews: 'interview',
  respondents: 'participant',
  answers: 'answer',
  notes: 'note',
  codes: 'code',
  codings: 'coding',
  memos: 'memo',
};
