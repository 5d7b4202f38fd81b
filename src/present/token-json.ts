// Admin API wire format of an API token (never its secret nor its hash). The zod schema is the one
// definition of the shape: the presenter returns its inferred type, the OpenAPI document describes it.
import { z } from 'zod';
import { SCOPES } from '../domain/scopes';
import type { ApiToken } from '../store/tokens';
import { instant } from './wire-schema';

export const TokenJson = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().describe('the first characters of the secret, to recognise it'),
    scope: z.enum(SCOPES),
    expires_at: instant().nullable(),
    minted_by: z.string().nullable().describe('the token that minted this one; null: ADMIN_TOKEN or an Access user'),
    created_at: instant(),
    created_by: z.string(),
    last_used_at: instant().nullable(),
    revoked_at: instant().nullable(),
  })
  .meta({ id: 'Token' });
export type TokenJson = z.infer<typeof TokenJson>;

/** The answer to minting: the token with its secret, shown this once. */
export const MintedTokenJson = TokenJson.extend({ secret: z.string().describe('shown once: keep it now') }).meta({ id: 'MintedToken' });

export const tokenJson = (t: ApiToken): TokenJson => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  scope: t.scope,
  expires_at: t.expiresAt,
  minted_by: t.mintedBy,
  created_at: t.createdAt,
  created_by: t.createdBy,
  last_used_at: t.lastUsedAt,
  revoked_at: t.revokedAt,
});
