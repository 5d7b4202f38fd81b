// .dev.vars holds local secrets; it is git-ignored and made here on first start.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const DEV_VARS = new URL('../.dev.vars', import.meta.url);

function parse(text) {
  const vars = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
    if (m) vars[m[1]] = m[2].replace(/^"(.*)"$/, '$1');
  }
  return vars;
}

/** Reads .dev.vars, adding any missing secret (random) or default; returns the values. */
export function ensureDevVars(defaults = {}) {
  const existing = existsSync(DEV_VARS) ? parse(readFileSync(DEV_VARS, 'utf8')) : {};
  const wanted = {
    ADMIN_TOKEN: `fw_admin_${randomBytes(24).toString('hex')}`,
    SIGNING_SECRET: randomBytes(32).toString('hex'),
    SMTP_URL: 'smtp://127.0.0.1:2525',
    ...defaults,
  };
  const merged = { ...wanted, ...existing };
  if (Object.keys(wanted).some((k) => !(k in existing))) {
    const body = Object.entries(merged)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n');
    writeFileSync(DEV_VARS, `# Local secrets for wrangler dev; git-ignored, made by npm start.\n${body}\n`, { mode: 0o600 });
  }
  return merged;
}
