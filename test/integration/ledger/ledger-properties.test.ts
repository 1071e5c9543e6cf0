/**
 * Property test of the ledger on both databases: random sequences of top-ups, charges, reserves,
 * captures, voids, expiries and refunds, partly concurrent (so group commits mix refused and
 * accepted writes). After every sequence: each balance equals the sum of its postings, reserved
 * amounts equal pending holds, the total per unit is zero, and no balance is below its floor.
 */
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { capturePurchase } from '../../../src/core/ledger/capture-purchase.ts';
import { chargeBalance } from '../../../src/core/ledger/charge-balance.ts';
import { FUNDING_SOURCES } from '../../../src/core/ledger/purchase.ts';
import { refundTransfer } from '../../../src/core/ledger/refund-transfer.ts';
import { reservePurchase } from '../../../src/core/ledger/reserve-purchase.ts';
import { TOP_UP_SOURCES, topUpBalance } from '../../../src/core/ledger/top-up-balance.ts';
import { voidExpiredHolds } from '../../../src/core/ledger/void-expired-holds.ts';
import { voidPurchase } from '../../../src/core/ledger/void-purchase.ts';
import type { CoreDeps } from '../../../src/core/context.ts';
import { AppError } from '../../../src/core/errors.ts';
import { describeEachDatabase } from '../../support/databases.ts';
import { demoActor, demoDeps, fixedClock } from '../../support/factories.ts';
import { assertLedgerInvariants } from './invariants.ts';

const NUMBERS = ['+36301234567', '+36301234568', '+3612345678', '+3613456789'];

const amount = fc.oneof(fc.integer({ min: 1, max: 3_000 }), fc.integer({ min: 1, max: 20_000 }));
// The prepaid line (index 1) is the one with a floor: most operations go to it.
const line = fc.constantFrom(0, 1, 1, 1, 1, 2, 3);
const op = fc.oneof(
  { weight: 3, arbitrary: fc.record({ type: fc.constant('top-up' as const), line, amount, source: fc.constantFrom(...TOP_UP_SOURCES) }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('charge' as const), line, amount }) },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('reserve' as const),
      line,
      amount,
      source: fc.constantFrom('balance', 'balance', 'balance', ...FUNDING_SOURCES),
      service: fc.constantFrom(null, 'premium-help-desk', 'premium-help-desk', 'voice-id'),
      holdSeconds: fc.constantFrom(60, 3600),
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('capture' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('void' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({ type: fc.constant('refund' as const), pick: fc.nat(), amount: fc.option(amount, { nil: undefined }) }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('expire' as const), minutes: fc.integer({ min: 1, max: 90 }) }) },
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

describeEachDatabase('ledger properties (telekom-hu)', (db) => {
  let deps: CoreDeps;
  const clock = fixedClock('2026-11-10T08:00:00.000Z');
  let keys = 0;
  const holds: { number: string; id: number }[] = [];
  const charges: { number: string; id: number }[] = [];

  beforeAll(async () => {
    deps = { ...(await demoDeps(db(), 'telekom-hu')), clock };
  });

  async function run(o: Op): Promise<void> {
    const idempotencyKey = `p-${++keys}`;
    const language = 'en' as const;
    switch (o.type) {
      case 'top-up':
        await topUpBalance(
          deps,
          { number: NUMBERS[o.line] ?? '', amount: o.amount, source: o.source, externalRef: null, language, idempotencyKey },
          demoActor,
        );
        return;
      case 'charge': {
        const number = NUMBERS[o.line] ?? '';
        const r = await chargeBalance(
          deps,
          { number, amount: o.amount, kind: 'fee', description: 'p', language, idempotencyKey },
          demoActor,
        );
        charges.push({ number, id: r.result.transferId });
        return;
      }
      case 'reserve': {
        const number = NUMBERS[o.line] ?? '';
        const r = await reservePurchase(
          deps,
          {
            number,
            amount: o.amount,
            source: o.source,
            serviceId: o.service,
            description: null,
            holdSeconds: o.holdSeconds,
            language,
            idempotencyKey,
          },
          demoActor,
        );
        holds.push({ number, id: r.result.purchaseId });
        return;
      }
      case 'capture':
      case 'void': {
        // Mostly recent holds, which are more likely still pending.
        const hold = holds[holds.length - 1 - (o.pick % Math.min(Math.max(holds.length, 1), 4))];
        if (!hold) return;
        const use = o.type === 'capture' ? capturePurchase : voidPurchase;
        const r = await use(deps, { number: hold.number, purchaseId: hold.id, idempotencyKey }, demoActor);
        if (r.result.transferId !== null) charges.push({ number: hold.number, id: r.result.transferId });
        return;
      }
      case 'refund': {
        const charge = charges[o.pick % Math.max(charges.length, 1)];
        if (!charge) return;
        await refundTransfer(
          deps,
          { number: charge.number, transferId: charge.id, amount: o.amount, reason: null, language, idempotencyKey },
          demoActor,
        );
        return;
      }
      case 'expire':
        clock.set(new Date(clock.now().getTime() + o.minutes * 60_000).toISOString());
        await voidExpiredHolds(deps);
        return;
    }
  }

  it('keeps every invariant under random, partly concurrent operation sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(op, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }), async (rounds) => {
        for (const round of rounds) {
          const outcomes = await Promise.allSettled(round.map(run));
          for (const outcome of outcomes) {
            // Refusals (not enough money, caps, expired holds...) are answers; anything else is a bug.
            if (outcome.status === 'rejected' && !(outcome.reason instanceof AppError)) throw outcome.reason;
          }
        }
        await assertLedgerInvariants(deps.db);
      }),
      { numRuns: 30, seed: Number(process.env.KABINET_PROPERTY_SEED ?? Date.now() % 1_000_000) },
    );
    expect(charges.length + holds.length).toBeGreaterThan(0);
  });
});
