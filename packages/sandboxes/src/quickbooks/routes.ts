import type Router from '@koa/router';
import type Koa from 'koa';
import { bodyParseError, queryField, requestBody } from '../core/request-body';
import { batchLimit, now, type QboApiDeps } from './api';
import { handleBatch } from './batch';
import { kindByPath } from './entities';
import { answerFault, faults, QboFault } from './errors';
import { deleteEntity, readEntity, saveEntity } from './operations';
import { runQuery } from './query';
import { mountTaxReport } from './tax-report';

const guarded = (deps: QboApiDeps, handler: (ctx: Koa.Context) => void) => (ctx: Koa.Context) => {
  try {
    handler(ctx);
  } catch (error) {
    if (!(error instanceof QboFault)) throw error;
    answerFault(ctx, error, now(deps));
  }
};

const respond = (ctx: Koa.Context, deps: QboApiDeps, key: string, value: unknown) => {
  ctx.status = 200;
  ctx.body = { [key]: value, time: new Date(now(deps)).toISOString() };
};

/** query, batch, <entity>/<id> reads and <entity> writes under /v3/company/{realmId}. */
export const mountQboRoutes = (api: Router, deps: QboApiDeps): void => {
  const query = guarded(deps, (ctx) => {
    const body = requestBody(ctx);
    const text = queryField(ctx, 'query') ?? (typeof body === 'string' ? body : undefined);
    if (!text) throw faults.requiredMissing('query');
    respond(ctx, deps, 'QueryResponse', runQuery(text, deps.state, deps.model));
  });
  api.get('/query', query);
  api.post('/query', query);

  api.post('/batch', batchLimit(deps), guarded(deps, handleBatch(deps)));
  mountTaxReport(api, deps); // before /:entity/:id, which would take reports/TaxSummary

  // The company's preferences: closing date, home currency, multicurrency (docs/providers/quickbooks.md#preferences).
  api.get(
    '/preferences',
    guarded(deps, (ctx) => respond(ctx, deps, 'Preferences', deps.state.preferences()))
  );

  // The rate QuickBooks holds for a currency on a day (multicurrency companies): home units per foreign unit.
  api.get(
    '/exchangerate',
    guarded(deps, (ctx) => {
      const source = queryField(ctx, 'sourcecurrencycode');
      if (!source) throw faults.requiredMissing('sourcecurrencycode');
      const asOf = queryField(ctx, 'asofdate') ?? new Date(now(deps)).toISOString().slice(0, 10);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf))
        throw faults.unsupportedProperty(
          `Property Name:asofdate ${asOf} specified is unsupported or invalid`,
          'asofdate'
        );
      if (!deps.state.multiCurrencyEnabled)
        throw faults.businessRule('Multicurrency is not turned on for this company: it has no exchange rates.');
      const rate = deps.state.exchangeRate(source.toUpperCase(), asOf);
      if (!rate) throw faults.objectNotFound('sourcecurrencycode');
      respond(ctx, deps, 'ExchangeRate', {
        SyncToken: '0',
        domain: 'QBO',
        sparse: false,
        ...rate,
        MetaData: { LastUpdatedTime: new Date(now(deps)).toISOString() },
      });
    })
  );

  api.get(
    '/:entity/:id',
    guarded(deps, (ctx) => {
      const kind = kindByPath(ctx.params.entity);
      if (!kind) throw faults.unsupportedOperation(`Operation GET ${ctx.params.entity} is not supported.`);
      respond(ctx, deps, kind.name, readEntity(kind, ctx.params.id, deps.state));
    })
  );

  api.post(
    '/:entity',
    guarded(deps, (ctx) => {
      const kind = kindByPath(ctx.params.entity);
      if (!kind) throw faults.unsupportedOperation(`Operation POST ${ctx.params.entity} is not supported.`);
      const parseError = bodyParseError(ctx);
      if (parseError)
        throw faults.unsupportedProperty(`Property Name:${parseError.message} specified is unsupported or invalid`);
      const operation = queryField(ctx, 'operation');
      const op = { state: deps.state, model: deps.model, nowMs: now(deps) };
      const body = requestBody(ctx);
      if (operation === 'delete') return respond(ctx, deps, kind.name, deleteEntity(kind, body, op));
      if (operation !== undefined && operation !== 'update' && operation !== 'create') {
        throw faults.unsupportedOperation(`Operation ${operation} is not supported in the sandbox.`);
      }
      respond(ctx, deps, kind.name, saveEntity(kind, body, op));
    })
  );
};
