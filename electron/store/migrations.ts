/**
 * Schema migrations, one function per version, run in order inside one transaction and
 * tracked in `PRAGMA user_version`. Never edit a shipped migration: add a new one.
 * Every table is STRICT, every record has a stable text id (UUIDv7), timestamps in ISO 8601 UTC.
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
];

export const SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;

/** Tables whose row counts `project info` reports, by the name a user reads. */
export const countedTables: Readonly<Record<string, string>> = {
  schedules: 'schedule',
  interviews: 'interview',
  respondents: 'participant',
  answers: 'answer',
  notes: 'note',
};
