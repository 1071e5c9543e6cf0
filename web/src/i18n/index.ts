/**
 * The four languages of the web app. The choice is kept in localStorage; the document gets the
 * language's `lang` and `dir` (Persian is right-to-left), and every API call asks for the same
 * language so that server texts (tariff names, error details) match the screen.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en.ts';
import { fa } from './locales/fa.ts';
import { hu } from './locales/hu.ts';
import { ru } from './locales/ru.ts';

export const LANGUAGES = [
  { code: 'hu', name: 'Magyar' },
  { code: 'ru', name: 'Русский' },
  { code: 'fa', name: 'فارسی' },
  { code: 'en', name: 'English' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'kabinet.language';
const LOCALES: Record<Language, string> = { en: 'en-GB', ru: 'ru-RU', hu: 'hu-HU', fa: 'fa-IR' };

function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((l) => l.code === value);
}

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The remembered language, else the browser's first supported one, else English. */
export function initialLanguage(): Language {
  const stored = readStored();
  if (isLanguage(stored)) return stored;
  const browser = navigator.languages.map((tag) => tag.toLowerCase().split('-')[0]).find(isLanguage);
  return browser ?? 'en';
}

function applyToDocument(language: Language): void {
  document.documentElement.lang = language;
  document.documentElement.dir = i18next.dir(language);
}

export async function setupI18n(): Promise<void> {
  const lng = initialLanguage();
  await i18next.use(initReactI18next).init({
    lng,
    fallbackLng: 'en',
    resources: { en: { translation: en }, ru: { translation: ru }, hu: { translation: hu }, fa: { translation: fa } },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  applyToDocument(lng);
}

/** Switches the language, remembers it and turns the page around when it reads right to left. */
export async function changeLanguage(language: Language): Promise<void> {
  await i18next.changeLanguage(language);
  applyToDocument(language);
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode without storage: the choice lasts until the page is closed.
  }
}

export function currentLanguage(): Language {
  const lng = i18next.language;
  return isLanguage(lng) ? lng : 'en';
}

/** The Intl locale of the current language (dates and numbers). */
export function currentLocale(): string {
  return LOCALES[currentLanguage()];
}
