/**
 * What SMS and USSD say back, in the line's language: profile templates (`messages.yaml`,
 * `channels.yaml` texts) filled with the results of core use cases, and `AppError` codes turned
 * into the user text of `i18n/error-messages.ts`.
 */
import type { Actor, CoreDeps } from '../core/context.ts';
import { activateService } from '../core/catalog/activate-service.ts';
import { deactivateService } from '../core/catalog/deactivate-service.ts';
import { isAppError } from '../core/errors.ts';
import { moneyView } from '../core/money.ts';
import { errorMessage, fill } from '../core/i18n/error-messages.ts';
import { getSubscriberOverview } from '../core/subscribers/get-subscriber-overview.ts';
import { toE164 } from '../core/subscribers/phone-number.ts';
import type { Profile } from '../profiles/profile.ts';
import { lineLanguage } from './line-language.ts';
import type { ChannelTexts, Language } from '../profiles/schema.ts';

/** The line's language when the profile speaks it, else the profile's default. Never throws. */
export async function languageOf(deps: CoreDeps, number: string): Promise<Language> {
  try {
    const lang = (await lineLanguage(deps.db, toE164(number, deps.profile.country))) as Language | undefined;
    if (lang && deps.profile.languages.includes(lang)) return lang;
  } catch {
    // an unknown or malformed number gets the default language
  }
  return deps.profile.defaultLanguage;
}

/** A `messages.yaml` template filled in. */
export function message(profile: Profile, language: Language, key: string, params: Record<string, string | number> = {}): string {
  const template = profile.messages[language]?.[key] ?? profile.messages[profile.defaultLanguage]?.[key] ?? key;
  return fill(template, params);
}

/** A `channels.yaml` text filled in. */
export function channelText(
  profile: Profile,
  language: Language,
  key: keyof ChannelTexts,
  params: Record<string, string | number> = {},
): string {
  const texts = profile.channels.texts[language] ?? profile.channels.texts[profile.defaultLanguage];
  return fill(texts?.[key] ?? key, params);
}

/** The user text for a refusal; unexpected errors become the profile's polite "failed". */
export function errorReply(profile: Profile, language: Language, error: unknown): string {
  if (isAppError(error) && error.code !== 'internal') return errorMessage(error.code, language, error.params);
  return channelText(profile, language, 'failed');
}

export type ReplyAction = 'balance' | 'tariff' | 'services' | 'help' | 'activate' | 'deactivate';

/** Runs one self-service action through its core use case and words the result. Throws AppError. */
export async function runAction(
  deps: CoreDeps,
  number: string,
  language: Language,
  action: ReplyAction,
  serviceId: string | undefined,
  actor: Actor,
): Promise<string> {
  const { profile } = deps;
  switch (action) {
    case 'balance': {
      const o = await getSubscriberOverview(deps, { number, language });
      return message(profile, language, 'balance', { balance: o.balance.text });
    }
    case 'tariff': {
      const o = await getSubscriberOverview(deps, { number, language });
      return channelText(profile, language, 'tariff', { tariff: o.tariff.name, fee: o.tariff.fee.text });
    }
    case 'services': {
      const o = await getSubscriberOverview(deps, { number, language });
      if (o.services.length === 0) return channelText(profile, language, 'noServices');
      return channelText(profile, language, 'services', { services: o.services.map((s) => s.name).join(', ') });
    }
    case 'help':
      return message(profile, language, 'help');
    case 'activate': {
      const change = await activateService(deps, { number, serviceId: serviceId ?? '', language }, actor);
      return message(profile, language, 'serviceActivated', {
        service: change.name,
        fee: change.fee?.text ?? moneyView(0, profile.currency, language).text,
      });
    }
    case 'deactivate': {
      const change = await deactivateService(deps, { number, serviceId: serviceId ?? '', language }, actor);
      return message(profile, language, 'serviceDeactivated', { service: change.name });
    }
  }
}
