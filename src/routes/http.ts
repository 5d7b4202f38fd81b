// Reading requests: bodies and queries are parsed once here and validated by their zod schema.
import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from '../domain/errors';
import { readHead } from '../streams';

export const MAX_BODY_BYTES = 256 * 1024;

const issuesOf = (error: z.ZodError) =>
  error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message, code: i.code }));

function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first?.path.length ? ` at ${first.path.join('.')}` : '';
    throw new AppError('invalid', `invalid ${what}${where}: ${first?.message ?? 'rejected'}`, issuesOf(result.error));
  }
  return result.data;
}

async function readLimitedText(c: Context, limit: number): Promise<string> {
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > limit) throw new AppError('payload_too_large', `the body may be at most ${limit} bytes`);
  const { bytes, whole } = await readHead(c.req.raw.body, limit);
  if (!whole) throw new AppError('payload_too_large', `the body may be at most ${limit} bytes`);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new AppError('bad_request', 'the body is not valid UTF-8');
  }
}

/**
 * A JSON body validated by `schema`: 415 if not JSON, 413 if larger than `limit` bytes, 400 if
 * malformed, 422 if invalid.
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S, limit = MAX_BODY_BYTES): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    throw new AppError('unsupported_media_type', 'send the body as application/json', { content_type: type || null });
  }
  const text = await readLimitedText(c, limit);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError('bad_request', `malformed JSON: ${(error as Error).message}`);
  }
  return parseWith(schema, value, 'body');
}

/** Query parameters validated by `schema` (422 when they do not fit). */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  return parseWith(schema, c.req.query(), 'query');
}
