/**
 * The evaluation matrix on a seeded, coded project (electron/dev/seed.ts, seed --coded): counts
 * by group equal direct queries, the report's numbers equal the statistics API and PSPP reading
 * the SPSS export, and a respondent without quote consent never appears in the report.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import nodePath from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldnote } from '../../support/cli';
import type { FieldnoteServices } from '../../../electron/services/fieldnote-services';
import { dispatch } from '../../../shared/api/dispatch';
import type { ApiInput, ApiMethod, ApiOutput } from '../../../shared/api/contract';
import type { Evidence } from '../../../shared/evaluation';
import { readZip } from '../../../shared/exchange/zip/zip';
import { tableRows } from '../../../shared/stats';
import { expectFrequencyTable, HAS_PSPP, runPspp, table } from '../../support/pspp';
import { PASS, tempDir } from '../../support/temp';
import { seededProject, services as newServices } from '../team/team-support';

let dir = '';
let services: FieldnoteServices;
const api = async <M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> => {
  const result = await dispatch(services.handlers, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as ApiOutput<M>;
};
const ids: Record<string, string> = {};

beforeAll(async () => {
  // Not tempDir(): that is removed after each test, and this project serves them all.
  dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'fieldnote-evaluation-'));
  await seededProject(nodePath.join(dir, 'eval.fieldnote'), { interviews: 45, seed: 7 });
  services = newServices(dir);
  await api('project.open', { path: 'eval.fieldnote', passphrase: PASS });
  const { targets } = await api('evaluation.matrix', {});
  const code = (name: string) => targets.codes.find((c) => c.name === name)!.id;
  ids.eq1 = (
    await api('evaluation.create', {
      ref: 'EQ1',
      parentId: null,
      criterion: 'Effectiveness',
      text: 'How far has collaboration with the programme grown?',
      links: [
        { kind: 'question', target: 'q3_collab' },
        { kind: 'question', target: 'q3a_how' },
        { kind: 'code', target: code('Coordination') },
        { kind: 'indicator', target: 'q3_collab', value: '1' },
      ],
    })
  ).id;
  ids.eq2 = (
    await api('evaluation.create', { ref: 'EQ2', parentId: null, criterion: 'Relevance', text: 'Is the training relevant?', links: [{ kind: 'section', target: 'training' }, { kind: 'code', target: code('Training') }] })
  ).id;
  ids.eq21 = (await api('evaluation.create', { ref: 'EQ2.1', parentId: ids.eq2, criterion: 'Relevance', text: 'Which support was used?', links: [{ kind: 'indicator', target: 'q5a_types', value: '1 2' }] })).id;
}, 120_000);

afterAll(() => {
  services?.close();
  if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
});

const evidence = async (id: string) => (await api('evaluation.evidence', { id })).evidence as Evidence;

/** Tables of a .docx as rows of cell texts. */
async function docxTables(bytes: Uint8Array): Promise<{ text: string; tables: string[][][] }> {
  const entry = readZip(bytes).find((e) => e.name === 'word/document.xml')!;
  const xml = new TextDecoder().decode(await entry.read());
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const texts = (part: string) => [...part.matchAll(/<w:t(?:\s[^>]*)?>(.*?)<\/w:t>/g)].map((t) => unescape(t[1] ?? '')).join('');
  const tables = [...xml.matchAll(/<w:tbl>(.*?)<\/w:tbl>/g)].map((t) => [...(t[1] ?? '').matchAll(/<w:tr>(.*?)<\/w:tr>/g)].map((r) => [...(r[1] ?? '').matchAll(/<w:tc>(.*?)<\/w:tc>/g)].map((c) => texts(c[1] ?? ''))));
  const text = [...xml.matchAll(/<w:p>(.*?)<\/w:p>/g)].map((p) => texts(p[1] ?? '')).join('\n');
  return { text, tables };
}

describe('the evaluation matrix on a seeded project', () => {
  it('counts who spoke to a question by group exactly as a direct query does', async () => {
    const ev = await evidence(ids.eq1!);
    const db = services.project.db;
    const coordination = (await api('evaluation.matrix', {})).targets.codes.filter((c) => c.path[0] === 'Coordination').map((c) => c.id);
    // A link to something not in the schedule is refused when new.
    await expect(api('evaluation.update', { id: ids.eq1!, ref: 'EQ1', parentId: null, criterion: 'Effectiveness', text: 'x', links: [{ kind: 'question', target: 'q99_gone' }] })).rejects.toThrow('The question "q99_gone" is not in the schedule analysed');
    const direct = db.prepare(
        `SELECT p.organisation_type AS org, count(*) AS spoke FROM participant p WHERE
           EXISTS (SELECT 1 FROM answer a WHERE a.interview_id = p.interview_id AND (a.participant_id = '' OR a.participant_id = p.id) AND a.question = 'q3_collab' AND a.state = 'answered' AND a.value <> '')
           OR EXISTS (SELECT 1 FROM note n WHERE n.interview_id = p.interview_id AND n.question IN ('q3_collab', 'q3a_how') AND trim(n.plain_text) <> '')
           OR EXISTS (SELECT 1 FROM coding c WHERE c.interview_id = p.interview_id AND c.code_id IN (SELECT value FROM json_each(?)))
         GROUP BY p.organisation_type`,
    );
    const everyone = db.prepare('SELECT organisation_type AS org, count(*) AS n FROM participant GROUP BY organisation_type').all() as { org: string; n: number }[];
    const settings = services.interviews.settings();
    const groups = [
      { attribute: 'organisationType', column: 'organisation_type', labels: settings.organisationTypes },
      { attribute: 'agencyGroup', column: 'agency_group', labels: settings.agencyGroups },
      { attribute: 'location', column: 'location_number', labels: [] },
    ] as const;
    for (const g of groups) {
      // The same condition, grouped by this attribute (its column name comes from the list above, not from data).
      const spoke = db.prepare(direct.source.replaceAll('organisation_type', g.column)).all(JSON.stringify(coordination)) as { org: string; spoke: number }[];
      const all = db.prepare(`SELECT ${g.column} AS org, count(*) AS n FROM participant GROUP BY ${g.column}`).all() as { org: string; n: number }[];
      const label = (value: string) => (value === '' ? 'Not recorded' : ((g.labels as readonly { code: string; label: string }[]).find((o) => o.code === value)?.label ?? value));
      const shown = ev.spoke.byGroup.find((x) => x.attribute === g.attribute)!;
      expect(shown.rows.map((r) => [r.label, r.respondents, r.of]).sort(), g.attribute).toEqual(all.map((e) => [label(e.org), spoke.find((d) => d.org === e.org)?.spoke ?? 0, e.n]).sort());
    }
    const rows = direct.all(JSON.stringify(coordination)) as { org: string; spoke: number }[];
    expect(ev.spoke.respondents).toBe(rows.reduce((n, d) => n + d.spoke, 0));
    expect(ev.spoke.sentence).toMatch(new RegExp(`^${ev.spoke.respondents} of ${everyone.reduce((n, e) => n + e.n, 0)} respondents \\(\\d+\\.\\d%\\) spoke`));

    // Themes: segments and respondents of the code and everything below it.
    const theme = ev.themes[0]!;
    expect(theme.segments).toBe(db.prepare('SELECT count(*) FROM coding WHERE code_id IN (SELECT value FROM json_each(?))').pluck().get(JSON.stringify(coordination)));
    expect(theme.respondents).toBe(
      db.prepare('SELECT count(*) FROM participant WHERE interview_id IN (SELECT interview_id FROM coding WHERE code_id IN (SELECT value FROM json_each(?)))').pluck().get(JSON.stringify(coordination)),
    );
    expect(theme.byGroup.reduce((n, g) => n + g.respondents, 0)).toBe(theme.respondents);
  });

  it("puts the statistics API's numbers in the document, as PSPP reads them from the SPSS export", async () => {
    const ev = await evidence(ids.eq1!);
    const freq = await api('stats.frequency', { variable: 'q3_collab', unit: 'respondent' });
    const cross = await api('stats.crosstab', { variable: 'q3_collab', by: 'org_type', unit: 'respondent' });
    const numbers = ev.numbers.find((n) => n.variable === 'q3_collab')!;
    expect(numbers.rows).toEqual(tableRows(freq.table));
    expect(numbers.crossRows).toEqual(tableRows(cross.table));

    const report = await api('evaluation.report', { id: ids.eq1!, format: 'docx' });
    const doc = await docxTables(Buffer.from(report.dataBase64, 'base64'));
    // A blank separator row is one empty cell in Word.
    const asInWord = (rows: string[][]) => rows.map((r) => (r.length === 0 ? [''] : r));
    expect(doc.tables).toContainEqual(asInWord(tableRows(freq.table)));
    expect(doc.tables).toContainEqual(asInWord(tableRows(cross.table)));
    // The sentence quotes the table's own Valid Percent, with its base.
    const yes = freq.table.valid.find((r) => r.label === 'Yes')!;
    const validPercent = tableRows(freq.table).find((r) => r[1] === 'Yes')![4];
    const indicator = ev.indicators[0]!;
    expect([indicator.count, indicator.base]).toEqual([yes.frequency, freq.table.validTotal.frequency]);
    expect(doc.text).toContain(`${yes.frequency} of the ${freq.table.validTotal.frequency} respondents who gave a valid answer (${validPercent}%, valid percent) answered “Yes”`);
    expect(doc.text).toContain(`${freq.table.total.frequency - freq.table.validTotal.frequency} of the ${freq.table.total.frequency} respondents were not asked or gave no valid answer`);

    // Pandoc (what many turn a .docx into text with) reads the document and its tables.
    const pandoc = spawnSync('pandoc', ['--version']).status === 0;
    if (pandoc) {
      const file = nodePath.join(dir, 'eq1.docx');
      fs.writeFileSync(file, Buffer.from(report.dataBase64, 'base64'));
      const read = spawnSync('pandoc', ['-f', 'docx', '-t', 'html', file], { encoding: 'utf8' });
      expect(read.status, read.stderr).toBe(0);
      const cells = (html: string) => [...html.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim());
      const got = cells(read.stdout);
      const want = tableRows(freq.table).flat().filter((c) => c !== '');
      expect(got.filter((c) => c !== '').join('|')).toContain(want.join('|'));
    } else console.log('Skipping the pandoc reading of the .docx: pandoc is not installed.');

    // The Markdown has the same tables.
    const md = Buffer.from((await api('evaluation.report', { id: ids.eq1!, format: 'md' })).dataBase64, 'base64').toString('utf8');
    expect(md).toContain(`| Valid | Yes | ${tableRows(freq.table)[1]!.slice(2).join(' | ')} |`);

    if (!HAS_PSPP) {
      console.log('Skipping the PSPP comparison: pspp is not installed.');
      return;
    }
    const out = tempDir();
    const spss = await api('export.spss', { unit: 'respondent', includeText: false });
    for (const f of spss.files) fs.writeFileSync(nodePath.join(out, f.name), Buffer.from(f.dataBase64, 'base64'));
    const sav = spss.files.find((f) => f.name.endsWith('.sav'))!.name;
    const run = runPspp(out, `GET FILE='${sav}'.\nFREQUENCIES /VARIABLES=q3_collab.\n`);
    expectFrequencyTable(table(run, numbers.frequency.variable.label), numbers.frequency, 'q3_collab');
  }, 120_000);

  it('never shows a respondent without quote consent in the report, and checks flagged names', async () => {
    const db = services.project.db;
    // A marked quote under the linked codes from an interview where someone refused quotes.
    const refused = db
      .prepare(
        `SELECT c.text, p.respondent_code AS code, p.id AS participant FROM coding c JOIN participant p ON p.interview_id = c.interview_id
         WHERE c.is_quote = 1 AND p.quote_consent = 0 ORDER BY c.id LIMIT 1`,
      )
      .get() as { text: string; code: string; participant: string } | undefined;
    expect(refused, 'the seed has a marked quote from a respondent without quote consent').toBeDefined();
    const codeOf = db.prepare('SELECT code_id FROM coding WHERE text = ? AND is_quote = 1').pluck().get(refused!.text) as string;
    // A question linked to exactly that code, and a rapid-analysis summary of that respondent.
    const eq = await api('evaluation.create', { ref: 'EQ3', parentId: null, criterion: 'Impact', text: 'Consent check', links: [{ kind: 'code', target: codeOf }] });
    await api('rqa.saveCell', { participantId: refused!.participant, domain: `eq:${eq.id}`, summary: 'Summary of a respondent who refused quotes', noteId: null, initials: 'AB' });
    await api('flaggedTerms.add', { term: 'police' });

    const ev = await evidence(eq.id);
    expect(ev.voicesExcluded).toBeGreaterThan(0);
    expect(ev.voices.map((v) => v.text)).not.toContain(refused!.text);
    expect(ev.voices.every((v) => !v.attribution.includes(`(${refused!.code},`))).toBe(true);
    expect(ev.rqa.find((c) => c.respondent === refused!.code)?.quoteConsent).toBe(false);
    const flagged = ev.voices.filter((v) => /\bpolice\b/i.test(v.text));
    for (const v of flagged) expect(v.flagged.map((f) => f.term)).toContain('police');

    for (const format of ['docx', 'md'] as const) {
      const file = Buffer.from((await api('evaluation.report', { id: eq.id, format })).dataBase64, 'base64');
      const text = format === 'docx' ? (await docxTables(file)).text : file.toString('utf8');
      expect(text).not.toContain(`(${refused!.code},`);
      expect(text).not.toContain('Summary of a respondent who refused quotes');
      expect(text).toMatch(/marked quotes? (was|were) left out/);
      // Flagged names are redacted in quotes.
      for (const v of ev.voices.filter((x) => x.flagged.length > 0)) expect(text).not.toContain(v.text);
    }
  });

  it('exports the matrix to .xlsx and imports it back; a malformed sheet gives located errors and changes nothing', async () => {
    // An ID that looks like a number keeps its digits through the spreadsheet.
    await api('evaluation.create', { ref: '1.10', parentId: null, criterion: 'Coherence', text: 'Numbered like the terms of reference', links: [] });
    const before = (await api('evaluation.matrix', {})).questions;
    const exported = await api('evaluation.exportXlsx', {});
    const imported = await api('evaluation.importXlsx', { fileName: 'matrix.xlsx', dataBase64: exported.dataBase64 });
    expect(imported).toEqual({ imported: before.length, problems: [] });
    const after = (await api('evaluation.matrix', {})).questions;
    expect(after.map(({ id, ref, parentId, criterion, text, links }) => ({ id, ref, parentId, criterion, text, links }))).toEqual(
      before.map(({ id, ref, parentId, criterion, text, links }) => ({ id, ref, parentId, criterion, text, links })),
    );

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Matrix');
    sheet.addRow(['ID', 'Parent', 'Criterion', 'Evaluation question', 'Schedule questions', 'Sections', 'Codes', 'Indicators']);
    sheet.addRow(['EQ9', '', 'Effectiveness', 'Fine', 'q3_collab', '', 'Training', 'q3_collab = Yes']);
    sheet.addRow(['EQ10', 'EQ99', '', 'Bad', 'q99_nothing', 'nowhere', 'Trainng', 'q3_collab = Maybe']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const bad = await api('evaluation.importXlsx', { fileName: 'terms.xlsx', dataBase64: bytes.toString('base64') });
    expect(bad.imported).toBe(0);
    expect(bad.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^terms\.xlsx, sheet Matrix, row 3, column Criterion: /),
        expect.stringMatching(/^terms\.xlsx, sheet Matrix, row 3, column Schedule questions: the schedule has no question named "q99_nothing"/),
        expect.stringMatching(/^terms\.xlsx, sheet Matrix, row 3, column Sections: /),
        expect.stringMatching(/^terms\.xlsx, sheet Matrix, row 3, column Codes: the codebook has no code "Trainng"/),
        expect.stringMatching(/^terms\.xlsx, sheet Matrix, row 3, column Indicators: q3_collab has no answer "Maybe"/),
        expect.stringMatching(/^terms\.xlsx, sheet Matrix, row 3, column Parent: /),
      ]),
    );
    expect((await api('evaluation.matrix', {})).questions.map((q) => q.ref)).toEqual(before.map((q) => q.ref));
  });

  it('keeps the matrix in order: main questions by position, each followed by its sub-questions; move swaps neighbours', async () => {
    const refs = async () => (await api('evaluation.matrix', {})).questions.map((q) => q.ref);
    const before = await refs();
    expect(before.slice(0, 3)).toEqual(['EQ1', 'EQ2', 'EQ2.1']);
    await api('evaluation.move', { id: ids.eq2!, direction: 'up' });
    expect((await refs()).slice(0, 3)).toEqual(['EQ2', 'EQ2.1', 'EQ1']);
    await api('evaluation.move', { id: ids.eq21!, direction: 'up' }); // the only sub-question: nowhere to go
    expect((await refs()).slice(0, 3)).toEqual(['EQ2', 'EQ2.1', 'EQ1']);
    await api('evaluation.move', { id: ids.eq2!, direction: 'down' });
    expect(await refs()).toEqual(before);
    const md = Buffer.from((await api('evaluation.report', { format: 'md' })).dataBase64, 'base64').toString('utf8');
    expect([...md.matchAll(/^## (\S+) /gm)].map((m) => m[1])).toEqual(before);
  });

  it('keeps rapid-analysis summaries by respondent and section or evaluation question, exports the grid in the order shown', async () => {
    const bySection = await api('rqa.grid', { columns: 'sections' });
    expect(bySection.columns.map((c) => c.key)).toContain('section:training');
    const [first, second] = bySection.rows;
    const note = second!.notes.find((n) => n.question !== '') ?? second!.notes[0]!;
    await api('rqa.saveCell', { participantId: second!.participantId, domain: 'section:training', summary: 'Training reached the whole unit.', noteId: note.id, initials: 'AB' });
    // A note of another interview cannot be the source of this respondent's summary.
    const foreign = bySection.rows.find((r) => r.interviewId !== second!.interviewId && r.notes.length > 0)!.notes[0]!;
    await expect(api('rqa.saveCell', { participantId: second!.participantId, domain: 'section:familiarity', summary: 'x', noteId: foreign.id, initials: 'AB' })).rejects.toThrow("respondent's own interview");
    const again = await api('rqa.grid', { columns: 'sections' });
    expect(again.rows.find((r) => r.participantId === second!.participantId)!.cells['section:training']).toMatchObject({ summary: 'Training reached the whole unit.', noteId: note.id, initials: 'AB' });
    // The section is linked to EQ2: the summary is part of its evidence.
    expect((await evidence(ids.eq2!)).rqa).toEqual([expect.objectContaining({ respondent: second!.respondentCode, summary: 'Training reached the whole unit.', noteId: note.id })]);

    const file = await api('rqa.exportXlsx', { columns: 'sections', participantIds: [second!.participantId, first!.participantId] });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.dataBase64, 'base64') as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    expect(header.slice(0, 6)).toEqual(['Respondent', 'Organisation type', 'Agency group', 'Focus of work', 'Location', 'Date']);
    expect(sheet.rowCount).toBe(3);
    expect(String(sheet.getRow(2).getCell(1).value)).toBe(second!.respondentCode);
    expect(sheet.getRow(2).getCell(header.indexOf('Training and support (all respondents)') + 1).value).toBe('Training reached the whole unit.');

    // An empty summary removes the cell; deleting an evaluation question removes its summaries.
    await api('rqa.saveCell', { participantId: second!.participantId, domain: 'section:training', summary: '  ', noteId: null, initials: 'AB' });
    expect((await evidence(ids.eq2!)).rqa).toEqual([]);
    const eq = await api('evaluation.create', { ref: 'EQ8', parentId: null, criterion: 'Impact', text: 'Temporary', links: [] });
    await api('rqa.saveCell', { participantId: first!.participantId, domain: `eq:${eq.id}`, summary: 'Gone soon', noteId: null, initials: 'AB' });
    await api('evaluation.delete', { id: eq.id });
    expect(services.project.db.prepare('SELECT count(*) FROM rqa_cell WHERE domain = ?').pluck().get(`eq:${eq.id}`)).toBe(0);
  });

  it('merges the matrix of another laptop: new questions, links and summaries come in; one changed on both sides is a conflict', async () => {
    await api('project.saveCopy', { path: 'laptop.fieldnote' });
    const laptop = newServices(dir, 'config-laptop');
    const other = async <M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> => {
      const result = await dispatch(laptop.handlers, method, input);
      if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
      return result.value as ApiOutput<M>;
    };
    try {
      await other('project.open', { path: 'laptop.fieldnote', passphrase: PASS });
      const { questions, targets } = await other('evaluation.matrix', {});
      const eq1 = questions.find((q) => q.ref === 'EQ1')!;
      await other('evaluation.update', { id: eq1.id, ref: 'EQ1', parentId: null, criterion: 'Effectiveness', text: 'Reworded on the laptop', links: eq1.links.map(({ kind, target, value }) => ({ kind, target, value })) });
      const added = await other('evaluation.create', { ref: 'EQ5', parentId: null, criterion: 'Sustainability', text: 'Will it last?', links: [{ kind: 'code', target: targets.codes[0]!.id }] });
      const respondent = (await other('rqa.grid', { columns: 'questions' })).rows[0]!;
      await other('rqa.saveCell', { participantId: respondent.participantId, domain: `eq:${added.id}`, summary: 'Funding ends next year.', noteId: null, initials: 'CD' });
      await other('project.close', {});
    } finally {
      laptop.close();
    }
    const report = await api('merge.apply', { path: 'laptop.fieldnote', passphrase: PASS });
    expect(report.tables.evaluation_question).toMatchObject({ added: 1, conflicts: 1 });
    expect(report.tables.evaluation_link).toMatchObject({ added: 1 });
    expect(report.tables.rqa_cell).toMatchObject({ added: 1 });
    expect(report.conflicts.map((c) => c.label)).toContain('Evaluation question EQ1 “How far has collaboration with the programme grown?”');
    const eq5 = (await api('evaluation.matrix', {})).questions.find((q) => q.ref === 'EQ5')!;
    expect(eq5.links).toHaveLength(1);
    expect((await evidence(eq5.id)).rqa.map((c) => c.summary)).toEqual(['Funding ends next year.']);
    // Merging again adds nothing and asks nothing new.
    const again = await api('merge.apply', { path: 'laptop.fieldnote', passphrase: PASS });
    expect(again.tables.evaluation_question).toMatchObject({ added: 0, conflicts: 0 });
  }, 120_000);

  it('writes the report from the command line: every question, or one', async () => {
    const out = tempDir();
    services.close();
    const run = (args: string[]) => fieldnote(['evidence', nodePath.join(dir, 'eval.fieldnote'), ...args], { FIELDNOTE_PASSPHRASE: PASS, FIELDNOTE_CONFIG_DIR: nodePath.join(out, 'config') });
    const all = await run(['--out', nodePath.join(out, 'all.md')]);
    expect(all.status, all.stderr).toBe(0);
    const text = fs.readFileSync(nodePath.join(out, 'all.md'), 'utf8');
    expect(text).toContain('## EQ1 (Effectiveness)');
    expect(text).toContain('## EQ2.1 (Relevance)');
    const one = await run(['--out', nodePath.join(out, 'one.docx'), '--question', 'eq2']);
    expect(one.status, one.stderr).toBe(0);
    expect(fs.readFileSync(nodePath.join(out, 'one.docx')).subarray(0, 2).toString()).toBe('PK');
    const wrong = await run(['--out', nodePath.join(out, 'x.docx'), '--question', 'EQ404']);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toContain('There is no evaluation question "EQ404"');
    expect(fs.existsSync(nodePath.join(out, 'x.docx'))).toBe(false);
  }, 180_000);
});
