// The coding workspace's queries through the API against a real encrypted project: group
// sessions analysed per respondent (matrix, compare, drill-down, quotes), the quote bank by code
// path and by question with filters and the same headings in the .docx, coding every search hit
// in one undoable step, sibling order, network positions kept in the project.
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/api/dispatch';
import { readZip } from '../../../shared/exchange/zip/zip';
import { $createParagraphNode, $createTextNode, $getRoot } from 'lexical';
import { editorStateFromParagraphs, plainTextFromParagraphs } from '../../../shared/notes/editor-state';
import { $createSpeakerTagNode } from '../../../shared/notes/speaker-tag';
import { headlessNote } from '../../support/notes';
import { openTestServices, testServices } from '../../support/services';
import { PASS } from '../../support/temp';

type Value = Record<string, unknown> & { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const GOV = { organisationNumber: '12', locationNumber: '3', agencyGroup: 'police', organisationType: 'government', focusOfWork: 'law-enforcement', consentGiven: true, consentMode: 'verbal', quoteConsent: true };
const NGO = { ...GOV, organisationNumber: '7', agencyGroup: 'aftercare', organisationType: 'ngo', focusOfWork: 'aftercare' };
const IO = { ...GOV, organisationNumber: '9', agencyGroup: 'donor', organisationType: 'io', focusOfWork: 'other', quoteConsent: false };

const ONE = ['Coordination with the ministry is slow. Referral forms get lost.'];
const GROUP = ['Everyone agreed that coordination meetings help. Referral forms get lost in transit.'];

async function setUp() {
  const { dir, services, call } = await openTestServices({ file: 'workspace.fieldnote', title: 'Workspace test' });
  const { imported } = await call('schedule.importExample');
  const start = async (sessionType: string, participants: (typeof GOV)[], heldAt: string) =>
    (await call('interview.start', { scheduleId: imported.id, sessionType, answerMode: 'shared', language: 'en', interviewer: 'AB', heldAt, participants })).summary.id as string;
  const single = await start('one-on-one', [GOV], '2026-03-01T09:00');
  const group = await start('small-group', [GOV, NGO, IO], '2026-03-02T09:00');
  const note = async (interviewId: string, question: string, paragraphs: string[]) =>
    (await call('notes.save', { interviewId, question, editorState: editorStateFromParagraphs(paragraphs) })).id as string;
  const oneNote = await note(single, 'q1_priorities', ONE);
  const groupNote = await note(group, 'q1_priorities', GROUP);
  const code = async (noteId: string, words: string, target: Record<string, unknown>) => {
    const text = plainTextFromParagraphs(noteId === oneNote ? ONE : GROUP);
    const at = text.indexOf(words);
    if (at < 0) throw new Error(`"${words}" is not in the note`);
    return call('codings.apply', { noteId, start: at, end: at + words.length, text: words, initials: 'AB', ...target });
  };
  return { services, call, dir, single, group, oneNote, groupNote, code };
}

describe('coding workspace queries', () => {
  it('counts a group session per respondent: one column per organisation type, whole-session passages once under each, drill-down lists exactly the cell', async () => {
    const t = await setUp();
    const theme = (await t.call('codes.create', { name: 'Coordination', kind: 'theme', initials: 'AB' })).code;
    const meetings = (await t.call('codes.create', { name: 'Meetings', parentId: theme.id, initials: 'AB' })).code;
    await t.code(t.oneNote, 'Coordination with the ministry is slow', { codeId: meetings.id });
    await t.code(t.groupNote, 'coordination meetings help', { codeId: meetings.id });

    const matrix = await t.call('analysis.matrix', { attribute: 'organisationType' });
    // Respondents' own types, never "government + io + ngo".
    expect(matrix.values).toEqual(['government', 'io', 'ngo']);
    expect(matrix.respondentsPerValue).toEqual([2, 1, 1]);
    const cells = matrix.rows[0].cells.map((c: Value) => [c.value, c.codings, c.wholeSession, c.respondents]);
    expect(cells).toEqual([
      ['government', 2, 1, 2],
      ['io', 1, 1, 1],
      ['ngo', 1, 1, 1],
    ]);
    // The drill-down is exactly the cell: same count, same codings.
    const gov = matrix.rows[0].cells[0];
    const { segments } = await t.call('codings.byIds', { codingIds: gov.codingIds });
    expect(segments).toHaveLength(gov.codings);
    expect(segments.map((s: Value) => [s.respondentCodes, s.wholeSession])).toEqual([
      [['1'], false],
      [['2', '3', '4'], true],
    ]);

    // Compare Government with NGO: the one-on-one passage only on the left; the group's whole-session passage on both, marked as such.
    const compare = await t.call('analysis.compare', {
      left: { codeId: theme.id, includeChildren: true, filter: { where: { organisationType: ['government'] } } },
      right: { codeId: theme.id, includeChildren: true, filter: { where: { organisationType: ['ngo'] } } },
    });
    expect(compare.left.map((s: Value) => [s.text, s.wholeSession])).toEqual([
      ['Coordination with the ministry is slow', false],
      ['coordination meetings help', true],
    ]);
    expect(compare.right.map((s: Value) => [s.text, s.wholeSession])).toEqual([['coordination meetings help', true]]);
    expect(compare.left[0].attributes.organisationType).toBe('government');

    // The values offered in filters are the respondents' own.
    const values = (await t.call('analysis.attributeValues')).values;
    expect(values.organisationType.map((v: Value) => v.label)).toEqual(['Government', 'IO', 'NGO']);
  });

  it('attributes a quote to its speaker; a whole-session quote of a group with a respondent who refused quoting is left out; the quote bank groups by code path and by question, filtered, with those headings in the .docx', async () => {
    const t = await setUp();
    const theme = (await t.call('codes.create', { name: 'Coordination', kind: 'theme', initials: 'AB' })).code;
    const sub = (await t.call('codes.create', { name: 'Referrals', parentId: theme.id, initials: 'AB' })).code;
    const leaf = (await t.call('codes.create', { name: 'Lost forms', parentId: sub.id, initials: 'AB' })).code;
    const one = await t.code(t.oneNote, 'Referral forms get lost.', { codeId: leaf.id });
    const grouped = await t.code(t.groupNote, 'Referral forms get lost in transit.', { codeId: leaf.id });
    await t.call('codings.setQuote', { id: one.coding.id, isQuote: true });
    await t.call('codings.setQuote', { id: grouped.coding.id, isQuote: true });

    const bank = await t.call('quotes.list', {});
    // Respondent 4 (IO) refused quoting: the group's whole-session quote cannot be used.
    expect(bank.excluded).toBe(1);
    expect(bank.groups.map((g: Value) => [g.path, g.quotes.map((q: Value) => q.attribution)])).toEqual([[['Coordination', 'Referrals', 'Lost forms'], ['(1, Government)']]]);

    const byQuestion = await t.call('quotes.list', { groupBy: 'question' });
    expect(byQuestion.groups[0].key).toBe('q1_priorities');
    expect((await t.call('quotes.list', { filter: { where: { organisationType: ['ngo'] } } })).groups).toEqual([]);
    expect((await t.call('quotes.list', { filter: { codeIds: [theme.id] } })).groups).toHaveLength(1);
    expect((await t.call('quotes.list', { filter: { questions: [''] } })).groups).toEqual([]);

    const file = await t.call('quotes.exportDocx', {});
    const entries = readZip(Buffer.from(file.dataBase64, 'base64'));
    const xml = new TextDecoder().decode(await entries.find((e) => e.name === 'word/document.xml')!.read());
    const headings = [...xml.matchAll(/<w:pStyle w:val="(Heading\d)"\/>.*?<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => [m[1], m[2]]);
    expect(headings).toEqual([
      ['Heading1', 'Coordination'],
      ['Heading2', 'Referrals'],
      ['Heading3', 'Lost forms'],
    ]);
    expect(xml.replace(/<[^>]+>/g, '')).toContain('(1, Government)');
  });

  it('codes every search hit, or only the notes chosen, in one step that one undo takes back', async () => {
    const t = await setUp();
    const all = await t.call('search.codeHits', { query: 'referral', newCode: { name: 'Referral' }, scope: 'sentence', initials: 'AB' });
    expect(all.applied).toBe(2);
    let segments = (await t.call('codings.forCode', { codeId: all.code.id })).segments;
    expect(segments.map((s: Value) => s.text)).toEqual(['Referral forms get lost.', 'Referral forms get lost in transit.']);
    // Again: nothing new (already coded exactly there).
    expect((await t.call('search.codeHits', { query: 'referral', codeId: all.code.id, scope: 'sentence', initials: 'AB' })).applied).toBe(0);
    await t.call('codes.undo');
    await t.call('codes.undo');
    expect((await t.call('codes.list')).codes).toEqual([]);
    const some = await t.call('search.codeHits', { query: 'forms', newCode: { name: 'Forms' }, scope: 'words', noteIds: [t.groupNote], initials: 'AB' });
    expect(some.applied).toBe(1);
    segments = (await t.call('codings.forCode', { codeId: some.code.id })).segments;
    expect(segments.map((s: Value) => [s.text, s.noteId])).toEqual([['forms', t.groupNote]]);
    // Paging: the second page of one hit per page is the other note.
    const first = await t.call('search.notes', { query: 'lost', limit: 1 });
    const second = await t.call('search.notes', { query: 'lost', limit: 1, offset: 1 });
    expect(first.total).toBe(2);
    expect(new Set([first.hits[0].noteId, second.hits[0].noteId])).toEqual(new Set([t.oneNote, t.groupNote]));
  });

  it('reorders siblings, gives new codes distinct palette colours, and keeps network positions in the project across reopening', async () => {
    const t = await setUp();
    const names = ['Alpha', 'Beta', 'Gamma'];
    const made = [];
    for (const name of names) made.push((await t.call('codes.create', { name, initials: 'AB' })).code);
    expect(new Set(made.map((c) => c.color)).size).toBe(3);
    expect((await t.call('codes.reorder', { id: made[2].id, direction: 'up' })).moved).toBe(true);
    expect((await t.call('codes.list')).codes.map((c: Value) => c.name)).toEqual(['Alpha', 'Gamma', 'Beta']);
    expect((await t.call('codes.reorder', { id: made[0].id, direction: 'up' })).moved).toBe(false);

    await t.call('relations.savePositions', { positions: { [made[0].id]: { x: 10, y: -20 }, [made[1].id]: { x: 200, y: 40 } } });
    const path = t.services.project.path;
    t.services.close();
    const again = testServices({ dir: t.dir }).services;
    const r = await dispatch(again.handlers, 'project.open', { path, passphrase: PASS });
    expect(r.ok).toBe(true);
    const positions = await dispatch(again.handlers, 'relations.positions', {});
    expect(positions).toEqual({ ok: true, value: { positions: { [made[0].id]: { x: 10, y: -20 }, [made[1].id]: { x: 200, y: 40 } } } });
    again.close();
  });

  it('says what each memo is attached to and where it leads (interview, code path, the segment in its note)', async () => {
    const t = await setUp();
    const theme = (await t.call('codes.create', { name: 'Coordination', kind: 'theme', initials: 'AB' })).code;
    const leaf = (await t.call('codes.create', { name: 'Meetings', parentId: theme.id, initials: 'AB' })).code;
    const coded = await t.code(t.groupNote, 'coordination meetings help', { codeId: leaf.id });
    await t.call('memos.create', { kind: 'code-memo', targetType: 'code', targetId: leaf.id, body: 'On the code.', initials: 'AB' });
    await t.call('memos.create', { kind: 'theoretical', targetType: 'coding', targetId: coded.coding.id, body: 'On the segment.', initials: 'AB' });
    await t.call('memos.create', { kind: 'method', targetType: 'interview', targetId: t.group, body: 'On the session.', initials: 'AB' });
    const memos = (await t.call('memos.list', {})).memos;
    expect(memos.map((m: Value) => [m.body, m.targetLabel])).toEqual([
      ['On the code.', 'code Coordination › Meetings'],
      ['On the segment.', 'a “Meetings” segment of ID 2, 3, 4'],
      ['On the session.', 'interview ID 2, 3, 4'],
    ]);
    expect(memos[1].place).toEqual({ interviewId: t.group, noteId: t.groupNote, start: coded.coding.start, end: coded.coding.end });
    expect(memos[2].place).toMatchObject({ interviewId: t.group });
  });

  it('gives a passage inside a speaker turn to that participant: counted under their own type only, quoted as theirs even when another respondent refused quoting', async () => {
    const t = await setUp();
    const detail = await t.call('interview.get', { id: t.group });
    const ngo = detail.participants.find((p: Value) => p.organisationType === 'ngo');
    const editor = headlessNote();
    editor.update(
      () =>
        $getRoot().append(
          $createParagraphNode().append($createTextNode('Opening remarks by all.')),
          $createParagraphNode().append($createSpeakerTagNode(ngo.id, 2), $createTextNode('The shelter is always full.')),
        ),
      { discrete: true },
    );
    const noteId = (await t.call('notes.save', { interviewId: t.group, question: '', editorState: JSON.stringify(editor.getEditorState().toJSON()) })).id as string;
    const { notes } = await t.call('codings.forInterview', { interviewId: t.group });
    const text = notes.find((n: Value) => n.id === noteId).plainText as string;
    const code = (await t.call('codes.create', { name: 'Shelter', initials: 'AB' })).code;
    const words = 'The shelter is always full.';
    const applied = await t.call('codings.apply', { noteId, start: text.indexOf(words), end: text.indexOf(words) + words.length, text: words, codeId: code.id, initials: 'AB' });
    const whole = 'Opening remarks by all.';
    await t.call('codings.apply', { noteId, start: 0, end: whole.length, text: whole, codeId: code.id, initials: 'AB' });

    const matrix = await t.call('analysis.matrix', { attribute: 'organisationType', codeIds: [code.id] });
    expect(matrix.rows[0].cells.map((c: Value) => [c.value, c.codings, c.wholeSession])).toEqual([
      ['government', 1, 1],
      ['io', 1, 1],
      ['ngo', 2, 1],
    ]);
    const segments = (await t.call('codings.forCode', { codeId: code.id, filter: { where: { organisationType: ['ngo'] } } })).segments;
    expect(segments.map((s: Value) => [s.text, s.respondentCodes, s.wholeSession])).toEqual([
      [whole, ['2', '3', '4'], true],
      [words, [ngo.respondentCode], false],
    ]);
    await t.call('codings.setQuote', { id: applied.coding.id, isQuote: true });
    const bank = await t.call('quotes.list', {});
    expect(bank.groups.flatMap((g: Value) => g.quotes.map((q: Value) => q.attribution))).toEqual([`(${ngo.respondentCode}, NGO)`]);
    expect(bank.excluded).toBe(0);
    expect(await t.call('codings.attribution', { id: applied.coding.id })).toEqual({ respondentCodes: [ngo.respondentCode], wholeSession: false, refusedQuoting: [] });
  });
});
