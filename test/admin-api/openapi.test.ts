// The admin API's OpenAPI document, held to what the API really answers: every operation named and
// described, and every answer of a whole operator's story valid against the schema the document
// gives it, checked by ajv (JSON Schema 2020-12, OpenAPI 3.1's dialect), not by our own zod.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { randomId } from '../../src/env';
import { ADMIN_TOKEN, harness, MINUTE, ok } from '../support/harness';
import { emptyPage } from '../support/status-story';

type Doc = {
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, any> };
};

interface Answer {
  method: string;
  path: string;
  status: number;
  type: string;
  body: unknown;
}

const pointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

const operationsOf = (doc: Doc) =>
  Object.entries(doc.paths).flatMap(([template, ops]) => Object.entries(ops).map(([method, op]) => ({ template, method, op })));

/** The document's operation a request reached: literal paths before templated ones (/subscribers/export before /subscribers/{id}). */
function operationFor(doc: Doc, method: string, path: string) {
  const candidates = operationsOf(doc)
    .filter((o) => o.method === method.toLowerCase())
    .filter((o) => new RegExp(`^${o.template.replace(/\{\w+\}/g, '[^/]+')}$`).test(path.split('?')[0]!))
    .sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
  return candidates[0];
}

/** ajv over the whole document, so that `#/components/schemas/…` resolves as a client's validator resolves it. */
function validatorOf(doc: Doc) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc, 'openapi.json');
  return (schemaPointer: string) => {
    const validate = ajv.getSchema(`openapi.json#${schemaPointer}`);
    if (!validate) throw new Error(`no schema at ${schemaPointer}`);
    return validate;
  };
}

/** Checks one answer against the document; returns what is wrong with it, if anything. */
function check(doc: Doc, schemaAt: ReturnType<typeof validatorOf>, a: Answer): string[] {
  const where = `${a.method} ${a.path} → ${a.status}`;
  const found = operationFor(doc, a.method, a.path);
  if (!found) return [`${where}: no such operation in the document`];
  const base = `/paths/${pointer(found.template)}/${found.method}/responses`;
  let response = found.op.responses[String(a.status)];
  if (!response) return [`${where}: status not declared (declared: ${Object.keys(found.op.responses).join(', ')})`];
  let responsePointer = `${base}/${a.status}`;
  if (response.$ref) {
    responsePointer = (response.$ref as string).slice(1);
    response = doc.components.responses[(response.$ref as string).split('/').pop()!];
  }
  if (!response.content) return a.type || a.body !== '' ? [`${where}: declared without a body, answered ${a.type}`] : [];
  const media = a.type.split(';')[0]!.trim();
  if (!response.content[media]) return [`${where}: answered ${media}, declared ${Object.keys(response.content).join(', ')}`];
  const validate = schemaAt(`${responsePointer}/content/${pointer(media)}/schema`);
  if (validate(a.body)) return [];
  return (validate.errors ?? []).map((e) => `${where}: ${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`);
}

/** The harness's admin API, every answer kept for the document to judge. */
function recorded(h: ReturnType<typeof harness>) {
  const answers: Answer[] = [];
  async function call(method: string, path: string, body?: unknown, token: string | null = ADMIN_TOKEN) {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await h.fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    const parsed = type.startsWith('application/json') ? JSON.parse(text) : text;
    answers.push({ method, path, status: res.status, type, body: parsed });
    return { status: res.status, body: parsed as any, headers: res.headers };
  }
  const api = async (method: string, path: string, body?: unknown) => ok(await call(method, path, body));
  return { answers, call, api };
}

const receiver = inject('webhookReceiver');

/** An operator's fortnight: the catalogue, an incident, the data-centre move, subscribers, webhooks, drafts, tokens. */
async function operatorStory() {
  const h = harness('2026-11-20T09:00:00.000Z', { vars: { ALLOW_LOOPBACK_TARGETS: '1' } });
  const { answers, call, api } = recorded(h);

  await api('GET', '/openapi.json');
  await api('GET', '/page');
  await api('PATCH', '/page', { name: 'Acme Intel', time_zone: 'Europe/Paris', translations: { fr: { name: 'Acme Intel FR' } } });

  const group = (await api('POST', '/groups', { name: 'Collection', description: 'Where the data comes from' })).group;
  await api('PATCH', `/groups/${group.id}`, { collapsed: true });
  const crawlers = (
    await api('POST', '/components', {
      name: 'Crawlers',
      group_id: group.id,
      start_date: '2026-01-01',
      translations: { fr: { name: 'Robots' } },
    })
  ).component;
  const dashboards = (await api('POST', '/components', { name: 'Dashboards', description: 'Charts and reports' })).component;
  const api_ = (await api('POST', '/components', { name: 'API' })).component;
  const spare = (await api('POST', '/components', { name: 'Spare' })).component;
  await api('GET', '/components');
  await api('GET', `/components/${crawlers.id}`);
  await api('GET', '/groups');
  await api('GET', `/groups/${group.id}`);
  await api('PATCH', `/components/${dashboards.id}`, { status: 'degraded_performance' });
  await api('PATCH', `/components/${dashboards.id}`, { status: 'operational', showcase: true });

  // Subscribers: two confirmed customers (one in French, one following the API only), one still to confirm.
  await api('POST', '/subscribers/import', {
    subscribers: [
      { email: 'claire@example.com', locale: 'fr', time_zone: 'Europe/Paris' },
      { email: 'sam@example.com', components: [api_.id] },
    ],
    confirmed: true,
  });
  await api('POST', '/subscribers/import', { subscribers: [{ email: 'new@example.com' }] });
  const hook = `${receiver}/hooks/openapi-${randomId()}`;
  const webhook = (await api('POST', '/webhooks', { url: hook })).webhook;
  const spareHook = (await api('POST', '/webhooks', { url: `${hook}-spare`, components: [spare.id] })).webhook;

  // An incident, investigated, identified, resolved, with a postmortem; and one from last month, backfilled.
  const incident = (
    await api('POST', '/incidents', {
      name: 'API errors',
      body: 'Elevated error rates.',
      components: { [api_.id]: 'partial_outage' },
      translations: { fr: { name: "Erreurs de l'API", body: "Taux d'erreur élevé." } },
    })
  ).incident;
  h.clock.advance(20 * MINUTE);
  await api('POST', `/incidents/${incident.id}/updates`, { status: 'identified', body: 'A bad deploy.' });
  h.clock.advance(20 * MINUTE);
  await api('POST', `/incidents/${incident.id}/updates`, {
    status: 'resolved',
    body: 'Rolled back.',
    components: { [api_.id]: 'operational' },
  });
  await api('POST', `/incidents/${incident.id}/updates`, { status: 'postmortem', body: 'What happened, and what we changed.' });
  await h.drainQueue();
  await api('POST', '/incidents/backfill', {
    name: 'Login outage',
    impact: 'major',
    body: 'Nobody could sign in.',
    components: { [dashboards.id]: 'major_outage' },
    started_at: '2026-10-30T10:00:00+01:00',
    resolved_at: '2026-10-30T11:30:00+01:00',
    postmortem: 'An expired certificate.',
  });
  await api('GET', '/incidents');
  await api('GET', '/incidents?open=false&limit=5');
  await api('GET', `/incidents/${incident.id}`);

  // The data-centre move: scheduled, rescheduled, started by the cron, posted to, completed; a second one cancelled.
  const move = (
    await api('POST', '/maintenances', {
      name: 'Data-centre move',
      body: 'We move our servers.',
      scheduled_for: '2026-12-05T07:00:00Z',
      scheduled_until: '2026-12-06T19:00:00Z',
      components: { [crawlers.id]: 'under_maintenance', [dashboards.id]: 'degraded_performance' },
      still_working: 'Dashboards, read-only.',
      reminders: [1440, 60],
      translations: { fr: { name: 'Déménagement', still_working: 'Tableaux de bord, en lecture seule.' } },
    })
  ).maintenance;
  await api('PATCH', `/maintenances/${move.id}`, { scheduled_for: '2026-12-05T08:00:00Z', scheduled_until: '2026-12-06T20:00:00Z' });
  const spareWork = (
    await api('POST', '/maintenances', {
      name: 'Spare maintenance',
      scheduled_for: '2026-12-10T07:00:00Z',
      scheduled_until: '2026-12-10T09:00:00Z',
      components: { [spare.id]: 'under_maintenance' },
    })
  ).maintenance;
  await api('POST', `/maintenances/${spareWork.id}/updates`, { status: 'cancelled', body: 'No longer needed.' });
  await h.drainQueue();
  // The cron at the moments that matter: the day-before reminder, then the start.
  for (const at of ['2026-12-04T08:00:30Z', '2026-12-05T08:00:30Z']) {
    h.clock.set(at);
    await h.tick();
    await h.drainQueue();
  }
  await api('POST', `/maintenances/${move.id}/updates`, { status: 'verifying', body: 'The racks are in; checking.' });
  await api('POST', `/maintenances/${move.id}/updates`, { status: 'completed', body: 'Done early.' });
  await h.drainQueue();
  await api('GET', '/maintenances');
  await api('GET', '/maintenances?status=completed&limit=10');
  await api('GET', `/maintenances/${move.id}`);
  await api('GET', `/maintenances/${spareWork.id}`);

  // What subscribers were owed and got.
  const notices = (await api('GET', '/notices')).notices;
  await api('GET', `/notices?subject_type=maintenance&subject_id=${move.id}`);
  await api('GET', `/notices/${notices[0].id}`);
  await api('GET', '/deliveries');
  for (const notice of notices) await api('GET', `/notices/${notice.id}/deliveries`);
  await api('GET', `/notices/${notices[0].id}/deliveries?status=sent&limit=1`);
  const reschedule = notices.find((n: { kind: string }) => n.kind === 'rescheduled');
  await api('GET', `/notices/${reschedule.id}/preview`);
  await api('GET', `/notices/${reschedule.id}/preview?locale=fr&format=html`);
  await api('GET', `/notices/${reschedule.id}/preview?locale=en&format=text`);
  await api('GET', `/notices/${reschedule.id}/preview?locale=en&format=eml`);
  await api('GET', '/status-log');
  await api('GET', `/status-log?component_id=${dashboards.id}&since=2026-11-01T00:00:00Z`);

  const subscribers = await api('GET', '/subscribers');
  await api('GET', '/subscribers?state=active&limit=1');
  await api('GET', `/subscribers/${subscribers.subscribers[0].id}`);
  await api('GET', '/subscribers/counts');
  await api('POST', '/subscribers/unbounce', {});
  await api('GET', '/subscribers/export');
  await api('GET', '/subscribers/export?format=csv');
  await api('GET', '/webhooks');
  await api('GET', `/webhooks/${webhook.id}/deliveries`);
  await api('POST', `/webhooks/${webhook.id}/test`);
  await api('GET', `/webhooks/${spareHook.id}/deliveries?status=sent`);

  // Drafts: a maintenance drafted, edited, previewed, published; an incident drafted and published; one thrown away.
  const draft = (
    await api('POST', '/drafts', {
      subject_type: 'maintenance',
      input: { name: 'Disk swap', scheduled_for: '2026-12-20T07:00:00Z', scheduled_until: '2026-12-20T08:00:00Z' },
    })
  ).draft;
  await api('PATCH', `/drafts/${draft.id}`, { input: { components: { [crawlers.id]: 'under_maintenance' } } });
  await api('GET', '/drafts');
  await api('GET', `/drafts/${draft.id}`);
  await api('GET', `/drafts/${draft.id}/preview`);
  await api('POST', `/drafts/${draft.id}/publish`);
  const incidentDraft = (
    await api('POST', '/drafts', { subject_type: 'incident', input: { name: 'Slow charts', body: 'Charts load slowly.' } })
  ).draft;
  await api('GET', `/drafts/${incidentDraft.id}/preview`);
  await api('POST', `/drafts/${incidentDraft.id}/publish`);
  await api('GET', '/drafts?published=true');
  const scrap = (await api('POST', '/drafts', { subject_type: 'incident', input: { name: 'Scrap', body: 'Never mind.' } })).draft;
  await api('DELETE', `/drafts/${scrap.id}`);

  // Tokens: one minted for a dashboard, listed, revoked.
  const token = (await api('POST', '/tokens', { name: 'wallboard', scope: 'read', expires_in: 86_400 })).token;
  await api('GET', '/tokens');
  await api('DELETE', `/tokens/${token.id}`);

  // Cleaning up.
  await api('DELETE', `/webhooks/${spareHook.id}`);
  await api('DELETE', `/subscribers/${subscribers.subscribers[0].id}`);
  await api('POST', '/subscribers/forget', { email: 'new@example.com' });
  await api('DELETE', `/components/${spare.id}`);
  await api('DELETE', `/groups/${group.id}`);
  await api('GET', '/audit');
  await api('GET', `/audit?target_type=maintenance&target_id=${move.id}&limit=3`);

  // And a few refusals, which must wear the document's Error shape too.
  await call('GET', '/components/nosuchthing');
  await call('POST', '/components', { name: '' });
  await call('POST', `/maintenances/${move.id}/updates`, { status: 'scheduled' });
  await call('GET', '/tokens', undefined, null);
  return answers;
}

describe('the OpenAPI document', () => {
  beforeEach(emptyPage);

  it('names every operation once and gives each a success schema, its parameters and its errors', async () => {
    const h = harness();
    const doc = ok(await h.api('GET', '/openapi.json', undefined, null)) as Doc & Record<string, any>;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: '/api/v1', description: expect.any(String) }]);
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThanOrEqual(49);

    const ids = operations.map((o) => o.op.operationId);
    expect(ids.filter((id) => typeof id !== 'string' || !/^[a-z]+(?:[A-Z][a-z0-9]*)+$/.test(id))).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);

    const schemaAt = validatorOf(doc);
    for (const { template, method, op } of operations) {
      const key = `${method.toUpperCase()} ${template}`;
      const success = Object.keys(op.responses).filter((s) => s.startsWith('2'));
      expect(success, key).toHaveLength(1);
      const answer = op.responses[success[0]!];
      if (success[0] === '204') {
        expect(answer.content, key).toBeUndefined();
        continue;
      }
      const schema = answer.content?.['application/json']?.schema;
      expect(schema, key).toBeDefined();
      // A schema that says something: `{}` would type every answer as unknown.
      expect(Object.keys(schema).length, key).toBeGreaterThan(0);
      expect(
        () => schemaAt(`/paths/${pointer(template)}/${method}/responses/${success[0]}/content/application~1json/schema`),
        key,
      ).not.toThrow();
      for (const code of ['401', '404', '422'])
        expect(op.responses[code], `${key} ${code}`).toEqual({ $ref: expect.stringMatching(/^#\/components\/responses\//) });
    }

    const maintenances = doc.paths['/maintenances']!;
    expect(maintenances.post.operationId).toBe('createMaintenance');
    expect(maintenances.post.responses['201'].content['application/json'].schema).toEqual({
      type: 'object',
      properties: { maintenance: { $ref: '#/components/schemas/Maintenance' } },
      required: ['maintenance'],
      additionalProperties: false,
    });
    const body = maintenances.post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['name', 'scheduled_for', 'scheduled_until']));
    expect(Object.keys(body.properties)).toEqual(
      expect.arrayContaining(['reminders', 'auto_start', 'auto_complete', 'still_working', 'components']),
    );
    // Query parameters: a default means optional; each with its own schema.
    expect(maintenances.get.parameters).toEqual([
      { name: 'limit', in: 'query', required: false, schema: { default: 25, type: 'integer', minimum: 1, maximum: 100 } },
      { name: 'status', in: 'query', required: false, schema: { $ref: '#/components/schemas/MaintenanceStatus' } },
    ]);
    expect(doc.paths['/incidents/{id}']!.get.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z0-9]{1,32}$' } },
    ]);
    // Shared shapes are named once and referred to.
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'Error',
        'Component',
        'ComponentGroup',
        'Incident',
        'Maintenance',
        'Notice',
        'Subscriber',
        'Token',
        'Webhook',
      ]),
    );
    expect(doc.components.schemas.Maintenance).toMatchObject({
      properties: {
        status: { $ref: '#/components/schemas/MaintenanceStatus' },
        incident_updates: { items: { $ref: '#/components/schemas/MaintenanceUpdate' } },
      },
    });
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/(schemas|responses)\/(\w+)"/g)];
    expect(refs.filter(([, kind, name]) => !(doc.components as any)[kind!][name!])).toEqual([]);
  });

  it('describes every answer of an operator’s whole story: each 2xx validates against its schema, and every operation is met', async () => {
    const answers = await operatorStory();
    const doc = answers[0]!.body as Doc;
    const schemaAt = validatorOf(doc);
    expect(answers.flatMap((a) => check(doc, schemaAt, a))).toEqual([]);

    const met = new Set(
      answers
        .filter((a) => a.status >= 200 && a.status < 300)
        .map((a) => {
          const found = operationFor(doc, a.method, a.path)!;
          return `${found.method.toUpperCase()} ${found.template}`;
        }),
    );
    const all = operationsOf(doc).map((o) => `${o.method.toUpperCase()} ${o.template}`);
    expect(all.filter((key) => !met.has(key))).toEqual([]);
    // The story reached the states worth describing: sent e-mails and webhooks, reminders, automatic updates.
    const bodies = JSON.stringify(answers.map((a) => a.body));
    for (const seen of [
      '"status":"sent"',
      '"kind":"reminder"',
      '"automatic":"rescheduled"',
      '"automatic":"in_progress"',
      '"last_status":204',
    ])
      expect(bodies.includes(seen), seen).toBe(true);
    expect(answers.filter((a) => a.status >= 400).map((a) => a.status)).toEqual([404, 422, 409, 401]);
  }, 120_000);

  it('catches an answer that strays from its schema (the check can fail)', async () => {
    const h = harness();
    const doc = ok(await h.api('GET', '/openapi.json', undefined, null)) as Doc;
    const schemaAt = validatorOf(doc);
    const component = ok(await h.api('POST', '/components', { name: 'Crawlers' })).component;
    const good: Answer = { method: 'GET', path: `/components/${component.id}`, status: 200, type: 'application/json', body: { component } };
    expect(check(doc, schemaAt, good)).toEqual([]);
    const strays = [
      { component: { ...component, status: 'on_fire' } },
      { component: { ...component, extra: 1 } },
      { component: { ...component, created_at: 'yesterday' } },
      { component: (({ name: _, ...rest }) => rest)(component) },
    ];
    for (const body of strays) expect(check(doc, schemaAt, { ...good, body }), JSON.stringify(body).slice(0, 80)).not.toEqual([]);
    expect(check(doc, schemaAt, { ...good, status: 201 })).not.toEqual([]);
  });
});
