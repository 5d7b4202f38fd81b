import { describe, expect, it } from 'vitest';
import { formatDate, formatDateRange, formatTime } from '../../src/i18n/format';
import { au, de, firstOfMonth, french, setFrench } from '../../src/i18n/typography';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

describe('French as the catalogues write it', () => {
  it('sets the spaces before high punctuation and inside « », and the apostrophe', () => {
    expect(setFrench("Quand : l'heure ; oui ! vraiment ? « Orion »")).toBe(
      `Quand${NBSP}: l’heure${NNBSP}; oui${NNBSP}! vraiment${NNBSP}? «${NNBSP}Orion${NNBSP}»`,
    );
    expect(setFrench('Quand: samedi')).toBe(`Quand${NBSP}: samedi`);
    // Times and URLs are not punctuation.
    expect(setFrench('à 08:00, voir https://example.com/a?b=c')).toBe('à 08:00, voir https://example.com/a?b=c');
  });

  it('sets only the catalogue’s own words: values pass as they come', () => {
    const operator = "Migration : l'étape 2";
    expect(french`Mise à jour : ${operator} ?`).toBe(`Mise à jour${NBSP}: Migration : l'étape 2${NNBSP}?`);
  });

  it('elides "de" before a vowel, and not before a consonant or an h', () => {
    expect([de('Acme Intel'), de('octobre 2026'), de('Écrins'), de('Forewarn'), de('Hambourg')]).toEqual([
      'd’Acme Intel',
      'd’octobre 2026',
      'd’Écrins',
      'de Forewarn',
      'de Hambourg',
    ]);
  });

  it('takes a leading article into "de" and "à", and reads a y before a vowel as a consonant', () => {
    expect([de('Le Bon Coin'), de('Les Échos'), de('La Poste'), de("L'Oréal"), de('Lemon Way')]).toEqual([
      'du Bon Coin',
      'des Échos',
      'de La Poste',
      "de L'Oréal",
      'de Lemon Way',
    ]);
    expect([au('Le Bon Coin'), au('Les Échos'), au('La Poste'), au('Acme Intel')]).toEqual([
      'au Bon Coin',
      'aux Échos',
      'à La Poste',
      'à Acme Intel',
    ]);
    expect([de('Yousign'), de('YouTube'), de('Yvelines'), de('Ypsilon')]).toEqual(['de Yousign', 'de YouTube', 'd’Yvelines', 'd’Ypsilon']);
  });

  it('writes the first of a month "1er", in every date the page and e-mails format', () => {
    expect(firstOfMonth('mardi 1 décembre 2026, 1 déc., 11 déc., 21 décembre, 1 jour, 2026-12-01')).toBe(
      'mardi 1er décembre 2026, 1er déc., 11 déc., 21 décembre, 1 jour, 2026-12-01',
    );
    expect(formatDate('2026-12-01', 'fr-FR')).toBe('1er déc. 2026');
    expect(formatDate('2026-12-01', 'en-GB')).toBe('1 Dec 2026');
    expect(formatDateRange('2026-11-28', '2026-12-01', 'fr-FR')).toBe('28 nov. – 1er déc. 2026');
    expect(formatDateRange('2026-12-01', '2026-12-14', 'fr-FR')).toBe('1er–14 déc. 2026');
    expect(formatTime('2026-12-01T07:00:00.000Z', 'fr-FR', 'Europe/Paris', 'long')).toMatch(/^mardi 1er décembre 2026 à 08:00/);
  });
});
