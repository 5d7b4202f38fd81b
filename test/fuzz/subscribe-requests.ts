// Random and malformed requests for the subscribers' pages, each with what the generator knows it
// must come to: the vocabulary, and the subscription form and its JSON twin (links: link-requests.ts).
import type { Rng } from '../support/random';
import { randomJson } from '../support/random';

export interface KnownSubscriber {
  id: string;
  email: string;
  confirm: string;
  manage: string;
  /** A confirmation link past its expiry, and a manage link signed for an id nobody has (as an erased subscriber’s is). */
  expired: string;
  stranger: string;
}

export interface World {
  components: string[];
  /** Well-formed ids that name no component (a group's among them). */
  strangers: string[];
  subscribers: KnownSubscriber[];
  /** Addresses the fuzz asks for, so that some are asked for again. */
  addresses: string[];
}

/**
 * What must follow. accept: a valid request (for /subscribe, 2xx unless the network is over its
 * limit); unknown_component: valid in form but naming a component that does not exist (a 422 after
 * the rate limit counted it); reject: refused before any service runs; not_found: a link we did not
 * sign for this page; any: the generator does not know.
 */
/** `erased`: a genuine manage link of nobody (a subscriber erased since they left): 410, or 200 to leave. */
export type Expect = 'accept' | 'unknown_component' | 'reject' | 'not_found' | 'erased' | 'any';

export type LinkAct = 'show' | 'confirm' | 'leave' | 'resubscribe' | 'preferences';

export interface Shot {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: BodyInit;
  expect: Expect;
  /** POST /subscribe: the address a success subscribes. */
  email?: string;
  /** A link route: whom the link names and what following it does. */
  link?: { subscriber: KnownSubscriber; act: LinkAct; preferences?: { locale: string; time_zone: string; components: string[] } };
}

export const FORM = 'application/x-www-form-urlencoded';

const INVALID_EMAILS = [
  'not an address',
  '@',
  'a@',
  '@example.com',
  'a@example',
  'a b@example.com',
  'a@@example.com',
  'a..b@example.com',
  '.a@example.com',
  '<script>alert(1)</script>@example.com',
  "'; DROP TABLE subscribers; --@example.com",
  'ü@exämple.com',
  '"quoted"@example.com',
  'a@[127.0.0.1]',
  'fuzz@example.com\u0000',
  'fuzz@example.com,other@example.com',
  `${'x'.repeat(250)}@example.com`,
  '\ud800@example.com',
];
export const GOOD_ZONES = ['Europe/Paris', 'America/New_York', 'UTC', 'Asia/Kolkata', 'Etc/GMT+5', 'Pacific/Chatham'];
export const BAD_ZONES = ['Mars/Olympus', 'Europe/Paris ', 'x'.repeat(70), '../../etc/passwd', 'GMT+99', '💥'];
export const BAD_LOCALES = ['xx', 'EN', 'de', 'fr-FR', '__proto__'];
const BAD_IDS = ['UPPER', '../x', 'a'.repeat(40), 'a b', '💥'];
const IPS = ['198.51.100.1', '198.51.100.2', '198.51.100.3', '2001:db8::1', '203.0.113.9', '::1', 'x'.repeat(300)];
const ACCEPTS = [
  'text/html',
  'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  '*/*',
  'application/json',
  'application/json, text/html',
  'application/problem+json',
  'garbage;;;q=x',
  '',
];
const ACCEPT_LANGUAGES = [
  'fr-FR,fr;q=0.9',
  'en',
  '*',
  'xx-YY;q=abc',
  ';;;,,,',
  'fr;q=0',
  'de, fr;q=-1',
  'fr;q=1e309',
  'q=;q=;fr;;q',
  'a'.repeat(2000),
];
const COOKIES = ['forewarn_lang=fr', 'forewarn_lang=', 'forewarn_lang=zz; forewarn_lang=en', '=;=;', `x=${'a'.repeat(4000)}`];
const LANGS = ['fr', 'en', 'xx', '%E0%A4%A', '', 'fr&lang=en', 'FR', '%00'];
export const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/merge-patch+json', 'APPLICATION/JSON'];
export const FORM_TYPES = [FORM, `${FORM}; charset=utf-8`, 'APPLICATION/X-WWW-FORM-URLENCODED', `${FORM} ; charset=utf-8`];
export const WRONG_TYPES = ['text/plain', 'multipart/form-data; boundary=x', `${FORM}x`, 'application/jsonx', 'text/html', ''];

/** Percent-encodes, or hands back a malformed escape when the value has a lone surrogate. */
export const encode = (value: string): string => {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%E0%A4%A%ZZ';
  }
};

/** The rule the routes document: JSON in (or asked for without HTML), JSON out. */
export function asksForJson(headers: Record<string, string>): boolean {
  const type = headers['content-type'] ?? '';
  const accept = headers.accept ?? '';
  return /^application\/(?:[\w.+-]+\+)?json/i.test(type) || (/application\/json/i.test(accept) && !/text\/html/i.test(accept));
}

const sometimes = <T>(rng: Rng, p: number, value: () => T): T | undefined => (rng.chance(p) ? value() : undefined);

export function browserHeaders(rng: Rng): Record<string, string> {
  const headers: Record<string, string> = {};
  const accept = sometimes(rng, 0.8, () => rng.pick(ACCEPTS));
  if (accept !== undefined) headers.accept = accept;
  const language = sometimes(rng, 0.4, () => rng.pick(ACCEPT_LANGUAGES));
  if (language !== undefined) headers['accept-language'] = language;
  const cookie = sometimes(rng, 0.15, () => rng.pick(COOKIES));
  if (cookie !== undefined) headers.cookie = cookie;
  // Most requests come from a few networks, so that the hourly limit is reached and reset.
  if (!rng.chance(0.05)) headers['cf-connecting-ip'] = rng.chance(0.5) ? IPS[0]! : rng.pick(IPS);
  return headers;
}

export const query = (rng: Rng): string => (rng.chance(0.15) ? `?lang=${rng.pick(LANGS)}` : rng.chance(0.03) ? '?&&==&lang' : '');

/** An address as a person types it: a known one, with stray case and spaces now and then. */
function goodEmail(rng: Rng, world: World): { typed: string; email: string } {
  const known = world.subscribers.map((s) => s.email);
  const email = rng.chance(0.1) && known.length ? rng.pick(known) : rng.pick(world.addresses);
  let typed = email;
  if (rng.chance(0.2)) typed = typed.toUpperCase();
  if (rng.chance(0.1)) typed = ` ${typed}\t`;
  return { typed, email };
}

export function components(rng: Rng, world: World): { ids: string[]; expect: Expect } {
  switch (rng.int(8)) {
    case 0:
      return { ids: [rng.pick(BAD_IDS)], expect: 'reject' };
    case 1:
      return { ids: [rng.pick(world.strangers)], expect: 'unknown_component' };
    case 2:
      return { ids: Array.from({ length: 201 }, (_, i) => `c${i}`), expect: 'reject' };
    case 3:
    case 4:
      return { ids: world.components.filter(() => rng.chance(0.5)), expect: 'accept' };
    default:
      return { ids: [], expect: 'accept' };
  }
}

export const worst = (...all: Expect[]): Expect =>
  all.includes('reject') ? 'reject' : all.includes('unknown_component') ? 'unknown_component' : 'accept';

/** The subscription form as a browser posts it, valid or not, well encoded or not. */
export function subscribeForm(rng: Rng, world: World, headers: Record<string, string>): Shot {
  const { typed, email } = goodEmail(rng, world);
  const badEmail = rng.chance(0.25);
  const chosen = components(rng, world);
  const locale = rng.pick(['', 'en', 'fr', 'fr', ...BAD_LOCALES]);
  const zone = rng.chance(0.8) ? rng.pick(['', ...GOOD_ZONES]) : rng.pick(BAD_ZONES);
  const fields = new URLSearchParams();
  fields.append('email', badEmail ? rng.pick(INVALID_EMAILS) : typed);
  for (const id of chosen.ids) fields.append('components', id);
  // An empty field is left out, as when a browser sends an untouched select.
  fields.append('locale', locale);
  fields.append('time_zone', zone);
  if (rng.chance(0.1)) fields.append(rng.pick(['extra', 'id', '__proto__', 'confirmed_at']), String(randomJson(rng)));
  let expect = worst(
    badEmail ? 'reject' : 'accept',
    chosen.expect,
    BAD_LOCALES.includes(locale) ? 'reject' : 'accept',
    BAD_ZONES.includes(zone) ? 'reject' : 'accept',
  );
  let body: BodyInit = fields.toString();
  let type: string | undefined = rng.pick(FORM_TYPES);
  switch (rng.int(14)) {
    case 0:
      body = `email=${encode(typed)}%`;
      expect = 'reject';
      break;
    case 1:
      body = rng.pick(['email=%ZZ', 'email=%E0%A4%A', '&&&===&', '%', 'email', '=x']);
      expect = 'reject';
      break;
    case 2:
      body = new Uint8Array([...new TextEncoder().encode('email=fuzz'), 0xff, 0xfe, ...new TextEncoder().encode('@example.com')]);
      expect = 'reject';
      break;
    case 3:
      body = `email=${encode(typed)}&components=${'x'.repeat(17_000)}`;
      expect = 'reject';
      break;
    case 4:
      type = rng.pick(WRONG_TYPES) || undefined;
      expect = 'reject';
      break;
    case 5:
      body = '';
      expect = 'reject';
      break;
    default:
  }
  if (type) headers['content-type'] = type;
  // A form posted by a script that wants JSON back is still a form.
  return { method: 'POST', path: `/subscribe${query(rng)}`, headers, body, expect, email };
}

/** A JSON subscription, valid, mutated or broken. */
export function subscribeJson(rng: Rng, world: World, headers: Record<string, string>): Shot {
  const { typed, email } = goodEmail(rng, world);
  const chosen = components(rng, world);
  const valid: Record<string, unknown> = { email: typed };
  if (chosen.ids.length || rng.chance(0.3)) valid.components = chosen.ids;
  if (rng.chance(0.5)) valid.locale = rng.pick(['en', 'fr']);
  if (rng.chance(0.5)) valid.time_zone = rng.pick(GOOD_ZONES);
  headers['content-type'] = rng.pick(JSON_TYPES);
  const shot: Shot = { method: 'POST', path: `/subscribe${query(rng)}`, headers, expect: chosen.expect, email };
  switch (rng.int(12)) {
    case 0:
      return { ...shot, body: JSON.stringify({ ...valid, email: rng.pick(INVALID_EMAILS) }), expect: 'reject' };
    case 1:
      return { ...shot, body: JSON.stringify({ ...valid, [rng.pick(['locale', 'time_zone'])]: randomJson(rng) }), expect: 'any' };
    case 2:
      return { ...shot, body: JSON.stringify({ ...valid, [`extra_${rng.int(9)}`]: randomJson(rng) }), expect: 'reject' };
    case 3:
      return { ...shot, body: JSON.stringify(randomJson(rng)), expect: 'any' };
    case 4:
      return {
        ...shot,
        body: rng.pick(['{"email": "unterminated', '', 'null', '[]', '{"email": "a@example.com",}', '\ufeff{}']),
        expect: 'reject',
      };
    case 5:
      return { ...shot, body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), expect: 'reject' };
    case 6:
      return { ...shot, body: JSON.stringify({ ...valid, email: `${'x'.repeat(270_000)}@example.com` }), expect: 'reject' };
    case 7:
      headers['content-type'] = rng.pick(WRONG_TYPES.filter((t) => !t.startsWith('application/json')));
      if (!headers['content-type']) delete headers['content-type'];
      return { ...shot, body: JSON.stringify(valid), expect: 'reject' };
    default:
      return { ...shot, body: JSON.stringify(valid) };
  }
}
