/**
 * Store routes of an accounting provider (several ledgers), as GET/PUT /accounting/:provider/routes and GET /overview
 * serve them: which connection (Xero organisation, QuickBooks company) each store's days are posted to.
 */
import type { ConnectionStatus } from './connections';

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
