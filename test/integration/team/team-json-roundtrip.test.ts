// JSON is a lossless project exchange: export → import into an empty project → export gives the
// same files apart from `exportedAt` and the title, for any seeded project (settings with
// locations, ended-early position and reason, primary-only interviews included). Ids that could
// become paths in a later export are refused with a located error.
import nodePath from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InterviewRepo } from '../../../electron/store/interview-repo';
import { ProjectStore } from '../../../electron/store/project-store';
import { buildJsonExport, importJson } from '../../../electron/team/json-exchange';
import { JsonImportError, MANIFEST_FILE, parseJsonExport } from '../../../electron/team/json-format';
import { PASS, tempDir } from '../../support/temp';
import { seededProject } from './team-support';

const SETTINGS = {
  idPrefix: 'KS',
  agencyGroups: [{ code: 'police', label: 'Police' }],
  organisationTypes: [
    { code: 'government', label: 'Government' },
    { code: 'ngo', label: 'NGO' },
    { code: 'io', label: 'IO' },
  ],
  focusOfWork: [{ code: 'aftercare', label: 'Aftercare' }],
  locations: [
    { code: '12', label: 'Phnom Penh' },
    { code: '17', label: 'Siem Reap' },
  ],
};

/** The files with the two fields that may differ blanked out. */
function comparable(files: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(files)) {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (name === MANIFEST_FILE) {
      value.exportedAt = '';
      value.title = '';
    }
    out[name] = value;
  }
  return out;
}

function exportOf(file: string): Record<string, string> {
  const store = ProjectStore.open(file, PASS, { readOnly: true });
  try {
    return buildJsonExport(store.db, 'T');
  } finally {
    store.close();
  }
}

describe('JSON round trip', () => {
  it('any seeded project: export, import into an empty project, export again gives the same files', async () => {
    const dir = tempDir();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 5 }), async (seed, interviews) => {
        run++;
        const source = nodePath.join(dir, `source-${run}.fieldnote`);
        await seededProject(source, { interviews, seed });
        const store = ProjectStore.open(source, PASS);
        new InterviewRepo(store.db, 'seed-device').setSettings(SETTINGS);
        // One interview ended early with a reason and one primary-only, whatever the seed did.
        const ids = store.db.prepare('SELECT id FROM interview ORDER BY id').pluck().all() as string[];
        store.db.prepare("UPDATE interview SET ended_early_at_question = 'q3', end_reason = 'Respondent called away' WHERE id = ?").run(ids[0]);
        store.db.prepare('UPDATE interview SET primary_only = 1 WHERE id = ?').run(ids.at(-1));
        store.close();
        const first = exportOf(source);
        const target = nodePath.join(dir, `target-${run}.fieldnote`);
        ProjectStore.create(target, PASS, { title: 'Empty' }).close();
        const into = ProjectStore.open(target, PASS);
        try {
          importJson(into.db, first, 'other-device');
        } finally {
          into.close();
        }
        const second = exportOf(target);
        expect(comparable(second)).toEqual(comparable(first));
        const manifest = JSON.parse(second[MANIFEST_FILE]!) as { settings: unknown };
        expect(manifest.settings).toEqual(SETTINGS);
        const firstInterview = JSON.parse(second[`interviews/${ids[0]}.json`]!) as { endedEarlyAtQuestion: string; endReason: string };
        expect([firstInterview.endedEarlyAtQuestion, firstInterview.endReason]).toEqual(['q3', 'Respondent called away']);
      }),
      { numRuns: 4 },
    );
  }, 240_000);

  it('refuses ids that are not letters, digits, - and _, naming the file and path', async () => {
    const dir = tempDir();
    const file = nodePath.join(dir, 'seeded.fieldnote');
    await seededProject(file, { interviews: 1, seed: 2 });
    const files = exportOf(file);
    const name = Object.keys(files).find((k) => k !== MANIFEST_FILE)!;
    const interview = JSON.parse(files[name]!) as { id: string };
    interview.id = '../../x';
    expect(() => parseJsonExport({ ...files, [name]: JSON.stringify(interview) })).toThrow(JsonImportError);
    expect(() => parseJsonExport({ ...files, [name]: JSON.stringify(interview) })).toThrow(`${name} at $.id: ids are 1 to 100 letters, digits, - or _`);
    const manifest = JSON.parse(files[MANIFEST_FILE]!) as { schedules: { id: string }[] };
    manifest.schedules[0]!.id = 'a/b';
    expect(() => parseJsonExport({ ...files, [MANIFEST_FILE]: JSON.stringify(manifest) })).toThrow('fieldnote.json at $.schedules[0].id');
  });

  it('an older export without settings still imports, and keeps the project\'s settings', async () => {
    const dir = tempDir();
    const file = nodePath.join(dir, 'seeded.fieldnote');
    await seededProject(file, { interviews: 1, seed: 3 });
    const files = exportOf(file);
    const manifest = JSON.parse(files[MANIFEST_FILE]!) as Record<string, unknown>;
    delete manifest.settings;
    const target = nodePath.join(dir, 'target.fieldnote');
    ProjectStore.create(target, PASS, { title: 'Empty' }).close();
    const store = ProjectStore.open(target, PASS);
    try {
      new InterviewRepo(store.db, 'd').setSettings(SETTINGS);
      importJson(store.db, { ...files, [MANIFEST_FILE]: JSON.stringify(manifest) }, 'd');
      expect(new InterviewRepo(store.db, 'd').settings()).toEqual(SETTINGS);
    } finally {
      store.close();
    }
  });
});
