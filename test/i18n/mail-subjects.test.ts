// A French maintenance e-mail's subject tag names the maintenance (`[Maintenance annulée]`), so
// that it never seems to agree with the name after it; unless that name already says it is a
// maintenance, when the tag agrees with it instead of repeating its first word.
import { describe, expect, it } from 'vitest';
import { MAIL, type MailFacts } from '../../src/i18n/mail';

const facts = (name: string): MailFacts => ({ name, page: 'Acme Intel', window: '', lead: '', status: '' });

describe('French maintenance subjects', () => {
  it('name the maintenance in the tag, unless the name already does', () => {
    const notices = MAIL.fr.notices;
    expect(notices['maintenance-scheduled'].subject(facts('Déménagement des baies'))).toBe(
      '[Maintenance planifiée] Déménagement des baies',
    );
    expect(notices['maintenance-cancelled'].subject(facts('Déménagement des baies'))).toBe('[Maintenance annulée] Déménagement des baies');
    expect(notices['maintenance-scheduled'].subject(facts('Maintenance du réseau'))).toBe('[Planifiée] Maintenance du réseau');
    expect(notices['maintenance-started'].subject(facts('maintenance programmée'))).toBe('[En cours] maintenance programmée');
    expect(notices['maintenance-moved-later'].subject(facts('Maintenance-réseau'))).toBe('[Reportée] Maintenance-réseau');
    // A longer word is not the word: "Maintenances" would not agree with "[Planifiée]".
    expect(notices['maintenance-scheduled'].subject(facts('Maintenances de décembre'))).toBe(
      '[Maintenance planifiée] Maintenances de décembre',
    );
    expect(MAIL.en.notices['maintenance-scheduled'].subject(facts('Maintenance window'))).toBe('[Scheduled] Maintenance window');
  });
});
