import type { Core } from '@strapi/strapi';
import { PROVIDER_NAMES, PROVIDERS, type ProviderId } from '../constants';
import { uid } from '../utils/get-service';

export const CONNECTION_UID = uid('integration-connection');

/** What any API response may say about a connection: never credentials. */
export interface ConnectionView {
  id: number;
  provider: ProviderId;
  providerName: string;
  status: 'connected' | 'needs_reauth' | 'disconnected' | 'error';
  accountId: string | null;
  accountName: string | null;
  dataCenter: string | null;
  scopes: string[];
  tokenExpiresAt: string | null;
  connectedBy: string | null;
  connectedAt: string | null;
  disconnectedAt: string | null;
  lastRefreshAt: string | null;
  failureCount: number;
  lastError: string | null;
}

type ConnectionRow = Record<string, unknown> & { id: number; provider: ProviderId };

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const iso = (v: unknown): string | null => (v ? new Date(v as string).toISOString() : null);

export const toConnectionView = (row: ConnectionRow): ConnectionView => ({
  id: row.id,
  provider: row.provider,
  providerName: PROVIDER_NAMES[row.provider],
  status: (row.status as ConnectionView['status']) ?? 'disconnected',
  accountId: str(row.accountId),
  accountName: str(row.accountName),
  dataCenter: str(row.dataCenter),
  scopes: Array.isArray(row.scopes) ? (row.scopes as string[]) : [],
  tokenExpiresAt: iso(row.tokenExpiresAt),
  connectedBy: str(row.connectedBy),
  connectedAt: iso(row.connectedAt),
  disconnectedAt: iso(row.disconnectedAt),
  lastRefreshAt: iso(row.lastRefreshAt),
  failureCount: Number(row.failureCount ?? 0),
  lastError: str(row.lastError),
});

const PUBLIC_COLUMNS = [
  'id', 'provider', 'status', 'accountId', 'accountName', 'dataCenter', 'scopes', 'tokenExpiresAt',
  'connectedBy', 'connectedAt', 'disconnectedAt', 'lastRefreshAt', 'failureCount', 'lastError',
];

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(): Promise<ConnectionView[]> {
    const rows = (await strapi.db.query(CONNECTION_UID).findMany({
      select: PUBLIC_COLUMNS,
      orderBy: { id: 'asc' },
    })) as ConnectionRow[];
    return rows.map(toConnectionView);
  },

  /** The current connection of each provider (the newest), or null when it was never connected. */
  async overview(): Promise<Array<{ provider: ProviderId; providerName: string; connection: ConnectionView | null }>> {
    const all = await this.list();
    return PROVIDERS.map((provider) => {
      const mine = all.filter((c) => c.provider === provider);
      return { provider, providerName: PROVIDER_NAMES[provider], connection: mine[mine.length - 1] ?? null };
    });
  },
});
