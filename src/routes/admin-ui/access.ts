// Cloudflare Access: when the admin UI sits behind an Access application, Access signs each
// request's identity into the `Cf-Access-Jwt-Assertion` header (an RS256 JWT). It is trusted
// only when the deployment names its team domain and application audience, and only after the
// signature, issuer, audience and times check out against the team's published keys.
import { z } from 'zod';

const AccessVars = z.object({
  CF_ACCESS_TEAM_DOMAIN: z
    .string()
    .trim()
    .min(1)
    .transform((d) => (d.includes('.') ? d : `${d}.cloudflareaccess.com`).replace(/^https:\/\//, '').replace(/\/+$/, '')),
  CF_ACCESS_AUD: z.string().trim().min(1),
  /** Pinned keys (a JWKS document) instead of fetching them; tests and locked-down deployments use it. */
  CF_ACCESS_JWKS: z.string().optional(),
});

export interface AccessConfig {
  teamDomain: string;
  audience: string;
  pinnedKeys: Jwks | null;
}

interface Jwk extends JsonWebKey {
  kid?: string;
}
export interface Jwks {
  keys: Jwk[];
}

/** The Access settings of this deployment, or null when Access is not configured. */
export function accessConfig(env: object): AccessConfig | null {
  const parsed = AccessVars.safeParse(env);
  if (!parsed.success) return null;
  let pinnedKeys: Jwks | null = null;
  if (parsed.data.CF_ACCESS_JWKS) {
    pinnedKeys = JSON.parse(parsed.data.CF_ACCESS_JWKS) as Jwks;
    if (!Array.isArray(pinnedKeys.keys)) throw new Error('CF_ACCESS_JWKS must be a JWKS document ({"keys": [...]})');
  }
  return { teamDomain: parsed.data.CF_ACCESS_TEAM_DOMAIN, audience: parsed.data.CF_ACCESS_AUD, pinnedKeys };
}

const KEYS_TTL_MS = 3_600_000;
/** Access rotates keys; an unknown kid refetches, but not more than once a minute. */
const REFETCH_FLOOR_MS = 60_000;
const fetched = new Map<string, { keys: Jwks; at: number }>();

async function teamKeys(config: AccessConfig, kid: string, now: number): Promise<Jwk | null> {
  if (config.pinnedKeys) return config.pinnedKeys.keys.find((k) => k.kid === kid) ?? null;
  const cached = fetched.get(config.teamDomain);
  const stale = !cached || now - cached.at > KEYS_TTL_MS;
  const unknownKid = cached && !cached.keys.keys.some((k) => k.kid === kid) && now - cached.at > REFETCH_FLOOR_MS;
  if (stale || unknownKid) {
    try {
      const response = await fetch(`https://${config.teamDomain}/cdn-cgi/access/certs`);
      if (!response.ok) throw new Error(`answered ${response.status}`);
      fetched.set(config.teamDomain, { keys: (await response.json()) as Jwks, at: now });
    } catch (error) {
      // Without keys nobody is let in through Access; a token sign-in still works.
      console.error('access: cannot read the team certs', config.teamDomain, error);
      if (!cached) return null;
    }
  }
  return fetched.get(config.teamDomain)?.keys.keys.find((k) => k.kid === kid) ?? null;
}

const decodeSegment = (segment: string): Uint8Array =>
  Uint8Array.from(atob(segment.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (segment.length % 4)) % 4)), (ch) =>
    ch.charCodeAt(0),
  );

const Header = z.object({ alg: z.literal('RS256'), kid: z.string().min(1) });
const Claims = z.object({
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  exp: z.number(),
  nbf: z.number().optional(),
  email: z.string().optional(),
  common_name: z.string().optional(),
});

/** Clock skew tolerated between Access and this worker, in seconds. */
const LEEWAY_S = 60;

/**
 * The actor (`access:<email>`, or `access:<client id>` for a service token) of a valid Access
 * JWT; null for anything that does not verify.
 */
export async function accessActor(config: AccessConfig, jwt: string | undefined, now: Date): Promise<`access:${string}` | null> {
  const parts = (jwt ?? '').trim().split('.');
  if (parts.length !== 3) return null;
  const [h, p, s] = parts as [string, string, string];
  try {
    const header = Header.safeParse(JSON.parse(new TextDecoder().decode(decodeSegment(h))));
    const claims = Claims.safeParse(JSON.parse(new TextDecoder().decode(decodeSegment(p))));
    if (!header.success || !claims.success) return null;
    const jwk = await teamKeys(config, header.data.kid, now.getTime());
    if (!jwk) return null;
    const key = await crypto.subtle.importKey('jwk', jwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
    const valid = await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, decodeSegment(s), new TextEncoder().encode(`${h}.${p}`));
    if (!valid) return null;
    const c = claims.data;
    const seconds = now.getTime() / 1000;
    const audiences = Array.isArray(c.aud) ? c.aud : [c.aud];
    if (c.iss !== `https://${config.teamDomain}` || !audiences.includes(config.audience)) return null;
    if (c.exp <= seconds - LEEWAY_S || (c.nbf !== undefined && c.nbf > seconds + LEEWAY_S)) return null;
    const who = c.email ?? c.common_name;
    return who ? `access:${who.toLowerCase()}` : null;
  } catch {
    // Malformed base64, JSON or key material: not an identity.
    return null;
  }
}
