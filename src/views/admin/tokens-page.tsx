// API tokens: who can reach the admin API and sign in here, with what scope, until when; mint one
// (its secret shown this once), revoke one (and what it minted). Admin sessions only.
import type { FC } from 'hono/jsx';
import { SCOPES } from '../../domain/scopes';
import type { ApiToken } from '../../store/tokens';
import { Badge, Time } from './badges';
import type { FormState } from './fields';
import { ActionButton, Csrf, ErrorSummary, Select, TextField } from './fields';
import type { Chrome } from './layout';
import { Layout } from './layout';
import { SCOPE_LABEL, SETUP } from './setup-strings';
import { S } from './strings';

const W = SETUP.tokens;

/** The secret of a token just minted, shown once. */
export interface Minted {
  name: string;
  secret: string;
}

const stateOf = (t: ApiToken, now: Date): 'revoked' | 'expired' | 'active' =>
  t.revokedAt ? 'revoked' : t.expiresAt && Date.parse(t.expiresAt) <= now.getTime() ? 'expired' : 'active';

const STATE_BADGE = { active: 'sent', expired: 'skipped', revoked: 'failed' } as const;

/** "admin-token", "access:ann@example.com", or the name of the token that minted it. */
function minter(t: ApiToken, byId: Map<string, ApiToken>): string {
  if (t.mintedBy) return byId.get(t.mintedBy)?.name ?? t.mintedBy;
  return t.createdBy.startsWith('token:') ? (byId.get(t.createdBy.slice(6))?.name ?? t.createdBy) : t.createdBy;
}

export const TokensPage: FC<{
  chrome: Chrome;
  tokens: readonly ApiToken[];
  zone: string;
  now: Date;
  form: FormState;
  minted?: Minted;
}> = (p) => {
  const byId = new Map(p.tokens.map((t) => [t.id, t]));
  return (
    <Layout title={W.title} chrome={p.chrome}>
      <p class="hint">{W.intro}</p>
      {p.minted ? <MintedSecret minted={p.minted} /> : null}
      {p.tokens.length === 0 ? (
        <p>{W.none}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{W.title}</caption>
          <thead>
            <tr>
              <th scope="col">{W.name}</th>
              <th scope="col">{W.scope}</th>
              <th scope="col">{W.state}</th>
              <th scope="col">{W.created}</th>
              <th scope="col">{W.expires}</th>
              <th scope="col">{W.lastUsed}</th>
              <th scope="col">{W.mintedBy}</th>
              <th scope="col">{S.common.actions}</th>
            </tr>
          </thead>
          <tbody>
            {p.tokens.map((t) => {
              const state = stateOf(t, p.now);
              return (
                <tr>
                  <td>
                    {t.name} <code class="muted">{`${t.prefix}…`}</code>
                  </td>
                  <td>{t.scope}</td>
                  <td>
                    <Badge status={STATE_BADGE[state]} label={W[state]} />
                  </td>
                  <td>
                    <Time at={t.createdAt} zone={p.zone} />
                  </td>
                  <td>{t.expiresAt ? <Time at={t.expiresAt} zone={p.zone} /> : W.never}</td>
                  <td>{t.lastUsedAt ? <Time at={t.lastUsedAt} zone={p.zone} /> : W.notUsed}</td>
                  <td>{minter(t, byId)}</td>
                  <td>
                    {state === 'revoked' ? null : (
                      <ActionButton
                        action={`/admin/tokens/${t.id}/revoke`}
                        csrf={p.chrome.csrf}
                        label={W.revoke}
                        ariaLabel={W.revokeAria(t.name)}
                        danger
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <form method="post" action="/admin/tokens" class="card" id="mint">
        <h2>{W.mint}</h2>
        <Csrf token={p.chrome.csrf} />
        <ErrorSummary errors={p.form.errors} />
        <TextField form="mint" name="name" label={W.name} hint={W.nameHint} state={p.form} required />
        <Select
          form="mint"
          name="scope"
          label={W.scope}
          state={p.form}
          options={SCOPES.map((s) => ({ value: s, label: SCOPE_LABEL[s] }))}
        />
        <TextField form="mint" name="expires_at" type="datetime-local" label={W.expiresAt} hint={W.expiresHint(p.zone)} state={p.form} />
        <div class="actions">
          <button type="submit">{W.mintSubmit}</button>
        </div>
      </form>
    </Layout>
  );
};

const MintedSecret: FC<{ minted: Minted }> = ({ minted }) => (
  <section class="notice-ok" role="status" id="minted">
    <h2>{W.secretTitle(minted.name)}</h2>
    <p>{W.secretOnce}</p>
    <div class="field">
      <label for="minted-secret">{W.secretLabel}</label>
      <input id="minted-secret" type="text" readonly value={minted.secret} autocomplete="off" spellcheck={false} />
    </div>
  </section>
);
