import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { TABLES, UNFINGERPRINTED } from '../support/db';

// The admin UI and API tests prove a refused write wrote nothing by comparing fingerprints of
// every table: a table the list forgets is a table such a test cannot see written.
describe('the fingerprint of the database', () => {
  it('covers every table the migrations make, but those it leaves out on purpose', async () => {
    const { results } = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations'",
    ).all<{ name: string }>();
    const made = results.map((r) => r.name).filter((name) => !(UNFINGERPRINTED as readonly string[]).includes(name));
    expect([...TABLES].sort()).toEqual(made.sort());
  });
});
