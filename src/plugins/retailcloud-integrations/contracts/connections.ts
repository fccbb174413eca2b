/**
 * Connections as the admin API serves them (GET /connections, GET /providers, GET /overview), shared by the server
 * (services/connections.ts builds them) and the admin (its provider pages and overview read them). Never credentials.
 */

export type ConnectionStatus = 'connected' | 'needs_reauth' | 'disconnected' | 'error';

export interface ConnectionView {
  id: number;
  provider: string;
  providerName: string;
  status: ConnectionStatus;
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
  /** Xero: organisations authorised in one consent, waiting for the admin to pick one */
  tenantChoices: Array<{ tenantId: string; tenantName: string }>;
}

/** When a provider's next scheduled sync fires (GET /overview), from the server's registered jobs. */
export interface NextSync {
  at: string | null;
  job: string | null;
  scheduled: boolean;
  /** not_connected, cron_disabled, or the step a provider module's jobs wait for ('setup_pending', 'no_accounts'…) */
  reason: string | null;
  /** the step the jobs wait for in the provider module's words, shown when there is no translation for reason */
  problem: string | null;
}

/** One entry of GET /overview. */
export interface OverviewEntry {
  provider: string;
  providerName: string;
  connection: ConnectionView | null;
  nextSync: NextSync | null;
  /** a ledger provider's store routes (which organisation each store posts to); null for the others */
  ledgers?: LedgerRoutesView | null;
}

/**
 * Store routes of an accounting provider (several ledgers), as GET/PUT /accounting/:provider/routes and GET /overview
 * serve them: which connection (Xero organisation, QuickBooks company) each store's days are posted to.
 */

export interface LedgerConnectionChoice {
  id: number;
  /** the organisation or company name */
  name: string;
  status: ConnectionStatus;
  /** how many stores are routed to it */
  stores: number;
}

export interface StoreRouteView {
  storeCode: string;
  storeName: string;
  currency: string | null;
  /** null: the store is in no ledger of this provider and is never posted */
  connectionId: number | null;
  ledgerName: string | null;
  /** why the store's days are not posted now ("not posted: no ledger chosen"), or null */
  note: string | null;
}

export interface LedgerRoutesView {
  provider: string;
  providerName: string;
  connections: LedgerConnectionChoice[];
  stores: StoreRouteView[];
}

/**
 * GET /providers and GET /overview meta: the public address of CAS (PUBLIC_URL), where every provider sends the browser
 * back after its consent page. The admin warns before connecting when it is open on another address.
 */
export interface AdminAddressMeta {
  publicUrl: string;
}

/** GET /overview meta. */
export interface OverviewMeta extends AdminAddressMeta {
  now: string;
}
