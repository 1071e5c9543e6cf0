/** The postings of one balance, newest first, with the running balance after each: every figure a subscriber or auditor sees is traceable. */
import type { CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { findOperatorAccountShards, listLineAccounts, listPostings, type AccountRow } from './account.repository.ts';
import { requireMoneyLine } from './money-line.ts';

export type GetBalanceHistoryInput = {
  /** A line's number, or null for an operator account. */
  number: string | null;
  /** The line account kind (`main`, `points`, `purchase-limit:2026-11`...) or the operator account code. */
  account: string;
  limit: number;
  /** Only postings with a transfer id below this (paging). */
  before: number | undefined;
};

export type Posting = {
  transferId: number;
  at: string;
  kind: string;
  description: string | null;
  externalRef: string | null;
  amount: number;
  balanceAfter: number;
};

export type BalanceHistory = {
  account: string;
  unit: string;
  balance: number;
  reserved: number;
  postings: Posting[];
  nextBefore: number | null;
};

export async function getBalanceHistory(deps: CoreDeps, input: GetBalanceHistoryInput): Promise<BalanceHistory> {
  let accounts: AccountRow[];
  if (input.number === null) {
    accounts = input.account.includes('#') ? [] : await findOperatorAccountShards(deps.db, input.account);
  } else {
    const { lineId } = await requireMoneyLine(deps, input.number);
    accounts = (await listLineAccounts(deps.db, lineId)).filter((a) => a.kind === input.account);
  }
  const first = accounts[0];
  if (!first) throw new AppError('not_found', `no account ${input.account}`);
  const ids = accounts.map((a) => a.id);
  const balance = accounts.reduce((sum, a) => sum + a.balance, 0);
  const reserved = accounts.reduce((sum, a) => sum + a.reserved, 0);
  // Running balance: start from the current balance and walk back, so the page must start at the newest posting.
  const postings = await listPostings(deps.db, ids, input.limit, input.before);
  let after = balance;
  if (input.before !== undefined) {
    const newer = await listPostings(deps.db, ids, Number.MAX_SAFE_INTEGER, undefined);
    for (const p of newer) if (p.transferId >= input.before) after -= p.amount;
  }
  const withBalance = postings.map((p) => {
    const row = { ...p, balanceAfter: after };
    after -= p.amount;
    return row;
  });
  const last = postings.at(-1);
  return {
    account: first.code ?? first.kind,
    unit: first.unit,
    balance,
    reserved,
    postings: withBalance,
    nextBefore: postings.length === input.limit && last ? last.transferId : null,
  };
}
