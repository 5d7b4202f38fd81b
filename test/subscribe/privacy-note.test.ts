// Where an address is collected (the page's own form, /subscribe) and managed, readers are told
// what is done with it, in their language, and led to the operator's privacy policy once it is
// set (GDPR article 13). What the note says must stay true: an address nobody confirms goes after
// UNCONFIRMED_DAYS (test/subscribe/unconfirmed.test.ts), one that left is erased with the record
// of what was sent to it, but for its fingerprint, and is never signed up again by an import
// (test/subscribe/erased.test.ts, test/admin-api/subscribers.test.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import { signLink, UNCONFIRMED_DAYS } from '../../src/domain/signed-links';
import { rows } from '../support/db';
import { harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';

const POLICY = 'https://acme.example/confidentialite';

/** The note's paragraph as the reader sees it: text with tags dropped, and its link if any. */
function note(html: string): { text: string; link: string | null } | null {
  const found = /<p class="muted privacy"[^>]*>(.*?)<\/p>/s.exec(html);
  if (!found) return null;
  const link = /<a href="([^"]+)">/.exec(found[1] ?? '');
  return { text: (found[1] ?? '').replace(/<[^>]+>/g, ''), link: link?.[1] ?? null };
}

describe('the privacy note', () => {
  beforeEach(emptyPage);

  it('on /subscribe and on the page’s own form, in each language, and links the policy once the operator sets it', async () => {
    const h = harness();
    ok(await h.api('PATCH', '/page', { name: 'Acme' }));
    const subscribe = await (await h.fetch('/subscribe', { headers: { 'accept-language': 'en' } })).text();
    // Inside the form, before its button, and read with the address field.
    expect(subscribe).toMatch(
      /aria-describedby="email-hint privacy"[^>]*>.*<p class="muted privacy" id="privacy">.*<button type="submit">/s,
    );
    const en = note(subscribe);
    expect(en).toEqual({
      text: `Acme uses your address only to send you these e-mails. Unconfirmed, it is deleted after ${UNCONFIRMED_DAYS} days. After you unsubscribe, it is kept as long as the record of the e-mails sent to you, then erased; only a one-way fingerprint of it is kept, with no time limit, so that nobody can sign you up again without your confirmation. If your address’s mail server refuses these e-mails, they stop, and your address is erased once their record is.`,
      link: null,
    });
    const fr = note(await (await h.fetch('/subscribe?lang=fr')).text());
    expect(fr?.text).toBe(
      `Acme n’utilise votre adresse que pour vous envoyer ces e-mails. Sans confirmation, elle est effacée après ${UNCONFIRMED_DAYS} jours. Si vous vous désabonnez, elle est conservée aussi longtemps que la trace des e-mails qui vous ont été envoyés, puis effacée\u202f; il n’en reste qu’une empreinte irréversible, conservée sans limite de durée, pour qu’on ne puisse pas vous réinscrire sans votre accord. Si le serveur de messagerie de votre adresse refuse ces e-mails, leur envoi cesse, et votre adresse est effacée avec leur trace.`,
    );

    const page = ok(await h.api('PATCH', '/page', { privacy_url: POLICY })).page;
    expect(page.privacy_url).toBe(POLICY);
    const audited = await rows<{ details: string }>("SELECT details FROM audit_log WHERE action = 'page.update'");
    expect(audited.some((row) => row.details.includes(POLICY))).toBe(true);

    for (const [path, words] of [
      ['/subscribe?lang=fr', 'Politique de confidentialité'],
      ['/?lang=fr', 'Politique de confidentialité'],
      ['/', 'Privacy policy'],
    ] as const) {
      const html = await (await h.fetch(path)).text();
      expect(note(html)?.link, path).toBe(POLICY);
      expect(html, path).toContain(`<a href="${POLICY}">${words}</a>`);
    }

    ok(await h.api('PATCH', '/page', { privacy_url: null }));
    expect(note(await (await h.fetch('/')).text())?.link).toBeNull();
  });

  it('on the manage page, whether the reader still receives e-mails or has left', async () => {
    const h = harness();
    ok(await h.api('PATCH', '/page', { name: 'Acme', privacy_url: POLICY }));
    ok(await h.api('POST', '/subscribers/import', { confirmed: true, subscribers: [{ email: 'ada@example.com', locale: 'fr' }] }));
    const [ada] = await rows<{ id: string }>("SELECT id FROM subscribers WHERE email = 'ada@example.com'");
    const token = await signLink(h.env.SIGNING_SECRET ?? '', { purpose: 'manage', subscriberId: ada!.id });
    const manage = await (await h.fetch(`/manage/${token}`)).text();
    expect(note(manage)?.link).toBe(POLICY);
    expect(note(manage)?.text).toContain('n’utilise votre adresse');
    const leave = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: '',
    };
    expect((await h.fetch(`/manage/${token}/leave`, leave)).status).toBe(200);
    expect(note(await (await h.fetch(`/manage/${token}`)).text())?.link).toBe(POLICY);
  });
});
