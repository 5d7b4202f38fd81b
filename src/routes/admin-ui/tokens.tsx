// API tokens: list, mint (the secret shown on the answer page, once), revoke after a question
// that names what it minted. Through services/tokens.ts, as the admin API: the same limits
// (no later expiry than the minter), the same audit lines. Admin sessions only, reading included.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { AppError, NotFound } from '../../domain/errors';
import { getPage } from '../../services/page';
import { mintToken, revokeToken, TokenInput } from '../../services/tokens';
import { findToken, listMintedBelow, listTokens } from '../../store/tokens';
import { AskPage } from '../../views/admin/ask-page';
import { operatorMessage } from '../../views/admin/error-words';
import type { FieldErrors, FormState, FormValues } from '../../views/admin/fields';
import { emptyForm, fieldValue } from '../../views/admin/fields';
import { SETUP } from '../../views/admin/setup-strings';
import type { Minted } from '../../views/admin/tokens-page';
import { TokensPage } from '../../views/admin/tokens-page';
import { idParam } from '../admin-api/params';
import type { AdminEnv } from './admin-env';
import { confirmed } from './confirm';
import type { Issue } from './form';
import { fieldErrors, parseInput, readForm } from './form';
import { render, seeOther } from './render';
import { refusalUnless, scopedChrome } from './scope-check';
import { zonedToUtc } from './wall-clock';

const W = SETUP.tokens;
const TOKEN_FIELDS = ['name', 'scope', 'expires_at'] as const;
const NEW_TOKEN: FormValues = { scope: 'read' };

type C = Context<AdminEnv>;

async function tokensPage(c: C, form: FormState, minted?: Minted, status: 200 | 403 | 409 | 422 = 200) {
  const ctx = c.get('ctx');
  const [tokens, page] = await Promise.all([listTokens(ctx.db), getPage(ctx)]);
  return render(
    c,
    <TokensPage chrome={scopedChrome(c, 'tokens')} tokens={tokens} zone={page.timeZone} now={ctx.now} form={form} minted={minted} />,
    status,
  );
}

/** The form as TokenInput: the expiry, typed in the page's zone, as an instant. */
function tokenInput(form: FormValues, zone: string): { input: Record<string, unknown>; issues: Issue[] } {
  const issues: Issue[] = [];
  const typed = fieldValue(form, 'expires_at').trim();
  const expires = typed ? zonedToUtc(typed, zone) : null;
  if (typed && !expires) issues.push({ path: 'expires_at', message: W.badTime });
  return {
    input: {
      name: fieldValue(form, 'name'),
      scope: fieldValue(form, 'scope') || undefined,
      ...(typed ? { expires_at: expires ?? typed } : {}),
    },
    issues,
  };
}

export function tokenPages(): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();

  // auth.tsx lets any session GET; the list maps who can reach the API, so it is admin's alone.
  app.use('/tokens', async (c, next) => (await refusalUnless(c, 'admin')) ?? next());
  app.use('/tokens/*', async (c, next) => (await refusalUnless(c, 'admin')) ?? next());

  app.get('/tokens', (c) => tokensPage(c, emptyForm(NEW_TOKEN)));

  app.post('/tokens', async (c) => {
    const ctx = c.get('ctx');
    const form = await readForm(c);
    try {
      const { input, issues } = tokenInput(form, (await getPage(ctx)).timeZone);
      const { token, name } = await mintToken({ ctx, input: parseInput(TokenInput, input, issues) });
      return tokensPage(c, emptyForm(NEW_TOKEN), { name, secret: token });
    } catch (error) {
      if (!(error instanceof AppError) || !['invalid', 'conflict', 'forbidden'].includes(error.code)) throw error;
      // A refusal of the expiry (later than the signed-in token's own) belongs at the expiry field.
      const said = operatorMessage(error);
      const errors: FieldErrors = error.code === 'forbidden' ? { expires_at: [said], _form: [said] } : fieldErrors(error, TOKEN_FIELDS);
      const status = error.code === 'invalid' ? 422 : error.code === 'conflict' ? 409 : 403;
      return tokensPage(c, { values: form, errors }, undefined, status);
    }
  });

  // Revoking asks first, naming the tokens it takes with it; a confirmation is for this token only.
  app.post('/tokens/:id/revoke', async (c) => {
    const ctx = c.get('ctx');
    const id = idParam(c, 'Token');
    const token = await findToken(ctx.db, id);
    if (!token) throw new NotFound('Token', id);
    if (confirmed(await readForm(c), id)) {
      await revokeToken({ ctx, id });
      return seeOther(c, '/admin/tokens');
    }
    const below = await listMintedBelow(ctx.db, id);
    const question = {
      title: W.revokeTitle(token.name),
      facts: [W.revokeFacts, W.alsoRevoked(below.map((t) => t.name))],
      action: `/admin/tokens/${id}/revoke`,
      subject: id,
      confirmLabel: W.yesRevoke,
      back: '/admin/tokens',
    };
    return render(c, <AskPage chrome={scopedChrome(c, 'tokens')} question={question} />);
  });

  return app;
}
