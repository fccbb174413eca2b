import crypto from 'node:crypto';
import type Router from '@koa/router';
import Decimal from 'decimal.js';
import type Koa from 'koa';
import { isObject, type JsonObject } from '../core/request-body';
import { tenantOf, type XeroApiDeps } from './api';
import { answerElements, type ElementOutcome, readCollection } from './collection-body';
import { parseXeroDate, todayIso } from './dates';
import { notFound } from './errors';
import { findAccount, lockDateProblem } from './ledger-rules';
import { applyListQuery } from './list-query';
import { money } from './money';
import { envelope, presentPayment } from './present';
import type { XeroCreditNoteRecord, XeroInvoiceRecord, XeroPaymentRecord } from './types';

type Target = { kind: 'invoice'; doc: XeroInvoiceRecord } | { kind: 'creditNote'; doc: XeroCreditNoteRecord };

const sameId = (a: string, b: unknown) => typeof b === 'string' && a.toLowerCase() === b.toLowerCase();

const findTarget = (deps: XeroApiDeps, tenantId: string, raw: JsonObject): Target | undefined => {
  const invoiceRef = isObject(raw.Invoice) ? raw.Invoice : undefined;
  const invoiceNumber = raw.InvoiceNumber ?? invoiceRef?.InvoiceNumber;
  if (invoiceRef || invoiceNumber) {
    const doc = deps.state.invoices.find(
      (i) =>
        i.tenantId === tenantId &&
        (sameId(i.InvoiceID, invoiceRef?.InvoiceID) ||
          (invoiceNumber !== undefined && i.InvoiceNumber === invoiceNumber))
    );
    return doc ? { kind: 'invoice', doc } : undefined;
  }
  const creditRef = isObject(raw.CreditNote) ? raw.CreditNote : undefined;
  const creditNumber = raw.CreditNoteNumber ?? creditRef?.CreditNoteNumber;
  const doc = deps.state.creditNotes.find(
    (c) =>
      c.tenantId === tenantId &&
      (sameId(c.CreditNoteID, creditRef?.CreditNoteID) ||
        (creditNumber !== undefined && c.CreditNoteNumber === creditNumber))
  );
  return doc ? { kind: 'creditNote', doc } : undefined;
};

const outstanding = (target: Target): number =>
  target.kind === 'invoice' ? target.doc.AmountDue : target.doc.RemainingCredit;

/**
 * One payment of a request. `reserved` carries what earlier payments of the same request already apply to each
 * document, so an array of payments cannot together pay more than a document's outstanding amount.
 */
const buildPayment = (
  deps: XeroApiDeps,
  ctx: Koa.Context,
  raw: JsonObject,
  reserved: Map<object, Decimal>
): ElementOutcome => {
  const tenant = tenantOf(ctx);
  const tenantId = tenant.organisation.OrganisationID;
  const nowMs = deps.sandbox.clock.now();
  const messages: string[] = [];
  const target = findTarget(deps, tenantId, raw);
  if (!target) messages.push('Invoice or credit note could not be found');
  else if (target.doc.Status !== 'AUTHORISED') {
    messages.push('Payment can only be made against an AUTHORISED invoice or credit note');
  }
  const accountRef = isObject(raw.Account) ? raw.Account : {};
  const account = findAccount(tenant, { code: accountRef.Code ?? raw.Code, id: accountRef.AccountID });
  if (!account) messages.push('Account could not be found');
  else if (account.Status !== 'ACTIVE' || !(account.Type === 'BANK' || account.EnablePaymentsToAccount)) {
    messages.push('Account type is invalid for making a payment to/from');
  }
  const amount = typeof raw.Amount === 'number' ? new Decimal(raw.Amount) : undefined;
  if (!amount || amount.lte(0)) messages.push('Payment amount must be greater than zero');
  else if (target && amount.gt(new Decimal(outstanding(target)).minus(reserved.get(target.doc) ?? 0)))
    messages.push('Payment amount exceeds the amount outstanding on this document');
  const date = raw.Date === undefined ? todayIso(nowMs) : parseXeroDate(raw.Date);
  if (!date) messages.push('Date is not a valid date');
  else {
    const locked = lockDateProblem(tenant, date);
    if (locked) messages.push(locked);
  }
  if (messages.length === 0 && target && amount)
    reserved.set(target.doc, (reserved.get(target.doc) ?? new Decimal(0)).plus(amount));
  return {
    element: raw,
    messages,
    commit: () => {
      if (!target || !account || !amount || !date) throw new Error('payment committed without its checks');
      const value = money(amount);
      const record: XeroPaymentRecord = {
        tenantId,
        PaymentID: crypto.randomUUID(),
        Date: date,
        Amount: value,
        ...(typeof raw.Reference === 'string' ? { Reference: raw.Reference } : {}),
        IsReconciled: raw.IsReconciled === true,
        Status: 'AUTHORISED',
        PaymentType: target.kind === 'invoice' ? 'ACCRECPAYMENT' : 'ARCREDITPAYMENT',
        Account: { AccountID: account.AccountID, Code: account.Code },
        ...(target.kind === 'invoice'
          ? { Invoice: { InvoiceID: target.doc.InvoiceID, InvoiceNumber: target.doc.InvoiceNumber } }
          : { CreditNote: { CreditNoteID: target.doc.CreditNoteID, CreditNoteNumber: target.doc.CreditNoteNumber } }),
        UpdatedDateUTC: nowMs,
      };
      deps.state.payments.push(record);
      target.doc.Payments.push({ PaymentID: record.PaymentID, Date: date, Amount: value, Reference: record.Reference });
      target.doc.UpdatedDateUTC = nowMs;
      if (target.kind === 'invoice') {
        target.doc.AmountPaid = money(new Decimal(target.doc.AmountPaid).plus(value));
        target.doc.AmountDue = money(new Decimal(target.doc.AmountDue).minus(value));
        if (target.doc.AmountDue === 0) target.doc.Status = 'PAID';
      } else {
        target.doc.RemainingCredit = money(new Decimal(target.doc.RemainingCredit).minus(value));
        if (target.doc.RemainingCredit === 0) target.doc.Status = 'PAID';
      }
      return presentPayment(record);
    },
  };
};

export const mountPaymentRoutes = (api: Router, deps: XeroApiDeps): void => {
  api.get('/Payments', (ctx) => {
    const tenantId = tenantOf(ctx).organisation.OrganisationID;
    const result = applyListQuery(
      ctx,
      deps.state.payments.filter((p) => p.tenantId === tenantId),
      { updatedAt: (p) => p.UpdatedDateUTC }
    );
    if (!result) return;
    ctx.body = envelope('Payments', result.items.map(presentPayment), deps.sandbox.clock.now());
  });

  api.get('/Payments/:id', (ctx) => {
    const tenantId = tenantOf(ctx).organisation.OrganisationID;
    const record = deps.state.payments.find((p) => p.tenantId === tenantId && sameId(p.PaymentID, ctx.params.id));
    if (!record) return notFound(ctx);
    ctx.body = envelope('Payments', [presentPayment(record)], deps.sandbox.clock.now());
  });

  const create = (ctx: Koa.Context) => {
    const elements = readCollection(ctx, 'Payments');
    if (!elements) return;
    const reserved = new Map<object, Decimal>();
    answerElements(
      ctx,
      'Payments',
      elements.map((raw) => buildPayment(deps, ctx, raw, reserved)),
      deps.sandbox.clock.now()
    );
  };
  api.put('/Payments', create);
  api.post('/Payments', create);
};
