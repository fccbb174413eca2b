import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import type { ProviderModule, RetriedItem } from '../../src/plugins/retailcloud-integrations/server/src/modules/types';
import type { ProviderEndpoints } from '../../src/plugins/retailcloud-integrations/server/src/providers/types';
import { getService } from '../../src/plugins/retailcloud-integrations/server/src/utils/get-service';

/**
 * A fifth provider, for tests/provider-module.test.ts: one folder (this module and its sandbox) registered with one
 * line (the test hook RCI_EXTRA_PROVIDER_MODULES naming this file). It imports only types and the stateless service
 * accessor from the plugin: the app runs the built plugin, and everything it gives this module comes through Strapi.
 */

const ID = 'fake-shop';
export const FAKE_SHOP_JOB = 'fake-shop-widget-sync';
export const FAKE_SHOP_RUN_KIND = 'widget-sync';

const productionUrls = (region: unknown): ProviderEndpoints => {
  const host = `https://${region === 'us' ? 'us' : 'eu'}.fake-shop.example`;
  return {
    authorizeUrl: `${host}/oauth/authorize`,
    tokenUrl: `${host}/oauth/token`,
    revokeUrl: null,
    apiBase: `${host}/api`,
    identityBase: host,
  };
};

const onSandbox = (urls: ProviderEndpoints, origin: string | null): ProviderEndpoints => {
  if (!origin) return urls;
  const swap = (url: string) => url.replace(/^https:\/\/[^/]+/, origin.replace(/\/+$/, ''));
  return {
    authorizeUrl: swap(urls.authorizeUrl),
    tokenUrl: swap(urls.tokenUrl),
    revokeUrl: null,
    apiBase: swap(urls.apiBase),
    identityBase: swap(urls.identityBase),
  };
};

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Acknowledge widgets at the provider, each an item of one sync run: the whole list (the job), or only the failed
 * ones of an earlier run (the retry, which names that run).
 */
const acknowledgeWidgets = async (
  strapi: Core.Strapi,
  opts: { trigger: 'cron' | 'retry'; startedBy: string; only?: string[]; retryOf?: number }
): Promise<number> => {
  const connection = await getService(strapi, 'connections').current(ID);
  const client = await getService(strapi, 'connections').apiClient(ID);
  const runs = getService(strapi, 'syncRuns');
  const runId = await runs.start({
    provider: ID,
    kind: FAKE_SHOP_RUN_KIND,
    trigger: opts.trigger,
    startedBy: opts.startedBy,
    connectionId: connection?.id ?? null,
    params: {
      ...(connection?.accountId ? { accountId: connection.accountId } : {}),
      ...(opts.retryOf ? { retryOf: opts.retryOf } : {}),
    },
  });
  const listed = await client.request<{ widgets: Array<{ id: string }> }>({ method: 'GET', url: '/widgets' });
  const widgets = listed.data.widgets.map((w) => w.id).filter((id) => !opts.only || opts.only.includes(id));
  const failures: RetriedItem[] = [];
  for (const id of widgets) {
    try {
      await client.request({ method: 'POST', url: `/widgets/${encodeURIComponent(id)}/ack` });
    } catch (error) {
      failures.push({ entity: 'widget', ref: id, reason: message(error) });
    }
  }
  await runs.finish(runId, {
    status: failures.length === 0 ? 'done' : failures.length < widgets.length ? 'partial' : 'failed',
    counts: { acknowledged: widgets.length - failures.length, failed: failures.length },
    failures,
    processed: widgets.length,
  });
  return runId;
};

const fakeShop: ProviderModule = {
  id: ID,
  name: 'Fake Shop',
  adapter: {
    id: ID,
    name: 'Fake Shop',
    signUpUrl: 'https://fake-shop.example/signup',
    scopes: ['widgets'],
    pkce: false,
    clientAuth: 'body',
    refreshes: false,
    limits: { maxConcurrent: 2, perMinute: null },
    endpoints: (sandbox, settings) => onSandbox(productionUrls(settings?.region), sandbox),
    async readAccount({ http, endpoints, token }) {
      const res = await http.get<{ id: string; name: string }>(`${endpoints.apiBase}/account`, {
        headers: { Authorization: `Bearer ${token.access_token}` },
      });
      return { accountId: res.data.id, accountName: res.data.name };
    },
    apiBaseFor: (_connection, endpoints) => endpoints.apiBase,
    apiHeaders: () => ({}),
    async revoke() {},
    parseError(status, body) {
      const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
      return { code: error?.code ?? null, message: error?.message ?? `HTTP ${status}`, details: [] };
    },
  },
  jobs: [
    {
      name: FAKE_SHOP_JOB,
      label: 'acknowledge every widget of the shop',
      rule: '0 15 * * * *',
      leaseMs: 5 * 60 * 1000,
      // widgets are acknowledged for a store: none yet, nothing to do
      async precondition({ strapi }) {
        const stores = await strapi.db.query('api::store.store').count();
        return stores > 0
          ? { ready: true }
          : { ready: false, wait: { reason: 'no_store', problem: 'create a store in CAS first' } };
      },
      run: (strapi) => acknowledgeWidgets(strapi, { trigger: 'cron', startedBy: 'cron' }),
    },
  ],
  retry: {
    kinds: [FAKE_SHOP_RUN_KIND],
    retry: ({ strapi, run, items, startedBy }) =>
      acknowledgeWidgets(strapi, { trigger: 'retry', startedBy, only: items.map((i) => i.ref), retryOf: run.id }),
  },
  settings: {
    schema: z.object({ region: z.enum(['eu', 'us']).optional() }),
    fromEnv: (env) => ({ region: env.FAKE_SHOP_REGION }),
  },
  admin: {
    panels: [],
    apiKey: false,
    keepsOnDisconnect: 'What stays: the sync history of your widgets.',
  },
  // its sandbox lives beside it (./sandbox.ts), not in @retailcloud/sandboxes: the test starts it
  sandbox: null,
};

export default fakeShop;
