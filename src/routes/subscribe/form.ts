// Reading the subscription forms: urlencoded bodies validated by the same zod schemas as JSON.
import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from '../../domain/errors';

const MAX_FORM_BYTES = 16 * 1024;

/** Whether the body is JSON; anything else is read as a form. */
export const sendsJson = (c: Context): boolean => /^application\/(?:[\w.+-]+\+)?json/i.test(c.req.header('content-type') ?? '');

/** JSON in, JSON out: a script posting JSON (or asking for it) gets JSON errors, a browser gets pages. */
export function wantsJson(c: Context): boolean {
  const accept = c.req.header('accept') ?? '';
  return sendsJson(c) || (/application\/json/i.test(accept) && !/text\/html/i.test(accept));
}

/**
 * A form body as `schema` reads it: `single` fields once, every other field as a list (checkbox
 * groups); fields the schema does not know are dropped, empty ones left out.
 */
export async function readForm<S extends z.ZodType>(c: Context, schema: S, single: readonly string[]): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\s*(?:;|$)/i.test(type)) {
    throw new AppError('unsupported_media_type', 'send the form as application/x-www-form-urlencoded or JSON');
  }
  if (Number(c.req.header('content-length') ?? '0') > MAX_FORM_BYTES) throw new AppError('payload_too_large', 'the form is too large');
  const bytes = await c.req.arrayBuffer();
  if (bytes.byteLength > MAX_FORM_BYTES) throw new AppError('payload_too_large', 'the form is too large');
  const params = new URLSearchParams(new TextDecoder().decode(bytes));
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  const value: Record<string, unknown> = {};
  for (const key of Object.keys(shape)) {
    const all = params.getAll(key).filter((v) => v !== '');
    if (single.includes(key)) {
      if (all[0] !== undefined) value[key] = all[0];
    } else value[key] = all;
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const details = result.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(form)', message: i.message, code: i.code }));
    throw new AppError('invalid', `invalid form: ${details[0]?.message ?? 'rejected'}`, details);
  }
  return result.data;
}
