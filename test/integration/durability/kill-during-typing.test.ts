/**
 * SIGKILL while notes are being saved: every save the host acknowledged is in the project
 * after the kill, and a word undone (and that undo acknowledged) never reappears. (The renderer saves a note at most ~200 ms after the last keystroke; the
 * browser test in test/e2e covers that half.)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectStore } from '../../../electron/store/project-store';
import { editorStateFromText } from '../../../shared/notes/editor-state';
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

describe('kill during typing', () => {
  it('every acknowledged note save survives SIGKILL of the host, undos included', async () => {
    const dir = tempDir();
    const { child, call } = await startHost(dir);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await call('project.create', { path: 'typing', title: 'Typing', passphrase: PASS, passphraseConfirm: PASS });
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
});
