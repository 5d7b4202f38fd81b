import { describe, expect, it } from 'vitest';
import { harness, ok } from '../support/harness';

describe('the OpenAPI document', () => {
  it('describes every admin route with its body schema', async () => {
    const h = harness();
    const doc = ok(await h.api('GET', '/openapi.json', undefined, null));
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
    );
    const keys = operations.map((o) => o.key);
    for (const expected of [
      'GET /components',
      'POST /components',
      'PATCH /components/{id}',
      'DELETE /components/{id}',
      'GET /groups',
      'POST /groups',
      'PATCH /groups/{id}',
      'DELETE /groups/{id}',
      'GET /incidents',
      'POST /incidents',
      'GET /incidents/{id}',
      'POST /incidents/{id}/updates',
      'GET /maintenances',
      'POST /maintenances',
      'GET /maintenances/{id}',
      'PATCH /maintenances/{id}',
      'POST /maintenances/{id}/updates',
      'POST /tokens',
      'GET /audit',
    ]) {
      expect(keys).toContain(expected);
    }
    const schedule = operations.find((o) => o.key === 'POST /maintenances')?.op;
    const schema = schedule.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'scheduled_for', 'scheduled_until']));
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['reminders', 'auto_start', 'auto_complete', 'still_working', 'components']),
    );
    for (const { key, op } of operations) expect(op.responses['422'], key).toBeDefined();
  });
});
