import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { LedgerRoutesView, StoreRouteView } from '../../../contracts/connections';
import { type AccountingProvider, accountingProviders } from '../accounting/registry';
import { createDocument, query } from '../engine/rows';
import { providerName } from '../modules/registry';
import type { ConnectionView } from '../services/connections';
import { getService } from '../utils/get-service';

/**
 * Store routes (several ledgers): each store's business days go to at most one connection of an accounting provider
 * (a UK Xero organisation for the UK stores, a US one for the US stores). One row per store and provider
 * (`rci_ledger_routes`, unique on store + provider, so two servers cannot give a store two ledgers); a row without a
 * connection is a store the System Admin took out of every ledger of that provider. A store without a route is never
 * posted: "not posted: no ledger chosen".
 *
 * Single-ledger installs keep working unchanged: while a provider has exactly one connection in use and every route
 * it has points at that connection, a store with no row is routed to it the first time anything asks (an upgrade, the
 * first connection, a store opened later); an organisation connected after the only one was disconnected replaces it
 * (its stores follow). Once stores are routed to two connections, nothing is routed by itself: a connection added
 * beside another starts with no stores and a new store waits for its ledger to be chosen.
 */

export const NO_LEDGER = 'not posted: no ledger chosen';

const named = (c: Pick<ConnectionView, 'id' | 'accountName' | 'accountId'>) =>
  c.accountName ?? c.accountId ?? `connection ${c.id}`;

/** A connection posting can use: connected (or needing a person) with its organisation chosen. */
const inUse = (c: ConnectionView) => c.status !== 'disconnected' && Boolean(c.accountId);

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = () => query(strapi, 'ledger-route');
  const stores = () =>
    query(strapi, 'api::store.store').findMany({
      select: ['code', 'name', 'currency', 'timeZone'],
      orderBy: { code: 'asc' },
    });

  const connectionsOf = async (provider: AccountingProvider) =>
    (await getService(strapi, 'connections').list()).filter((c) => c.provider === provider);

  /** Insert or move a store's route; the unique (store, provider) index settles two servers writing at once. */
  const upsert = async (provider: AccountingProvider, storeCode: string, connectionId: number | null, by: string) => {
    const data = { connectionId, assignedBy: by };
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const existing = await rows().findOne({ where: { provider, storeCode }, select: ['id'] });
      if (existing) {
        await rows().update({ where: { id: existing.id }, data });
        return;
      }
      try {
        await createDocument(strapi, 'ledger-route', { provider, storeCode, ...data });
        return;
      } catch (error) {
        // another request created the row between our read and our insert: update that one instead
        const again = await rows().findOne({ where: { provider, storeCode }, select: ['id'] });
        if (!again) throw error;
      }
    }
  };

  const service = {
    /**
     * Route every store without a route to the provider's one connection in use, while it is the only ledger the
     * provider's routes name (see the file's comment). Idempotent; safe on two servers (the unique index).
     */
    async adopt(provider: AccountingProvider): Promise<void> {
      const mine = await connectionsOf(provider);
      const live = mine.filter(inUse);
      if (live.length !== 1) return;
      const only = live[0];
      const routed = await rows().findMany({ where: { provider }, select: ['storeCode', 'connectionId'] });
      const named = [...new Set(routed.flatMap((r) => (r.connectionId === null ? [] : [r.connectionId])))];
      if (named.length > 1) return; // a chain with several ledgers: every route is a person's choice
      if (named.length === 1 && named[0] !== only.id) {
        // A single-ledger install that replaced its organisation (disconnected it, then connected another): the
        // stores follow the new one, as they did before routes existed. A ledger connected while the other was still
        // in use is another ledger, not a replacement: it starts with no stores.
        const previous = mine.find((c) => c.id === named[0]);
        const replaced =
          !previous ||
          (previous.status === 'disconnected' &&
            Boolean(previous.disconnectedAt && only.connectedAt && only.connectedAt > previous.disconnectedAt));
        if (!replaced) return;
        await rows().updateMany({
          where: { provider, connectionId: named[0] },
          data: { connectionId: only.id, assignedBy: 'moved to the ledger that replaced it' },
        });
      }
      const have = new Set(routed.map((r) => r.storeCode));
      for (const store of await stores()) {
        if (have.has(store.code)) continue;
        try {
          await createDocument(strapi, 'ledger-route', {
            provider,
            storeCode: store.code,
            connectionId: only.id,
            assignedBy: 'the only ledger connected',
          });
        } catch {
          /* another server routed it at the same moment: its row stands */
        }
      }
    },

    /** Every accounting provider's adoption (plugin start: an install upgraded from one connection per provider). */
    async adoptAll(): Promise<void> {
      for (const provider of accountingProviders()) await service.adopt(provider);
    },

    /** The connection a request or a run acts on: the one named, or the provider's only one in use. */
    async resolveConnection(provider: AccountingProvider, connectionId?: number): Promise<ConnectionView | null> {
      const mine = await connectionsOf(provider);
      if (connectionId !== undefined) {
        const found = mine.find((c) => c.id === connectionId);
        if (!found)
          throw new errors.ValidationError(`connection: ${connectionId} is not a ${providerName(provider)} connection`);
        return found;
      }
      const live = mine.filter(inUse);
      if (live.length > 1)
        throw new errors.ValidationError(
          `connection: several ${providerName(provider)} ledgers are connected (${live.map(named).join(', ')}); choose one`
        );
      return live[0] ?? getService(strapi, 'connections').current(provider);
    },

    /** The codes of the stores routed to the connection. */
    async storesOf(provider: AccountingProvider, connectionId: number): Promise<string[]> {
      await service.adopt(provider);
      const found = await rows().findMany({
        where: { provider, connectionId },
        select: ['storeCode'],
        orderBy: { storeCode: 'asc' },
      });
      return found.map((r) => r.storeCode);
    },

    /**
     * A store named in a request must be routed to the connection the request acts on: a 400 naming the store and
     * the ledger it goes to (or that it goes to none).
     */
    async requireRouted(provider: AccountingProvider, connection: ConnectionView, storeCode: string): Promise<void> {
      await service.adopt(provider);
      const route = await rows().findOne({ where: { provider, storeCode } });
      if (route?.connectionId === connection.id) return;
      const ledger = providerName(provider);
      if (!route?.connectionId)
        throw new errors.ValidationError(
          `store: "${storeCode}" is in no ${ledger} ledger (${NO_LEDGER}); choose its ledger first`
        );
      const other = (await connectionsOf(provider)).find((c) => c.id === route.connectionId);
      throw new errors.ValidationError(
        `store: "${storeCode}" posts to ${other ? named(other) : `connection ${route.connectionId}`}, not to ${named(connection)}`
      );
    },

    /**
     * Store-days another connection of the provider already holds documents for (the store was moved): they are not
     * posted again to this ledger, each with the reason; the rest go on. Late changes to such a day are for the
     * ledger that has it (its reconciliation names them), never a second posting here.
     */
    async claimedElsewhere(
      provider: AccountingProvider,
      connectionId: number,
      storeDays: Array<{ store: string; day: string }>
    ): Promise<Array<{ store: string; day: string; reason: string }>> {
      if (storeDays.length === 0) return [];
      const storeCodes = [...new Set(storeDays.map((d) => d.store))];
      const days = storeDays.map((d) => d.day).sort();
      const found = await query(strapi, 'posting').findMany({
        where: {
          provider,
          connectionId: { $ne: connectionId },
          storeCode: { $in: storeCodes },
          businessDay: { $gte: days[0], $lte: days[days.length - 1] },
        },
        select: ['storeCode', 'businessDay', 'connectionId'],
      });
      if (found.length === 0) return [];
      const names = new Map((await connectionsOf(provider)).map((c) => [c.id, named(c)]));
      const holder = new Map(found.map((r) => [`${r.storeCode}|${r.businessDay}`, r.connectionId]));
      return storeDays.flatMap(({ store, day }) => {
        const other = holder.get(`${store}|${day}`);
        return other === undefined
          ? []
          : [
              {
                store,
                day,
                reason: `skipped: already posted to ${names.get(other) ?? `connection ${other}`} before the store moved; not posted twice`,
              },
            ];
      });
    },

    /** Every store with its ledger for the provider, and the connections it can be routed to (admin, overview). */
    async view(provider: AccountingProvider): Promise<LedgerRoutesView> {
      await service.adopt(provider);
      const mine = await connectionsOf(provider);
      const byId = new Map(mine.map((c) => [c.id, c]));
      const routes = new Map(
        (await rows().findMany({ where: { provider }, select: ['storeCode', 'connectionId'] })).map((r) => [
          r.storeCode,
          r.connectionId,
        ])
      );
      const storeViews: StoreRouteView[] = (await stores()).map((store) => {
        const connectionId = routes.get(store.code) ?? null;
        const connection = connectionId !== null ? byId.get(connectionId) : undefined;
        const note = !connection
          ? NO_LEDGER
          : connection.status === 'disconnected'
            ? `not posted: ${named(connection)} is disconnected`
            : connection.status === 'needs_reauth'
              ? `not posted until ${named(connection)} is connected again`
              : null;
        return {
          storeCode: store.code,
          storeName: store.name ?? store.code,
          currency: store.currency ?? null,
          connectionId: connection ? connection.id : null,
          ledgerName: connection ? named(connection) : null,
          note,
        };
      });
      return {
        provider,
        providerName: providerName(provider),
        connections: mine
          .filter(
            (c) => c.accountId && (c.status !== 'disconnected' || storeViews.some((s) => s.connectionId === c.id))
          )
          .map((c) => ({
            id: c.id,
            name: named(c),
            status: c.status,
            stores: storeViews.filter((s) => s.connectionId === c.id).length,
          })),
        stores: storeViews,
      };
    },

    /** Route a store to a connection of the provider, or to none (connectionId null). */
    async assign(provider: AccountingProvider, storeCode: string, connectionId: number | null, by: string) {
      const store = await query(strapi, 'api::store.store').findOne({ where: { code: storeCode }, select: ['id'] });
      if (!store) throw new errors.ValidationError(`store: "${storeCode}" is not a known store`);
      if (connectionId !== null) {
        const connection = (await connectionsOf(provider)).find((c) => c.id === connectionId);
        if (!connection)
          throw new errors.ValidationError(`connection: ${connectionId} is not a ${providerName(provider)} connection`);
        if (!inUse(connection))
          throw new errors.ValidationError(
            `connection: ${named(connection)} is ${connection.accountId ? 'disconnected' : 'waiting for its organisation to be chosen'}; connect it first`
          );
      }
      // routes of the stores nobody chose yet are written first, so this choice does not stop the others' adoption
      await service.adopt(provider);
      await upsert(provider, storeCode, connectionId, by);
      strapi.log.info(
        `[retailcloud-integrations] ${provider} store ${storeCode} routed to ${connectionId ?? 'no ledger'} by ${by}`
      );
      return service.view(provider);
    },
  };
  return service;
};
