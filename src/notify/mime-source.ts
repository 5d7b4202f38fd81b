// The MIME source of a compiled nodemailer message, written out in one synchronous pass.
//
// Why: nodemailer's MimeNode.build() streams the tree through PassThroughs and encoder streams
// and yields with setImmediate before every header block, every content and every child (about
// twenty turns per message). In workerd each turn and each stream hop costs CPU, and the queue
// consumer builds one message per e-mail. Here the same tree is walked in the same order, the
// same header blocks are taken from buildHeaders(), and the content goes through nodemailer's
// own encoder classes, driven by hand instead of through a stream, so the bytes are the ones
// build() gives (test/notify/mime-source.test.ts holds the two together). Anything this walk does
// not know (stream or file content, transforms, newline conversion) returns null, and the
// caller builds the message the streamed way.
import { Encoder as Base64Encoder } from 'nodemailer/lib/base64';
import type MimeNode from 'nodemailer/lib/mime-node';
import { Encoder as QpEncoder } from 'nodemailer/lib/qp';

/** What the walk reads of a node beyond its typed surface (fields nodemailer keeps on it). */
interface NodeInside {
  _raw?: unknown;
  _transforms?: unknown[];
  _processFuncs?: unknown[];
  content?: unknown;
  multipart?: unknown;
  boundary?: string;
  contentType?: string;
  newline?: string;
  childNodes: MimeNode[];
}

/** Runs one of nodemailer's encoder transforms over `content` at once, collecting what it pushes. */
function encodeWith(encoder: QpEncoder | Base64Encoder, content: Buffer): string {
  let out = '';
  // The encoders only ever push strings or Buffers of ASCII.
  encoder.push = (chunk: unknown) => {
    if (chunk !== null && chunk !== undefined) out += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('latin1');
    return true;
  };
  const inside = encoder as unknown as {
    _transform(chunk: Buffer, encoding: string, done: (error?: unknown) => void): void;
    _flush(done: (error?: unknown) => void): void;
  };
  let failure: unknown = null;
  inside._transform(content, 'buffer', (error) => {
    if (error) failure = error;
  });
  inside._flush((error) => {
    if (error) failure = error;
  });
  if (failure) throw failure;
  return out;
}

/** Appends the node's source to `parts`; false when it holds something only the stream can read. */
function write(node: MimeNode, parts: (string | Buffer)[]): boolean {
  const n = node as unknown as NodeInside;
  const raw = n._raw;
  if (raw !== undefined && raw !== null && raw !== false) {
    if (typeof raw !== 'string' && !Buffer.isBuffer(raw)) return false;
    parts.push(raw as string | Buffer);
    return finish(n, parts);
  }
  if (n.content && typeof n.content !== 'string' && !Buffer.isBuffer(n.content)) return false;
  const content = n.content as string | Buffer | undefined;
  const transferEncoding = node.getTransferEncoding();
  parts.push(`${node.buildHeaders()}\r\n\r\n`);
  if (content) {
    const bytes = (): Buffer => (typeof content === 'string' ? Buffer.from(content) : content);
    if (transferEncoding === 'base64') parts.push(encodeWith(new Base64Encoder({}), bytes()));
    else if (transferEncoding === 'quoted-printable')
      parts.push(encodeWith(new QpEncoder({ binary: !/^text\//i.test(n.contentType || '') }), bytes()));
    else parts.push(content);
  }
  return finish(n, parts);
}

function finish(n: NodeInside, parts: (string | Buffer)[]): boolean {
  if (!n.multipart) return true;
  for (const [i, child] of n.childNodes.entries()) {
    parts.push(`${i > 0 ? '\r\n' : ''}--${n.boundary}\r\n`);
    if (!write(child, parts)) return false;
  }
  parts.push(`\r\n--${n.boundary}--\r\n`);
  return true;
}

/**
 * One part's source (its headers, then its encoded content) as a string, as the part would be
 * written inside a message: for a part many messages carry, made once and handed to each as `raw`.
 * Null when only build() can make it.
 */
export function partSource(part: MimeNode): string | null {
  const parts: (string | Buffer)[] = [];
  if ((part as unknown as NodeInside).multipart || !write(part, parts)) return null;
  return parts.map((p) => (typeof p === 'string' ? p : p.toString('utf8'))).join('');
}

/** The message's source as build() would give it, or null when only build() can make it. */
export function mimeSource(root: MimeNode): Buffer | null {
  const r = root as unknown as NodeInside;
  if (r._transforms?.length || r._processFuncs?.length || r.newline) return null;
  const parts: (string | Buffer)[] = [];
  if (!write(root, parts)) return null;
  if (parts.every((part) => typeof part === 'string')) {
    // Every part made here or ahead (raw) as text: one string, encoded once.
    const text = parts.join('');
    return Buffer.from(text.endsWith('\n') ? text : text + (text.endsWith('\r') ? '\n' : '\r\n'));
  }
  const source = Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)));
  // build() ends every message with a line break (its LastNewline stage).
  const last = source.at(-1);
  if (last === 0x0a) return source;
  return Buffer.concat([source, Buffer.from(last === 0x0d ? '\n' : '\r\n')]);
}
