import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { ProviderId } from '../constants';
import { OAuthFlowError } from './errors';
import { query, tableOf, uid } from './rows';
import type { Vault } from './vault';

/**
 * OAuth `state`: random, single-use, bound to the admin who started the flow, expiring after 10 minutes. Only its
 * SHA-256 is stored. The browser also carries a binding cookie (HMAC of state and admin id), so a state that was
 * started by another admin, or in another browser, is refused at the callback.
 */
export const STATE_TTL_MS = 10 * 60 * 1000;
const STATE_UID = uid('oauth-state');

const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex');

export const createOAuthStates = (strapi: Core.Strapi, vault: Vault, bindingSecret: string) => {
  const bind = (state: string, adminUserId: number) =>
    `${adminUserId}.${crypto.createHmac('sha256', bindingSecret).update(`${state}:${adminUserId}`).digest('base64url')}`;

  return {
    async create(provider: ProviderId, adminUserId: number, codeVerifier: string | null, startedFrom?: string | null) {
      const state = crypto.randomBytes(32).toString('base64url');
      await strapi.documents(STATE_UID).create({
        data: {
          stateHash: sha256(state),
          provider,
          adminUserId,
          codeVerifier: codeVerifier ? vault.seal(codeVerifier) : undefined,
          ...(startedFrom ? { startedFrom } : {}),
          expiresAt: new Date(Date.now() + STATE_TTL_MS).toISOString(),
        },
      });
      return { state, binding: bind(state, adminUserId) };
    },

    /**
     * Check and burn the state in one step; returns the admin who started the flow and the PKCE verifier. `finishedOn`
     * is the address the provider sent the browser back to (the public URL): a flow started on another address comes
     * back without its binding cookie (a browser keeps each address's cookies apart), and the error says so.
     */
    async consume(provider: ProviderId, state: string | undefined, binding: string | undefined, finishedOn?: string) {
      if (!state)
        throw new OAuthFlowError(
          'missing_state',
          'The authorization answer carried no state; start the connection again.'
        );
      const row = await query(strapi, 'oauth-state').findOne({ where: { stateHash: sha256(state) } });
      if (!row || row.provider !== provider) {
        throw new OAuthFlowError(
          'invalid_state',
          'This authorization link is not one we issued; start the connection again.'
        );
      }
      if (row.usedAt)
        throw new OAuthFlowError('replayed_state', 'This authorization was already used; start the connection again.');
      if (new Date(row.expiresAt).getTime() < Date.now()) {
        throw new OAuthFlowError(
          'expired_state',
          'The authorization took longer than 10 minutes and expired; start the connection again.'
        );
      }
      const expected = bind(state, Number(row.adminUserId));
      const ok =
        typeof binding === 'string' &&
        binding.length === expected.length &&
        crypto.timingSafeEqual(Buffer.from(binding), Buffer.from(expected));
      if (!ok && !binding && row.startedFrom && finishedOn && row.startedFrom !== finishedOn) {
        throw new OAuthFlowError(
          'other_address',
          `This connection was started from ${row.startedFrom} but finished on ${finishedOn}, the address the provider sends you back to. A browser keeps the sign-in of each address apart, so CAS could not tell it was you, and nothing was connected. Open the admin at ${finishedOn}/admin and connect from there.`,
          row.startedFrom
        );
      }
      if (!ok) {
        throw new OAuthFlowError(
          'foreign_state',
          'This authorization was started by another administrator or browser; start it again here.'
        );
      }
      // Single use: only the caller whose update flips usedAt from null wins.
      const table = tableOf(strapi, 'oauth-state');
      const burned = await strapi.db
        .connection(table.name)
        .where({ id: row.id })
        .whereNull(table.column('usedAt'))
        .update({ [table.column('usedAt')]: new Date() });
      if (burned !== 1)
        throw new OAuthFlowError('replayed_state', 'This authorization was already used; start the connection again.');
      return {
        adminUserId: Number(row.adminUserId),
        codeVerifier: row.codeVerifier ? vault.open<string>(row.codeVerifier) : null,
      };
    },

    /** Forget states older than a day. */
    async prune() {
      await query(strapi, 'oauth-state').deleteMany({
        where: { expiresAt: { $lt: new Date(Date.now() - 86_400_000) } },
      });
    },
  };
};

export type OAuthStates = ReturnType<typeof createOAuthStates>;
