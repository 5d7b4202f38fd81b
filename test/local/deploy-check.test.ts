// `npm run deploy` starts with scripts/deploy-check.mjs: it refuses wrangler.toml as committed (the
// local setup), naming each thing to fill in, and lets a filled-in copy through.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'smol-toml';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'forewarn-deploy-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function check(...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['scripts/deploy-check.mjs', ...args]);
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error: any) {
    return { code: error.code as number, output: `${error.stdout}${error.stderr}` };
  }
}

const committed = () => parse(readFileSync('wrangler.toml', 'utf8')) as Record<string, any>;

/** wrangler.toml as an operator fills it in for status.acme.com, sending through the Email Service. */
function filledIn(): Record<string, any> {
  const config = committed();
  config.d1_databases[0].database_id = '4b1e2c6a-9d3f-4e8a-b7c5-1f2a3b4c5d6e';
  config.kv_namespaces[0].id = '9f8e7d6c5b4a39281706f5e4d3c2b1a0';
  config.vars = {
    ...config.vars,
    PUBLIC_URL: 'https://status.acme.com',
    MAIL_FROM: 'Acme Status <status@mail.acme.com>',
    UNSUBSCRIBE_MAILTO: 'unsubscribe@status.acme.com',
  };
  // The Email Service keeps bounces to itself: no BOUNCE_ADDRESS (the SMTP cases set one).
  delete config.vars.BOUNCE_ADDRESS;
  delete config.vars.MAIL_TRANSPORT;
  config.routes = [{ pattern: 'status.acme.com', custom_domain: true }];
  config.send_email = [{ name: 'EMAIL' }];
  config.addresses = ['unsubscribe@status.acme.com', 'bounces@status.acme.com'];
  return config;
}

function write(name: string, config: Record<string, any>): string {
  const path = join(dir, name);
  writeFileSync(path, stringify(config));
  return path;
}

describe('the deploy preflight', () => {
  it('refuses wrangler.toml as committed, naming each placeholder and local address', async () => {
    const { code, output } = await check();
    expect(code).toBe(1);
    expect(output).toContain('wrangler.toml is not ready to deploy');
    expect(output).toContain('database_id is the placeholder 00000000-0000-4000-8000-000000000000');
    expect(output).toContain('SNAPSHOT: id is the placeholder 00000000000000000000000000000000');
    expect(output).toContain('PUBLIC_URL "http://localhost:8787" is not https');
    expect(output).toContain('PUBLIC_URL "http://localhost:8787": localhost is this machine');
    expect(output).toContain('MAIL_FROM "Forewarn <status@forewarn.localhost>": forewarn.localhost is this machine');
    expect(output).toContain('UNSUBSCRIBE_MAILTO "unsubscribe@forewarn.localhost": forewarn.localhost is this machine');
    expect(output).toContain('BOUNCE_ADDRESS "bounces@forewarn.localhost": forewarn.localhost is this machine');
  });

  it('lets a filled-in copy through, with the Email Service', async () => {
    const { code, output } = await check('--config', write('filled.toml', filledIn()));
    expect(output).toContain('filled.toml is ready');
    expect(output).not.toContain('warning');
    expect(code).toBe(0);
  });

  it('lets SMTP through with a reminder that SMTP_URL is a secret it cannot see', async () => {
    const config = filledIn();
    delete config.send_email;
    config.vars.MAIL_TRANSPORT = 'smtp';
    config.vars.BOUNCE_ADDRESS = 'bounces@status.acme.com';
    const { code, output } = await check('--config', write('smtp.toml', config));
    expect(output).toContain('warning: MAIL_TRANSPORT is "smtp": SMTP_URL must be set as a secret');
    expect(output).not.toContain('BOUNCE_ADDRESS');
    expect(code).toBe(0);
    config.addresses = ['unsubscribe@status.acme.com'];
    const unrouted = await check('--config', write('smtp-unrouted.toml', config));
    expect(unrouted.output).toContain('warning: BOUNCE_ADDRESS bounces@status.acme.com is not in addresses');
    expect(unrouted.code).toBe(0);
  });

  it('refuses no mail transport, a secret in [vars], a *.localhost sender and a page on plain http, all at once', async () => {
    const config = filledIn();
    delete config.send_email;
    config.vars.SMTP_URL = 'smtps://user:password@smtp.acme.com';
    config.vars.MAIL_FROM = 'status@acme.localhost';
    config.vars.PUBLIC_URL = 'http://status.acme.com';
    const { code, output } = await check('--config', write('wrong.toml', config));
    expect(code).toBe(1);
    expect(output).toContain('(4 problems)');
    expect(output).toContain('1. [vars] PUBLIC_URL "http://status.acme.com" is not https');
    expect(output).toContain('2. [vars] MAIL_FROM "status@acme.localhost": acme.localhost is this machine');
    expect(output).toContain('3. [vars] SMTP_URL is a secret: remove it from wrangler.toml and set it with `wrangler secret put SMTP_URL`');
    expect(output).toContain('4. no mail transport: add a [[send_email]] binding named EMAIL');
  });

  it('refuses the Email Service asked for without its binding; no route for the page nor rule for the unsubscribe address is worth a warning', async () => {
    const config = filledIn();
    delete config.send_email;
    delete config.routes;
    delete config.addresses;
    config.vars.MAIL_TRANSPORT = 'email-service';
    const { code, output } = await check('--config', write('no-binding.toml', config));
    expect(code).toBe(1);
    expect(output).toContain('MAIL_TRANSPORT is "email-service" but there is no [[send_email]] binding named EMAIL');
    expect(output).toContain('warning: no route or custom domain serves status.acme.com');
    expect(output).toContain(
      'warning: UNSUBSCRIBE_MAILTO unsubscribe@status.acme.com is not in addresses: an Email Routing rule must send it',
    );
  });

  it('refuses a bounce address the worker would refuse, and says when the Email Service leaves it unused', async () => {
    const config = filledIn();
    delete config.send_email;
    config.vars.MAIL_TRANSPORT = 'smtp';
    for (const [address, said] of [
      ['status+bounces@status.acme.com', 'is not a bare address without "+"'],
      ['delivery-reports@status.acme.com', 'its local part must be at most 14 characters'],
      ['bounces@acme.localhost', 'acme.localhost is this machine'],
      ['Unsubscribe@status.acme.com', 'BOUNCE_ADDRESS is UNSUBSCRIBE_MAILTO'],
    ]) {
      config.vars.BOUNCE_ADDRESS = address;
      const { code, output } = await check('--config', write('bounce.toml', config));
      expect(code, address).toBe(1);
      expect(output, address).toContain(said);
    }
    const service = filledIn();
    service.vars.BOUNCE_ADDRESS = 'bounces@status.acme.com';
    const { code, output } = await check('--config', write('service-bounce.toml', service));
    expect(output).toContain('warning: BOUNCE_ADDRESS is set but mail goes through the Email Service');
    expect(code).toBe(0);
  });

  it('refuses a relay whose webhooks the worker does not read, and reminds of the webhook and its secret', async () => {
    const config = filledIn();
    delete config.send_email;
    config.vars.MAIL_TRANSPORT = 'smtp';
    config.vars.RELAY_EVENTS = 'brevo, sparkpost';
    const refused = await check('--config', write('relay.toml', config));
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(
      'RELAY_EVENTS lists "sparkpost": the relays whose webhooks Forewarn reads are brevo, mailjet, postmark, sendgrid, mailgun',
    );

    config.vars.RELAY_EVENTS = 'Brevo';
    const taken = await check('--config', write('relay.toml', config));
    expect(taken.code).toBe(0);
    expect(taken.output).toContain('warning: RELAY_EVENTS lists brevo: RELAY_WEBHOOK_SECRET must be set as a secret');
    expect(taken.output).toContain('https://status.acme.com/hooks/relay/<relay>');

    config.vars.RELAY_WEBHOOK_SECRET = 'relay-webhook-secret-0123456789abcdef';
    const leaked = await check('--config', write('relay.toml', config));
    expect(leaked.code).toBe(1);
    expect(leaked.output).toContain('RELAY_WEBHOOK_SECRET is a secret: remove it from wrangler.toml');

    const service = filledIn();
    service.vars.RELAY_EVENTS = 'mailjet';
    const unused = await check('--config', write('service-relay.toml', service));
    expect(unused.output).toContain('warning: RELAY_EVENTS is set but mail goes through the Email Service');
    expect(unused.code).toBe(0);
  });

  it('says so when the file cannot be read as TOML', async () => {
    const path = join(dir, 'broken.toml');
    writeFileSync(path, 'name = "forewarn\n[vars\n');
    const { code, output } = await check('--config', path);
    expect(code).toBe(1);
    expect(output).toContain(`deploy-check: cannot read ${path}`);
  });
});
