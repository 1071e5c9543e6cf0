/**
 * PostgreSQL: the transfers of a ledger writer batch's concurrent writes (`LedgerWriter.write` with
 * `concurrent`) posted together, a statement for many instead of a round trip each. While a batch
 * gathers (`openTransferGathering`), `postTransfer` on its held client waits here; `flush` then posts
 * them in rounds, in the order they came. A round holds each debit account once and no account as
 * both debit and credit (one statement may not update a row twice, and a debit must see the
 * balance every earlier transfer left); credits to one account within a round are summed. Each
 * transfer keeps its own guard and its own outcome, and the balances it returns are those a
 * transfer posted alone in that order would return. Transfers asked for after the flush run alone.
 */
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Database } from '../../db/schema.ts';
import { queryOn, rawPgOf } from '../../db/pg-raw.ts';
import type { PostedTransfer, TransferInput } from './account.repository.ts';

type Waiting = { t: TransferInput; resolve(posted: PostedTransfer | null): void; reject(error: unknown): void };

export interface TransferGathering {
  /** Posts every transfer gathered so far (later ones run alone); a failed round fails the rest. */
  flush(): Promise<void>;
  close(): void;
}

const gatherings = new WeakMap<pg.PoolClient, Gathering>();

class Gathering implements TransferGathering {
  private waiting: Waiting[] = [];
  private open = true;

  constructor(private readonly client: pg.PoolClient) {}

  submit(t: TransferInput): Promise<PostedTransfer | null> | undefined {
    if (!this.open) return undefined;
    return new Promise((resolve, reject) => this.waiting.push({ t, resolve, reject }));
  }

  async flush(): Promise<void> {
    this.open = false;
    const rounds = inRounds(this.waiting);
    this.waiting = [];
    for (let r = 0; r < rounds.length; r++) {
      const round = rounds[r] ?? [];
      try {
        const posted = await postRound(
          this.client,
          round.map((w) => w.t),
        );
        round.forEach((w, i) => w.resolve(posted[i] ?? null));
      } catch (error) {
        // The transaction is aborted: nothing after this round can run either.
        for (const w of rounds.slice(r).flat()) w.reject(error);
        return;
      }
    }
  }

  /** Ends the gathering; a transfer still waiting (no flush came) fails rather than waits forever. */
  close(): void {
    this.open = false;
    for (const w of this.waiting) w.reject(new Error('transfer gathering closed before its flush'));
    this.waiting = [];
    if (gatherings.get(this.client) === this) gatherings.delete(this.client);
  }
}

/** The ledger writer: `db`'s held client gathers transfers until `flush`. */
export function openTransferGathering(db: Kysely<Database>): TransferGathering | undefined {
  const client = rawPgOf(db);
  if (!client) return undefined;
  const gathering = new Gathering(client);
  gatherings.set(client, gathering);
  return gathering;
}

/** `postTransfer` on a held client: the gathered outcome, or undefined when the client does not gather now. */
export function gatheredTransfer(client: pg.PoolClient, t: TransferInput): Promise<PostedTransfer | null> | undefined {
  return gatherings.get(client)?.submit(t);
}

/** Splits the transfers, in order, into rounds where each debit account appears once and no account is both debit and credit. */
function inRounds(waiting: Waiting[]): Waiting[][] {
  const rounds: Waiting[][] = [];
  let round: Waiting[] = [];
  let debits = new Set<number>();
  let credits = new Set<number>();
  for (const w of waiting) {
    const { debitAccountId: debit, creditAccountId: credit } = w.t;
    if (debits.has(debit) || credits.has(debit) || debits.has(credit)) {
      rounds.push(round);
      [round, debits, credits] = [[], new Set(), new Set()];
    }
    round.push(w);
    debits.add(debit);
    credits.add(credit);
  }
  if (round.length > 0) rounds.push(round);
  return rounds;
}

/**
 * One round in one statement: every account locked in id order, the guarded debits, the credits
 * summed per account, the transfer rows with ids drawn in order. Returns per transfer its id and
 * the balances after it (null where its guard refused it).
 */
const POST_ROUND = `with input as (
    select * from unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[])
      with ordinality as i(debit, credit, amount, kind, description, external_ref, created_at, guarded, n)
  ), locked as (
    select id from accounts where id in (select debit from input union select credit from input) order by id for update
  ), debited as (
    update accounts a set balance = a.balance - i.amount from input i
    where a.id = i.debit and (select count(*) from locked) > 0
      and (not i.guarded or a.floor is null or a.balance - a.reserved - i.amount >= a.floor)
    returning i.n, a.balance
  ), credits as (
    select i.credit, sum(i.amount) as amount from input i join debited d on d.n = i.n group by i.credit
  ), credited as (
    update accounts a set balance = a.balance + c.amount from credits c where a.id = c.credit returning a.id, a.balance
  ), numbered as (
    select i.*, nextval(pg_get_serial_sequence('transfers', 'id')) as id from input i join debited d on d.n = i.n order by i.n
  ), posted as (
    insert into transfers (id, debit_account_id, credit_account_id, amount, kind, description, external_ref, created_at)
    select id, debit, credit, amount, kind, description, external_ref, created_at from numbered returning id
  )
  select i.n, nb.id, d.balance as debit_balance, c.balance as credit_balance
  from input i left join debited d on d.n = i.n left join numbered nb on nb.n = i.n left join credited c on c.id = i.credit
  order by i.n`;

type RoundRow = { id: number | null; debit_balance: number | null; credit_balance: number | null };

async function postRound(client: pg.PoolClient, transfers: TransferInput[]): Promise<(PostedTransfer | null)[]> {
  const { rows } = await queryOn<RoundRow>(client, {
    name: 'ledger_post_transfer_round',
    text: POST_ROUND,
    values: [
      transfers.map((t) => t.debitAccountId),
      transfers.map((t) => t.creditAccountId),
      transfers.map((t) => t.amount),
      transfers.map((t) => t.kind),
      transfers.map((t) => t.description),
      transfers.map((t) => t.externalRef),
      transfers.map((t) => t.at),
      transfers.map((t) => !t.ignoreFloor),
    ],
  });
  // A credit account's balance after each of its transfers: its final balance less the later ones' amounts.
  const creditAfter = new Map<number, number>();
  const posted: (PostedTransfer | null)[] = new Array<PostedTransfer | null>(transfers.length).fill(null);
  for (let i = transfers.length - 1; i >= 0; i--) {
    const row = rows[i];
    const t = transfers[i];
    if (!row || !t || row.id === null) continue;
    const credit = creditAfter.get(t.creditAccountId) ?? Number(row.credit_balance);
    posted[i] = { id: Number(row.id), debitBalance: Number(row.debit_balance), creditBalance: credit };
    creditAfter.set(t.creditAccountId, credit - t.amount);
  }
  return posted;
}
