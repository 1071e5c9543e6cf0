/** SQL for the secrets and slots of a line: contract password, terminal access code, voiceprint. Hashes only. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database>;

export async function findContractPassword(db: Db, lineId: number): Promise<{ pinHash: string | null; protection: boolean } | undefined> {
  const row = await db.selectFrom('contract_passwords').select(['pin_hash', 'protection']).where('line_id', '=', lineId).executeTakeFirst();
  return row && { pinHash: row.pin_hash, protection: Number(row.protection) === 1 };
}

export async function upsertContractPin(db: Db, lineId: number, pinHash: string, at: string): Promise<void> {
  await db
    .insertInto('contract_passwords')
    .values({ line_id: lineId, pin_hash: pinHash, protection: 0, updated_at: at })
    .onConflict((oc) => oc.column('line_id').doUpdateSet({ pin_hash: pinHash, updated_at: at }))
    .execute();
}

export async function setProtectionFlag(db: Db, lineId: number, enabled: boolean, at: string): Promise<void> {
  await db
    .updateTable('contract_passwords')
    .set({ protection: enabled ? 1 : 0, updated_at: at })
    .where('line_id', '=', lineId)
    .execute();
}

export async function findAccessCodeHash(db: Db, lineId: number): Promise<string | undefined> {
  const row = await db.selectFrom('access_codes').select('code_hash').where('line_id', '=', lineId).executeTakeFirst();
  return row?.code_hash;
}

/** Replaces the access code of a line: a new order makes the old code stop working. */
export async function upsertAccessCode(db: Db, lineId: number, codeHash: string, at: string): Promise<void> {
  await db
    .insertInto('access_codes')
    .values({ line_id: lineId, code_hash: codeHash, created_at: at })
    .onConflict((oc) => oc.column('line_id').doUpdateSet({ code_hash: codeHash, created_at: at }))
    .execute();
}

export type VoiceprintRow = { samples: number; enrolledAt: string | null; updatedAt: string };

export async function findVoiceprint(db: Db, lineId: number): Promise<VoiceprintRow | undefined> {
  const row = await db.selectFrom('voiceprints').selectAll().where('line_id', '=', lineId).executeTakeFirst();
  return row && { samples: Number(row.samples), enrolledAt: row.enrolled_at, updatedAt: row.updated_at };
}

/** Adds one sample unless the slot already holds `max`; returns the new count, or undefined when full. */
export async function addVoiceprintSample(db: Db, lineId: number, max: number, at: string): Promise<number | undefined> {
  const row = await db
    .insertInto('voiceprints')
    .values({ line_id: lineId, samples: 1, enrolled_at: null, updated_at: at })
    .onConflict((oc) =>
      oc
        .column('line_id')
        .doUpdateSet({ samples: sql<number>`voiceprints.samples + 1`, updated_at: at })
        .where('voiceprints.samples', '<', max),
    )
    .returning('samples')
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.samples);
}

export async function markVoiceprintEnrolled(db: Db, lineId: number, at: string): Promise<void> {
  await db.updateTable('voiceprints').set({ enrolled_at: at }).where('line_id', '=', lineId).where('enrolled_at', 'is', null).execute();
}

export async function deleteVoiceprintRow(db: Db, lineId: number): Promise<boolean> {
  const result = await db.deleteFrom('voiceprints').where('line_id', '=', lineId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
