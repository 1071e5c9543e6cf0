/**
 * Gives a line a promised payment (S4.7): the profile's terms decide who may take one, how much and
 * for how long; the credit comes from the operator's promised-payment receivable and the fee goes to revenue.
 */
import type { Language } from '../../profiles/schema.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Actor, CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { lineAccountId, lineBalances, operatorAccountId, OPERATOR_ACCOUNTS, transfer } from '../ledger/account.repository.ts';
import { moneyView, type MoneyView } from '../money.ts';
import { lineLanguage, notifyLine } from '../notifications/notify-line.ts';
import { requireLine } from '../subscribers/require-line.ts';
import { promisedPaymentTerms, type PromisedPaymentTerms } from './billing-rules.ts';
import { findOpenPromisedPayment, openPromisedPayment, type PromisedPaymentRow } from './billing.repository.ts';
import { label } from './labels.ts';
import { unblockIfFunded } from './line-funds.ts';
import { promisedPaymentReceivable } from './promised-payment-account.ts';
import type { LineRow } from '../../db/schema.ts';

export type TakePromisedPaymentInput = { number: string; amount: number; language: Language };

export type PromisedPaymentView = {
  number: string;
  amount: MoneyView;
  fee: MoneyView;
  outstanding: MoneyView;
  status: PromisedPaymentRow['status'];
  takenAt: string;
  dueAt: string;
  balance: MoneyView;
  lineStatus: LineRow['status'];
};

const DAY_MS = 86_400_000;

/** Why a line may not take a promised payment now (empty when it may). */
export function promisedPaymentRefusals(terms: PromisedPaymentTerms, line: LineRow, balance: number, now: Date): string[] {
  const reasons: string[] = [];
  if (!terms.paymentTypes.includes(line.payment_type)) reasons.push('payment-type');
  if (terms.excludedSegments.includes(line.segment)) reasons.push('segment');
  if (terms.excludedTariffs.includes(line.tariff_id)) reasons.push('tariff');
  if (now.getTime() - new Date(line.created_at).getTime() < terms.minTenureDays * DAY_MS) reasons.push('tenure');
  if (balance > terms.maxBalance) reasons.push('balance');
  if (line.status === 'suspended') reasons.push('suspended');
  return reasons;
}

export async function takePromisedPayment(deps: CoreDeps, input: TakePromisedPaymentInput, actor: Actor): Promise<PromisedPaymentView> {
  const { profile } = deps;
  const terms = promisedPaymentTerms(profile);
  const offer = label('promisedPayment', input.language);
  if (!terms) throw new AppError('not_eligible', `profile ${profile.id} offers no promised payment`, { offer });
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) {
    throw new AppError('invalid_input', `promised payment amount ${input.amount}`, {}, [
      { path: 'body.amount', message: 'a positive whole number of minor units' },
    ]);
  }
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const at = now.toISOString();
    const line = await requireLine({ db: trx, profile }, input.number);
    const before = await lineBalances(trx, line.id);
    const reasons = promisedPaymentRefusals(terms, line, before.main, now);
    if (reasons.length > 0) throw new AppError('not_eligible', `no promised payment for ${line.number}: ${reasons.join(', ')}`, { offer });
    // The credit must pay the fee and bring the balance back to its floor.
    const minimum = terms.fee + Math.max(0, (before.mainFloor ?? 0) - before.main) + 1;
    const money = (minor: number) => moneyView(minor, profile.currency, input.language).text;
    if (input.amount > terms.maxAmount || input.amount < minimum) {
      throw new AppError('amount_out_of_range', `promised payment ${input.amount} outside ${minimum}..${terms.maxAmount}`, {
        min: money(minimum),
        max: money(terms.maxAmount),
      });
    }
    const dueAt = new Date(now.getTime() + terms.validityDays * DAY_MS).toISOString();
    const id = await openPromisedPayment(trx, { lineId: line.id, amount: input.amount, fee: terms.fee, takenAt: at, dueAt });
    if (id === undefined) throw new AppError('promised_payment_active', `line ${line.number} already has an open promised payment`);

    const main = await lineAccountId(trx, line.id, 'main');
    if (main === undefined) throw new Error(`line ${line.id} has no main account`);
    const receivable = await promisedPaymentReceivable(trx, profile, at);
    await transfer(trx, {
      debitAccountId: receivable,
      creditAccountId: main,
      amount: input.amount,
      kind: 'promised-payment',
      description: 'promised payment',
      externalRef: `promised-payment:${id}`,
      at,
    });
    if (terms.fee > 0) {
      const revenue = await operatorAccountId(trx, OPERATOR_ACCOUNTS.revenue, profile.currency.code, at);
      const paid = await transfer(trx, {
        debitAccountId: main,
        creditAccountId: revenue,
        amount: terms.fee,
        kind: 'promised-payment-fee',
        description: 'promised payment fee',
        externalRef: `promised-payment:${id}`,
        at,
      });
      // Only a concurrent debit between our read and here can make this fail: refuse, roll everything back.
      if (!paid) throw new AppError('conflict', `balance of ${line.number} changed while taking a promised payment`);
    }
    const after = await lineBalances(trx, line.id);
    if (terms.fee > 0) {
      await notifyLine(
        trx,
        profile,
        line,
        'charge',
        at,
        { amount: terms.fee, balance: after.main },
        { description: label('promisedPaymentFee', lineLanguage(profile, line.language)) },
      );
    }
    await writeAudit(trx, actor, now, {
      action: 'promised-payment.take',
      subjectType: 'line',
      subjectId: line.number,
      lineId: line.id,
      before: { balance: before.main },
      after: { promisedPaymentId: id, amount: input.amount, fee: terms.fee, dueAt, balance: after.main },
    });
    const unblocked = line.status === 'blocked' && (await unblockIfFunded(trx, deps, line, now, actor));
    const row = await findOpenPromisedPayment(trx, line.id);
    if (!row) throw new Error('unreachable: promised payment just opened');
    return presentPromisedPayment(deps, line.number, row, after.main, unblocked ? 'active' : line.status, input.language);
  });
}

export function presentPromisedPayment(
  deps: CoreDeps,
  number: string,
  row: PromisedPaymentRow,
  balance: number,
  lineStatus: LineRow['status'],
  language: Language,
): PromisedPaymentView {
  const money = (minor: number) => moneyView(minor, deps.profile.currency, language);
  return {
    number,
    amount: money(Number(row.amount)),
    fee: money(Number(row.fee)),
    outstanding: money(Number(row.outstanding)),
    status: row.status,
    takenAt: row.taken_at,
    dueAt: row.due_at,
    balance: money(balance),
    lineStatus,
  };
}
