/** A card payment as every channel shows it: whitelisted fields, money in the reader's language, never card data beyond brand and last four. */
import type { Language } from '../../profiles/schema.ts';
import type { CoreDeps } from '../context.ts';
import { moneyView, type MoneyView } from '../money.ts';
import type { PaymentStatus } from './payment-provider.ts';
import type { PaymentRow } from './payment.repository.ts';

export type PaymentView = {
  paymentId: string;
  number: string;
  status: PaymentStatus;
  amount: MoneyView;
  provider: string;
  /** Where the browser pays while the payment is pending; null once settled. */
  redirectUrl: string | null;
  card: { brand: string; last4: string } | null;
  failureCode: string | null;
  transferId: number | null;
  createdAt: string;
  settledAt: string | null;
};

export function paymentView(deps: Pick<CoreDeps, 'profile'>, row: PaymentRow, language: Language): PaymentView {
  const currency = { code: row.currency, minorUnits: deps.profile.currency.minorUnits };
  return {
    paymentId: row.id,
    number: row.number,
    status: row.status,
    amount: moneyView(row.amount, currency, language),
    provider: row.provider,
    redirectUrl: row.status === 'pending' ? row.redirect_url : null,
    card: row.card_brand !== null && row.card_last4 !== null ? { brand: row.card_brand, last4: row.card_last4 } : null,
    failureCode: row.failure_code,
    transferId: row.transfer_id,
    createdAt: row.created_at,
    settledAt: row.settled_at,
  };
}
