import type Router from '@koa/router';
import { tenantOf, type XeroApiDeps } from './api';
import { notFound } from './errors';
import { applyListQuery } from './list-query';
import { envelope, presentAccount, presentOrganisation, presentTaxRate } from './present';

/** Organisation, Accounts, TaxRates and Currencies: read-only settings the daily posting checks its mappings against. */
export const mountSettingsRoutes = (api: Router, deps: XeroApiDeps): void => {
  const now = () => deps.sandbox.clock.now();

  api.get('/Organisation', (ctx) => {
    ctx.body = envelope('Organisations', [presentOrganisation(tenantOf(ctx).organisation)], now());
  });

  api.get('/Accounts', (ctx) => {
    const result = applyListQuery(ctx, tenantOf(ctx).accounts, {
      lists: { IDs: (a) => a.AccountID },
      updatedAt: (a) => a.UpdatedDateUTC,
    });
    if (!result) return;
    ctx.body = envelope('Accounts', result.items.map(presentAccount), now());
  });

  api.get('/Accounts/:id', (ctx) => {
    const account = tenantOf(ctx).accounts.find((a) => a.AccountID === ctx.params.id.toLowerCase());
    if (!account) return notFound(ctx);
    ctx.body = envelope('Accounts', [presentAccount(account)], now());
  });

  api.get('/TaxRates', (ctx) => {
    const result = applyListQuery(ctx, tenantOf(ctx).taxRates, { lists: { TaxType: (t) => t.TaxType } });
    if (!result) return;
    ctx.body = envelope('TaxRates', result.items.map(presentTaxRate), now());
  });

  api.get('/Currencies', (ctx) => {
    const result = applyListQuery(ctx, tenantOf(ctx).currencies, {});
    if (!result) return;
    ctx.body = envelope('Currencies', result.items, now());
  });

  api.get('/TaxRates/:taxType', (ctx) => {
    const rate = tenantOf(ctx).taxRates.find((t) => t.TaxType.toLowerCase() === ctx.params.taxType.toLowerCase());
    if (!rate) return notFound(ctx);
    ctx.body = envelope('TaxRates', [presentTaxRate(rate)], now());
  });
};
