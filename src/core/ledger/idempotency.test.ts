import crypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashRequest } from './idempotency.ts';

/** The first definition of the hash (sorted copies of the objects, then JSON.stringify): stored keys were hashed this way. */
function firstHash(operation: string, payload: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .filter(([, v]) => v !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, v]) => [k, canonical(v)]),
      );
    }
    return value;
  };
  return crypto
    .createHash('sha256')
    .update(JSON.stringify([operation, canonical(payload)]))
    .digest('hex');
}

describe('hashRequest', () => {
  it('gives the hash keys were first stored with, for any JSON payload (a retry across an upgrade still replays)', () => {
    fc.assert(
      fc.property(fc.string(), fc.jsonValue(), (operation, payload) => {
        expect(hashRequest(operation, payload)).toBe(firstHash(operation, payload));
      }),
      { numRuns: 2000 },
    );
  });

  it('ignores key order and undefined members, and tells different content apart', () => {
    const a = hashRequest('charge', { number: '+79160000001', amount: 100, kind: 'fee', description: undefined });
    expect(hashRequest('charge', { kind: 'fee', amount: 100, number: '+79160000001' })).toBe(a);
    expect(hashRequest('charge', { kind: 'fee', amount: 101, number: '+79160000001' })).not.toBe(a);
    expect(hashRequest('top-up', { kind: 'fee', amount: 100, number: '+79160000001' })).not.toBe(a);
    // Array-index keys come first in a JavaScript object, whatever the sorted order says.
    expect(hashRequest('x', { '': [], '10': 1, '9': 2, a: 3 })).toBe(firstHash('x', { '': [], '10': 1, '9': 2, a: 3 }));
    expect(hashRequest('charge', [1, undefined, { b: 1, a: [undefined] }])).toBe(
      firstHash('charge', [1, undefined, { b: 1, a: [undefined] }]),
    );
  });
});
