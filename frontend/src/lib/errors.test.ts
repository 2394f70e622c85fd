import { describe, expect, it } from 'vitest';
import { i18n } from './i18n';
import { errorText, parseError } from './errors';

describe('errors', () => {
  it('decodes the JSON error the Go side sends', () => {
    const e = parseError(new Error('{"code":"invalid","reason":"unknown_time_zone","field":"timeZone","params":{"value":"Mars/Olympus"},"message":"unknown time zone"}'));
    expect(e.field).toBe('timeZone');
    expect(e.reason).toBe('unknown_time_zone');
  });

  it('translates by reason, in the chosen language, with the value', async () => {
    const err = '{"code":"invalid","reason":"unknown_time_zone","field":"timeZone","params":{"value":"Mars/Olympus"},"message":"x"}';
    await i18n.changeLanguage('de');
    expect(errorText(err, i18n.t)).toContain('Mars/Olympus');
    expect(errorText(err, i18n.t)).toMatch(/Zeitzone/);
    await i18n.changeLanguage('en');
    expect(errorText(err, i18n.t)).toMatch(/time zone/);
  });

  it('a count of one takes the singular', async () => {
    const err = (n: number) => `{"code":"conflict","reason":"outbox_not_empty","params":{"count":"${n}"},"message":"x"}`;
    await i18n.changeLanguage('en');
    expect(errorText(err(1), i18n.t)).toMatch(/^1 change of the account signed in before is still waiting/);
    expect(errorText(err(3), i18n.t)).toMatch(/^3 changes of the account signed in before are still waiting/);
    await i18n.changeLanguage('de');
    expect(errorText(err(1), i18n.t)).toMatch(/^1 Änderung des zuvor angemeldeten Kontos wartet/);
    expect(errorText(err(3), i18n.t)).toMatch(/^3 Änderungen des zuvor angemeldeten Kontos warten/);
    await i18n.changeLanguage('en');
  });

  it('treats anything else as an internal error', () => {
    expect(parseError('boom').code).toBe('internal');
    expect(parseError(undefined).code).toBe('internal');
  });
});
