import { z } from 'zod';
import { OAuthServer } from '../core/oauth';
import type { ProviderSandboxFactory } from '../core/types';
import { createEcwidApiRouter, type EcwidRouteModule } from './api';
import { mountCatalogRoutes } from './catalog-routes';
import { ecwidErrors } from './errors';
import { ecwidOAuthConfig } from './oauth-config';
import { mountProfileRoutes } from './profile-routes';
import { EcwidSandboxState } from './state';

export type { EcwidRouteModule } from './api';
export { checkEcwidRequest, ecwidOperationFor, ecwidOperations } from './contract';
export { ECWID_SANDBOX_STORE_ID, EcwidSandboxState } from './state';
export { deliverEcwidWebhook, type EcwidWebhookEvent, signEcwidWebhook } from './webhooks';

/** The /api/v3/{storeId} route modules. */
export const ECWID_API_ROUTES: EcwidRouteModule[] = [mountProfileRoutes, mountCatalogRoutes];

export const createEcwidSandbox: ProviderSandboxFactory<EcwidSandboxState> = (sandbox) => {
  const state = new EcwidSandboxState(sandbox.options.clientSecret);
  const oauth = new OAuthServer(
    ecwidOAuthConfig(state),
    { clientId: sandbox.options.clientId, clientSecret: sandbox.options.clientSecret },
    sandbox.clock
  );
  oauth.mount(sandbox.router);
  state.appScopes = () => [
    ...new Set([
      'read_store_profile',
      ...oauth
        .grants()
        .filter((g) => !g.revoked)
        .flatMap((g) => g.scope),
    ]),
  ];
  const deps = { sandbox, state, oauth };
  const api = createEcwidApiRouter(deps);
  for (const mount of ECWID_API_ROUTES) mount(api, deps);
  sandbox.router.use(api.routes(), api.allowedMethods());
  return {
    state,
    oauth,
    errors: ecwidErrors,
    snapshot: () => ({
      store: state.store,
      plan: state.plan,
      productLimit: state.productLimit,
      imageMaxBytes: state.imageMaxBytes,
      products: [...state.products.values()],
      categories: [...state.categories.values()],
      coupons: [...state.coupons.values()],
      customers: [...state.customers.values()],
      orders: [...state.orders.values()],
      webhookDeliveries: state.webhookDeliveries,
    }),
    actions: {
      plan: (body) => {
        const { plan } = z.object({ plan: z.enum(['paid', 'free']) }).parse(body);
        state.setPlan(plan);
        return { plan: state.plan };
      },
      'product-limit': (body) => {
        const { limit } = z.object({ limit: z.number().int().nonnegative().nullable() }).parse(body);
        state.setProductLimit(limit);
        return { productLimit: state.productLimit };
      },
      'image-limit': (body) => {
        const { bytes } = z.object({ bytes: z.number().int().positive() }).parse(body);
        state.imageMaxBytes = bytes;
        return { imageMaxBytes: state.imageMaxBytes };
      },
      /** a change made in Ecwid's control panel: {sku, price?, name?, quantity?, enabled?} */
      'edit-product': (body) => {
        const change = z
          .object({
            sku: z.string(),
            price: z.number().nonnegative().optional(),
            name: z.string().optional(),
            quantity: z.number().int().optional(),
            enabled: z.boolean().optional(),
          })
          .parse(body);
        const { sku, ...rest } = change;
        return state.editProduct(sku, rest);
      },
      /** an online order and its signed order.created webhook to {url}; answers at once, delivers in the background */
      'order-webhook': (body) => {
        const input = z
          .object({
            url: z.string().url(),
            items: z.array(z.object({ sku: z.string(), quantity: z.number().int().positive() })).min(1),
          })
          .parse(body);
        void state.sendOrderWebhook(input.url, { items: input.items });
        return { queued: true };
      },
    },
  };
};
