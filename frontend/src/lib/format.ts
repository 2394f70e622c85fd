// The one place where timestamps become text. Every screen formats times
// through these functions so that the user's locale and time zone apply
// everywhere at once.

export interface FormatPrefs {
  /** BCP 47 locale such as "de-CH"; empty means the operating system's. */
  locale: string;
  /** IANA zone such as "Europe/Berlin"; empty means the operating system's. */
  timeZone: string;
}

export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function systemLocale(): string {
  return (typeof navigator !== 'undefined' && navigator.language) || 'en-US';
}

export function effective(prefs: FormatPrefs): { locale: string; timeZone: string } {
  return { locale: prefs.locale || systemLocale(), timeZone: prefs.timeZone || systemTimeZone() };
}

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(prefs: FormatPrefs, style: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const e = effective(prefs);
  const key = `${e.locale}|${e.timeZone}|${JSON.stringify(style)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(e.locale, { ...style, timeZone: e.timeZone });
    cache.set(key, f);
  }
  return f;
}

function toDate(value: Date | string | number): Date | null {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Date and time, e.g. "22 Nov 2026, 23:07". Invalid input gives "". */
export function formatDateTime(value: Date | string | number, prefs: FormatPrefs): string {
  const d = toDate(value);
  return d ? formatter(prefs, { dateStyle: 'medium', timeStyle: 'short' }).format(d) : '';
}

/** Date only, e.g. "22 Nov 2026". */
export function formatDate(value: Date | string | number, prefs: FormatPrefs): string {
  const d = toDate(value);
  return d ? formatter(prefs, { dateStyle: 'medium' }).format(d) : '';
}

/** Long form with weekday, used for previews. */
export function formatLong(value: Date | string | number, prefs: FormatPrefs): string {
  const d = toDate(value);
  return d ? formatter(prefs, { dateStyle: 'full', timeStyle: 'short' }).format(d) : '';
}

export function formatNumber(n: number, prefs: FormatPrefs): string {
  return new Intl.NumberFormat(effective(prefs).locale).format(n);
}
