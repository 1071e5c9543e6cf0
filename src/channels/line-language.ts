/**
 * The language of a line, as SMS and USSD need it before their first reply, kept per process for a
 * short while: a USSD dialogue or an SMS burst asks for the same line again and again, and each
 * store read costs more than the whole menu step around it. Only known lines are kept (a line that
 * is created is found at once); a language changed elsewhere is seen within `LANGUAGE_TTL_MS`.
 */
import type { Kysely } from 'kysely';
import { findLineLanguage } from '../core/subscribers/line.repository.ts';
import type { Database } from '../db/schema.ts';

/** How long a line's language is reused before it is read again. */
export const LANGUAGE_TTL_MS = 60_000;
/** Lines kept per database handle; the oldest entry goes first beyond it. */
const MAX_LINES = 100_000;

type Entry = { language: string; until: number };

const caches = new WeakMap<object, Map<string, Entry>>();

/** The language of the line with this E.164 number, or undefined when there is no such line. */
export async function lineLanguage(db: Kysely<Database>, number: string, nowMs: number = Date.now()): Promise<string | undefined> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const hit = cache.get(number);
  if (hit && hit.until > nowMs) return hit.language;
  const language = await findLineLanguage(db, number);
  // Re-inserted, so the entry moves to the young end; a line that is gone is forgotten.
  cache.delete(number);
  if (language === undefined) return undefined;
  cache.set(number, { language, until: nowMs + LANGUAGE_TTL_MS });
  if (cache.size > MAX_LINES) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  return language;
}
