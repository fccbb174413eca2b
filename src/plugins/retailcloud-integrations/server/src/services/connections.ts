import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { ConnectionView } from '../../../contracts/connections';
import { isAccountingProvider } from '../accounting/registry';
import type { PluginConfig } from '../config';
import type { ProviderId } from '../constants';
import { callBudgets } from '../engine/budgets';
import { getEngine } from '../engine/context';
import { NotConnectedError, ProviderError, ReauthRequiredError } from '../engine/errors';
import { type ApiClient, createApiClient, createBareHttp } from '../engine/http';
import { createDocument, query, type Row, uid } from '../engine/rows';
import { providerIds, providerName } from '../modules/registry';
import { getAdapter } from '../providers/registry';
import type { AccountInfo, StoredTokens } from '../providers/types';
import { getService } from '../utils/get-service';
import { oauthClient, tokenEndpointError, toStoredTokens } from './oauth';

export const CONNECTION_UID = uid('integration-connection');

/** What any API response may say about a connection (contracts/connections.ts): never credentials. */
export type { ConnectionView };

/** The columns any API response may show (never credentials). */
const PUBLIC_COLUMNS = [
  'id',
  'provider',
  'status',
  'accountId',
  'accountName',
  'dataCenter',
  'scopes',
  'tokenExpiresAt',
  'connectedBy',
  'connectedAt',
  'disconnectedAt',
  'lastRefreshAt',
  'failureCount',
  'lastError',
  'pendingTenants',
] as const;

type StoredRow = Row<'integration-connection'>;
type ConnectionRow = Pick<StoredRow, (typeof PUBLIC_COLUMNS)[number]>;

const iso = (v: string | null): string | null => (v ? new Date(v).toISOString() : null);

export const toConnectionView = (row: ConnectionRow): ConnectionView => ({
  id: row.id,
  provider: row.provider,
  providerName: providerName(row.provider),
  status: row.status ?? 'disconnected',
  accountId: row.accountId,
  accountName: row.accountName,
  dataCenter: row.dataCenter,
  scopes: Array.isArray(row.scopes) ? row.scopes : [],
  tokenExpiresAt: iso(row.tokenExpiresAt),
  connectedBy: row.connectedBy,
  connectedAt: iso(row.connectedAt),
  disconnectedAt: iso(row.disconnectedAt),
  lastRefreshAt: iso(row.lastRefreshAt),
  failureCount: Number(row.failureCount ?? 0),
  lastError: row.lastError,
  tenantChoices: Array.isArray(row.pendingTenants)
    ? row.pendingTenants.map((t) => ({
        tenantId: t.tenantId,
        tenantName: t.tenantName,
      }))
    : [],
});

/** Refresh this long before the access token expires (Xero: 30-minute tokens; QBO: 1 hour). */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** A refresh holds its lease at most this long; a crashed holder frees it after that. */
const REFRESH_LEASE_MS = 30_000;

const isInvalidGrant = (error: ProviderError) => error.code === 'invalid_grant' || error.code === 'invalid_token';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = () => query(strapi, 'integration-connection');
  const vault = () => getEngine(strapi).vault;

  const readRow = async (id: number): Promise<StoredRow> => {
    const row = await rows().findOne({ where: { id } });
    if (!row) throw new errors.NotFoundError(`connection ${id} not found`);
    return row;
  };

  const openTokens = (row: StoredRow): StoredTokens | null =>
    row.credentials ? vault().open<StoredTokens>(row.credentials) : null;

  const service = {
    async list(): Promise<ConnectionView[]> {
      const found = await rows().findMany({ select: PUBLIC_COLUMNS, orderBy: { id: 'asc' } });
      return found.map(toConnectionView);
    },

    async view(id: number): Promise<ConnectionView> {
      const row = await rows().findOne({ where: { id }, select: PUBLIC_COLUMNS });
      if (!row) throw new errors.NotFoundError(`connection ${id} not found`);
      return toConnectionView(row);
    },

    /** The provider's current connection: the newest that is not disconnected, else the newest. */
    async current(provider: ProviderId): Promise<ConnectionView | null> {
      const mine = (await service.list()).filter((c) => c.provider === provider);
      return [...mine].reverse().find((c) => c.status !== 'disconnected') ?? mine[mine.length - 1] ?? null;
    },

    async overview(): Promise<
      Array<{ provider: ProviderId; providerName: string; connection: ConnectionView | null }>
    > {
      return Promise.all(
        providerIds().map(async (provider) => ({
          provider,
          providerName: providerName(provider),
          connection: await service.current(provider),
        }))
      );
    },

    /**
     * The connections of a provider that may live side by side: an accounting provider keeps several ledgers (a UK and
     * a US Xero organisation; stores are routed to one each, services/ledger-routes.ts); Ecwid and Mailchimp one.
     */
    severalLedgers(provider: ProviderId): boolean {
      return isAccountingProvider(provider);
    },

    /**
     * A newly connected account of the provider: another ledger beside the others (accounting), or the one account in
     * use (the previous one is disconnected). The stores of a single-ledger install are routed to the ledger they
     * used before a second one arrives, so the new one starts with no stores.
     */
    async arrived(provider: ProviderId, id: number, phase: 'before' | 'after') {
      if (service.severalLedgers(provider)) await getService(strapi, 'ledgerRoutes').adopt(provider);
      else if (phase === 'after') await service.retireOthers(provider, id);
    },

    /**
     * Store a freshly authorised account. Reconnecting the same account reuses its row (its history and postings
     * continue); a different account of the same provider is another ledger (accounting) or replaces the previous
     * connection (Ecwid, Mailchimp).
     */
    async saveAuthorized(input: {
      provider: ProviderId;
      tokens: StoredTokens;
      scopes: string[];
      account: AccountInfo;
      connectedBy: string;
    }) {
      const { provider, account } = input;
      const choosing = !account.accountId && (account.tenants?.length ?? 0) > 1;
      if (!account.accountId && !choosing) {
        throw new NotConnectedError(
          provider,
          `${providerName(provider)} authorised no organisation; connect again and choose one.`
        );
      }
      const chosenTenant = account.tenants?.find((t) => t.tenantId === account.accountId);
      const data = {
        status: 'connected' as const,
        accountId: account.accountId,
        accountName: account.accountName,
        externalConnectionId: chosenTenant?.id ?? null,
        dataCenter: account.dataCenter ?? null,
        apiBaseUrl: account.apiBaseUrl ?? null,
        scopes: input.scopes,
        tokenExpiresAt: input.tokens.accessTokenExpiresAt ? new Date(input.tokens.accessTokenExpiresAt) : null,
        connectedBy: input.connectedBy,
        connectedAt: new Date(),
        disconnectedAt: null,
        lastRefreshAt: null,
        failureCount: 0,
        lastError: null,
        credentials: vault().seal(input.tokens),
        pendingTenants: choosing ? account.tenants : null,
      };
      const same = account.accountId
        ? await rows().findOne({ where: { provider, accountId: account.accountId } })
        : null;
      let id: number;
      if (!same) await service.arrived(provider, 0, 'before');
      if (same) {
        await rows().update({ where: { id: same.id }, data });
        id = same.id;
      } else {
        const created = await createDocument(strapi, 'integration-connection', { provider, ...data });
        id = created.id;
      }
      if (!choosing) await service.arrived(provider, id, 'after');
      return { connection: await service.view(id), needsTenantChoice: choosing };
    },

    /** Xero: the admin picks one of the organisations authorised in the consent. */
    async chooseTenant(provider: ProviderId, id: number, tenantId: string) {
      const row = await readRow(id);
      if (row.provider !== provider) throw new errors.NotFoundError(`connection ${id} not found`);
      const tenant = (row.pendingTenants ?? []).find((t) => t.tenantId === tenantId);
      if (!tenant)
        throw new errors.ValidationError(
          `tenantId: "${tenantId}" is not one of the organisations authorised in this connection`
        );
      const clash = await rows().findOne({ where: { provider, accountId: tenantId, id: { $ne: id } } });
      if (clash) {
        // Reconnecting an organisation we knew: keep its row (history, postings) and move the new grant onto it.
        await rows().update({
          where: { id: clash.id },
          data: {
            status: 'connected',
            credentials: row.credentials,
            accountName: tenant.tenantName,
            externalConnectionId: tenant.id,
            pendingTenants: null,
            disconnectedAt: null,
            failureCount: 0,
            lastError: null,
            connectedAt: new Date(),
          },
        });
        await rows().delete({ where: { id } });
        await service.arrived(provider, clash.id, 'after');
        return service.view(clash.id);
      }
      await service.arrived(provider, id, 'before');
      await rows().update({
        where: { id },
        data: {
          accountId: tenant.tenantId,
          accountName: tenant.tenantName,
          externalConnectionId: tenant.id,
          pendingTenants: null,
        },
      });
      await service.arrived(provider, id, 'after');
      return service.view(id);
    },

    /** One connected account per provider (Ecwid, Mailchimp): disconnect the others (revoking their grants). */
    async retireOthers(provider: ProviderId, keepId: number) {
      const others = await rows().findMany({
        where: { provider, status: { $ne: 'disconnected' }, id: { $ne: keepId } },
      });
      for (const other of others) await service.disconnect(provider, other.id, 'replaced by a new connection');
    },

    /** Mailchimp without OAuth: an API key (`…-us19`), accepted only when Mailchimp answers the ping. */
    async connectApiKey(apiKey: string, connectedBy: string) {
      const match = /^[0-9a-f]{8,64}-([a-z]{2}[0-9]{1,3})$/i.exec(apiKey.trim());
      if (!match)
        throw new errors.ValidationError(
          'apiKey: a Mailchimp API key is 32 hexadecimal characters, a dash and the data centre (…-us19)'
        );
      const settings = getService(strapi, 'providerSettings').resolve('mailchimp');
      const dc = match[1].toLowerCase();
      // The data centre is the key's suffix; on a sandbox the whole table is on the sandbox origin.
      const base = settings.endpoints.apiBase.replace('{dc}', dc);
      const http = createBareHttp(15_000);
      const auth = { username: 'anystring', password: apiKey.trim() };
      let accountId: string | null = null;
      let accountName: string | null = null;
      try {
        await http.get(`${base}/ping`, { auth });
        const root = await http.get(`${base}/`, { auth });
        accountId = root.data?.account_id ? String(root.data.account_id) : dc;
        accountName = root.data?.account_name ?? null;
      } catch (error) {
        const ax = error as { response?: { status: number; data: unknown } };
        const parsed = ax.response
          ? settings.adapter.parseError(ax.response.status, ax.response.data)
          : { message: 'Mailchimp could not be reached' };
        throw new errors.ValidationError(`apiKey: Mailchimp refused the key: ${parsed.message}`);
      }
      return service.saveAuthorized({
        provider: 'mailchimp',
        tokens: { accessToken: '', apiKey: apiKey.trim() },
        scopes: [],
        account: { accountId, accountName, dataCenter: dc, apiBaseUrl: base },
        connectedBy,
      });
    },

    /** Revoke at the provider, wipe the tokens, keep the row (history, postings, mappings). */
    async disconnect(provider: ProviderId, id: number, reason = 'disconnected by an administrator') {
      const row = await readRow(id);
      if (row.provider !== provider) throw new errors.NotFoundError(`connection ${id} not found`);
      const tokens = openTokens(row);
      let revokeNote: string | null = null;
      if (tokens) {
        const settings = getService(strapi, 'providerSettings').resolve(provider);
        try {
          await settings.adapter.revoke({
            http: createBareHttp(15_000),
            endpoints: settings.endpoints,
            credentials: settings.credentials,
            tokens,
            connection: { accountId: row.accountId, externalConnectionId: row.externalConnectionId },
          });
        } catch {
          revokeNote = `${providerName(provider)} did not confirm the revocation; remove the app in ${providerName(provider)} too`;
        }
      }
      await rows().update({
        where: { id },
        data: {
          status: 'disconnected',
          credentials: null,
          tokenExpiresAt: null,
          pendingTenants: null,
          disconnectedAt: new Date(),
          lastError: revokeNote ?? reason,
        },
      });
      strapi.log.info(`[retailcloud-integrations] ${provider} connection ${id} disconnected (${reason})`);
      return service.view(id);
    },

    /**
     * A valid access token for the connection. Refreshes ahead of expiry under the connection's database lease,
     * re-reading the stored token once the lease is held (Xero refresh tokens are single-use: a second refresh with
     * the same token would kill the grant), and persists the new refresh token before the access token is used.
     * `rejected` is a token the provider just answered 401 for.
     */
    async accessToken(id: number, rejected?: string | null): Promise<string> {
      const row = await readRow(id);
      const adapter = getAdapter(row.provider);
      if (row.status === 'needs_reauth')
        throw new ReauthRequiredError(row.provider, `${adapter.name} needs to be connected again`);
      const tokens = openTokens(row);
      if (row.status === 'disconnected' || !tokens)
        throw new NotConnectedError(row.provider, `${adapter.name} is not connected`);
      const fresh = (t: StoredTokens) =>
        !t.accessTokenExpiresAt || t.accessTokenExpiresAt - Date.now() > REFRESH_MARGIN_MS;
      if (!adapter.refreshes) {
        // Tokens that never expire (Ecwid, Mailchimp): refused twice means revoked or uninstalled. A person has to
        // connect again; every further call would be refused too (Ecwid blocks a token after 20 refused calls).
        if (rejected && tokens.accessToken === rejected) {
          await rows().update({
            where: { id },
            data: {
              status: 'needs_reauth',
              failureCount: (row.failureCount ?? 0) + 1,
              lastError: `${adapter.name} no longer accepts our access token (revoked, or the app was uninstalled); connect again.`,
            },
          });
          strapi.log.warn(
            `[retailcloud-integrations] ${row.provider} connection ${id} needs re-authorisation (token refused)`
          );
          throw new ReauthRequiredError(row.provider, `${adapter.name} needs to be connected again`);
        }
        return tokens.accessToken;
      }
      if (fresh(tokens) && tokens.accessToken !== rejected) return tokens.accessToken;

      const lease = await getEngine(strapi).leases.acquire(`refresh:${id}`, REFRESH_LEASE_MS, REFRESH_LEASE_MS + 5_000);
      if (!lease)
        throw new ProviderError({
          provider: row.provider,
          status: null,
          code: 'REFRESH_BUSY',
          message: 'Another process is refreshing the token; try again',
          retryable: true,
        });
      try {
        const current = await readRow(id);
        const now = openTokens(current);
        if (current.status === 'needs_reauth')
          throw new ReauthRequiredError(row.provider, `${adapter.name} needs to be connected again`);
        if (!now || current.status === 'disconnected')
          throw new NotConnectedError(row.provider, `${adapter.name} is not connected`);
        if (fresh(now) && now.accessToken !== rejected) return now.accessToken; // someone refreshed while we waited
        if (!now.refreshToken)
          throw new ReauthRequiredError(row.provider, `${adapter.name} gave no refresh token; connect again`);

        const settings = getService(strapi, 'providerSettings').resolve(row.provider);
        let next: StoredTokens;
        try {
          const refreshed = await oauthClient(settings)
            .createToken({ access_token: now.accessToken, refresh_token: now.refreshToken, token_type: 'Bearer' })
            .refresh();
          next = toStoredTokens(refreshed.token as never, now);
        } catch (error) {
          const providerError = tokenEndpointError(settings, error);
          if (isInvalidGrant(providerError)) {
            await rows().update({
              where: { id },
              data: {
                status: 'needs_reauth',
                failureCount: (current.failureCount ?? 0) + 1,
                lastError: `${adapter.name} no longer accepts CAS's authorisation (it was withdrawn or has expired); connect again from the Integrations page.`,
              },
            });
            strapi.log.warn(
              `[retailcloud-integrations] ${row.provider} connection ${id} needs re-authorisation (invalid_grant)`
            );
            throw new ReauthRequiredError(row.provider, `${adapter.name} needs to be connected again`);
          }
          await rows().update({
            where: { id },
            data: {
              failureCount: (current.failureCount ?? 0) + 1,
              lastError: `Token refresh failed: ${providerError.describe()}`,
            },
          });
          throw providerError;
        }
        // Persist first: if we crash after this line, the next caller still holds the live refresh token.
        await rows().update({
          where: { id },
          data: {
            credentials: vault().seal(next),
            tokenExpiresAt: next.accessTokenExpiresAt ? new Date(next.accessTokenExpiresAt) : null,
            lastRefreshAt: new Date(),
            failureCount: 0,
            lastError: null,
          },
        });
        return next.accessToken;
      } finally {
        await lease.release();
      }
    },

    /** The API client for the provider's current connection (or a given one). */
    async apiClient(
      provider: ProviderId,
      id?: number,
      opts: { backoffMs?: number; timeoutMs?: number } = {}
    ): Promise<ApiClient> {
      const currentView = id ? await service.view(id) : await service.current(provider);
      const adapter = getAdapter(provider);
      if (!currentView || currentView.status === 'disconnected')
        throw new NotConnectedError(provider, `${adapter.name} is not connected`);
      if (currentView.status === 'needs_reauth')
        throw new ReauthRequiredError(provider, `${adapter.name} needs to be connected again`);
      if (!currentView.accountId)
        throw new NotConnectedError(provider, `Choose which ${adapter.name} organisation to use first`);
      const row = await readRow(currentView.id);
      const settings = getService(strapi, 'providerSettings').resolve(provider);
      const config = strapi.config.get('plugin::retailcloud-integrations') as Partial<PluginConfig>;
      return createApiClient({
        adapter,
        baseUrl: adapter.apiBaseFor(row, settings.endpoints),
        extraHeaders: adapter.apiHeaders(row),
        limiterKey: `${provider}:${row.accountId}`,
        gate: callBudgets(strapi).gateFor(`${provider}:${row.accountId}`, provider, adapter.limits),
        rateLimitTimeScale: config.rateLimitTimeScale ?? 1,
        backoffMs: opts.backoffMs ?? config.httpBackoffMs,
        timeoutMs: opts.timeoutMs ?? config.httpTimeoutMs,
        getAuthHeader: async (refused) => {
          const tokens = openTokens(await readRow(row.id));
          if (tokens?.apiKey)
            return { Authorization: `Basic ${Buffer.from(`anystring:${tokens.apiKey}`).toString('base64')}` };
          // After a 401: the token that request sent is the rejected one (not whatever this client used last).
          const rejected = refused === null ? null : refused.startsWith('Bearer ') ? refused.slice(7) : '';
          return { Authorization: `Bearer ${await service.accessToken(row.id, rejected)}` };
        },
      });
    },

    /** Key rotation: re-seal every stored credential under the current vault key. */
    async resealAll(): Promise<number> {
      const all = await rows().findMany({ where: { credentials: { $notNull: true } }, select: ['id', 'credentials'] });
      let count = 0;
      for (const row of all) {
        if (row.credentials && vault().isStale(row.credentials)) {
          await rows().update({
            where: { id: row.id },
            data: { credentials: vault().seal(vault().open(row.credentials)) },
          });
          count += 1;
        }
      }
      return count;
    },
  };
  return service;
};
