import type { D1Migration } from 'cloudflare:test';
import type { Bindings } from '../src/env';

declare global {
  namespace Cloudflare {
    interface Env extends Bindings {
      TEST_MIGRATIONS: D1Migration[];
      /** Starts a fresh SMTP catcher on loopback per scenario (test/support/smtp-global.ts). */
      MAIL_LAB: string;
    }
  }
}
