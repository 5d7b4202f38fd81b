import { applyD1Migrations, env } from 'cloudflare:test';

// Every test file starts from the real migrations, as `wrangler d1 migrations apply` runs them.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
