import { beforeEach, describe, expect, it } from 'vitest';
import { makeCatalogue, makeMaintenance } from '../support/factories';
import { harness, ok } from '../support/harness';
import { type CaughtMail, headerValues, mailbox } from '../support/mail';
import { emptyPage } from '../support/status-story';

// The queue consumer renders a notice's e-mail once per reader (language, zone, what they follow)
// in a batch and puts each subscriber's own links in: what each gets must be what they alone
// would have been sent.

/** The token of the subscriber's manage and unsubscribe links, from the List-Unsubscribe header. */
const tokenOf = (m: CaughtMail): string => {
  const [header] = headerValues(m, 'List-Unsubscribe');
  const token = header?.match(/<https:\/\/status\.example\.com\/unsubscribe\/([^>]+)>/)?.[1];
  if (!token) throw new Error(`no unsubscribe link in "${m.subject}" to ${m.to}`);
  return token;
};

/** What readers alike must share: the e-mail with the subscriber's own token blanked out. */
const withoutOwnLinks = (m: CaughtMail) => {
  const token = tokenOf(m);
  const blank = (s: string | null) => s?.replaceAll(token, '<token>');
  return { subject: m.subject, text: blank(m.text), html: blank(m.html), attachments: m.attachments };
};

describe('one notice, many readers', () => {
  beforeEach(emptyPage);

  it('subscribers who read alike get the same e-mail but their own links; another language, zone or choice of components gets its own', async () => {
    const mail = await mailbox();
    const h = harness('2026-11-21T07:00:00.000Z', { smtpUrl: mail.smtpUrl });
    ok(await h.api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris' }));
    const { crawlers, api } = await makeCatalogue(h);
    const reader = (email: string, fields: Record<string, unknown>) => ({
      email,
      locale: 'en',
      time_zone: 'Europe/London',
      components: [crawlers.id],
      ...fields,
    });
    ok(
      await h.api('POST', '/subscribers/import', {
        confirmed: true,
        subscribers: [
          reader('ann@example.com', {}),
          reader('bob@example.com', {}),
          reader('chloe@example.fr', { locale: 'fr' }),
          reader('kenji@example.jp', { time_zone: 'Asia/Tokyo' }),
          reader('dev@example.com', { components: [crawlers.id, api.id] }),
          reader('ops@example.com', { components: [] }),
          reader('dominique@example.fr', { locale: 'fr', components: [crawlers.id, api.id] }),
        ],
      }),
    );
    // Seven deliveries, one queue message: one batch composes them all.
    await makeMaintenance(h, { name: 'Rack move', components: { [crawlers.id]: 'under_maintenance', [api.id]: 'degraded_performance' } });
    await h.drainQueue();
    const [ann, bob, chloe, kenji, dev, ops, dominique] = await Promise.all(
      [
        'ann@example.com',
        'bob@example.com',
        'chloe@example.fr',
        'kenji@example.jp',
        'dev@example.com',
        'ops@example.com',
        'dominique@example.fr',
      ].map(async (to) => {
        const [only, ...more] = await mail.messages(to);
        expect(more).toEqual([]);
        return only!;
      }),
    );

    // Ann and Bob read alike: the same e-mail, .ics included, each with their own links.
    expect(withoutOwnLinks(bob)).toEqual(withoutOwnLinks(ann));
    expect(tokenOf(ann)).not.toBe(tokenOf(bob));
    for (const [m, email] of [
      [ann, 'ann@example.com'],
      [bob, 'bob@example.com'],
    ] as const) {
      const token = tokenOf(m);
      expect(m.text).toContain(`https://status.example.com/manage/${token}`);
      expect(m.html).toContain(`href="https://status.example.com/unsubscribe/${token}"`);
      expect(await (await h.fetch(`/manage/${token}`)).text()).toContain(email);
    }
    expect(ann.text).toContain('(Europe/London)');
    expect(ann.text).toContain('the status updates of Acme Intel for Price crawlers.');
    expect(ann.attachments.map((a) => a.filename)).toEqual(['maintenance.ics']);

    // Everyone else reads differently, and gets what is theirs.
    for (const other of [chloe, kenji, dev, ops]) expect(withoutOwnLinks(other)).not.toEqual(withoutOwnLinks(ann));
    expect(chloe.subject).toBe('[Maintenance planifiée] Rack move');
    expect(chloe.text).toContain('(Europe/London)');
    expect((chloe.text ?? '').replace(/\s+/g, ' ')).toContain('de la page d’état d’Acme Intel, pour le composant Price crawlers.');
    expect(kenji.subject).toBe('[Scheduled] Rack move');
    expect(kenji.text).toContain('Saturday, 5 December 2026, 16:00 → 20:00 (Asia/Tokyo)');
    expect(kenji.text).not.toContain('Europe/London');
    expect(kenji.attachments[0]!.content).toContain('(Asia/Tokyo)');
    expect(dev.text).toMatch(/the status updates of Acme Intel for (Price crawlers and Public API|Public API and Price crawlers)\./);
    expect(ops.text).toContain('the status updates of Acme Intel.');
    expect((dominique!.text ?? '').replace(/\s+/g, ' ')).toMatch(
      /de la page d’état d’Acme Intel, pour les composants (Price crawlers et Public API|Public API et Price crawlers)\./,
    );
  });
});
