// DKIM in workerd: a notice e-mail signed with the page's key, checked by mailauth (a verifier
// with its own parsing and canonicalisation) against the key as DNS would publish it.
import { env } from 'cloudflare:test';
import { dkimVerify } from 'mailauth/lib/dkim/verify';
import { beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/env';
import { buildForSending } from '../../src/notify/compose';
import { dkimSigner } from '../../src/notify/dkim';
import { sampleNoticeMails } from '../../src/notify/preview';
import { findNotice } from '../../src/store/notices';
import { rows } from '../support/db';
import { makeCatalogue } from '../support/factories';
import { harness, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';

const MAIL_FROM = 'Acme Status <status@acme.example>';
const SELECTOR = 'forewarn';

const base64 = (bytes: ArrayBuffer): string => btoa(String.fromCharCode(...new Uint8Array(bytes)));

/** A key pair as the README has it made: the private key as PEM, the public one as its TXT record. */
async function dkimKeys() {
  const keys = (await crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const pkcs8 = base64((await crypto.subtle.exportKey('pkcs8', keys.privateKey)) as ArrayBuffer);
  const spki = base64((await crypto.subtle.exportKey('spki', keys.publicKey)) as ArrayBuffer);
  return {
    privatePem: `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`,
    txtRecord: `v=DKIM1; k=rsa; p=${spki}`,
  };
}

const unbase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/**
 * mailauth's verdict on `raw`, its key looked up at `forewarn._domainkey.acme.example` only.
 * In workerd mailauth gets as far as its last step, node:crypto's verify('rsa-sha256', …), a
 * digest name workerd does not know: that RSA check of the header data mailauth canonicalised
 * is made here with WebCrypto, against the key of the TXT record.
 */
async function verify(raw: string, txtRecord: string) {
  const resolver = async (name: string, type: string) => {
    if (type === 'TXT' && name === `${SELECTOR}._domainkey.acme.example`) return [[txtRecord]];
    throw Object.assign(new Error(`no ${type} record for ${name}`), { code: 'ENOTFOUND' });
  };
  const { results } = await dkimVerify(raw, { resolver: resolver as any, strict: true });
  expect(results).toHaveLength(1);
  const result = results[0]!;
  if (result.status.result !== 'neutral' || result.status.comment !== 'Unknown digest: rsa-sha256') return result;
  const key = await crypto.subtle.importKey(
    'spki',
    unbase64(txtRecord.match(/p=([^;]+)/)![1]!),
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  const valid = await crypto.subtle.verify(
    'RSASSA-PKCS1-v1_5',
    key,
    unbase64(result.signature!),
    unbase64(result.signingHeaders!.canonicalizedHeader),
  );
  return { ...result, status: { ...result.status, result: valid ? 'pass' : 'fail', comment: valid ? undefined : 'bad signature' } };
}

/** An incident's second notice (a reply in its thread) as its subscriber would get it, built to MIME. */
async function replyNoticeMail(sign: ReturnType<typeof dkimSigner>) {
  const h = harness('2026-11-21T07:00:00.000Z');
  const { api } = await makeCatalogue(h);
  const incident = ok(
    await h.api('POST', '/incidents', { name: 'API errors', body: 'Requests fail.', components: { [api.id]: 'major_outage' } }),
  );
  ok(await h.api('POST', `/incidents/${incident.incident.id}/updates`, { status: 'monitoring', body: 'Rolled back.' }));
  const [row] = await rows<{ id: string }>("SELECT id FROM notices WHERE subject_id = ? AND kind = 'update'", incident.incident.id);
  const notice = (await findNotice(env.DB, row!.id))!;
  const config = { ...readConfig(h.env), MAIL_FROM };
  const [sample] = await sampleNoticeMails({ db: env.DB, config, now: h.clock.now() }, notice, ['en'], 'UTC');
  return (await buildForSending(sample!.mail, sign)).raw.toString('utf8');
}

const config = (key?: string) => ({ MAIL_FROM, DKIM_SELECTOR: SELECTOR, ...(key ? { DKIM_PRIVATE_KEY: key } : {}) });

describe('DKIM signing', () => {
  beforeEach(emptyPage);

  it('a notice e-mail verifies against the published key, its unsubscribe and thread headers signed', async () => {
    const keys = await dkimKeys();
    const raw = await replyNoticeMail(dkimSigner(config(keys.privatePem)));

    expect(raw.match(/^DKIM-Signature:/gim)).toHaveLength(1);
    const result = await verify(raw, keys.txtRecord);
    expect(result.status.result).toBe('pass');
    expect(result.status.warnings).toBeUndefined();
    expect(result.signingDomain).toBe('acme.example');
    expect(result.selector).toBe(SELECTOR);
    expect(result.algo).toBe('rsa-sha256');
    expect(result.format).toBe('relaxed/relaxed');
    expect(result.bodyHash).toBe(result.bodyHashExpecting);
    const dkimHeader = raw.match(/^DKIM-Signature:.*(\r\n[ \t].*)*/m)![0].replace(/\r\n[ \t]+/g, ' ');
    const signed = dkimHeader
      .match(/\bh=([^;]+)/)![1]!
      .trim()
      .toLowerCase()
      .split(/\s*:\s*/);
    for (const header of [
      'from',
      'to',
      'subject',
      'date',
      'message-id',
      'in-reply-to',
      'references',
      'mime-version',
      'content-type',
      'list-unsubscribe',
      'list-unsubscribe-post',
    ]) {
      expect(signed).toContain(header);
    }
    // The headers the signature names are those of the message: a reply, with one-click unsubscribe.
    expect(raw).toMatch(/^In-Reply-To: <incident\./m);
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
  });

  it('fails once a signed header or the body is changed, and not for an unsigned header', async () => {
    const keys = await dkimKeys();
    const raw = await replyNoticeMail(dkimSigner(config(keys.privatePem)));
    const verdict = async (changed: string) => {
      expect(changed).not.toBe(raw);
      return (await verify(changed, keys.txtRecord)).status.result;
    };

    const elsewhere = /^(List-Unsubscribe:\s*<)https:\/\/status\.example\.com/m;
    expect(await verdict(raw.replace(elsewhere, '$1https://attacker.example'))).toBe('fail');
    expect(await verdict(raw.replace(/^List-Unsubscribe-Post: .*\r\n/m, ''))).toBe('fail');
    expect(await verdict(raw.replace(/^(Subject: )\[Monitoring\]/m, '$1[Resolved]'))).toBe('fail');
    expect(await verdict(raw.replace(/^(In-Reply-To: <)incident\./m, '$1maintenance.'))).toBe('fail');
    expect(await verdict(raw.replace('Rolled back.', 'Rolled forward.'))).toBe('fail');
    // What relays do on the way, adding their trace header on top, leaves the signature whole.
    expect(await verdict(`Received: from relay.example by mx.example; Sat, 21 Nov 2026 07:00:01 +0000\r\n${raw}`)).toBe('pass');
  });

  it('a signature made with another key does not verify', async () => {
    const [signing, published] = [await dkimKeys(), await dkimKeys()];
    const raw = await replyNoticeMail(dkimSigner(config(signing.privatePem)));
    expect((await verify(raw, published.txtRecord)).status.result).toBe('fail');
  });

  it('signs nothing without a key, and refuses a key it cannot sign with', async () => {
    expect(dkimSigner(config())).toBeNull();
    expect((await replyNoticeMail(null)).match(/^DKIM-Signature:/gim)).toBeNull();
    expect(() => dkimSigner(config('not a key'))).toThrow('DKIM_PRIVATE_KEY is not a PEM private key');
    const ec = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const ecPem = `-----BEGIN PRIVATE KEY-----\n${base64((await crypto.subtle.exportKey('pkcs8', ec.privateKey)) as ArrayBuffer)}\n-----END PRIVATE KEY-----\n`;
    expect(() => dkimSigner(config(ecPem))).toThrow('DKIM_PRIVATE_KEY must be an RSA key');
  });

  it('takes a key whose line breaks were pasted as "\\n"', async () => {
    const keys = await dkimKeys();
    const raw = await replyNoticeMail(dkimSigner(config(keys.privatePem.replace(/\n/g, '\\n'))));
    expect((await verify(raw, keys.txtRecord)).status.result).toBe('pass');
  });
});
