import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatNumber } from './format';

const instant = '2026-11-22T22:07:00Z';

describe('formatDateTime', () => {
  it('shows the instant in the chosen time zone', () => {
    const utc = formatDateTime(instant, { locale: 'en-GB', timeZone: 'UTC' });
    const tokyo = formatDateTime(instant, { locale: 'en-GB', timeZone: 'Asia/Tokyo' });
    expect(utc).toContain('22:07');
    expect(tokyo).toContain('07:07');
    expect(tokyo).toContain('23 Nov 2026');
  });

  it('follows the locale for the order and words of a date', () => {
    expect(formatDate(instant, { locale: 'de-DE', timeZone: 'UTC' })).toBe('22.11.2026');
    expect(formatDate(instant, { locale: 'en-US', timeZone: 'UTC' })).toBe('Nov 22, 2026');
  });

  it('returns an empty string for values that are not times', () => {
    expect(formatDateTime('not a date', { locale: 'en-US', timeZone: 'UTC' })).toBe('');
    expect(formatDateTime(Number.NaN, { locale: 'en-US', timeZone: 'UTC' })).toBe('');
  });

  it('formats numbers by locale', () => {
    expect(formatNumber(1234567.5, { locale: 'de-DE', timeZone: '' })).toBe('1.234.567,5');
    expect(formatNumber(1234567.5, { locale: 'en-US', timeZone: '' })).toBe('1,234,567.5');
  });
});
