import { describe, expect, it } from 'vitest';
import en from '../locales/en.json';
import de from '../locales/de.json';

function flatten(obj: object, prefix = ''): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(obj).flatMap(([k, v]) =>
      v && typeof v === 'object' ? Object.entries(flatten(v, `${prefix}${k}.`)) : [[`${prefix}${k}`, v]],
    ),
  );
}

describe('translations', () => {
  it('German has exactly the keys English has', () => {
    expect(Object.keys(flatten(de)).sort()).toEqual(Object.keys(flatten(en)).sort());
  });
  it('no translation is empty and placeholders match', () => {
    const fe = flatten(en);
    const fd = flatten(de);
    for (const [k, v] of Object.entries(fe)) {
      expect(v, k).not.toBe('');
      expect(fd[k], k).not.toBe('');
      const ph = (s: unknown) => (String(s).match(/{{\s*\w+\s*}}/g) ?? []).sort();
      expect(ph(fd[k]), k).toEqual(ph(v));
    }
  });
});
