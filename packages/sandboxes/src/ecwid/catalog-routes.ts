import type Koa from 'koa';
import { queryField, requestBody } from '../core/request-body';
import { type EcwidRouteModule, queryOf, scopesOf } from './api';
import { batchStatus, submitBatch } from './batch';
import { type EcwidOutcome, runEcwidOperation } from './catalog';

const CATALOG_PATHS = [
  '/products',
  '/products/:id',
  '/products/:id/:sub',
  '/products/:id/:sub/:subId',
  '/categories',
  '/categories/:id',
  '/discount_coupons',
  '/discount_coupons/:id',
  '/customers',
  '/customers/:id',
  '/orders/:id',
];

const answer = (ctx: Koa.Context, outcome: EcwidOutcome) => {
  ctx.status = outcome.status;
  ctx.body = outcome.body;
};

/** Products, categories, coupons, customers, orders and the batch API under /api/v3/{storeId}. */
export const mountCatalogRoutes: EcwidRouteModule = (api, deps) => {
  api.post('/batch', (ctx) =>
    answer(
      ctx,
      submitBatch(deps.state, requestBody(ctx), {
        stopOnFirstFailure: queryField(ctx, 'stopOnFirstFailure') !== 'false',
        scopes: scopesOf(ctx),
      })
    )
  );
  api.get('/batch', (ctx) =>
    answer(ctx, batchStatus(deps.state, queryField(ctx, 'ticket'), queryField(ctx, 'escapedJson') === 'true'))
  );
  for (const path of CATALOG_PATHS) {
    api.all(path, (ctx) => {
      const relative = ctx.path.replace(/^\/api\/v3\/[^/]+/, '');
      answer(
        ctx,
        runEcwidOperation(deps.state, {
          method: ctx.method,
          path: relative,
          query: queryOf(ctx),
          body: requestBody(ctx),
        })
      );
    });
  }
};
