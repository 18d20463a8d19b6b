/**
 * The services' process answers calls as they finish, but a lock or a close waits for the calls
 * still running (an import waiting on its worker), so the project is never closed under them.
 */
import { describe, expect, it } from 'vitest';
import type { Handlers } from '../../shared/api/dispatch';
import { serveServices, type HostedServices, type HostMessage, type HostRequest } from '../../electron/services/service-protocol';

function fakeHost() {
  const events: string[] = [];
  let release: () => void = () => undefined;
  const slow = new Promise<void>((resolve) => (release = resolve));
  const services = {
    handlers: {
      'app.info': async () => {
        events.push('call started');
        await slow;
        events.push('call finished');
        return { version: 'test', mode: 'browser' };
      },
    } as unknown as Handlers,
    noteCall: () => undefined,
    onLock: () => () => undefined,
    lock: () => void events.push('locked'),
    close: () => void events.push('closed'),
  } as unknown as HostedServices;
  let listener: (message: HostRequest) => void = () => undefined;
  const sent: HostMessage[] = [];
  serveServices({ postMessage: (m) => void sent.push(m), onMessage: (l) => void (listener = l) }, () => services);
  listener({ type: 'init', options: { mode: 'browser', configDir: '', projectsDir: '', appVersion: 'test' } });
  return { events, sent, send: (m: HostRequest) => listener(m), release };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('service protocol', () => {
  it('locks only after the call in progress has finished', async () => {
    const host = fakeHost();
    host.send({ type: 'call', id: 1, method: 'app.info', input: {} });
    host.send({ type: 'lock', reason: 'suspend' });
    await tick();
    expect(host.events).toEqual(['call started']);
    host.release();
    await tick();
    expect(host.events).toEqual(['call started', 'call finished', 'locked']);
  });

  it('closes only after the call in progress has finished, then says so', async () => {
    const host = fakeHost();
    host.send({ type: 'call', id: 1, method: 'app.info', input: {} });
    host.send({ type: 'close' });
    await tick();
    expect(host.sent.some((m) => m.type === 'closed')).toBe(false);
    host.release();
    await tick();
    expect(host.events).toEqual(['call started', 'call finished', 'closed']);
    expect(host.sent.map((m) => m.type)).toEqual(['result', 'closed']);
  });
});
