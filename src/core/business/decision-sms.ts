/** The SMS an applicant gets about the decision on a business application (S4.8), in their language. */
import type { Language } from '../../profiles/schema.ts';
import { fill } from '../i18n/error-messages.ts';

const TEXTS: Record<'approved' | 'rejected', Record<Language, string>> = {
  approved: {
    en: '{brand}: the application of {company} is approved. Sign in to the business cabinet with this number.',
    ru: '{brand}: заявка {company} одобрена. Войдите в бизнес-кабинет с этим номером.',
    hu: '{brand}: a(z) {company} kérelmét jóváhagytuk. Lépjen be az üzleti fiókba ezzel a számmal.',
    fa: '{brand}: درخواست {company} تأیید شد. با همین شماره وارد پنل کسب‌وکار شوید.',
  },
  rejected: {
    en: '{brand}: the application of {company} is declined: {reason}',
    ru: '{brand}: заявка {company} отклонена: {reason}',
    hu: '{brand}: a(z) {company} kérelmét elutasítottuk: {reason}',
    fa: '{brand}: درخواست {company} رد شد: {reason}',
  },
};

export function decisionSmsText(
  decision: 'approved' | 'rejected',
  language: Language,
  params: { brand: string; company: string; reason: string },
): string {
  return fill(TEXTS[decision][language], params);
}
