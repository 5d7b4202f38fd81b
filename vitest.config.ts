import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

const migrations = await readD1Migrations(fileURLToPath(new URL('./migrations', import.meta.url)));

export default defineConfig({
  test: {
    projects: [
      {
        // The worker in workerd with the real migrations: most tests live here.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: migrations,
                ADMIN_TOKEN: 'test-admin-token-0123456789abcdef',
                SIGNING_SECRET: 'test-signing-secret-0123456789abcdef',
                PUBLIC_URL: 'https://status.example.com',
              },
            },
          }),
        ],
        test: {
          name: 'worker',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/local/**', 'node_modules/**'],
          setupFiles: ['./test/support/apply-migrations.ts'],
          testTimeout: 30_000,
        },
      },
      {
        // `wrangler dev` (workerd, local D1, KV and Queues) driven from Node, as `npm start` runs it.
        test: {
          name: 'local',
          include: ['test/local/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Real Chromium against `wrangler dev`: these run in Node.
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
