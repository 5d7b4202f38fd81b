import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { setUpTestPki } from './test/support/test-pki.mjs';

// workerd refuses startTls({ expectedServerHostname }) with this switch on, as Cloudflare will:
// every test runs with it, so nothing passes here that would fail there.
process.env.MINIFLARE_WORKERD_AUTOGATES ??= 'workerd-autogate-starttls-reject-expected-server-hostname';
// The TLS tests' CA must be in NODE_EXTRA_CA_CERTS before Miniflare loads (it reads it once).
setUpTestPki();
const { cloudflareTest, readD1Migrations } = await import('@cloudflare/vitest-plugin');

const migrations = await readD1Migrations(fileURLToPath(new URL('./migrations', import.meta.url)));

export default defineConfig({
  test: {
    projects: [
      {
        // The worker in workerd with the real migrations: most tests live here.
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: migrations,
                ADMIN_TOKEN: 'test-admin-token-0123456789abcdef',
                SIGNING_SECRET: 'test-signing-secret-0123456789abcdef',
                PUBLIC_URL: 'https://status.example.com',
                // A real SMTP server on loopback (test/support/smtp-global.ts); scenarios that read
                // their mail start their own through MAIL_LAB.
                SMTP_URL: `smtp://127.0.0.1:${inject('smtpPort')}`,
                // Tests that are not about the send rate should not wait for it.
                MAIL_RATE_PER_SECOND: '1000',
                MAIL_LAB: inject('mailLab'),
                // The fuzz tests read it as process.env.FUZZ_SEED, to replay a failing run.
                ...(process.env.FUZZ_SEED ? { FUZZ_SEED: process.env.FUZZ_SEED } : {}),
              },
              // Tests deliver queue batches themselves (harness.queue), with their clock: the
              // producer writes to a queue nothing consumes, so no background consumer races them.
              queueProducers: { NOTIFY: { queueName: 'forewarn-notify-test' } },
              // Cloudflare Email Service, as Miniflare simulates it locally (MAIL_TRANSPORT=email-service).
              email: { send_email: [{ name: 'EMAIL' }] },
            },
          })),
        ],
        test: {
          name: 'worker',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/local/**', 'test/faults/**', 'node_modules/**'],
          globalSetup: ['./test/support/smtp-global.ts', './test/support/webhook-global.ts'],
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
          globalSetup: ['./test/browser/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
