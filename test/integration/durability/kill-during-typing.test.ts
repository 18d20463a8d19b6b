/**
 * SIGKILL while notes are being saved: every save the host acknowledged is in the project
 * after the kill, and a word undone (and that undo acknowledged) never reappears. Saved whole,
 * and saved as the editor saves: only the changed blocks (issue 18), which the reopened project
 * compacts back into the note. (The renderer saves a note at most ~200 ms after the last
 * keystroke; the browser test in test/e2e covers that half.)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { $createParagraphNode, $createTextNode, $getRoot, $isElementNode, $isTextNode } from 'lexical';
import { applyKey } from '../../../electron/store/cipher';
import { ProjectStore } from '../../../electron/store/project-store';
import { openSqlite } from '../../../electron/store/sqlite';
import { editorStateFromText } from '../../../shared/notes/editor-state';
import { BlockSaves } from '../../../renderer/src/editor/block-saves';
import { IncrementalSerializer } from '../../../renderer/src/editor/incremental-serializer';
import { headlessNote } from '../../support/notes';
import { PASS, tempDir } from '../../support/temp';

const root = nodePath.resolve(import.meta.dirname, '../../..');

async function startHost(dir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', nodePath.join(root, 'electron/web-host/main.ts'), '--dir', dir], {
    cwd: root,
    env: { ...process.env, FIELDNOTE_CONFIG_DIR: nodePath.join(dir, '.config') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const match = /Open: (http:\/\/127\.0\.0\.1:\d+)\/\?token=(\S+)/.exec(out);
      if (match) resolve(`${match[1]}|${match[2]}`);
    });
    child.once('exit', () => reject(new Error(`host exited: ${out}`)));
  });
  const [base, token] = url.split('|') as [string, string];
  const call = async (method: string, input: unknown) => {
    const response = await fetch(`${base}/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: `fieldnote_session_${new URL(base).port}=${token}` },
      body: JSON.stringify(input),
    });
    const result = (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
    if (!result.ok) throw new Error(`${method}: ${result.error?.message}`);
    return result.value as Record<string, unknown>;
  };
  return { child, call };
}

/** A host process with a new project and an interview begun in it (the example schedule, one respondent). */
async function startInterview(name: string, title: string) {
  const dir = tempDir();
  const { child, call } = await startHost(dir);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await call('project.create', { path: name, title, passphrase: PASS, passphraseConfirm: PASS });
  const { imported } = (await call('schedule.importExample', {})) as { imported: { id: string } };
  const detail = (await call('interview.start', {
    scheduleId: imported.id,
    sessionType: 'one-on-one',
    answerMode: 'shared',
    language: 'en+km',
    interviewer: 'AB',
    heldAt: '2026-11-24T09:00',
    participants: [{ organisationNumber: '1', locationNumber: '1', agencyGroup: 'police', organisationType: 'government', focusOfWork: '', consentGiven: true, consentMode: 'verbal', quoteConsent: true }],
  })) as { summary: { id: string } };
  return { dir, child, call, exited, detail };
}

describe('kill during typing', () => {
  it('every acknowledged note save survives SIGKILL of the host, undos included', async () => {
    const { dir, child, call, exited, detail } = await startInterview('typing', 'Typing');

    // Type: each "keystroke" adds a word; every fourth a name typed by mistake and undone at once
    // (the editor sends the state before it). Save as the renderer would and remember what the
    // host acknowledged.
    let text = '';
    let acknowledged = '';
    let inFlight = '';
    const undoneAndAcknowledged: string[] = [];
    const words = ['training', 'ការអប់រំ', 'referral', 'court', 'ប៉ូលីស'];
    const save = async (sent: string) => {
      inFlight = sent;
      await call('notes.save', { interviewId: detail.summary.id, question: 'q1_priorities', editorState: editorStateFromText(sent) });
      acknowledged = sent;
    };
    const typing = (async () => {
      for (let i = 0; ; i++) {
        try {
          if (i % 4 === 3) {
            const before = text;
            const mistake = `Sokha${i}Chan`;
            text += ` ${mistake}`;
            await save(text);
            text = before; // Ctrl+Z
            await save(text);
            undoneAndAcknowledged.push(mistake);
            continue;
          }
          text += (i ? ' ' : '') + words[i % words.length];
          await save(text);
        } catch {
          return; // the host is gone
        }
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill('SIGKILL');
    await exited;
    await typing;
    expect(acknowledged.length).toBeGreaterThan(100);

    const file = nodePath.join(dir, 'typing.fieldnote');
    expect(fs.existsSync(`${file}-wal`)).toBe(true); // killed while open: the log is still there
    const store = ProjectStore.open(file, PASS);
    try {
      const saved = store.db.prepare("SELECT plain_text FROM note WHERE question = 'q1_priorities'").pluck().get() as string;
      // What was acknowledged, or the one save in flight when the host died; never an older version.
      expect([acknowledged, inFlight]).toContain(saved);
      // An undone name whose undo was acknowledged never comes back.
      expect(undoneAndAcknowledged.length).toBeGreaterThan(3);
      for (const mistake of undoneAndAcknowledged) expect(saved).not.toContain(mistake);
    } finally {
      store.close();
    }
  }, 60_000);

  it('every acknowledged block save survives SIGKILL; reopening puts the blocks back into the note', async () => {
    const { dir, child, call, exited, detail } = await startInterview('blocks', 'Blocks');

    // An editor wired as AutosavePlugin: the incremental serializer and the blocks changed since
    // the last acknowledged save. A word into the last paragraph per keystroke, a new paragraph
    // every fifth, and every fourth a name typed by mistake and deleted at once.
    const editor = headlessNote();
    editor.update(() => $getRoot().append($createParagraphNode().append($createTextNode('Start'))), { discrete: true });
    const serializer = new IncrementalSerializer();
    const saves = new BlockSaves();
    editor.registerUpdateListener(({ editorState, dirtyElements, dirtyLeaves, tags }) => serializer.invalidate(editorState, dirtyElements, dirtyLeaves, tags));
    const plain = () => editor.getEditorState().read(() => $getRoot().getTextContent());
    const type = (word: string, paragraph = false) =>
      editor.update(() => {
        const root = $getRoot();
        if (paragraph) root.append($createParagraphNode().append($createTextNode(word)));
        else {
          const last = root.getLastChild();
          const text = $isElementNode(last) ? last.getLastChild() : null;
          if ($isTextNode(text)) text.setTextContent(`${text.getTextContent()} ${word}`);
        }
      }, { discrete: true });
    const untype = (word: string) =>
      editor.update(() => {
        const last = $getRoot().getLastChild();
        const text = $isElementNode(last) ? last.getLastChild() : null;
        if ($isTextNode(text)) text.setTextContent(text.getTextContent().slice(0, -(word.length + 1)));
      }, { discrete: true });
    let acknowledged = '';
    let inFlight = '';
    let deltas = 0;
    const requestSizes: number[] = [];
    const undoneAndAcknowledged: string[] = [];
    const save = async () => {
      const snapshot = serializer.snapshot(editor.getEditorState());
      const generation = saves.current;
      const blocks = saves.request(snapshot);
      if (blocks.baseVersion !== null) {
        deltas += 1;
        requestSizes.push(JSON.stringify(blocks).length);
      }
      inFlight = snapshot.plainText();
      const saved = await call('notes.save', { interviewId: detail.summary.id, question: 'q1_priorities', blocks });
      saves.acknowledge(snapshot, saved.version as number, generation);
      acknowledged = inFlight;
    };
    const words = ['training', 'ការអប់រំ', 'referral', 'court', 'ប៉ូលីស'];
    const typing = (async () => {
      for (let i = 0; ; i++) {
        try {
          if (i % 4 === 3) {
            const mistake = `Sokha${i}Chan`;
            type(mistake);
            await save();
            untype(mistake);
            await save();
            undoneAndAcknowledged.push(mistake);
            continue;
          }
          type(words[i % words.length]!, i % 5 === 0);
          await save();
        } catch {
          return; // the host is gone
        }
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill('SIGKILL');
    await exited;
    await typing;
    expect(deltas).toBeGreaterThan(20);
    expect(acknowledged.length).toBeGreaterThan(100);
    // One word's save sends one paragraph, not the note.
    expect(Math.max(...requestSizes.slice(-5))).toBeLessThan(plain().length);

    const file = nodePath.join(dir, 'blocks.fieldnote');
    // Killed between compactions: the note's whole state lags behind its blocks in the file.
    const raw = openSqlite(file, { fileMustExist: true });
    applyKey(raw, PASS);
    expect(raw.prepare('SELECT count(*) FROM note_block_head WHERE compacted = 0').pluck().get()).toBe(1);
    raw.close();
    const store = ProjectStore.open(file, PASS);
    try {
      const saved = store.db.prepare("SELECT plain_text FROM note WHERE question = 'q1_priorities'").pluck().get() as string;
      expect([acknowledged, inFlight]).toContain(saved);
      expect(undoneAndAcknowledged.length).toBeGreaterThan(3);
      for (const mistake of undoneAndAcknowledged) expect(saved).not.toContain(mistake);
      expect(saved.split('\n\n').length).toBeGreaterThan(3);
    } finally {
      store.close();
    }
  }, 60_000);
});
