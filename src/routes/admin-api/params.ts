import type { Context } from 'hono';
import { NotFound } from '../../domain/errors';

/** The `:id` of the path; an id that cannot exist is a 404 like any unknown one. */
export function idParam(c: Context, what: string): string {
  const id = c.req.param('id') ?? '';
  if (!/^[a-z0-9]{1,32}$/.test(id)) throw new NotFound(what, id.slice(0, 64));
  return id;
}
