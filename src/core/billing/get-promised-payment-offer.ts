/** What a line may do about a promised payment now (S4.7): the terms, whether it may take one and why not, the open one. */
import type { Language } from '../../profiles/schema.ts';
import type { CoreDeps } from '../context.ts';
import { lineBalances } from '../ledger/account.repository.ts';
import { moneyView, type MoneyView } from '../money.ts';
import { requireLine } from '../subscribers/require-line.ts';
import { promisedPaymentTerms } from './billing-rules.ts';
import { findOpenPromisedPayment } from './billing.repository.ts';
import { presentPromisedPayment, promisedPaymentRefusals, type PromisedPaymentView } from './take-promised-payment.ts';

export type GetPromisedPaymentOfferInput = { number: string; language: Language };

export type PromisedPaymentOffer = {
  number: string;
  offered: boolean;
  available: boolean;
  reasons: string[];
  maxAmount: MoneyView | null;
  fee: MoneyView | null;
  validityDays: number | null;
  open: PromisedPaymentView | null;
};

export async function getPromisedPaymentOffer(deps: CoreDeps, input: GetPromisedPaymentOfferInput): Promise<PromisedPaymentOffer> {
  const line = await requireLine(deps, input.number);
  const terms = promisedPaymentTerms(deps.profile);
  const { main } = await lineBalances(deps.db, line.id);
  const open = await findOpenPromisedPayment(deps.db, line.id);
  const reasons = terms ? promisedPaymentRefusals(terms, line, main, deps.clock.now()) : ['not-offered'];
  if (open) reasons.push('open-promised-payment');
  const money = (minor: number) => moneyView(minor, deps.profile.currency, input.language);
  return {
    number: line.number,
    offered: terms !== undefined,
    available: reasons.length === 0,
    reasons,
    maxAmount: terms ? money(terms.maxAmount) : null,
    fee: terms ? money(terms.fee) : null,
    validityDays: terms?.validityDays ?? null,
    open: open ? presentPromisedPayment(deps, line.number, open, main, line.status, input.language) : null,
  };
}
