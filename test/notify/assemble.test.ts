import type { SendMailOptions } from 'nodemailer';
import { beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/env';
import { loadMailSetting, noticeMail } from '../../src/notify/assemble';
import { buildForSending } from '../../src/notify/compose';
import { findNotice, type Notice } from '../../src/store/notices';
import { rows } from '../support/db';
import { confirmedSubscriber, makeCatalogue, makeMaintenance } from '../support/factories';
import { DAY, harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';

// The consumer sends each e-mail's text and HTML as MIME parts encoded once per edition, with the
// subscriber's token put into the encoded part (assemble.ts, bodyParts). What goes out on the wire
// must be the bytes nodemailer makes from the text with the token in it, for any token.

/** The message's bytes, with fixed MIME boundaries so two builds can be compared. */
const source = async (options: SendMailOptions) =>
  (await buildForSending({ ...options, baseBoundary: 'b' } as SendMailOptions)).raw.toString('utf8');

/** As the SMTP client writes it: every line ending a CRLF (dot-stuffing aside, the same for both). */
const onTheWire = (raw: string) => raw.replace(/\r\n|\r|\n/g, '\r\n');

/** A maintenance announced, then cancelled: its two notices, as the consumer reads them. */
async function maintenanceNotices() {
  const h = harness('2026-11-21T07:00:00.000Z');
  ok(await h.api('PATCH', '/page', { name: 'Acme Intel — état du service', time_zone: 'Europe/Paris' }));
  const { crawlers, webapp } = await makeCatalogue(h);
  const move = await makeMaintenance(h, {
    name: 'Déménagement du centre de données',
    body: `We move the crawler fleet. ${'Results arrive late, the web app stays up. '.repeat(6)}`,
    components: { [crawlers.id]: 'under_maintenance', [webapp.id]: 'degraded_performance' },
  });
  h.clock.advance(DAY);
  ok(await h.api('POST', `/maintenances/${move.id}/updates`, { status: 'cancelled', body: 'Les nouvelles baies sont en retard.' }));
  const ids = await rows<{ id: string }>(`SELECT id FROM notices WHERE subject_type = 'maintenance' ORDER BY created_at`);
  const found = await Promise.all(ids.map(({ id }) => findNotice(h.env.DB, id)));
  return { h, found: found.filter((n): n is Notice => n !== null) };
}

describe('an e-mail for sending, its text and HTML encoded once per edition', () => {
  beforeEach(emptyPage);

  it('is byte for byte the e-mail nodemailer builds from the text, whatever the length of the subscriber id', async () => {
    const { found, h } = await maintenanceNotices();
    expect(found.map((n) => n.kind)).toEqual(['scheduled', 'cancelled']);
    const setting = await loadMailSetting(h.env.DB, readConfig(h.env));
    const now = h.clock.now();
    let shared = 0;
    let compared = 0;
    for (const notice of found) {
      for (const [locale, zone] of [
        ['en', 'Europe/London'],
        ['fr', 'Europe/Paris'],
        ['fr', 'America/Montreal'],
      ] as const) {
        // Every id length the links allow: the token moves the line breaks after it.
        for (let length = 1; length <= 32; length++) {
          const subscriber = confirmedSubscriber({
            id: `r${'0123456789abcdefghijklmnopqrstuv'.slice(0, length - 1)}`,
            locale,
            timeZone: zone,
          });
          const options = { deliveryId: `d${length}`, now };
          const toSend = await noticeMail(setting, notice, subscriber, { ...options, forSending: true });
          const asText = await noticeMail(setting, notice, subscriber, options);
          expect(typeof asText.text).toBe('string');
          if (typeof toSend.text === 'object' && typeof toSend.html === 'object') shared++;
          const sent = await source(toSend);
          // Already as it goes on the wire: the SMTP client passes it through without cutting it at each line.
          expect(sent).toBe(onTheWire(sent));
          expect(sent, `${notice.kind}, ${locale}, id of ${length}`).toBe(onTheWire(await source(asText)));
          compared++;
        }
      }
    }
    expect(compared).toBe(2 * 3 * 32);
    // Every one of them went out with the parts encoded once for its edition and token shape.
    expect(shared).toBe(compared);
  });
});
