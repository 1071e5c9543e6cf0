/** Reserves a purchase on the chosen funding source (S0.4 step one), within the profile's per-transaction and per-month caps (S0.8). */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Actor, CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { moneyView } from '../money.ts';
import { findService, findTariff } from '../../profiles/profile.ts';
import type { Language } from '../../profiles/schema.ts';
import { ensureLineAccount, purchaseLimitKind } from './account.repository.ts';
import { bumpCounter } from './counter.repository.ts';
import { findHold, reserveHold } from './hold.repository.ts';
import { runIdempotent, type Idempotent } from './idempotency.ts';
import { listCustomerLineTypes } from './line-status.repository.ts';
import { monthOf, requireAmount, requireMoneyLine, type MoneyLine } from './money-line.ts';
import { operatorAccount } from './operator-accounts.ts';
import {
  carrierBillingRules,
  carrierCounterKey,
  DEFAULT_HOLD_SECONDS,
  MAX_HOLD_SECONDS,
  purchaseView,
  type FundingSource,
  type PurchaseView,
} from './purchase.ts';

export type ReservePurchaseInput = {
  number: string;
  /** Minor units; points when the source is `points` (one point pays one minor unit). */
  amount: number;
  source: FundingSource;
  serviceId: string | null;
  description: string | null;
  /** Seconds the reservation waits for capture before it is voided. */
  holdSeconds: number | undefined;
  language: Language;
  idempotencyKey: string;
};

type Funding = {
  debit: (trx: Kysely<Database>, at: string) => Promise<number>;
  credit: number;
  unit: string;
  /** Whether the carrier-billing money caps apply (they do not to points). */
  capped: boolean;
};

export async function reservePurchase(deps: CoreDeps, input: ReservePurchaseInput, _actor: Actor): Promise<Idempotent<PurchaseView>> {
  requireAmount(input.amount);
  const holdSeconds = input.holdSeconds ?? DEFAULT_HOLD_SECONDS;
  if (!Number.isInteger(holdSeconds) || holdSeconds < 1 || holdSeconds > MAX_HOLD_SECONDS) {
    throw new AppError('invalid_input', `bad hold time ${holdSeconds}`, {}, [{ path: 'holdSeconds', message: `1 to ${MAX_HOLD_SECONDS}` }]);
  }
  const money = await requireMoneyLine(deps, input.number);
  const { line, lineId } = money;
  if (line.status !== 'active') throw new AppError('line_not_active', `line ${line.number} is ${line.status}`, { status: line.status });
  if (input.serviceId !== null && !findService(deps.profile, input.serviceId)) {
    throw new AppError('service_not_found', `no service ${input.serviceId}`, { service: input.serviceId });
  }
  const rules = carrierBillingRules(deps.profile);
  const funding = await fundingFor(deps, money, input, rules.fixedLineBillLineTypes);
  const currency = deps.profile.currency;
  if (funding.capped && rules.perTransaction !== undefined && input.amount > rules.perTransaction) {
    throw new AppError('purchase_cap_exceeded', `${input.amount} over per-transaction cap ${rules.perTransaction}`, {
      cap: 'per-transaction',
      limit: moneyView(rules.perTransaction, currency, input.language).text,
    });
  }
  const payload = {
    number: line.number,
    amount: input.amount,
    source: input.source,
    serviceId: input.serviceId,
    description: input.description,
    holdSeconds,
  };
  return runIdempotent(
    deps,
    { key: input.idempotencyKey, operation: 'purchase.reserve', payload, spreadBy: money.mainAccountId },
    async (trx) => {
      const now = deps.clock.now();
      const at = now.toISOString();
      let counterKey: string | null = null;
      if (funding.capped && rules.perMonth !== undefined) {
        counterKey = carrierCounterKey(lineId, monthOf(now, deps.profile.timeZone));
        if (!(await bumpCounter(trx, counterKey, input.amount, rules.perMonth))) {
          throw new AppError('purchase_cap_exceeded', `line ${line.number} over monthly cap`, {
            cap: 'per-month',
            limit: moneyView(rules.perMonth, currency, input.language).text,
          });
        }
      }
      const holdId = await reserveHold(trx, {
        debitAccountId: await funding.debit(trx, at),
        creditAccountId: funding.credit,
        amount: input.amount,
        kind: 'purchase',
        description: input.description,
        externalRef: null,
        lineId,
        source: input.source,
        serviceId: input.serviceId,
        counterKey,
        expiresAt: new Date(now.getTime() + holdSeconds * 1000).toISOString(),
        at,
      });
      if (holdId === null) {
        const amount = funding.unit === 'points' ? `${input.amount} points` : moneyView(input.amount, currency, input.language).text;
        throw new AppError('insufficient_funds', `line ${line.number} cannot reserve ${input.amount} from ${input.source}`, { amount });
      }
      const hold = await findHold(trx, holdId);
      if (!hold) throw new Error(`hold ${holdId} vanished`);
      return purchaseView(hold, line.number, funding.unit);
    },
  );
}

/** Which account pays, by funding source, or `funding_source_not_allowed` with the reason. */
async function fundingFor(deps: CoreDeps, money: MoneyLine, input: ReservePurchaseInput, fixedBillLineTypes: string[]): Promise<Funding> {
  const { line, lineId, mainAccountId } = money;
  const refuse = (reason: string) =>
    new AppError('funding_source_not_allowed', `${input.source}: ${reason}`, { source: input.source, reason });
  const currency = deps.profile.currency.code;
  switch (input.source) {
    case 'balance':
      return {
        debit: () => Promise.resolve(mainAccountId),
        credit: await operatorAccount(deps, 'revenue', mainAccountId),
        unit: currency,
        capped: true,
      };
    case 'limit': {
      if (line.payment_type !== 'postpaid' || line.line_type !== 'mobile') throw refuse('only postpaid mobile lines have a purchase limit');
      const limit = findTariff(deps.profile, line.tariff_id)?.purchaseLimit;
      if (limit === undefined || limit <= 0) throw refuse('the tariff has no purchase limit');
      const kind = purchaseLimitKind(monthOf(deps.clock.now(), deps.profile.timeZone));
      return {
        debit: (trx, at) => ensureLineAccount(trx, lineId, kind, currency, -limit, at),
        credit: await operatorAccount(deps, 'revenue', mainAccountId),
        unit: currency,
        capped: true,
      };
    }
    case 'points': {
      const service = input.serviceId === null ? undefined : findService(deps.profile, input.serviceId);
      if (!service?.loyaltyPoints) throw refuse('only products that accept loyalty points');
      return {
        debit: (trx, at) => ensureLineAccount(trx, lineId, 'points', 'points', 0, at),
        credit: await operatorAccount(deps, 'loyaltyLiability', mainAccountId),
        unit: 'points',
        capped: false,
      };
    }
    case 'fixed-bill': {
      const types = await listCustomerLineTypes(deps.db, line.customer_id);
      if (types.length === 0 || !types.every((t) => fixedBillLineTypes.includes(t))) {
        throw refuse('only customers with only fixed-line (PSTN or VoIP) service');
      }
      const receivable = await operatorAccount(deps, 'fixedLineBilling', mainAccountId);
      return {
        debit: () => Promise.resolve(receivable),
        credit: await operatorAccount(deps, 'revenue', mainAccountId),
        unit: currency,
        capped: true,
      };
    }
  }
}
