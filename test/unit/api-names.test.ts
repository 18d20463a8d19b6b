import { describe, expect, it } from 'vitest';
import { apiMethods } from '../../shared/api/contract';

describe('API method names', () => {
  it('are all "domain.verb", one singular domain per noun (no interviews.list beside interview.get, no bare names)', () => {
    const malformed = apiMethods.filter((m) => !/^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/.test(m));
    expect(malformed).toEqual([]);
    const domains = new Set(apiMethods.map((m) => m.split('.')[0]));
    // A domain and its plural must not both exist.
    const doubled = [...domains].filter((d) => domains.has(`${d}s`));
    expect(doubled).toEqual([]);
  });
});
