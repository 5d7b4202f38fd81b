// A route declaration is the document's one source: it cannot leave out its operationId or its
// success schema, and its handler cannot answer another shape than the schema it declares. `tsc`
// compiles this file: each @ts-expect-error must meet the type error it names, or the compile fails.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AdminApiEnv } from '../../src/routes/admin-api/operations';
import { AdminRouter, openApiDocument } from '../../src/routes/admin-api/operations';

const Greeting = z.object({ greeting: z.string() }).meta({ id: 'Greeting' });

function router() {
  const app = new Hono<AdminApiEnv>();
  return { app, r: new AdminRouter(app) };
}

describe('a route declaration', () => {
  it('answers as it declares, and the document says so', async () => {
    const { app, r } = router();
    r.route(
      {
        method: 'get',
        path: '/hello',
        operationId: 'getGreeting',
        summary: 'Say hello',
        tag: 'meta',
        scope: 'public',
        response: z.object({ hello: Greeting }),
      },
      (c) => c.json({ hello: { greeting: 'bonjour' } }),
    );
    r.route(
      { method: 'delete', path: '/hello/:id', operationId: 'deleteGreeting', summary: 'Forget', tag: 'meta', scope: 'public', status: 204 },
      (c) => c.body(null, 204),
    );
    expect(await (await app.request('/hello')).json()).toEqual({ hello: { greeting: 'bonjour' } });
    expect((await app.request('/hello/abc', { method: 'DELETE' })).status).toBe(204);

    const doc = openApiDocument(r.operations);
    const get = (doc.paths['/hello'] as any).get;
    expect(get.operationId).toBe('getGreeting');
    expect(get.responses['200'].content['application/json'].schema).toEqual({
      type: 'object',
      properties: { hello: { $ref: '#/components/schemas/Greeting' } },
      required: ['hello'],
      additionalProperties: false,
    });
    expect(doc.components.schemas).toMatchObject({
      Greeting: { type: 'object', properties: { greeting: { type: 'string' } }, required: ['greeting'], additionalProperties: false },
    });
    expect((doc.paths['/hello/{id}'] as any).delete.responses['204']).toEqual({ description: 'Done: no content' });
  });

  it('refuses, when it compiles, a route without operationId or success schema, or a handler answering another shape', () => {
    const { r } = router();
    const declared = { method: 'get', path: '/x', summary: 'x', tag: 'meta', scope: 'public' } as const;
    // @ts-expect-error no operationId
    r.route({ ...declared, response: Greeting }, (c) => c.json({ greeting: 'hi' }));
    // @ts-expect-error no success schema, and not a 204
    r.route({ ...declared, operationId: 'getX' }, (c) => c.json({ greeting: 'hi' }));
    // @ts-expect-error answers a field the schema does not have, without the one it requires
    r.route({ ...declared, operationId: 'getY', response: Greeting }, (c) => c.json({ salutation: 'hi' }));
    // @ts-expect-error a 204 route answers no JSON
    r.route({ ...declared, operationId: 'getZ', status: 204 }, (c) => c.json({ greeting: 'hi' }));
    // Two duplicate operationIds in one document are the runtime's to catch (openapi.test.ts).
    expect(r.operations.map((o) => o.operationId)).toEqual([undefined, 'getX', 'getY', 'getZ']);
  });
});
