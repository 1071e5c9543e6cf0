/**
 * A company applies to manage its lines (S4.8): company name, region, a contact number, and each
 * line with the PUK of its SIM card as proof of holding it. Wrong PUKs refuse the whole application
 * (naming the lines) and store nothing but the guess counters; PUKs are never stored.
 */
import type { Language } from '../../profiles/schema.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Actor } from '../context.ts';
import { AppError } from '../errors.ts';
import { lockParams, type IdentityDeps } from '../identity/identity-deps.ts';
import { verifyNothing, verifySecret } from '../identity/secret-hash.ts';
import { settleGuess, takeGuess } from '../identity/throttle.ts';
import { toE164 } from '../subscribers/phone-number.ts';
import { findLineWithPuk, insertApplication } from './business.repository.ts';

export type SubmitBusinessApplicationInput = {
  company: string;
  region: string;
  contactNumber: string;
  lines: { number: string; puk: string }[];
  message: string;
  language: Language;
};

export type SubmittedApplication = { id: number; status: 'pending'; lines: string[] };

/** Wrong PUKs in a row per line before the line's PUK checks lock (a SIM blocks for good after 10). */
export const PUK_MAX_FAILURES = 3;
export const PUK_LOCK_MS = 24 * 60 * 60_000;
export const MAX_APPLICATION_LINES = 50;
const PUK = /^[0-9]{8}$/;

export async function submitBusinessApplication(
  deps: IdentityDeps,
  input: SubmitBusinessApplicationInput,
  actor: Actor,
): Promise<SubmittedApplication> {
  const fields: { path: string; message: string }[] = [];
  const company = input.company.trim();
  const region = input.region.trim();
  const message = input.message.trim();
  if (company.length < 2 || company.length > 200) fields.push({ path: 'company', message: '2 to 200 characters' });
  if (region.length < 2 || region.length > 100) fields.push({ path: 'region', message: '2 to 100 characters' });
  if (message.length > 2000) fields.push({ path: 'message', message: 'at most 2000 characters' });
  if (input.lines.length < 1 || input.lines.length > MAX_APPLICATION_LINES)
    fields.push({ path: 'lines', message: `1 to ${MAX_APPLICATION_LINES} lines` });
  let contactNumber = '';
  try {
    contactNumber = toE164(input.contactNumber, deps.profile.country);
  } catch {
    fields.push({ path: 'contactNumber', message: 'a phone number' });
  }
  const numbers: string[] = [];
  input.lines.forEach((l, i) => {
    let number = '';
    try {
      number = toE164(l.number, deps.profile.country);
    } catch {
      fields.push({ path: `lines.${i}.number`, message: 'a phone number' });
    }
    if (number !== '' && numbers.includes(number)) fields.push({ path: `lines.${i}.number`, message: 'listed twice' });
    numbers.push(number);
    if (!PUK.test(l.puk)) fields.push({ path: `lines.${i}.puk`, message: 'eight digits' });
  });
  if (fields.length > 0) throw new AppError('invalid_input', 'bad business application', {}, fields);

  // Every line's PUK is checked (each against its own guess cap) before anything is decided.
  const wrong: { index: number; number: string }[] = [];
  const lines = [];
  for (const [index, number] of numbers.entries()) {
    const key = `puk:${number}`;
    const slot = await takeGuess(deps, key, PUK_MAX_FAILURES, PUK_LOCK_MS);
    if (!slot.ok)
      throw new AppError('puk_locked', `PUK checks of ${number} locked`, { number, ...lockParams(slot.until, deps.clock.now()) });
    const found = await findLineWithPuk(deps.db, number);
    const puk = input.lines[index]!.puk;
    // An unknown line or one without a PUK costs the same scrypt work and gives the same answer.
    const right = found?.pukHash ? await verifySecret(puk, found.pukHash) : await verifyNothing(puk, deps.hashing);
    const settled = await settleGuess(deps, key, slot, right, PUK_MAX_FAILURES, PUK_LOCK_MS);
    if (settled.lockedUntil)
      throw new AppError('puk_locked', 'locked by this failure', { number, ...lockParams(settled.lockedUntil, deps.clock.now()) });
    if (!right || !found) wrong.push({ index, number });
    else lines.push(found.line);
  }
  if (wrong.length > 0) {
    throw new AppError(
      'puk_invalid',
      `wrong PUK for ${wrong.length} line(s)`,
      // Each number isolated left to right (U+2066..U+2069), so it reads right inside Persian text.
      { numbers: wrong.map((w) => `\u2066${w.number}\u2069`).join(', ') },
      wrong.map((w) => ({ path: `lines.${w.index}.puk`, message: `wrong PUK for ${w.number}` })),
    );
  }
  for (const line of lines) {
    if (line.segment === 'corporate') throw new AppError('line_already_corporate', `${line.number} is corporate`, { number: line.number });
  }

  const now = deps.clock.now();
  const id = await insertApplication(deps.db, {
    company,
    region,
    contact_number: contactNumber,
    language: input.language,
    message,
    lines: JSON.stringify(numbers),
    status: 'pending',
    reason: null,
    customer_id: null,
    created_at: now.toISOString(),
    reviewed_at: null,
    reviewed_by: null,
  });
  await writeAudit(deps.db, actor, now, {
    action: 'business.apply',
    subjectType: 'business-application',
    subjectId: String(id),
    lineId: null,
    before: null,
    after: { company, region, contactNumber, lines: numbers },
  });
  return { id, status: 'pending', lines: numbers };
}
