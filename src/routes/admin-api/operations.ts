// Each admin route is declared once, with the schemas it reads: Hono serves it and the OpenAPI
// document describes it from the same declaration, so the two cannot drift.
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env';

type Method = 'get' | 'post' | 'patch' | 'delete';

export interface Operation {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  body?: z.ZodType;
  query?: z.ZodType;
  /** The success status: 200 unless stated. */
  status?: 200 | 201 | 204;
  public?: boolean;
}

export class AdminRouter {
  readonly operations: Operation[] = [];
  constructor(readonly app: Hono<AppEnv>) {}

  route(op: Operation, handler: (c: Context<AppEnv>) => Promise<Response> | Response): void {
    this.operations.push(op);
    this.app.on(op.method.toUpperCase(), op.path, handler);
  }
}

const ErrorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
    },
  },
};

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

export function openApiDocument(operations: readonly Operation[], serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const path = op.path.replace(/:(\w+)/g, '{$1}');
    const params = [...op.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    if (op.query) {
      const shape = jsonSchema(op.query) as { properties?: Record<string, unknown> };
      for (const [name, schema] of Object.entries(shape.properties ?? {}))
        params.push({ name, in: 'query', required: false, schema: schema as never });
    }
    const status = String(op.status ?? 200);
    const errors = ['400', '401', '404', '409', '413', '415', '422'];
    paths[path] ??= {};
    paths[path][op.method] = {
      summary: op.summary,
      tags: [op.tag],
      ...(op.public ? { security: [] } : {}),
      ...(params.length ? { parameters: params } : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body) } } } } : {}),
      responses: {
        [status]: status === '204' ? { description: 'Done' } : { description: 'OK', content: { 'application/json': { schema: {} } } },
        ...Object.fromEntries(
          errors.map((code) => [
            code,
            { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
          ]),
        ),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Forewarn admin API',
      version: '1',
      description: 'Operate a Forewarn status page: components, incidents, maintenance, notices, tokens and the audit log.',
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: ErrorSchema },
    },
    paths,
  };
}
