// What Cloudflare Email Routing hands a worker's email() handler (it does not run in the test
// pool): the envelope, the headers and the raw message, and a record of setReject.

export interface RoutedMail extends ForwardableEmailMessage {
  /** The reason setReject was given, or null while the message is taken. */
  rejected: string | null;
}

export function routedMail({ from, to, raw = '', subject }: { from: string; to: string; raw?: string; subject?: string }): RoutedMail {
  const bytes = new TextEncoder().encode(raw);
  const headers = new Headers(subject === undefined ? {} : { subject });
  const message = {
    from,
    to,
    headers,
    raw: new Response(bytes).body!,
    rawSize: bytes.byteLength,
    canBeForwarded: false,
    rejected: null as string | null,
    setReject(reason: string) {
      message.rejected = reason;
    },
    forward: async () => ({ messageId: '' }),
    reply: async () => ({ messageId: '' }),
  };
  return message as unknown as RoutedMail;
}
