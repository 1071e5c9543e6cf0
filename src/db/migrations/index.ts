/**
 * Every migration, in order. Names are timestamped; a merged migration is never edited: add a new one.
 * Each runs on SQLite and PostgreSQL (see `../dialect.ts` for the differences).
 */
import type { Migration } from 'kysely';
import * as foundation from './20261121_0001_foundation.ts';
import * as billing from './20261122_0200_billing.ts';
import * as ledger from './20261122_0300_ledger.ts';
import * as identity from './20261122_0400_identity.ts';
import * as smsUssd from './20261122_0501_sms_ussd.ts';
import * as business from './20261122_0900_business.ts';
import * as payments from './20261122_0700_payments.ts';
import * as smsOutboxDelivery from './20261206_0100_sms_outbox_delivery.ts';
import * as smsOutboxAttempts from './20261206_0200_sms_outbox_attempts.ts';
import * as ussdSessionsFile from './20261207_0100_ussd_sessions_file.ts';

export const migrations: Record<string, Migration> = {
  '20261121_0001_foundation': foundation,
  '20261122_0200_billing': billing,
  '20261122_0300_ledger': ledger,
  '20261122_0400_identity': identity,
  '20261122_0501_sms_ussd': smsUssd,
  '20261122_0900_business': business,
  '20261122_0700_payments': payments,
  '20261206_0100_sms_outbox_delivery': smsOutboxDelivery,
  '20261206_0200_sms_outbox_attempts': smsOutboxAttempts,
  '20261207_0100_ussd_sessions_file': ussdSessionsFile,
};
