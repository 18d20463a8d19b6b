import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/api/dispatch';
import { $createParagraphNode, $createTextNode, $getRoot } from 'lexical';
import { editorStateFromText } from '../../../shared/notes/editor-state';
import { $createSpeakerTagNode } from '../../../shared/notes/speaker-tag';
import { headlessNote } from '../../support/notes';
import { testServices } from '../../support/services';
import { PASS, tempDir } from '../../support/temp';

/** Every file below `dir` (bounded), for a byte search. */
function filesUnder(dir: string, since: number, out: string[] = []): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const full = nodePath.join(dir, entry.name);
    try {
      if (entry.isDirectory()) filesUnder(full, since, out);
      else if (entry.isFile()) {
        const stat = fs.statSync(full);
        if (stat.mtimeMs >= since && stat.size < 50 * 1024 * 1024) out.push(full);
      }
    } catch {
      // vanished or unreadable: not ours
    }
  }
  return out;
}

function containing(files: string[], markers: string[]): string[] {
  const needles = markers.flatMap((m) => [Buffer.from(m, 'utf8'), Buffer.from(m, 'utf16le')]);
  return files.filter((file) => {
    try {
      const bytes = fs.readFileSync(file);
      return needles.some((n) => bytes.includes(n));
    } catch {
      return false;
    }
  });
}

describe('nothing readable on disk', () => {
  it('marker strings written into every table never appear in the project, its -wal/-shm or the temp folder', async () => {
    const started = Date.now() - 1000;
    const dir = tempDir();
    const services = testServices({ dir }).services;
    const id = crypto.randomBytes(3).toString('hex');
    // Short markers: some fields (initials) hold at most 10 characters. Eight random-looking
    // characters are as unlikely to appear by chance in encrypted bytes as a long marker.
    const markerIndex = new Map<string, number>();
    const marker = (table: string) => {
      if (!markerIndex.has(table)) markerIndex.set(table, markerIndex.size);
      return `Q${markerIndex.get(table)}${id}`;
    };
    const api = async (method: string, input: unknown) => {
      const result = await dispatch(services.handlers, method, input);
      if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
      return result.value;
    };

    await api('project.create', { path: 'secret.fieldnote', title: marker('meta'), passphrase: PASS, passphraseConfirm: PASS });
    // Every table must hold a marker written through the services. A new table fails this test
    // until the test writes into it too: that is the point.
    const writers: Record<string, () => Promise<unknown>> = {
      meta: () => api('project.setTitle', { title: marker('meta') }),
      schedule: async () => {
        const { imported } = (await api('schedule.importExample', {})) as { imported: { id: string } };
        scheduleId = imported.id;
        const { schedule } = (await api('schedule.get', { id: imported.id })) as { schedule: Record<string, unknown> };
        await api('schedule.save', { id: imported.id, schedule: { ...schedule, title: marker('schedule') } });
      },
      interview: async () => {
        const detail = (await api('interview.start', {
          scheduleId,
          sessionType: 'one-on-one',
          answerMode: 'shared',
          language: marker('interview'),
          interviewer: 'AB',
          heldAt: '2026-11-24T09:00',
          participants: [
            { organisationNumber: '12', locationNumber: '3', agencyGroup: 'police', organisationType: 'government', focusOfWork: 'law-enforcement', consentGiven: true, consentMode: 'verbal', quoteConsent: true },
          ],
        })) as { summary: { id: string } };
        interviewId = detail.summary.id;
      },
      participant: async () => {
        await api('interview.start', {
          scheduleId,
          sessionType: 'one-on-one',
          answerMode: 'shared',
          language: 'en',
          interviewer: 'AB',
          heldAt: '2026-11-24T10:00',
          participants: [
            { organisationNumber: marker('participant'), locationNumber: '3', agencyGroup: 'police', organisationType: 'government', focusOfWork: '', consentGiven: true, consentMode: 'written', quoteConsent: false },
          ],
        });
      },
      answer: () => api('interview.answer', { interviewId, participantId: '', question: 'q1_priorities', value: marker('answer'), state: 'answered' }),
      answer_correction: () => api('interview.correctAnswer', { interviewId, participantId: '', question: 'q11_other', value: 'Corrected', state: 'answered', reason: marker('answer_correction'), initials: 'CD' }),
      note: async () => {
        const saved = (await api('notes.save', { interviewId, question: 'q1_priorities', editorState: editorStateFromText(marker('note')) })) as { id: string };
        noteId = saved.id;
      },
      status_change: () => api('interview.setStatus', { id: interviewId, status: 'cleaned', initials: marker('status_change') }),
      review_comment: () => api('interview.addComment', { noteId, anchorStart: 0, anchorEnd: 2, anchorText: 'Q1', body: marker('review_comment'), initials: 'CD' }),
      flagged_term: () => api('flaggedTerms.add', { term: marker('flagged_term') }),
      code: async () => {
        codeId = ((await api('codes.create', { name: marker('code'), initials: 'AB' })) as { code: { id: string } }).code.id;
      },
      coding: async () => {
        const text = `Coded ${marker('coding')} here.`;
        const note = (await api('notes.save', { interviewId, question: '', editorState: editorStateFromText(text) })) as { id: string };
        await api('codings.apply', { noteId: note.id, start: 6, end: 6 + marker('coding').length, text: marker('coding'), codeId, isQuote: true, initials: 'AB' });
      },
      memo: () => api('memos.create', { kind: 'code-memo', targetType: 'code', targetId: codeId, title: 'Memo', body: marker('memo'), initials: 'AB' }),
      relation: async () => {
        const other = (await api('codes.create', { name: 'Other', initials: 'AB' })) as { code: { id: string } };
        await api('relations.create', { fromCodeId: codeId, toCodeId: other.code.id, type: 'custom', label: marker('relation') });
      },
      // The full-text index (its shadow tables note_fts_* are skipped by name; their bytes are in the file scan below).
      note_fts: () => api('notes.save', { interviewId, question: 'q2_fts', editorState: editorStateFromText(marker('note_fts')) }),
      // Speaker turns hold only ids and offsets; the words they point at are the marker.
      note_speaker: async () => {
        const detail = (await api('interview.get', { id: interviewId })) as { participants: { id: string }[] };
        const editor = headlessNote();
        editor.update(() => $getRoot().append($createParagraphNode().append($createSpeakerTagNode(detail.participants[0]!.id, 1), $createTextNode(marker('note_speaker')))), { discrete: true });
        await api('notes.save', { interviewId, question: 'q3_speaker', editorState: JSON.stringify(editor.getEditorState().toJSON()) });
      },
      // A note saved as blocks, as the editor saves it: whole first (the head holds its order and
      // version, checked through the note's text), then one changed paragraph (issue 18).
      note_block_head: async () => {
        const paragraph = (text: string) => JSON.stringify((JSON.parse(editorStateFromText(text)) as { root: { children: unknown[] } }).root.children[0]);
        const whole = (await api('notes.save', { interviewId, question: 'q6_blocks', blocks: { baseVersion: null, order: ['a'], changed: [{ key: 'a', json: paragraph(marker('note_block_head')) }] } })) as { version: number };
        blocksVersion = whole.version;
        blockParagraph = paragraph;
      },
      note_block: async () => {
        await api('notes.save', { interviewId, question: 'q6_blocks', blocks: { baseVersion: blocksVersion, order: ['a', 'b'], changed: [{ key: 'b', json: blockParagraph(marker('note_block')) }] } });
      },
      // Double coding: a coder, a disagreement settled with a comment, and the coder a removed coding kept.
      coder: async () => {
        coderB = ((await api('coders.create', { initials: 'ZZ', name: marker('coder') })) as { id: string }).id;
      },
      adjudication: async () => {
        const coderA = ((await api('coders.list', {})) as { coders: { id: string; initials: string }[] }).coders.find((c) => c.initials === 'AB')!.id;
        const text = `Both ${marker('adjudication')} said.`;
        const note = (await api('notes.save', { interviewId, question: 'q4_adjudication', editorState: editorStateFromText(text) })) as { id: string };
        await api('codings.apply', { noteId: note.id, start: 0, end: text.length, text, codeId, isQuote: false, initials: 'AB' });
        await api('agreement.adjudicate', { unit: 'answer', noteId: note.id, unitStart: 0, unitEnd: text.length, codeId, coderA, coderB, decision: 'keep-both', comment: marker('adjudication'), initials: 'PI' });
      },
      // Only ids: checked through the coder it names.
      coding_coder_kept: async () => {
        await api('coders.create', { initials: 'KK', name: marker('coding_coder_kept') });
        const text = 'Removed later.';
        const note = (await api('notes.save', { interviewId, question: 'q5_kept', editorState: editorStateFromText(text) })) as { id: string };
        const change = (await api('codings.apply', { noteId: note.id, start: 0, end: 7, text: 'Removed', codeId, isQuote: false, initials: 'KK' })) as { coding?: { id: string } };
        const codingId = change.coding?.id ?? (services.project.db.prepare("SELECT id FROM coding WHERE note_id = ?").pluck().get(note.id) as string);
        await api('codings.remove', { id: codingId });
      },
      // A merge conflict: a copy of the project, the same code renamed there on another device, merged back.
      merge_conflict: async () => {
        await api('project.saveCopy', { path: 'other.fieldnote' });
        const laptop = testServices({ dir: dir, config: 'config-other' }).services;
        const other = async (method: string, input: unknown) => {
          const result = await dispatch(laptop.handlers, method, input);
          if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
          return result.value;
        };
        await other('project.open', { path: 'other.fieldnote', passphrase: PASS });
        await other('codes.update', { id: codeId, name: marker('merge_conflict') });
        await other('project.close', {});
        await api('merge.apply', { path: 'other.fieldnote', passphrase: PASS });
      },
      evaluation_question: async () => {
        evaluationId = ((await api('evaluation.create', { ref: 'EQ1', parentId: null, criterion: 'Relevance', text: marker('evaluation_question'), links: [] })) as { id: string }).id;
      },
      // A link names a schedule question: add one named by the marker, then link it.
      evaluation_link: async () => {
        const { schedules } = (await api('schedule.list', {})) as { schedules: { id: string; version: number }[] };
        const latest = [...schedules].sort((a, b) => b.version - a.version)[0]!;
        const { schedule } = (await api('schedule.get', { id: latest.id })) as { schedule: { items: Record<string, unknown>[] } };
        const template = schedule.items.find((i) => i.kind === 'question' && i.type !== 'note')!;
        const { row: _row, ...copy } = template;
        await api('schedule.save', { id: latest.id, schedule: { ...schedule, items: [...schedule.items, { ...copy, name: marker('evaluation_link') }] } });
        await api('evaluation.update', { id: evaluationId, ref: 'EQ1', parentId: null, criterion: 'Relevance', text: marker('evaluation_question'), links: [{ kind: 'question', target: marker('evaluation_link') }] });
      },
      rqa_cell: async () => {
        const detail = (await api('interview.get', { id: interviewId })) as { participants: { id: string }[] };
        await api('rqa.saveCell', { participantId: detail.participants[0]!.id, domain: `eq:${evaluationId}`, summary: marker('rqa_cell'), noteId: noteId, initials: 'AB' });
      },
    };
    let scheduleId = '';
    let interviewId = '';
    let noteId = '';
    let codeId = '';
    let coderB = '';
    let evaluationId = '';
    let blocksVersion = 0;
    let blockParagraph: (text: string) => string = () => '';
    const tables = (services.project.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[]).filter(
      (t) => !t.includes('_fts_'),
    );
    expect(tables.sort()).toEqual(Object.keys(writers).sort());
    // In dependency order: a schedule before its interviews, a note before its comments.
    for (const table of Object.keys(writers)) await writers[table]!();
    const markers = tables.map(marker);
    // Prove the markers really are in the database (readable through the key).
    // Tables of ids and offsets only are checked through the text their rows point at.
    const pointedAt: Record<string, string> = {
      note_speaker: 'SELECT substr(n.plain_text, s.start + 1, s."end" - s.start) AS said FROM note_speaker s JOIN note n ON n.id = s.note_id',
      coding_coder_kept: 'SELECT c.name FROM coding_coder_kept k JOIN coder c ON c.id = k.coder_id',
      note_block_head: 'SELECT b.json FROM note_block_head h JOIN note_block b ON b.note_id = h.note_id',
    };
    for (const table of tables) {
      const rows = services.project.db.prepare(pointedAt[table] ?? `SELECT * FROM ${table}`).all();
      expect(JSON.stringify(rows), table).toContain(marker(table));
    }

    const projectFiles = () => fs.readdirSync(dir).filter((n) => n.startsWith('secret.fieldnote')).map((n) => nodePath.join(dir, n));
    const whileOpen = projectFiles();
    expect(whileOpen.some((f) => f.endsWith('-wal'))).toBe(true);
    expect(containing(whileOpen, markers)).toEqual([]);

    await api('project.lock', {});
    await api('project.unlock', { passphrase: PASS });
    await api('project.close', {});
    const afterClose = projectFiles();
    expect(afterClose).toEqual([nodePath.join(dir, 'secret.fieldnote')]);
    expect(containing(afterClose, markers)).toEqual([]);
    expect(containing(filesUnder(dir, 0), markers)).toEqual([]);
    expect(containing(filesUnder(os.tmpdir(), started), markers)).toEqual([]);
  });
});
