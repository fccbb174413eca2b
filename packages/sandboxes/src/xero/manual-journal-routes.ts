import crypto from 'node:crypto';
import type Router from '@koa/router';
import Decimal from 'decimal.js';
import type Koa from 'koa';
import { isObject, type JsonObject } from '../core/request-body';
import { tenantOf, type XeroApiDeps } from './api';
import { answerElements, type ElementOutcome, readCollection } from './collection-body';
import { parseXeroDate, todayIso } from './dates';
import { notFound } from './errors';
import { accountProblem, findAccount, lockDateProblem, taxRateFor } from './ledger-rules';
import { applyListQuery } from './list-query';
import { lineTax, money, round2 } from './money';
import { envelope, presentManualJournal } from './present';
import type { XeroJournalLine, XeroLineAmountTypes, XeroManualJournalRecord } from './types';

const CREATABLE = ['DRAFT', 'POSTED'];

const buildJournal = (deps: XeroApiDeps, ctx: Koa.Context, raw: JsonObject): ElementOutcome => {
  const tenant = tenantOf(ctx);
  const nowMs = deps.sandbox.clock.now();
  const messages: string[] = [];
  const narration = typeof raw.Narration === 'string' ? raw.Narration.trim() : '';
  if (!narration) messages.push('Narration is required');
  const status = (typeof raw.Status === 'string' ? raw.Status : 'DRAFT') as XeroManualJournalRecord['Status'];
  if (!CREATABLE.includes(status)) messages.push('Manual Journal not of valid status for creation');
  const date = raw.Date === undefined ? todayIso(nowMs) : parseXeroDate(raw.Date);
  if (!date) messages.push('Date is not a valid date');
  const types = (typeof raw.LineAmountTypes === 'string' ? raw.LineAmountTypes : 'NoTax') as XeroLineAmountTypes;
  const rawLines = Array.isArray(raw.JournalLines) ? raw.JournalLines.filter(isObject) : [];
  if (rawLines.length < 2) messages.push('A manual journal must have at least two journal lines');
  const lines: XeroJournalLine[] = rawLines.map((line) => {
    const code = line.AccountCode !== undefined ? String(line.AccountCode) : undefined;
    const account = findAccount(tenant, { code, id: line.AccountID });
    if (code === undefined && line.AccountID === undefined) messages.push('Account code must be specified');
    else {
      const problem = accountProblem(account, code ?? String(line.AccountID), 'journal-line');
      if (problem) messages.push(problem);
    }
    const amount = round2(typeof line.LineAmount === 'number' ? line.LineAmount : 0);
    const taxType = typeof line.TaxType === 'string' ? line.TaxType : undefined;
    let tax = new Decimal(0);
    if (taxType) {
      const { rate, problem } = taxRateFor(tenant, taxType, account);
      if (problem) messages.push(problem);
      if (rate) tax = lineTax(amount, rate.EffectiveRate, types);
    }
    return {
      LineAmount: money(amount),
      AccountCode: account?.Code ?? code ?? '',
      AccountID: account?.AccountID ?? '',
      ...(typeof line.Description === 'string' ? { Description: line.Description } : {}),
      ...(taxType ? { TaxType: taxType } : {}),
      TaxAmount: money(tax),
      Tracking: Array.isArray(line.Tracking) ? line.Tracking : [],
    };
  });
  // Debits are positive and credits negative: a journal balances when its lines sum to zero.
  const debits = lines.filter((l) => l.LineAmount > 0).reduce((s, l) => s.plus(l.LineAmount), new Decimal(0));
  const credits = lines.filter((l) => l.LineAmount < 0).reduce((s, l) => s.plus(l.LineAmount), new Decimal(0));
  if (!debits.plus(credits).isZero()) {
    messages.push(`The total debits (${debits.toFixed(2)}) must equal total credits (${credits.abs().toFixed(2)})`);
  }
  if (status === 'POSTED' && date) {
    const locked = lockDateProblem(tenant, date);
    if (locked) messages.push(locked);
  }
  return {
    element: raw,
    messages,
    commit: () => {
      const record: XeroManualJournalRecord = {
        tenantId: tenant.organisation.OrganisationID,
        ManualJournalID: crypto.randomUUID(),
        Narration: narration,
        Date: date ?? todayIso(nowMs),
        Status: status,
        LineAmountTypes: types,
        JournalLines: lines,
        ShowOnCashBasisReports: raw.ShowOnCashBasisReports !== false,
        ...(typeof raw.Url === 'string' ? { Url: raw.Url } : {}),
        UpdatedDateUTC: nowMs,
      };
      deps.state.manualJournals.push(record);
      return presentManualJournal(record);
    },
  };
};

export const mountManualJournalRoutes = (api: Router, deps: XeroApiDeps): void => {
  api.get('/ManualJournals', (ctx) => {
    const tenantId = tenantOf(ctx).organisation.OrganisationID;
    const mine = deps.state.manualJournals.filter((m) => m.tenantId === tenantId);
    const result = applyListQuery(ctx, mine, { updatedAt: (m) => m.UpdatedDateUTC });
    if (!result) return;
    const items = result.items.map((m) => presentManualJournal(m, result.paged));
    ctx.body = envelope(
      'ManualJournals',
      items,
      deps.sandbox.clock.now(),
      result.pagination ? { pagination: result.pagination } : {}
    );
  });

  api.get('/ManualJournals/:id', (ctx) => {
    const tenantId = tenantOf(ctx).organisation.OrganisationID;
    const id = ctx.params.id.toLowerCase();
    const record = deps.state.manualJournals.find((m) => m.tenantId === tenantId && m.ManualJournalID === id);
    if (!record) return notFound(ctx);
    ctx.body = envelope('ManualJournals', [presentManualJournal(record)], deps.sandbox.clock.now());
  });

  const create = (ctx: Koa.Context) => {
    const elements = readCollection(ctx, 'ManualJournals');
    if (!elements) return;
    answerElements(
      ctx,
      'ManualJournals',
      elements.map((raw) => buildJournal(deps, ctx, raw)),
      deps.sandbox.clock.now()
    );
  };
  api.put('/ManualJournals', create);
  api.post('/ManualJournals', create);
};
