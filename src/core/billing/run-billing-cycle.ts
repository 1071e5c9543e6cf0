/** One billing run: expire promised payments, then charge the recurring fees of the current periods. */
import type { CoreDeps } from '../context.ts';
import { chargeRecurringFees, type RecurringFeesResult } from './charge-recurring-fees.ts';
import { expirePromisedPayments, type ExpiryResult } from './expire-promised-payments.ts';

export type BillingCycleResult = { promisedPayments: ExpiryResult; fees: RecurringFeesResult };

export async function runBillingCycle(deps: CoreDeps): Promise<BillingCycleResult> {
  const promisedPayments = await expirePromisedPayments(deps);
  const fees = await chargeRecurringFees(deps);
  return { promisedPayments, fees };
}
