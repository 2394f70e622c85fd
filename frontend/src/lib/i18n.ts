import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../locales/en.json';
import de from '../locales/de.json';

// One JSON file per language. A unit test checks that every language has
// exactly the keys English has, so no screen falls back silently.
export const resources = { en: { translation: en }, de: { translation: de } } as const;
export const languages = Object.keys(resources);

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources,
  lng: 'en',
  fallbackLng: 'en',
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});
