import { defineConfig } from 'vitest/config';

// `npm run test:faults`: fault runs against `wrangler dev` (several minutes; not in `npm test`).
export default defineConfig({
  test: {
    name: 'faults',
    include: ['test/faults/**/*.test.ts'],
    environment: 'node',
    testTimeout: 600_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
