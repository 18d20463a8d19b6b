// Merging two projects seeded from one base and edited apart on two laptops (two device ids):
// new interviews on both (their respondent numbers clash), new codes, the same code renamed on
// both sides. Merged both ways and twice: counts and contents as expected, the rename flagged as
// a conflict and resolvable, nothing lost, the second merge adds nothing, failures change nothing.
import fs from 'node:fs';
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FieldnoteServices } from '../../../electron/services/fieldnote-services';
import { dumpHash } from '../../../electron/store/dump';
import { PASS, OTHER_PASS, tempDir } from '../../support/temp';
import { call, callError, seededProject, services } from './team-support';

const participant = { organisationNumber: '1', locationNumber: '2', agencyGroup: 'police', organisationType: 'government', focusOfWork: 'law-enforcement', consentGiven: true as const, consentMode: 'verbal' as const, quoteConsent: true };

async function editApart(s: FieldnoteServices, side: string) {
  const { schedules } = await call(s, 'schedule.list', {});
  const detail = await call(s, 'interview.start', { scheduleId: schedules[0]!.id, sessionType: 'one-on-one', answerMode: 'shared', language: 'en', interviewer: side, heldAt: '2026-02-01T09:00', participants: [participant] });
  await call(s, 'notes.save', { interviewId: detail.summary.id, question: '', editorState: JSON.stringify({ root: { type: 'root', version: 1, direction: null, format: '', indent: 0, children: [] } }) });
  await call(s, 'codes.create', { name: `New on ${side}`, initials: side });
  const codes = (await call(s, 'codes.list', {})).codes;
  const target = codes.find((c) => c.name === 'Trust') ?? codes.find((c) => c.kind === 'code')!;
  await call(s, 'codes.update', { id: target.id, name: `${target.name} (${side})` });
  return { interviewId: detail.summary.id, respondent: detail.participants[0]!.respondentCode, renamedId: target.id };
}

function ids(s: FieldnoteServices, table: string): Set<string> {
  return new Set(s.project.db.prepare(`SELECT id FROM ${table}`).pluck().all() as string[]);
}

describe('merging projects', () => {
  it('two laptops from one base: preview, ID clashes, conflicts, both ways, idempotent, nothing lost', async () => {
    const dir = tempDir();
    const base = nodePath.join(dir, 'base.fieldnote');
    await seededProject(base, { interviews: 4, seed: 5 });
    fs.copyFileSync(base, nodePath.join(dir, 'a.fieldnote'));
    fs.copyFileSync(base, nodePath.join(dir, 'b.fieldnote'));
    const sB = services(dir, 'config-b');
    await call(sB, 'project.open', { path: 'b.fieldnote', passphrase: PASS });
    const b = await editApart(sB, 'BB');
    const bTables = Object.fromEntries(['interview', 'participant', 'code', 'coding', 'note', 'memo', 'relation', 'answer'].map((t) => [t, ids(sB, t)]));
    await call(sB, 'project.close', {});

    const sA = services(dir, 'config-a');
    await call(sA, 'project.open', { path: 'a.fieldnote', passphrase: PASS });
    const a = await editApart(sA, 'AA');
    expect(a.respondent).toBe(b.respondent); // both laptops issued the next number
    const countsBefore = (await call(sA, 'project.info', {})).counts;

    // A wrong passphrase for the other project: a clear error, nothing changed.
    const h0 = dumpHash(sA.project.db);
    expect(await callError(sA, 'merge.preview', { path: 'b.fieldnote', passphrase: OTHER_PASS })).toMatchObject({ code: 'wrong_passphrase' });
    expect(await callError(sA, 'merge.apply', { path: 'b.fieldnote', passphrase: OTHER_PASS })).toMatchObject({ code: 'wrong_passphrase' });

    // The preview lists what will happen and changes nothing.
    const preview = await call(sA, 'merge.preview', { path: 'b.fieldnote', passphrase: PASS });
    expect(dumpHash(sA.project.db)).toBe(h0);
    expect(preview.tables.interview).toMatchObject({ added: 1, conflicts: 0 });
    expect(preview.tables.code).toMatchObject({ added: 1, conflicts: 1 });
    expect(preview.respondentClashes).toEqual([expect.objectContaining({ respondentCode: b.respondent, newNumber: expect.any(Number) })]);
    expect(preview.conflicts.filter((c) => c.status === 'open').map((c) => c.table)).toEqual(['code']);
    expect(preview.conflicts.find((c) => c.table === 'code')!.fields).toEqual([expect.objectContaining({ name: 'name' })]);

    // Applying without choosing how to resolve the ID clash: refused, nothing changed.
    const refused = await callError(sA, 'merge.apply', { path: 'b.fieldnote', passphrase: PASS });
    expect(refused.code).toBe('invalid_input');
    expect(refused.message).toContain(b.respondent);
    expect(dumpHash(sA.project.db)).toBe(h0);

    const merged = await call(sA, 'merge.apply', { path: 'b.fieldnote', passphrase: PASS, respondentClashes: 'renumber-incoming' });
    expect(merged.backup).toMatch(/^a-.*\.fieldnote$/);
    expect(fs.existsSync(nodePath.join(dir, 'a.backups', merged.backup))).toBe(true);
    const countsAfter = (await call(sA, 'project.info', {})).counts;
    expect(countsAfter.interviews).toBe(countsBefore.interviews! + 1);
    expect(countsAfter.respondents).toBe(countsBefore.respondents! + 1);
    expect(countsAfter.codes).toBe(countsBefore.codes! + 1);
    // The incoming respondent got the next free number; every respondent number is unique.
    const incoming = sA.project.db.prepare('SELECT respondent_code FROM participant WHERE interview_id = ?').pluck().get(b.interviewId);
    expect(incoming).toBe(merged.respondentClashes[0]!.newCode);
    expect(incoming).not.toBe(b.respondent);
    // Local keeps its name; the incoming rename waits as a conflict.
    expect(sA.project.db.prepare('SELECT name FROM code WHERE id = ?').pluck().get(a.renamedId)).toMatch(/\(AA\)$/);
    const { conflicts } = await call(sA, 'merge.conflicts', {});
    expect(conflicts.map((c) => c.label)).toEqual([expect.stringMatching(/\(AA\)/)]);
    // Nothing lost: every record of B is in A, or in a conflict.
    for (const [table, set] of Object.entries(bTables)) {
      for (const id of set) {
        const here = sA.project.db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined;
        const held = sA.project.db.prepare("SELECT 1 FROM merge_conflict WHERE record_id = ? OR json_extract(incoming, '$.id') = ?").get(id, id) !== undefined;
        expect(here || held, `${table} ${id}`).toBe(true);
      }
    }

    // Merging the same project again adds nothing.
    const h1 = dumpHash(sA.project.db);
    const again = await call(sA, 'merge.apply', { path: 'b.fieldnote', passphrase: PASS, respondentClashes: 'renumber-incoming' });
    expect(Object.values(again.tables).reduce((n, t) => n + t.added + t.updated + t.conflicts, 0)).toBe(0);
    expect(dumpHash(sA.project.db)).toBe(h1);

    // The user takes the other laptop's name.
    await call(sA, 'merge.resolve', { id: conflicts[0]!.id, choice: 'take-incoming' });
    expect(sA.project.db.prepare('SELECT name FROM code WHERE id = ?').pluck().get(a.renamedId)).toMatch(/\(BB\)$/);
    expect((await call(sA, 'merge.conflicts', {})).conflicts).toEqual([]);
    const h2 = dumpHash(sA.project.db);
    await call(sA, 'merge.apply', { path: 'b.fieldnote', passphrase: PASS, respondentClashes: 'renumber-incoming' });
    expect(dumpHash(sA.project.db)).toBe(h2);
    // Exports show the resolved IDs.
    const json = await call(sA, 'exchange.exportJson', {});
    expect(json.interviews).toBe(countsAfter.interviews);
    await call(sA, 'project.close', {});

    // The other way: B takes in A (which now holds B's interview under another number too).
    await call(sB, 'project.open', { path: 'b.fieldnote', passphrase: PASS });
    const bBefore = (await call(sB, 'project.info', {})).counts;
    const back = await call(sB, 'merge.apply', { path: 'a.fieldnote', passphrase: PASS, respondentClashes: 'renumber-incoming' });
    const bAfter = (await call(sB, 'project.info', {})).counts;
    expect(bAfter.interviews).toBe(bBefore.interviews! + 1);
    expect(bAfter.codes).toBe(bBefore.codes! + 1);
    expect(back.respondentClashes.length).toBe(1);
    // Its own respondent keeps its number here (the renumbered copy in A is B's own record, unchanged by B's device).
    expect(sB.project.db.prepare('SELECT respondent_code FROM participant WHERE interview_id = ?').pluck().get(b.interviewId)).toBe(b.respondent);
    const hB = dumpHash(sB.project.db);
    await call(sB, 'merge.apply', { path: 'a.fieldnote', passphrase: PASS, respondentClashes: 'renumber-incoming' });
    expect(dumpHash(sB.project.db)).toBe(hB);
    const numbers = sB.project.db.prepare('SELECT respondent_number FROM participant').pluck().all() as number[];
    expect(new Set(numbers).size).toBe(numbers.length);
    sB.close();
    sA.close();
  });

  it('a merge that fails part-way leaves the project exactly as before', async () => {
    const dir = tempDir();
    const base = nodePath.join(dir, 'base.fieldnote');
    await seededProject(base, { interviews: 3, seed: 9 });
    fs.copyFileSync(base, nodePath.join(dir, 'other.fieldnote'));
    const s = services(dir, 'config-x');
    await call(s, 'project.create', { path: 'empty.fieldnote', title: 'Empty', passphrase: PASS, passphraseConfirm: PASS });
    const h0 = dumpHash(s.project.db);
    // Sabotage: inserting a memo fails (as a full disk would), late in the merge, after interviews and codings went in.
    s.project.db.function('explode', () => {
      throw new Error('disk on fire');
    });
    s.project.db.exec('CREATE TEMP TRIGGER refuse_memo BEFORE INSERT ON main.memo BEGIN SELECT explode(); END');
    const error = await callError(s, 'merge.apply', { path: 'other.fieldnote', passphrase: PASS, respondentClashes: 'renumber-incoming' });
    expect(error.code).toBe('internal');
    s.project.db.exec('DROP TRIGGER refuse_memo');
    expect(dumpHash(s.project.db)).toBe(h0);
    // Without the sabotage it goes through.
    await call(s, 'merge.apply', { path: 'other.fieldnote', passphrase: PASS });
    expect((await call(s, 'project.info', {})).counts.interviews).toBe(3);
    s.close();
  });
});
