// @vitest-environment jsdom
/**
 * useQuery and useMutation (renderer/src/use-api.ts) in a real React tree under jsdom, with the
 * API replaced by calls the test answers by hand, in the order it chooses.
 */
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiError } from '../../../shared/api/errors';

interface Pending {
  method: string;
  input: unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}
const pending: Pending[] = [];

vi.mock('../../../renderer/src/api', () => {
  class ApiCallError extends Error {
    constructor(readonly error: ApiError) {
      super(error.message);
    }
  }
  return {
    ApiCallError,
    call: (method: string, input: unknown) => new Promise((resolve, reject) => pending.push({ method, input, resolve, reject })),
  };
});

const { useQuery, useMutation } = await import('../../../renderer/src/use-api');
const { ApiCallError } = await import('../../../renderer/src/api');

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root;
let container: HTMLElement;
beforeEach(() => {
  pending.length = 0;
  container = document.createElement('div');
  root = createRoot(container);
});
afterEach(() => {
  act(() => root.unmount());
});

/** Renders a component that calls `hook` with `props` and keeps what it returned last. */
function mount<P, R>(hook: (props: P) => R, props: P): { current: () => R; rerender: (next: P) => void } {
  let last: R | undefined;
  const Probe = (p: { value: P }) => {
    last = hook(p.value);
    return null;
  };
  act(() => root.render(createElement(Probe, { value: props })));
  return {
    current: () => last as R,
    rerender: (next) => act(() => root.render(createElement(Probe, { value: next }))),
  };
}

const answer = async (index: number, value: unknown) => {
  await act(async () => pending[index]!.resolve(value));
};

describe('useQuery', () => {
  it('loads, then shows the data; loading is true only while the call is out', async () => {
    const probe = mount(() => useQuery('interview.list', {}), {});
    expect(probe.current().loading).toBe(true);
    expect(probe.current().data).toBeNull();
    expect(pending.map((p) => p.method)).toEqual(['interview.list']);
    await answer(0, { interviews: [] });
    expect(probe.current()).toMatchObject({ loading: false, error: null, data: { interviews: [] } });
  });

  it('never lets a slower answer for an older input overwrite the newer one', async () => {
    const probe = mount((p: { id: string }) => useQuery('interview.get', { id: p.id }), { id: 'first' });
    probe.rerender({ id: 'second' });
    expect(pending.map((p) => p.input)).toEqual([{ id: 'first' }, { id: 'second' }]);
    // The newer answer comes first, the older one late: the screen keeps the newer.
    await answer(1, { which: 'second' });
    await answer(0, { which: 'first' });
    expect(probe.current().data).toEqual({ which: 'second' });
    expect(probe.current().loading).toBe(false);
  });

  it('drops an older reload that answers after a newer one, and does not load again for an equal input', async () => {
    const probe = mount((p: { n: number }) => useQuery('codes.list', {}, [p.n]), { n: 0 });
    probe.rerender({ n: 0 }); // a new but equal input object: no second call
    expect(pending).toHaveLength(1);
    let older: Promise<unknown> = Promise.resolve();
    await act(async () => {
      older = probe.current().reload();
    });
    await act(async () => void probe.current().reload());
    expect(pending).toHaveLength(3);
    await answer(2, { codes: ['newest'] });
    await answer(1, { codes: ['older'] });
    await answer(0, { codes: ['first'] });
    expect(await older).toBeNull();
    expect(probe.current().data).toEqual({ codes: ['newest'] });
  });

  it("shows the API's message when the call fails, and clears it when a reload succeeds", async () => {
    const probe = mount(() => useQuery('interview.list', {}), {});
    await act(async () => pending[0]!.reject(new ApiCallError({ code: 'no_project_open', message: 'No project is open.' })));
    expect(probe.current()).toMatchObject({ loading: false, data: null, error: 'No project is open.' });
    await act(async () => void probe.current().reload());
    await answer(1, { interviews: [] });
    expect(probe.current()).toMatchObject({ error: null, data: { interviews: [] } });
  });

  it('loads nothing while the input is null', async () => {
    const probe = mount((p: { id: string | null }) => useQuery('interview.get', p.id === null ? null : { id: p.id }), { id: null as string | null });
    expect(pending).toHaveLength(0);
    await act(async () => undefined);
    expect(probe.current()).toMatchObject({ loading: false, data: null });
    probe.rerender({ id: 'x' });
    expect(pending.map((p) => p.input)).toEqual([{ id: 'x' }]);
  });
});

describe('useMutation', () => {
  it('runs, says it is running, and resolves with the output', async () => {
    const probe = mount(() => useMutation('coders.create'), {});
    let result: Promise<unknown> = Promise.resolve();
    await act(async () => {
      result = probe.current().run({ initials: 'AB' });
    });
    expect(probe.current().running).toBe(true);
    expect(pending[0]).toMatchObject({ method: 'coders.create', input: { initials: 'AB' } });
    await answer(0, { id: 'c1' });
    expect(await result).toEqual({ id: 'c1' });
    expect(probe.current()).toMatchObject({ running: false, error: null });
  });

  it("keeps the API's message when it fails and resolves with null; a generic sentence for anything else", async () => {
    const probe = mount(() => useMutation('coders.create'), {});
    let result: Promise<unknown> = Promise.resolve();
    await act(async () => {
      result = probe.current().run({ initials: 'AB' });
    });
    await act(async () => pending[0]!.reject(new ApiCallError({ code: 'invalid_input', message: 'A coder with the initials AB exists already.' })));
    expect(await result).toBeNull();
    expect(probe.current()).toMatchObject({ running: false, error: 'A coder with the initials AB exists already.' });
    await act(async () => void probe.current().run({ initials: 'CD' }));
    await act(async () => pending[1]!.reject(new TypeError('boom')));
    expect(probe.current().error).toBe('Something went wrong. Nothing was changed; try again.');
  });
});
