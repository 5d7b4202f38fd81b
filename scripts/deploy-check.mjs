// `npm run deploy` runs this first: it reads wrangler.toml and refuses to deploy what is still the
// local setup (placeholder ids, a localhost PUBLIC_URL, *.localhost addresses, no mail transport),
// naming every problem at once. Secrets are out of its sight (listing them needs a login), so it
// only reminds of them. `--config <path>` checks another file. One deployment per file: wrangler
// environments (`--env`) are not part of `npm run deploy`.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'smol-toml';

const PLACEHOLDER_D1_ID = '00000000-0000-4000-8000-000000000000';
const PLACEHOLDER_KV_ID = '00000000000000000000000000000000';
const SECRETS = ['ADMIN_TOKEN', 'SIGNING_SECRET', 'SMTP_URL', 'DKIM_PRIVATE_KEY', 'RELAY_WEBHOOK_SECRET'];
/** The relays whose webhooks the worker reads (src/domain/relay-events.ts RELAYS). */
const RELAYS = ['brevo', 'mailjet', 'postmark', 'sendgrid', 'mailgun'];

/** Names no one outside this machine can reach or mail: loopback and the reserved test names (RFC 2606, 6761). */
function unreachable(host) {
  const h = host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost') || h === '::1' || h === '0.0.0.0' || /^127\./.test(h)) return 'is this machine';
  if (/\.(test|example|invalid|local)$/.test(h) || /^(.+\.)?example\.(com|net|org)$/.test(h) || h === 'example')
    return 'is a reserved example name';
  return null;
}

/** The domain of `Name <a@b>` or `a@b`, or null when there is no address. */
function addressDomain(value) {
  const address = value.match(/<([^>]+)>/)?.[1] ?? value;
  const at = address.lastIndexOf('@');
  return at > 0 ? address.slice(at + 1).trim() : null;
}

const list = (value) => (Array.isArray(value) ? value : value ? [value] : []);

/** Every problem that would make this deployment misbehave, and what is worth a second look. */
function deployProblems(config) {
  const problems = [];
  const warnings = [];
  const vars = config.vars ?? {};

  const d1 = list(config.d1_databases).find((d) => d.binding === 'DB');
  if (!d1) problems.push('no D1 database bound as DB ([[d1_databases]] binding = "DB")');
  else if (!d1.database_id || d1.database_id === PLACEHOLDER_D1_ID)
    problems.push(
      `[[d1_databases]] DB: database_id is the placeholder ${PLACEHOLDER_D1_ID}; put in the id \`wrangler d1 create forewarn\` prints`,
    );

  const kv = list(config.kv_namespaces).find((k) => k.binding === 'SNAPSHOT');
  if (!kv) problems.push('no KV namespace bound as SNAPSHOT ([[kv_namespaces]] binding = "SNAPSHOT")');
  else if (!kv.id || kv.id === PLACEHOLDER_KV_ID)
    problems.push(
      `[[kv_namespaces]] SNAPSHOT: id is the placeholder ${PLACEHOLDER_KV_ID}; put in the id \`wrangler kv namespace create SNAPSHOT\` prints`,
    );

  const producer = list(config.queues?.producers).find((q) => q.binding === 'NOTIFY');
  if (!producer) problems.push('no queue producer bound as NOTIFY ([[queues.producers]] binding = "NOTIFY")');
  else if (!list(config.queues?.consumers).some((q) => q.queue === producer.queue))
    problems.push(`no [[queues.consumers]] for the queue "${producer.queue}": notices would be queued and never sent`);
  if (list(config.triggers?.crons).length === 0)
    problems.push('no cron trigger ([triggers] crons): maintenances would not start, end or remind');

  const publicUrl = vars.PUBLIC_URL;
  let url = null;
  if (!publicUrl) problems.push('[vars] PUBLIC_URL is not set: the status page address that links in e-mails and feeds use');
  else {
    try {
      url = new URL(publicUrl);
    } catch {
      problems.push(`[vars] PUBLIC_URL "${publicUrl}" is not a URL`);
    }
  }
  if (url) {
    if (url.protocol !== 'https:')
      problems.push(`[vars] PUBLIC_URL "${publicUrl}" is not https: one-click unsubscribe (RFC 8058) needs an https link`);
    const why = unreachable(url.hostname);
    if (why) problems.push(`[vars] PUBLIC_URL "${publicUrl}": ${url.hostname} ${why}; subscribers could not open its links`);
  }

  for (const name of ['MAIL_FROM', 'UNSUBSCRIBE_MAILTO']) {
    const value = vars[name];
    const domain = value ? addressDomain(value) : null;
    if (!value) problems.push(`[vars] ${name} is not set`);
    else if (!domain) problems.push(`[vars] ${name} "${value}" is not an e-mail address`);
    else if (unreachable(domain)) problems.push(`[vars] ${name} "${value}": ${domain} ${unreachable(domain)}; use your own mail domain`);
  }
  if (vars.UNSUBSCRIBE_MAILTO?.startsWith('mailto:')) problems.push('[vars] UNSUBSCRIBE_MAILTO is the bare address, without "mailto:"');
  // The worker's own rule (src/domain/return-path.ts bounceAddressProblem), stated before a deploy.
  const bounces = vars.BOUNCE_ADDRESS;
  if (bounces !== undefined) {
    const m = /^([^@\s+"<>]+)@([^@\s"<>]+\.[^@\s"<>.]+)$/.exec(bounces.trim());
    if (!m) problems.push(`[vars] BOUNCE_ADDRESS "${bounces}" is not a bare address without "+" (bounces@status.example.com)`);
    else if (m[1].length > 14)
      problems.push(
        `[vars] BOUNCE_ADDRESS "${bounces}": its local part must be at most 14 characters, to leave room for each delivery's detail`,
      );
    else if (unreachable(m[2])) problems.push(`[vars] BOUNCE_ADDRESS "${bounces}": ${m[2]} ${unreachable(m[2])}; use your own mail domain`);
    else if (bounces.trim().toLowerCase() === vars.UNSUBSCRIBE_MAILTO?.trim().toLowerCase())
      problems.push('[vars] BOUNCE_ADDRESS is UNSUBSCRIBE_MAILTO: they must differ, mail to each is read differently');
  }

  for (const name of SECRETS) {
    if (name in vars)
      problems.push(`[vars] ${name} is a secret: remove it from wrangler.toml and set it with \`wrangler secret put ${name}\``);
  }

  const sendEmail = list(config.send_email);
  const emailBinding = sendEmail.some((b) => b.name === 'EMAIL');
  for (const b of sendEmail.filter((b) => b.name !== 'EMAIL')) {
    problems.push(`[[send_email]] "${b.name}": Forewarn sends through the binding named EMAIL`);
  }
  const transport = vars.MAIL_TRANSPORT;
  if (transport !== undefined && transport !== 'smtp' && transport !== 'email-service') {
    problems.push(`[vars] MAIL_TRANSPORT "${transport}" is neither "smtp" nor "email-service"`);
  } else if (transport === 'email-service' && !emailBinding) {
    problems.push('[vars] MAIL_TRANSPORT is "email-service" but there is no [[send_email]] binding named EMAIL');
  } else if (transport === 'smtp') {
    warnings.push(
      'MAIL_TRANSPORT is "smtp": SMTP_URL must be set as a secret (`wrangler secret put SMTP_URL`); this check cannot see secrets',
    );
  } else if (!transport && !emailBinding) {
    problems.push(
      'no mail transport: add a [[send_email]] binding named EMAIL (Cloudflare Email Service), or set MAIL_TRANSPORT = "smtp" in [vars] and SMTP_URL as a secret',
    );
  }
  const sendsByService = transport === 'email-service' || (!transport && emailBinding);
  // The worker's own rule (src/env.ts RELAY_EVENTS), stated before a deploy.
  const relays =
    vars.RELAY_EVENTS === undefined
      ? []
      : String(vars.RELAY_EVENTS)
          .split(',')
          .map((r) => r.trim().toLowerCase())
          .filter(Boolean);
  for (const relay of relays.filter((r) => !RELAYS.includes(r))) {
    problems.push(`[vars] RELAY_EVENTS lists "${relay}": the relays whose webhooks Forewarn reads are ${RELAYS.join(', ')}`);
  }
  if (relays.length > 0 && sendsByService) {
    warnings.push(
      "RELAY_EVENTS is set but mail goes through the Email Service: no e-mail carries the relays' headers (remove it, or send through an SMTP relay)",
    );
  } else if (relays.length > 0) {
    warnings.push(
      `RELAY_EVENTS lists ${relays.join(', ')}: RELAY_WEBHOOK_SECRET must be set as a secret (without it the worker takes itself for misconfigured and answers nothing), and each relay's webhook must point at ${url ? url.origin : 'PUBLIC_URL'}/hooks/relay/<relay> with it (README, "Relays that report by webhook")`,
    );
  }
  if (bounces !== undefined && sendsByService) {
    warnings.push(
      'BOUNCE_ADDRESS is set but mail goes through the Email Service, which keeps bounces to itself: the variable is not used (remove it, or send through an SMTP relay)',
    );
  }

  if (url && !unreachable(url.hostname) && !url.hostname.endsWith('.workers.dev')) {
    const hosts = [...list(config.routes), ...list(config.route)].map((r) =>
      (typeof r === 'string' ? r : r.pattern).split('/')[0].toLowerCase(),
    );
    const served = hosts.some((h) => h === url.hostname || (h.startsWith('*') && url.hostname.endsWith(h.slice(1))));
    if (!served)
      warnings.push(`no route or custom domain serves ${url.hostname} (PUBLIC_URL): the Worker would answer on workers.dev only`);
  }
  const mailto = vars.UNSUBSCRIBE_MAILTO?.toLowerCase();
  if (mailto && !list(config.addresses).some((a) => a.toLowerCase() === mailto || a.toLowerCase() === `*@${addressDomain(mailto)}`)) {
    warnings.push(
      `UNSUBSCRIBE_MAILTO ${vars.UNSUBSCRIBE_MAILTO} is not in addresses: an Email Routing rule must send it to this Worker (made in the dashboard, or listed in addresses = [...])`,
    );
  }
  const bounceBox = vars.BOUNCE_ADDRESS?.trim().toLowerCase();
  if (
    bounceBox &&
    !list(config.addresses).some((a) => a.toLowerCase() === bounceBox || a.toLowerCase() === `*@${addressDomain(bounceBox)}`)
  ) {
    warnings.push(
      `BOUNCE_ADDRESS ${vars.BOUNCE_ADDRESS} is not in addresses: an Email Routing rule must send it to this Worker, with subaddressing on (README, "Bounces reported later")`,
    );
  }
  if (config.env) {
    warnings.push(`[env.${Object.keys(config.env).join('], [env.')}] not checked: npm run deploy deploys the top-level configuration`);
  }
  return { problems, warnings };
}

const { values: args } = parseArgs({ options: { config: { type: 'string', default: 'wrangler.toml' } } });
let config;
try {
  config = parse(readFileSync(args.config, 'utf8'));
} catch (error) {
  console.error(`deploy-check: cannot read ${args.config}: ${error.message}`);
  process.exit(1);
}
const { problems, warnings } = deployProblems(config);
for (const w of warnings) console.warn(`deploy-check: warning: ${w}`);
if (problems.length > 0) {
  console.error(`deploy-check: ${args.config} is not ready to deploy (${problems.length} problem${problems.length === 1 ? '' : 's'}):`);
  for (const [i, p] of problems.entries()) console.error(`  ${i + 1}. ${p}`);
  process.exit(1);
}
console.log(
  `deploy-check: ${args.config} is ready. Secrets it cannot see (\`wrangler secret list\`): ADMIN_TOKEN and SIGNING_SECRET, SMTP_URL for SMTP, DKIM_PRIVATE_KEY if you sign yourself, RELAY_WEBHOOK_SECRET with RELAY_EVENTS.`,
);
