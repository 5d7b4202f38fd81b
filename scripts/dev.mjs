// `npm start`: the local page with demo data, a local mail catcher and a cron tick every minute.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEV_VARS } from './dev-vars.mjs';
import { startLocalWorker } from './local-worker.mjs';

const port = Number(process.env.PORT ?? 8787);
const stops = [];

if (existsSync(new URL('./mail-catcher.mjs', import.meta.url))) {
  const { startMailCatcher } = await import('./mail-catcher.mjs');
  // Bounces reported later go to the worker's email() handler, as Email Routing would send them.
  const catcher = await startMailCatcher({ smtpPort: 2525, httpPort: 8025, reportTo: `http://localhost:${port}/cdn-cgi/handler/email` });
  stops.push(() => catcher.stop());
  console.log(`Mail catcher:  http://localhost:${catcher.httpPort} (SMTP on 127.0.0.1:${catcher.smtpPort})`);
}

const worker = await startLocalWorker({ port, persistDir: '.wrangler/state', seed: true, log: true });
stops.push(() => worker.stop());

// wrangler dev never fires cron triggers by itself: tick the scheduled handler every minute.
const ticker = setInterval(() => worker.tick().catch((error) => console.error('cron tick failed:', error.message)), 60_000);
await worker.tick().catch(() => {});

console.log(`\nForewarn is running:  ${worker.url}`);
console.log(`Admin API:            ${worker.url}/api/v1 (Authorization: Bearer <ADMIN_TOKEN>)`);
console.log(`Admin token:          in ${fileURLToPath(DEV_VARS)} (ADMIN_TOKEN)\n`);

const shutdown = async () => {
  clearInterval(ticker);
  await Promise.allSettled(stops.map((stop) => stop()));
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
