/** Who acts, through which channel, and when: passed to every use case that changes state. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Profile } from '../profiles/profile.ts';

export const CHANNELS = ['web', 'api', 'ussd', 'sms', 'ivr', 'terminal', 'agent', 'system', 'cli'] as const;
export type Channel = (typeof CHANNELS)[number];

export type Actor = {
  type:
    'subscriber' | 'corporate-admin' | 'agent' | 'supervisor' | 'operator-admin' | 'terminal' | 'gateway' | 'system' | 'demo' | 'anonymous';
  id: string;
  channel: Channel;
  /** The contact-center interaction an agent acts in. */
  interactionId?: string | undefined;
};

export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };

/** What every use case needs: the database, the operator profile and the clock. */
export type CoreDeps = {
  db: Kysely<Database>;
  profile: Profile;
  clock: Clock;
};
