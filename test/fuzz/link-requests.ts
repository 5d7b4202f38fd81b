// Random and malformed requests on the subscribers' signed links (/confirm, /manage,
// /unsubscribe), and on methods and paths the pages do not serve.
import type { Rng } from '../support/random';
import { randomJson } from '../support/random';
import {
  BAD_LOCALES,
  BAD_ZONES,
  components,
  encode,
  FORM,
  FORM_TYPES,
  GOOD_ZONES,
  JSON_TYPES,
  type KnownSubscriber,
  type LinkAct,
  query,
  type Shot,
  type World,
  WRONG_TYPES,
  worst,
} from './subscribe-requests';

/** The last character of a 43-character signature with an unused low bit set: the same bytes, spelled otherwise. */
function nonCanonical(signature: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(signature.slice(-1));
  return signature.slice(0, -1) + alphabet[last ^ 1];
}

/** A link that must lead nowhere: forged, mangled, misused, expired or plain garbage. */
function badToken(rng: Rng, s: KnownSubscriber, good: string): string {
  const other = good === s.manage ? s.confirm : s.manage;
  const signature = good.slice(good.lastIndexOf('.') + 1);
  const body = good.slice(0, good.lastIndexOf('.'));
  const at = rng.int(good.length);
  switch (rng.int(14)) {
    case 0:
      return good.slice(0, at) + (good[at] === 'A' ? 'B' : 'A') + good.slice(at + 1);
    case 1:
      return good.slice(0, Math.max(1, at));
    case 2:
      return good + rng.pick(['.', 'A', '.x', '=', '==', '..']);
    case 3:
      return other;
    case 4:
      return `${body}.${signature.replace(/[A-Za-z]/, rng.pick(['+', '/', '=', '%2B', '*']))}`;
    case 5:
      return s.expired;
    case 6:
      return s.stranger;
    case 7:
      return `${body}.${nonCanonical(signature)}`;
    case 8:
      return `${body.toUpperCase()}.${signature}`;
    case 9:
      return `${body}.${signature}.${signature}`;
    case 10:
      return 'a'.repeat(rng.pick([201, 4000]));
    case 11:
      return `${body}.${btoa(signature)}`;
    case 12:
      return rng.pick(['nonsense', '...', 'm..', 'c.x.1.', '%', '%ZZ', '\u0000', 'm.abc.💥', '__proto__']);
    default:
      return `${body}.${signature.slice(0, 42)}`;
  }
}

const LINK_ROUTES: readonly { method: string; path: (t: string) => string; purpose: 'confirm' | 'manage'; act: LinkAct }[] = [
  { method: 'GET', path: (t) => `/confirm/${t}`, purpose: 'confirm', act: 'show' },
  { method: 'POST', path: (t) => `/confirm/${t}`, purpose: 'confirm', act: 'confirm' },
  { method: 'GET', path: (t) => `/manage/${t}`, purpose: 'manage', act: 'show' },
  { method: 'POST', path: (t) => `/manage/${t}`, purpose: 'manage', act: 'preferences' },
  { method: 'POST', path: (t) => `/manage/${t}/leave`, purpose: 'manage', act: 'leave' },
  { method: 'POST', path: (t) => `/manage/${t}/resubscribe`, purpose: 'manage', act: 'resubscribe' },
  { method: 'GET', path: (t) => `/unsubscribe/${t}`, purpose: 'manage', act: 'show' },
  { method: 'POST', path: (t) => `/unsubscribe/${t}`, purpose: 'manage', act: 'leave' },
  { method: 'HEAD', path: (t) => `/manage/${t}`, purpose: 'manage', act: 'show' },
];

/** The manage page's form, or what else lands on a link's POST (RFC 8058's one-click body among them). */
function linkBody(rng: Rng, world: World, headers: Record<string, string>, shot: Shot): Shot {
  const act = shot.link?.act;
  if (act !== 'preferences') {
    const body = rng.pick(['List-Unsubscribe=One-Click', '', '{"x": 1}', 'x'.repeat(rng.pick([10, 300_000])), 'email=a%ZZ']);
    headers['content-type'] = rng.chance(0.7) ? FORM : rng.pick([...WRONG_TYPES, ...JSON_TYPES]);
    return { ...shot, body };
  }
  const chosen = components(rng, world);
  const preferences = {
    locale: rng.chance(0.85) ? rng.pick(['en', 'fr']) : rng.pick(['', ...BAD_LOCALES]),
    time_zone: rng.chance(0.85) ? rng.pick(GOOD_ZONES) : rng.pick(['', ...BAD_ZONES]),
    components: chosen.ids,
  };
  const fields = new URLSearchParams({ locale: preferences.locale, time_zone: preferences.time_zone });
  for (const id of chosen.ids) fields.append('components', id);
  let expect = worst(
    chosen.expect === 'unknown_component' ? 'reject' : chosen.expect,
    preferences.locale === 'en' || preferences.locale === 'fr' ? 'accept' : 'reject',
    GOOD_ZONES.includes(preferences.time_zone) ? 'accept' : 'reject',
  );
  let body: BodyInit = fields.toString();
  headers['content-type'] = rng.pick(FORM_TYPES);
  if (rng.chance(0.1)) {
    headers['content-type'] = rng.pick([...WRONG_TYPES, ...JSON_TYPES]);
    expect = 'reject';
  } else if (rng.chance(0.05)) {
    body = `locale=en&time_zone=UTC&components=${'x'.repeat(17_000)}`;
    expect = 'reject';
  }
  return { ...shot, body, expect: shot.expect === 'accept' ? expect : shot.expect, link: { ...shot.link!, preferences } };
}

export function linkShot(rng: Rng, world: World, headers: Record<string, string>): Shot {
  const route = rng.pick(LINK_ROUTES);
  const subscriber = rng.pick(world.subscribers);
  const good = route.purpose === 'confirm' ? subscriber.confirm : subscriber.manage;
  const genuine = rng.chance(0.5);
  const token = genuine ? good : badToken(rng, subscriber, good);
  const shot: Shot = {
    method: route.method,
    path: route.path(encode(token)) + query(rng),
    headers,
    expect: genuine ? 'accept' : route.purpose === 'manage' && token === subscriber.stranger ? 'erased' : 'not_found',
    link: { subscriber, act: route.act },
  };
  return route.method === 'POST' ? linkBody(rng, world, headers, shot) : shot;
}

/** Methods and paths the pages do not serve. */
export function strayShot(rng: Rng, world: World, headers: Record<string, string>): Shot {
  const s = rng.pick(world.subscribers);
  const path = rng.pick([
    '/subscribe',
    '/subscribe/',
    `/confirm/${s.confirm}`,
    '/confirm',
    '/confirm/',
    `/manage/${s.manage}`,
    `/manage/${s.manage}/leave`,
    `/manage/${s.manage}/x`,
    `/unsubscribe/${s.manage}`,
    `/unsubscribe/${s.manage}/extra`,
    '/unsubscribe',
    // Escapes that decode to no UTF-8 at all.
    '/manage/%FF%FE',
    '/confirm/%C0%AF',
    '/unsubscribe/m.%E0%A4%A',
  ]);
  const method = rng.pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'GET', 'POST']);
  if (rng.chance(0.3)) headers['content-type'] = rng.pick(JSON_TYPES);
  const body = method === 'GET' ? undefined : JSON.stringify(randomJson(rng));
  return { method, path, headers, ...(body === undefined ? {} : { body }), expect: 'any' };
}
