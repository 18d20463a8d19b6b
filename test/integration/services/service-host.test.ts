// The services in their own process, as Electron runs them (a utilityProcess started by
// electron/main/main.ts). Here the same host entry runs under node:child_process.fork with the
// same messages (electron/services/service-protocol.ts), so the protocol is tested without the
// Electron binary.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import nodePath from 'node:path';
import { build, loadConfigFromFile, mergeConfig } from 'vite';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/api/dispatch';
import { FieldnoteServices } from '../../../electron/services/fieldnote-services';
import { ServiceClient, type HostProcess } from '../../../electron/services/service-client';
import type { HostMessage } from '../../../electron/services/service-protocol';
import { PASS, tempDir } from '../../support/temp';

const root = nodePath.resolve(import.meta.dirname, '../../..');
const entry = nodePath.join(root, 'electron/services/service-host.ts');

const clients: ServiceClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
});

function forkHost(file = entry): HostProcess & { pid: number | undefined } {
  // 'advanced' serialisation is the structured clone Electron's utilityProcess uses.
  const child = fork(file, [], { cwd: root, execArgv: file.endsWith('.ts') ? ['--import', 'tsx'] : [], serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return {
    pid: child.pid,
    postMessage: (message) => void child.send(message),
    onMessage: (listener) => child.on('message', (message) => listener(message as HostMessage)),
    onExit: (listener) => child.on('exit', () => listener()),
    kill: () => void child.kill(),
  };
}

function setup(file = entry) {
  const dir = tempDir();
  const options = { mode: 'electron' as const, configDir: nodePath.join(dir, 'config'), projectsDir: dir, appVersion: 'test' };
  const hosts: ReturnType<typeof forkHost>[] = [];
  const client = new ServiceClient(() => {
    const host = forkHost(file);
    hosts.push(host);
    return host;
  }, options);
  clients.push(client);
  return { dir, options, client, hosts };
}

/**
 * Whether this process's event loop ran while `call` was in progress: a timer set right after the
 * call starts fires before its answer when the work happens elsewhere, and only after it when the
 * call's synchronous work (deriving the key) holds this thread. An order, not a clock.
 */
async function timerFiredDuring(call: () => Promise<unknown>): Promise<boolean> {
  let answered = false;
  const pending = call().then((value) => {
    answered = true;
    return value;
  });
  const firedBeforeAnswer = await new Promise<boolean>((resolve) => setTimeout(() => resolve(!answered), 0));
  await pending;
  return firedBeforeAnswer;
}

describe('the service host', () => {
  it('creates a project, locks, unlocks and answers calls with dispatch results', async () => {
    const { client } = setup();
    expect(await client.call('project.create', { path: 'host', title: 'Host', passphrase: PASS, passphraseConfirm: PASS })).toMatchObject({ ok: true, value: { title: 'Host', fileName: 'host.fieldnote' } });
    const locks: string[] = [];
    client.onLock((reason) => locks.push(reason));
    expect(await client.call('project.lock', {})).toMatchObject({ ok: true, value: { state: 'locked' } });
    expect(await client.call('project.unlock', { passphrase: 'guess guess guess' })).toMatchObject({ ok: false, error: { code: 'wrong_passphrase' } });
    expect(await client.call('project.unlock', { passphrase: PASS })).toMatchObject({ ok: true, value: { title: 'Host' } });
    const imported = await client.call('schedule.importExample', {});
    expect(imported).toMatchObject({ ok: true, value: { imported: { title: expect.any(String) } } });
    expect(await client.call('interview.list', {})).toEqual({ ok: true, value: { interviews: [] } });
    // Errors cross as values, exactly as dispatch makes them in process.
    expect(await client.call('project.drop', {})).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/Unknown method/) } });
    expect(await client.call('settings.set', { autoLockMinutes: '5' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // A lock from the main process (suspend, screen lock) reaches the window as an event.
    client.lock('suspend');
    await expect.poll(() => locks).toEqual(['user', 'suspend']);
    expect(await client.call('project.status', {})).toMatchObject({ ok: true, value: { state: 'locked', fileName: 'host.fieldnote' } });
  }, 60_000);

  it('a long call runs in the host while the calling process stays free; in process it would block it', async () => {
    const { client, dir } = setup();
    await client.call('project.create', { path: 'long', title: 'Long', passphrase: PASS, passphraseConfirm: PASS });
    await client.call('project.lock', {});
    // Unlocking derives the key (hundreds of ms of synchronous work) and opens the file.
    let answers: unknown[] = [];
    const inHost = await timerFiredDuring(async () => {
      answers = await Promise.all([client.call('project.unlock', { passphrase: PASS }), client.call('project.status', {})]);
    });
    expect(answers[0]).toMatchObject({ ok: true });
    expect(answers[1]).toMatchObject({ ok: true, value: { state: 'open' } }); // answered after, in order
    await client.close();

    const local = new FieldnoteServices({ mode: 'browser', configDir: nodePath.join(dir, 'config-local'), projectsDir: dir, appVersion: 'test' });
    try {
      // In process the same work holds this thread: the timer waits for the answer.
      const inProcess = await timerFiredDuring(async () => expect(await dispatch(local.handlers, 'project.open', { path: 'long', passphrase: PASS })).toMatchObject({ ok: true }));
      expect(inProcess).toBe(false);
      // Through the host, this process's timers keep firing while the key is derived elsewhere.
      expect(inHost).toBe(true);
    } finally {
      local.close();
    }
  }, 60_000);

  it('a host that dies fails its calls, shows the project as locked, and the next call starts a new one', async () => {
    const { client, hosts } = setup();
    await client.call('project.create', { path: 'crash', title: 'Crash', passphrase: PASS, passphraseConfirm: PASS });
    const locks: string[] = [];
    client.onLock((reason) => locks.push(reason));
    const pending = client.call('interview.list', {});
    process.kill(hosts[0]!.pid!, 'SIGKILL');
    const result = await pending;
    // Answered before the kill, or failed as internal: never left hanging.
    expect(result.ok || result.error.code === 'internal').toBe(true);
    await expect.poll(() => locks.at(-1)).toBe('shutdown');
    expect(await client.call('project.open', { path: 'crash', passphrase: PASS })).toMatchObject({ ok: true, value: { title: 'Crash' } });
    expect(hosts).toHaveLength(2);
  }, 60_000);

  it('close closes the project cleanly before the host stops', async () => {
    const { client, dir } = setup();
    await client.call('project.create', { path: 'quit', title: 'Quit', passphrase: PASS, passphraseConfirm: PASS });
    expect(fs.existsSync(nodePath.join(dir, 'quit.fieldnote-wal'))).toBe(true);
    await client.close();
    // SQLite removes the write-ahead log only when the last connection closes; a killed process leaves it.
    expect(fs.existsSync(nodePath.join(dir, 'quit.fieldnote-wal'))).toBe(false);
    const other = new FieldnoteServices({ mode: 'browser', configDir: nodePath.join(dir, 'config-other'), projectsDir: dir, appVersion: 'test' });
    try {
      expect(await dispatch(other.handlers, 'project.open', { path: 'quit', passphrase: PASS })).toMatchObject({ ok: true });
    } finally {
      other.close();
    }
  }, 60_000);

  it('the Electron bundle of the host (as forge.config.ts builds it) starts and answers', async () => {
    // Built as Forge's Vite plugin builds a main-process entry: CommonJS, Node built-ins and the
    // native SQLite binding left out. Inside the worktree so the binding resolves from node_modules.
    const outDir = nodePath.join(root, '.vite', `test-build-${process.pid}`);
    try {
      const user = (await loadConfigFromFile({ command: 'build', mode: 'production' }, nodePath.join(root, 'vite.main.config.ts'), root, 'silent'))?.config ?? {};
      const external = ['electron', ...builtinModules.flatMap((m) => [m, `node:${m}`])];
      for (const file of ['electron/services/service-host.ts', 'electron/workers/exchange-worker.ts']) {
        const forge = { root, configFile: false as const, logLevel: 'silent' as const, build: { emptyOutDir: false, outDir, minify: false, copyPublicDir: false, rollupOptions: { external }, lib: { entry: nodePath.join(root, file), fileName: () => '[name].cjs', formats: ['cjs' as const] } } };
        await build(mergeConfig(forge, user));
      }
      const { client } = setup(nodePath.join(outDir, 'service-host.cjs'));
      expect(await client.call('project.create', { path: 'bundled', title: 'Bundled', passphrase: PASS, passphraseConfirm: PASS })).toMatchObject({ ok: true });
      // The example workbook and the exchange worker are found from the bundle's folder.
      expect(await client.call('schedule.importExample', {})).toMatchObject({ ok: true, value: { imported: { formId: 'example_evaluation' } } });
      expect(await client.call('exchange.exportJson', {})).toMatchObject({ ok: true, value: { fileName: 'bundled-json.zip' } });
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  }, 180_000);
});
