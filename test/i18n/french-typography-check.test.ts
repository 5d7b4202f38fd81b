import { describe, expect, it } from 'vitest';
import { frenchTypographyFaults, type Rule, visibleText } from './french-typography-check';

// The check the catalogues and e-mails are held to must itself catch each fault, and pass
// what is right: otherwise a green typography test would prove nothing.
const rules = (text: string, strict = false): Rule[] => frenchTypographyFaults(text, { strict }).map((f) => f.rule);

const NBSP = '\u00a0';
const NNBSP = '\u202f';

describe('the French typography check', () => {
  it('wants a no-break space before : ; ! and ?', () => {
    expect(rules('Quand: samedi')).toEqual(['space-before']);
    expect(rules('Quand : samedi')).toEqual(['space-before']);
    expect(rules('Vraiment ?')).toEqual(['space-before']);
    expect(rules('Confirmez ; merci !')).toEqual(['space-before', 'space-before']);
    expect(rules(`Quand${NBSP}: samedi${NNBSP}; vraiment${NNBSP}? oui${NNBSP}!`)).toEqual([]);
  });

  it('leaves times, URLs and addresses alone', () => {
    expect(rules(`Quand${NBSP}: 08:00 → 12:00`)).toEqual([]);
    expect(rules(`Voir${NBSP}: https://status.example.com/history?page=2`)).toEqual([]);
    expect(rules('Écrivez à mailto:ops@example.fr ou à chloe@example.fr')).toEqual([]);
  });

  it('wants no-break spaces inside « »', () => {
    expect(rules('Opération «Orion»')).toEqual(['guillemets', 'guillemets']);
    expect(rules('Opération « Orion »')).toEqual(['guillemets', 'guillemets']);
    expect(rules(`Opération «${NNBSP}Orion${NNBSP}»`)).toEqual([]);
  });

  it('wants "1er" for the first of a month, and only there', () => {
    expect(rules('mardi 1 décembre 2026')).toEqual(['first-of-month']);
    expect(rules('1 déc. 2026')).toEqual(['first-of-month']);
    expect(rules('1–14 déc. 2026')).toEqual(['first-of-month']);
    expect(rules('mardi 1er décembre, 11 décembre, 21 déc., 1 jour')).toEqual([]);
  });

  it('wants "d’" before a vowel or a mute h', () => {
    expect(rules('La maintenance de Acme Intel')).toEqual(['elision']);
    expect(rules('de octobre 2026 à décembre 2026')).toEqual(['elision']);
    expect(rules('plus de une heure')).toEqual(['elision']);
    expect(rules('moins de heure')).toEqual(['elision']);
    expect(rules('La maintenance d’Acme Intel, de Forewarn, de Hambourg, de onze heures, de 8 h, Suède ou Norvège')).toEqual([]);
  });

  it('wants the typographic apostrophe', () => {
    expect(rules("L'incident")).toEqual(['apostrophe']);
    expect(rules('L’incident')).toEqual([]);
  });

  it('holds the catalogues to one convention when strict: U+00A0 before ":", U+202F before ; ! ? and inside « »', () => {
    expect(rules(`Quand${NNBSP}: oui${NBSP}? «${NBSP}x${NNBSP}»`, true)).toEqual(['convention', 'convention', 'convention']);
    expect(rules(`Quand${NNBSP}: oui${NBSP}?`)).toEqual([]);
    expect(rules(`Quand${NBSP}: oui${NNBSP}? «${NNBSP}x${NNBSP}»`, true)).toEqual([]);
  });
});

describe('the text of an HTML e-mail', () => {
  it('is what a reader sees: no markup, styles, scripts or comments, entities decoded, read-out attributes kept', () => {
    const html = `<!doctype html><html><head><title>[Planifiée] Déménagement</title><style>a { font-family: 'Segoe UI'; }</style><script>var a = 'b';</script></head>
      <body><!--[if mso | IE]><table><tr><td><![endif]--><div aria-label="L&#39;incident">Quand&nbsp;: samedi &amp; dimanche</div></body></html>`;
    const text = visibleText(html);
    expect(text).toContain('[Planifiée] Déménagement');
    expect(text).toContain(`Quand${NBSP}: samedi & dimanche`);
    expect(text).not.toContain('Segoe');
    expect(text).not.toContain('mso');
    expect(text).not.toContain('var a');
    expect(rules(text)).toEqual(['apostrophe']);
  });
});
