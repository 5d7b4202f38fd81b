-- Scoped, expiring API tokens that remember who minted them.

-- New tokens default to the least scope. Tokens minted before scopes existed could do everything;
-- they keep that so no deployment's automation breaks, and the README asks operators to re-mint
-- narrower ones.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'read' CHECK (scope IN ('read', 'write', 'admin'));
UPDATE api_tokens SET scope = 'admin';

-- Null: never expires.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;

-- The token that minted this one (null: ADMIN_TOKEN or a person signed in through Access).
-- Revoking a token revokes every token below it in this tree.
ALTER TABLE api_tokens ADD COLUMN minted_by TEXT REFERENCES api_tokens (id);
CREATE INDEX api_tokens_minted_by ON api_tokens (minted_by);
