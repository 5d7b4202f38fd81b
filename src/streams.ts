// Reading a body no further than needed: a request's, or an e-mail's that Email Routing hands over.

/**
 * The bytes of `stream` up to `max`, and whether that was all of it (`whole`). Past `max` the
 * stream is cancelled, not read to its end. No stream: nothing, whole.
 */
export async function readHead(
  stream: ReadableStream<Uint8Array> | null | undefined,
  max: number,
): Promise<{ bytes: Uint8Array; whole: boolean }> {
  const reader = stream?.getReader();
  if (!reader) return { bytes: new Uint8Array(0), whole: true };
  const chunks: Uint8Array[] = [];
  let size = 0;
  let whole = true;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > max) {
      whole = false;
      await reader.cancel().catch(() => {});
      break;
    }
  }
  const bytes = new Uint8Array(Math.min(size, max));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.byteLength - offset);
    bytes.set(part, offset);
    offset += part.byteLength;
    if (offset >= bytes.byteLength) break;
  }
  return { bytes, whole };
}
