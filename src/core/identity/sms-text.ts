/** The text of an identity SMS from the profile's message templates, in the line's language. */
import type { LineRow } from '../../db/schema.ts';
import type { Profile } from '../../profiles/profile.ts';
import type { Language } from '../../profiles/schema.ts';
import { fill } from '../i18n/error-messages.ts';

/** The language to write to a line in: its own if the profile has it, else the profile's default. */
export function lineLanguage(profile: Profile, line: Pick<LineRow, 'language'> | undefined): Language {
  const wanted = line?.language as Language | undefined;
  return wanted && profile.languages.includes(wanted) ? wanted : profile.defaultLanguage;
}

export function smsText(profile: Profile, key: 'loginCode' | 'accessCode', language: Language, params: Record<string, string>): string {
  const template = profile.messages[language]?.[key] ?? profile.messages[profile.defaultLanguage]?.[key] ?? '{code}';
  return fill(template, params);
}
