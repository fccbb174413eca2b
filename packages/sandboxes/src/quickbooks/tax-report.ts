import type Router from '@koa/router';
import type Koa from 'koa';
import { queryField } from '../core/request-body';
import { now, type QboApiDeps } from './api';
import { answerFault, faults, QboFault } from './errors';
import { taxSummary } from './sales-tax';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * GET reports/TaxSummary?start_date=&end_date=: the sales tax QuickBooks holds per agency rate for the period, from
 * the TaxLines of sales receipts and refund receipts (journal entries never reach it). Report.xsd shape.
 */
export const mountTaxReport = (api: Router, deps: QboApiDeps): void => {
  api.get('/reports/TaxSummary', (ctx: Koa.Context) => {
    try {
      const today = new Date(now(deps)).toISOString().slice(0, 10);
      const start = queryField(ctx, 'start_date') ?? today;
      const end = queryField(ctx, 'end_date') ?? start;
      for (const [name, value] of [
        ['start_date', start],
        ['end_date', end],
      ])
        if (!DAY.test(value))
          throw faults.unsupportedProperty(`Property Name:${name} ${value} specified is unsupported or invalid`, name);
      const report = taxSummary(deps.state, start, end);
      ctx.status = 200;
      ctx.body = { ...report, Header: { Time: new Date(now(deps)).toISOString(), ...report.Header } };
    } catch (error) {
      if (!(error instanceof QboFault)) throw error;
      answerFault(ctx, error, now(deps));
    }
  });
};
