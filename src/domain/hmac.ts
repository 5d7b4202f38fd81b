// HMAC-SHA256 keys, hex and base64url, and a comparison that leaks no timing, shared by everything
// Forewarn signs or checks (subscriber links, admin sessions, tokens, relays' webhooks).

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

/** One imported key per secret per isolate. */
export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keys.set(secret, key);
  }
  return key;
}

/** Compares two strings in a time that tells nothing of how much of them matched. */
export async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  // Hashing first makes both sides the same length, which timingSafeEqual requires.
  const [ha, hb] = await Promise.all([a, b].map((v) => crypto.subtle.digest('SHA-256', encoder.encode(v))));
  return crypto.subtle.timingSafeEqual(ha as ArrayBuffer, hb as ArrayBuffer);
}

/** Bytes as lowercase hex (a digest's usual spelling). */
export const toHex = (bytes: ArrayBuffer | Uint8Array): string =>
  Array.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

export const toBase64Url = (bytes: ArrayBuffer | Uint8Array): string =>
  btoa(String.fromCharCode(...(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** The bytes of unpadded base64url text; null when it is not canonical base64url. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  // Only the canonical spelling: the unused low bits of the last character must be zero, so a
  // tampered last character never decodes to the same signature.
  return toBase64Url(bytes) === text ? bytes : null;
}
