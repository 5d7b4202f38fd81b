import { describe, expect, it } from 'vitest';
import { fromAcceptLanguage } from '../../src/i18n/negotiate';

// fromAcceptLanguage keeps the headers it has read (browsers send a few spellings over and over):
// what it keeps must never change an answer, however many spellings come and go.
describe('Accept-Language', () => {
  it('gives the same answer the first time and every time after, past the spellings it keeps', () => {
    const cases = Array.from({ length: 700 }, (_, i) => {
      const french = i % 3 === 0;
      const header = french ? `fr-CA;q=0.${(i % 9) + 1}, de;q=0.05, x-${i}` : `de-DE, en;q=0.${(i % 9) + 1}, fr;q=0.01, x-${i}`;
      return { header, expected: french ? 'fr' : 'en' };
    });
    for (let round = 0; round < 3; round++) {
      for (const { header, expected } of cases) expect(fromAcceptLanguage(header), header).toBe(expected);
    }
    expect(fromAcceptLanguage('de, it;q=0.9')).toBeNull();
    expect(fromAcceptLanguage('de, it;q=0.9')).toBeNull();
    // Longer than any kept spelling: read, never kept, still right.
    const long = `${'de;q=0.5, '.repeat(60)}fr;q=0.9`;
    expect(fromAcceptLanguage(long)).toBe('fr');
    expect(fromAcceptLanguage(long)).toBe('fr');
    expect(fromAcceptLanguage('fr;q=0, en;q=0.1')).toBe('en');
  });
});
