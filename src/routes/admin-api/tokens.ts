import { z } from 'zod';
import { MintedTokenJson, TokenJson, tokenJson } from '../../present/token-json';
import { mintToken, revokeToken, TokenInput } from '../../services/tokens';
import { listTokens } from '../../store/tokens';
import { readJson } from '../http';
import type { AdminRouter } from './operations';
import { idParam } from './params';

/** Tokens are admin business, reading the list included: it maps who can reach the API. */
export function registerTokenRoutes(r: AdminRouter): void {
  r.route(
    {
      method: 'get',
      path: '/tokens',
      operationId: 'listTokens',
      summary: 'List API tokens (never their secrets)',
      tag: 'tokens',
      scope: 'admin',
      response: z.object({ tokens: z.array(TokenJson) }),
    },
    async (c) => c.json({ tokens: (await listTokens(c.get('ctx').db)).map(tokenJson) }),
  );
  r.route(
    {
      method: 'post',
      path: '/tokens',
      operationId: 'mintToken',
      summary: 'Mint an API token (no wider scope, no later expiry than the caller); its secret is shown once',
      tag: 'tokens',
      body: TokenInput,
      status: 201,
      scope: 'admin',
      response: z.object({ token: MintedTokenJson }),
    },
    async (c) => {
      const { token, ...rest } = await mintToken({ ctx: c.get('ctx'), input: await readJson(c, TokenInput) });
      return c.json({ token: { ...tokenJson(rest), secret: token } }, 201);
    },
  );
  r.route(
    {
      method: 'delete',
      path: '/tokens/:id',
      operationId: 'revokeToken',
      summary: 'Revoke an API token and every token minted below it',
      tag: 'tokens',
      status: 204,
      scope: 'admin',
    },
    async (c) => {
      await revokeToken({ ctx: c.get('ctx'), id: idParam(c, 'Token') });
      return c.body(null, 204);
    },
  );
}
