/**
 * Charges many lines in one call, as a billing, mediation or content-partner system sends them:
 * each item is its own idempotent charge with its own outcome (one line short of funds does not
 * stop the others), and the ledger writer commits them together (one fsync for many debits).
 */
import type { Language } from '../../profiles/schema.ts';
import type { Actor, CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { chargeBalance, type ChargeBalanceInput, type ChargeResult } from './charge-balance.ts';
import type { Idempotent } from './idempotency.ts';

/** The most items one batch may carry. */
export const MAX_CHARGE_BATCH = 1_000;

export type ChargeBalancesInput = {
  items: Omit<ChargeBalanceInput, 'language'>[];
  language: Language;
  /** Who acts on a line, or an AppError (`forbidden`...) when the caller may not charge it. */
  actorFor: (number: string) => Promise<Actor>;
};

export type ChargeOutcome = { charged: Idempotent<ChargeResult>; refused?: undefined } | { charged?: undefined; refused: AppError };

/** Outcomes in the order of the items. */
export async function chargeBalances(deps: CoreDeps, input: ChargeBalancesInput): Promise<ChargeOutcome[]> {
  if (input.items.length === 0 || input.items.length > MAX_CHARGE_BATCH) {
    throw new AppError('invalid_input', `a charge batch holds 1 to ${MAX_CHARGE_BATCH} items, not ${input.items.length}`);
  }
  return Promise.all(
    input.items.map(async (item): Promise<ChargeOutcome> => {
      try {
        const actor = await input.actorFor(item.number);
        return { charged: await chargeBalance(deps, { ...item, language: input.language }, actor) };
      } catch (error) {
        if (error instanceof AppError) return { refused: error };
        throw error;
      }
    }),
  );
}
