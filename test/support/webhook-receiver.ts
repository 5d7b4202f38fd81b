// One endpoint on the webhook receiver of test/support/webhook-global.ts (a real HTTP server on
// loopback): a fresh path per endpoint, what it was sent, and a way to make its next answers
// fail. Shared by the webhook, chat channel and admin UI tests.
import { inject } from 'vitest';
import { randomId } from '../../src/env';

export interface Received {
  method: string;
  headers: Record<string, string>;
  body: string;
  /** The status the receiver answered with. */
  answered: number;
}

export const receiver = inject('webhookReceiver');

export function endpoint(name: string) {
  const path = `/hooks/${name}-${randomId()}`;
  return {
    path,
    url: `${receiver}${path}`,
    received: async (): Promise<Received[]> => (await fetch(`${receiver}/_requests?path=${encodeURIComponent(path)}`)).json(),
    /** The next `count` POSTs are answered `status` (500 unless told), with a Retry-After when given. */
    answerNext: async (count: number, status = 500, retryAfter?: string) => {
      const extra = retryAfter ? `&retryAfter=${encodeURIComponent(retryAfter)}` : '';
      await fetch(`${receiver}/_control/fail?path=${encodeURIComponent(path)}&count=${count}&status=${status}${extra}`, { method: 'POST' });
    },
  };
}

/** HMAC-SHA256 of `text` under `secret`, in hex: what X-Forewarn-Signature's v1 must be. */
export async function hmacHex(secret: string, text: string): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode(text)));
  return [...mac].map((b) => b.toString(16).padStart(2, '0')).join('');
}
