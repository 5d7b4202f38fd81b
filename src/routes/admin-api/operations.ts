// Each admin route is declared once, with the schemas it reads and the scope it needs: Hono serves
// it behind that scope and the OpenAPI document describes it from the same declaration, so the
// two cannot drift.
import type { Context, Hono, MiddlewareHandler, TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
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

interface Declaration {
  method: Method;
  path: string;
  /** Stable and unique, camelCase verb + noun (`listComponents`): what generated clients name the call. */
  operationId: string;
  summary: string;
  tag: string;
  body?: z.ZodType;
  query?: z.ZodType;
  /** What the caller must hold. Unstated: `read` for GET, `write` for the other methods. */
  scope?: Requirement;
}

/** Media types an operation may answer in instead of JSON, chosen by its `format` query parameter. */
type AltMedia = 'text/csv' | 'text/html' | 'text/plain' | 'message/rfc822';

/** A route answers JSON described by `response` (200 unless stated), or 204 with no body. */
export type Operation = Declaration &
  ({ status?: 200 | 201; response: z.ZodType; alsoAs?: readonly AltMedia[] } | { status: 204; response?: undefined; alsoAs?: undefined });

/** What a handler may return: its declared JSON (checked against `response` when it compiles), or 204's empty body. */
type Answer<O extends Operation> = O extends { response: infer R extends z.ZodType }
  ? TypedResponse<z.output<R>, ContentfulStatusCode, 'json'> | (O extends { alsoAs: readonly AltMedia[] } ? Response : never)
  : TypedResponse<null, 204, 'body'>;

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

  route<const O extends Operation>(op: O, handler: (c: Context<AdminApiEnv>) => Promise<Answer<O>> | Answer<O>): void {
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

type JsonSchema = Record<string, unknown>;

/**
 * Named schemas and the JSON Schemas that refer to them. zod puts a schema that has an `id`
 * (`.meta({ id })`) in `$defs`; this moves each into `components.schemas`, once, and points the
 * references there, so every operation shares one `Component`, one `Maintenance`…
 */
class SchemaBook {
  readonly named: Record<string, JsonSchema> = {};

  of(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const {
      $schema: _,
      $defs,
      ...root
    } = z.toJSONSchema(schema, { io, unrepresentable: 'any', override: withoutSafeIntegerBounds }) as JsonSchema & {
      $defs?: Record<string, JsonSchema>;
    };
    for (const [id, def] of Object.entries($defs ?? {})) {
      const moved = relink(def);
      const known = this.named[id];
      if (known && JSON.stringify(known) !== JSON.stringify(moved)) throw new Error(`OpenAPI: two different schemas are named ${id}`);
      this.named[id] = moved;
    }
    return relink(root);
  }
}

/** zod bounds every integer by ±(2^53 − 1); said on each count and position, it only makes the document harder to read. */
const withoutSafeIntegerBounds = ({ jsonSchema: s }: { jsonSchema: { minimum?: number; maximum?: number } }) => {
  if (s.minimum === Number.MIN_SAFE_INTEGER) delete s.minimum;
  if (s.maximum === Number.MAX_SAFE_INTEGER) delete s.maximum;
};

const relink = (schema: JsonSchema): JsonSchema => JSON.parse(JSON.stringify(schema).replaceAll('"#/$defs/', '"#/components/schemas/'));

/** An `:id` the routes accept (params.ts): anything else is a 404 before any lookup. */
const ID_PARAMETER = { type: 'string', pattern: '^[a-z0-9]{1,32}$' };

function queryParameters(query: z.ZodType, book: SchemaBook) {
  const shape = book.of(query, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(shape.properties ?? {}).map(([name, { description, ...schema }]) => ({
    name,
    in: 'query',
    required: shape.required?.includes(name) ?? false,
    ...(description ? { description } : {}),
    schema,
  }));
}

/** The error answers, one shape (`Error`), each described once and referred to by every operation. */
const ERROR_ANSWERS: Record<string, { name: string; description: string }> = {
  '400': { name: 'BadRequest', description: 'Malformed: the body is not JSON or not UTF-8' },
  '401': { name: 'Unauthorized', description: 'No token, or a wrong, revoked or expired one' },
  '403': { name: 'Forbidden', description: "The token's scope falls short of the operation's" },
  '404': { name: 'NotFound', description: 'No such object' },
  '409': { name: 'Conflict', description: "The object's state does not allow it, or it changed meanwhile: reload and try again" },
  '413': { name: 'PayloadTooLarge', description: 'The body is larger than 256 KiB' },
  '415': { name: 'UnsupportedMediaType', description: 'The body is not sent as application/json' },
  '422': { name: 'Invalid', description: 'The body or the query does not fit its schema; `details` lists each issue' },
};

const errorResponses = () =>
  Object.fromEntries(
    Object.values(ERROR_ANSWERS).map(({ name, description }) => [
      name,
      { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    ]),
  );

export function openApiDocument(operations: readonly Operation[]) {
  const book = new SchemaBook();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const path = op.path.replace(/:(\w+)/g, '{$1}');
    const parameters = [
      ...[...op.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: ID_PARAMETER })),
      ...(op.query ? queryParameters(op.query, book) : []),
    ];
    const status = String(op.status ?? 200);
    const needed = requirementOf(op);
    const success = op.response
      ? {
          description: status === '201' ? 'Created' : 'OK',
          content: {
            'application/json': { schema: book.of(op.response, 'output') },
            ...Object.fromEntries((op.alsoAs ?? []).map((media) => [media, { schema: { type: 'string' } }])),
          },
        }
      : { description: 'Done: no content' };
    paths[path] ??= {};
    paths[path][op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      tags: [op.tag],
      // OpenAPI 3.1 lets a non-OAuth requirement list role names: here, the scope the token needs.
      security: needed === 'public' ? [] : [{ bearer: needed ? [needed] : [] }],
      'x-scope': needed,
      ...(parameters.length ? { parameters } : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: book.of(op.body, 'input') } } } } : {}),
      responses: {
        [status]: success,
        ...Object.fromEntries(Object.entries(ERROR_ANSWERS).map(([code, { name }]) => [code, { $ref: `#/components/responses/${name}` }])),
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
    // Relative: the API is wherever this document was fetched from (OpenAPI 3.1 §4.8.5), whatever PUBLIC_URL says.
    servers: [{ url: '/api/v1', description: 'this status page' }],
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
      schemas: { Error: ErrorSchema, ...sorted(book.named) },
      responses: errorResponses(),
    },
    paths,
  };
}

const sorted = (named: Record<string, JsonSchema>) => Object.fromEntries(Object.entries(named).sort(([a], [b]) => a.localeCompare(b)));
