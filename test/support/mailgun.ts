// Mailgun's webhook signature, made as Mailgun makes it: the hex HMAC-SHA256 of the timestamp and
// the token joined, with the webhook signing key (its "Securing Webhooks" documentation). Written
// here from that description, not with the worker's code, so the tests check one against the other.
export async function mailgunSignature(key: string, timestamp: string | number, token: string) {
  const hmac = await crypto.subtle.importKey('raw', new TextEncoder().encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', hmac, new TextEncoder().encode(`${timestamp}${token}`)));
  return { timestamp, token, signature: [...mac].map((b) => b.toString(16).padStart(2, '0')).join('') };
}
