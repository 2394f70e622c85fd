import type { TFunction } from 'i18next';
import type { portal } from '../../../lib/bridge';

export const statusColor: Record<string, string> = {
  draft: 'gray',
  waiting_to_send: 'orange',
  new: 'blue',
  in_progress: 'indigo',
  waiting_on_customer: 'yellow',
  solved: 'teal',
  closed: 'dark',
};

export const priorityColor: Record<string, string> = { low: 'gray', medium: 'blue', high: 'orange', urgent: 'red' };

/** A category's name in the UI language (German when there is one, else English). */
export function localName(x: { nameEn: string; nameDe: string }, lang: string) {
  return lang === 'de' ? x.nameDe || x.nameEn : x.nameEn;
}

export function categoryName(cats: portal.ComponentCategory[] | undefined, id: string, sub: string, lang: string) {
  const c = cats?.find((x) => x.id === id);
  if (!c) return id;
  const s = c.subcategories.find((x) => x.id === sub);
  return s ? `${localName(c, lang)} › ${localName(s, lang)}` : localName(c, lang);
}

export function caseNumber(n: number, t: TFunction) {
  return n > 0 ? `#${n}` : t('cases.notSentYet');
}
