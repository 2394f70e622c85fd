import { describe, expect, it } from 'vitest';
import { correctedQuery } from './correction';

describe('correctedQuery', () => {
  it('shows the whole question with the corrected word marked', () => {
    expect(correctedQuery('how many portal usres can we have', { usres: 'users' })).toEqual([
      { text: 'how many portal ', corrected: false },
      { text: 'users', corrected: true },
      { text: ' can we have', corrected: false },
    ]);
  });
  it('matches typed words folded, as the server reports them (de)', () => {
    expect(correctedQuery('Wie viele Portal-Benutzre, Anhänge?', { benutzre: 'benutzer', anhange: 'anhang' })).toEqual([
      { text: 'Wie viele Portal-', corrected: false },
      { text: 'benutzer', corrected: true },
      { text: ', ', corrected: false },
      { text: 'anhang', corrected: true },
      { text: '?', corrected: false },
    ]);
  });
  it('leaves a question without corrections as typed', () => {
    expect(correctedQuery('reset password', {})).toEqual([{ text: 'reset password', corrected: false }]);
  });
});
