// Each admin route is declared once, with the schemas it reads and the scope it needs: Hono serves
// it behind that scope and the OpenAPI document describes it from the same declaration, so the
// two cannot drift.
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env';
import { AppError, Unauthorized } from '../../domain/errors';
import type { Requirement } from '../../domain/scopes';
import { covers, SCOPE_MEANING, SCOPES } from '../../domain/scopes';
import type { Principal } from '../../services/tokens';

/** The admin API's Hono typing: the app's, plus who is calling (absent on public routes). */
export type AdminApiEnv = {
  Bindings: AppEnv['Bindings'];
  Variables: AppEnv['Variables'] & { principal?: Principal };
};

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
  /** What the caller must hold. Unstated: `read` for GET, `write` for the other methods. */
  scope?: Requirement;
}

/** The scope a route needs: its own declaration, else the rule by method; anything else is unknown. */
export function requirementOf(op: Pick<Operation, 'method' | 'scope'>): Requirement | null {
  if (op.scope) return op.scope;
  if (op.method === 'get') return 'read';
  if (op.method === 'post' || op.method === 'patch' || op.method === 'delete') return 'write';
  return null;
}

/** Checks the caller's scope against the route's before its handler runs; an unknown need is refused. */
function requireScope(op: Operation): MiddlewareHandler<AdminApiEnv> {
  const needed = requirementOf(op);
  return async (c, next) => {
    if (needed === 'public') return next();
    const principal = c.get('principal');
    if (!principal) throw new Unauthorized();
    if (needed === null || !covers(principal.scope, needed)) {
      const what = `${op.method.toUpperCase()} ${op.path}`;
      throw new AppError(
        'forbidden',
        `this token's scope is ${principal.scope}; ${what} needs ${needed ?? 'a scope it does not declare'}`,
        {
          scope: principal.scope,
          needed,
        },
      );
    }
    return next();
  };
}

export class AdminRouter {
  readonly operations: Operation[] = [];
  constructor(readonly app: Hono<AdminApiEnv>) {}

  route(op: Operation, handler: (c: Context<AdminApiEnv>) => Promise<Response> | Response): void {
    this.operations.push(op);
    this.app.on(op.method.toUpperCase(), op.path, requireScope(op), handler);
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
    const errors = ['400', '401', '403', '404', '409', '413', '415', '422'];
    const needed = requirementOf(op);
    paths[path] ??= {};
    paths[path][op.method] = {
      summary: op.summary,
      tags: [op.tag],
      // OpenAPI 3.1 lets a non-OAuth requirement list role names: here, the scope the token needs.
      security: needed === 'public' ? [] : [{ bearer: needed ? [needed] : [] }],
      'x-scope': needed,
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
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: `ADMIN_TOKEN or a minted token. Each operation names the scope it needs; scopes: ${SCOPES.map(
            (s) => `${s} (${SCOPE_MEANING[s]})`,
          ).join('; ')}. A wrong, revoked or expired token answers 401; a token whose scope falls short, 403.`,
        },
      },
      schemas: { Error: ErrorSchema },
    },
    paths,
  };
}
