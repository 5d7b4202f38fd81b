// Admin API wire format of an API token (never its secret nor its hash).
import type { ApiToken } from '../store/tokens';

export const tokenJson = (t: ApiToken) => ({
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
