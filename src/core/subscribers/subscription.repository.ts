/** SQL for the tariff history and service activations of a line. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database>;

export type ServiceActivation = { serviceId: string; activatedAt: string; deactivatedAt: string | null };
export type TariffPeriod = { tariffId: string; validFrom: string; validTo: string | null };

export async function listActiveServiceIds(db: Db, lineId: number): Promise<ServiceActivation[]> {
  const rows = await db
    .selectFrom('line_services')
    .select(['service_id', 'activated_at', 'deactivated_at'])
    .where('line_id', '=', lineId)
    .where('deactivated_at', 'is', null)
    .orderBy('activated_at')
    .execute();
  return rows.map((r) => ({ serviceId: r.service_id, activatedAt: r.activated_at, deactivatedAt: r.deactivated_at }));
}

export async function listServiceHistory(db: Db, lineId: number): Promise<ServiceActivation[]> {
  const rows = await db
    .selectFrom('line_services')
    .select(['service_id', 'activated_at', 'deactivated_at'])
    .where('line_id', '=', lineId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ serviceId: r.service_id, activatedAt: r.activated_at, deactivatedAt: r.deactivated_at }));
}

export async function listTariffHistory(db: Db, lineId: number): Promise<TariffPeriod[]> {
  const rows = await db
    .selectFrom('tariff_history')
    .select(['tariff_id', 'valid_from', 'valid_to'])
    .where('line_id', '=', lineId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ tariffId: r.tariff_id, validFrom: r.valid_from, validTo: r.valid_to }));
}

/** Opens a service activation; false when one is already open (the unique index decides, not a read). */
export async function openServiceActivation(db: Db, lineId: number, serviceId: string, at: string): Promise<boolean> {
  const result = await db
    .insertInto('line_services')
    .values({ line_id: lineId, service_id: serviceId, activated_at: at, deactivated_at: null })
    .onConflict((oc) => oc.columns(['line_id', 'service_id']).where('deactivated_at', 'is', null).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Closes the open activation; false when there was none. */
export async function closeServiceActivation(db: Db, lineId: number, serviceId: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('line_services')
    .set({ deactivated_at: at })
    .where('line_id', '=', lineId)
    .where('service_id', '=', serviceId)
    .where('deactivated_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends the current tariff period and opens the next; false when the current tariff is not `fromTariffId`. */
export async function switchTariffPeriod(db: Db, lineId: number, fromTariffId: string, toTariffId: string, at: string): Promise<boolean> {
  const closed = await db
    .updateTable('tariff_history')
    .set({ valid_to: at })
    .where('line_id', '=', lineId)
    .where('tariff_id', '=', fromTariffId)
    .where('valid_to', 'is', null)
    .executeTakeFirst();
  if (Number(closed.numUpdatedRows) !== 1) return false;
  await db.insertInto('tariff_history').values({ line_id: lineId, tariff_id: toTariffId, valid_from: at, valid_to: null }).execute();
  return true;
}

export async function openTariffPeriod(db: Db, lineId: number, tariffId: string, at: string): Promise<void> {
  await db.insertInto('tariff_history').values({ line_id: lineId, tariff_id: tariffId, valid_from: at, valid_to: null }).execute();
}
