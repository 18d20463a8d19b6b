/**
 * The contract is its domains' slices combined: each shared/api/<domain>.ts exports one
 * `<domain>Api`, and contract.ts spreads them into `api`. A method declared in two slices would
 * be silently replaced by the later spread, and a slice left out of the spread would never be
 * served, so both are checked here against the modules actually in shared/api/.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { api, apiMethods } from '../../shared/api/contract';

const apiDir = fileURLToPath(new URL('../../shared/api/', import.meta.url));

type Slice = Record<string, { input: unknown; output: unknown }>;

function isSchema(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { safeParse?: unknown }).safeParse === 'function';
}

function isSlice(value: unknown): value is Slice {
  if (typeof value !== 'object' || value === null) return false;
  const specs = Object.values(value);
  return specs.length > 0 && specs.every((spec: unknown) => typeof spec === 'object' && spec !== null && isSchema((spec as Slice[string]).input) && isSchema((spec as Slice[string]).output));
}

/** Every exported `…Api` method map in shared/api/, as "file: export name". */
async function findSlices(): Promise<Map<string, Slice>> {
  const slices = new Map<string, Slice>();
  const files = readdirSync(apiDir)
    .filter((f) => f.endsWith('.ts') && f !== 'contract.ts')
    .sort();
  for (const file of files) {
    const module = (await import(`${apiDir}${file}`)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      if (/Api$/.test(name) && isSlice(value)) slices.set(`${file}: ${name}`, value);
    }
  }
  return slices;
}

describe('API slices', () => {
  it('are one per domain module', async () => {
    expect([...(await findSlices()).keys()]).toEqual([
      'agreement.ts: agreementApi',
      'coding.ts: codingApi',
      'evaluation.ts: evaluationApi',
      'exchange.ts: exchangeApi',
      'interview.ts: interviewApi',
      'notes.ts: notesApi',
      'project.ts: projectApi',
      'schedule.ts: scheduleApi',
      'stats.ts: statsApi',
      'team.ts: teamApi',
    ]);
  });

  it('declare each method once, and api holds exactly their methods with their schemas', async () => {
    const owners = new Map<string, string[]>();
    for (const [slice, methods] of await findSlices()) {
      for (const method of Object.keys(methods)) owners.set(method, [...(owners.get(method) ?? []), slice]);
    }
    const declaredTwice = [...owners].filter(([, slices]) => slices.length > 1);
    expect(declaredTwice).toEqual([]);
    const inNoSlice = apiMethods.filter((m) => !owners.has(m));
    expect(inNoSlice).toEqual([]);
    const notInApi = [...owners.keys()].filter((m) => !Object.prototype.hasOwnProperty.call(api, m));
    expect(notInApi).toEqual([]);
    // The very schemas of the slice, not another slice's method of the same name.
    for (const [, methods] of await findSlices()) {
      for (const [method, spec] of Object.entries(methods)) expect(api[method as keyof typeof api], method).toBe(spec);
    }
  });

  it('keep a domain in one slice (every interview.* method in the interview slice, and so on)', async () => {
    const slicesOfDomain = new Map<string, Set<string>>();
    for (const [slice, methods] of await findSlices()) {
      for (const method of Object.keys(methods)) {
        const domain = method.split('.')[0] ?? method;
        slicesOfDomain.set(domain, (slicesOfDomain.get(domain) ?? new Set()).add(slice));
      }
    }
    const split = [...slicesOfDomain].filter(([, slices]) => slices.size > 1).map(([domain, slices]) => `${domain}: ${[...slices].join(', ')}`);
    expect(split).toEqual([]);
  });
});
