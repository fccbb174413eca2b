import crypto from 'node:crypto';
import type Router from '@koa/router';
import type Koa from 'koa';
import { type JsonObject, queryField } from '../core/request-body';
import { tenantOf, type XeroApiDeps } from './api';
import { answerElements, type ElementOutcome, readCollection } from './collection-body';
import { notFound } from './errors';
import { applyListQuery } from './list-query';
import { envelope, presentCreditNote, presentInvoice } from './present';
import { buildSalesDocument, type SalesDocumentDraft, type SalesDocumentKind } from './sales-documents';
import type { XeroTenant } from './state';
import type { XeroCreditNoteRecord, XeroInvoiceRecord } from './types';

type SalesRecord = XeroInvoiceRecord | XeroCreditNoteRecord;

interface DocumentKindSpec<R extends SalesRecord> {
  kind: SalesDocumentKind;
  collection: 'Invoices' | 'CreditNotes';
  label: string;
  idField: 'InvoiceID' | 'CreditNoteID';
  numberField: 'InvoiceNumber' | 'CreditNoteNumber';
  records(deps: XeroApiDeps): R[];
  present(record: R, withLines: boolean): Record<string, unknown>;
  /** ACCREC invoices and all credit notes are numbered automatically when no number is posted */
  autoNumber(type: string): boolean;
  nextNumber(tenant: XeroTenant): string;
  create(draft: SalesDocumentDraft, tenantId: string, id: string, number: string, nowMs: number): R;
}

const idOf = <R extends SalesRecord>(spec: DocumentKindSpec<R>, r: R): string =>
  (r as unknown as Record<string, string>)[spec.idField];
const numberOf = <R extends SalesRecord>(spec: DocumentKindSpec<R>, r: R): string =>
  (r as unknown as Record<string, string>)[spec.numberField];

const INVOICES: DocumentKindSpec<XeroInvoiceRecord> = {
  kind: 'invoice',
  collection: 'Invoices',
  label: 'Invoice',
  idField: 'InvoiceID',
  numberField: 'InvoiceNumber',
  records: (deps) => deps.state.invoices,
  present: presentInvoice,
  autoNumber: (type) => type === 'ACCREC',
  nextNumber: (tenant) => `INV-${String(tenant.sequences.invoice++).padStart(4, '0')}`,
  create: (d, tenantId, id, number, nowMs) => ({
    tenantId,
    InvoiceID: id,
    Type: d.Type,
    InvoiceNumber: number,
    ...common(d, nowMs),
    AmountDue: d.Status === 'VOIDED' || d.Status === 'DELETED' ? 0 : d.Total,
    AmountPaid: 0,
    AmountCredited: 0,
  }),
};

const CREDIT_NOTES: DocumentKindSpec<XeroCreditNoteRecord> = {
  kind: 'creditNote',
  collection: 'CreditNotes',
  label: 'Credit Note',
  idField: 'CreditNoteID',
  numberField: 'CreditNoteNumber',
  records: (deps) => deps.state.creditNotes,
  present: presentCreditNote,
  autoNumber: () => true,
  nextNumber: (tenant) => `CN-${String(tenant.sequences.creditNote++).padStart(4, '0')}`,
  create: (d, tenantId, id, number, nowMs) => ({
    tenantId,
    CreditNoteID: id,
    Type: d.Type,
    CreditNoteNumber: number,
    ...common(d, nowMs),
    RemainingCredit: d.Status === 'VOIDED' || d.Status === 'DELETED' ? 0 : d.Total,
  }),
};

function common(d: SalesDocumentDraft, nowMs: number) {
  return {
    ...(d.Reference ? { Reference: d.Reference } : {}),
    Contact: d.Contact,
    Date: d.Date,
    ...(d.DueDate ? { DueDate: d.DueDate } : {}),
    Status: d.Status,
    LineAmountTypes: d.LineAmountTypes,
    LineItems: d.LineItems,
    SubTotal: d.SubTotal,
    TotalTax: d.TotalTax,
    Total: d.Total,
    CurrencyCode: d.CurrencyCode,
    ...(d.CurrencyRate !== undefined ? { CurrencyRate: d.CurrencyRate } : {}),
    Payments: [],
    UpdatedDateUTC: nowMs,
  };
}

const unitDpOf = (ctx: Koa.Context): number => (queryField(ctx, 'unitdp') === '4' ? 4 : 2);

const findExisting = <R extends SalesRecord>(
  spec: DocumentKindSpec<R>,
  deps: XeroApiDeps,
  tenantId: string,
  key: string
) => {
  const needle = key.toLowerCase();
  return spec
    .records(deps)
    .find(
      (r) =>
        r.tenantId === tenantId &&
        (idOf(spec, r).toLowerCase() === needle || numberOf(spec, r)?.toLowerCase() === needle)
    );
};

/** Stored (non-deleted) documents of the tenant already using this number. */
const numberTaken = <R extends SalesRecord>(
  spec: DocumentKindSpec<R>,
  deps: XeroApiDeps,
  tenantId: string,
  number: string,
  except?: R
) =>
  spec
    .records(deps)
    .some((r) => r !== except && r.tenantId === tenantId && r.Status !== 'DELETED' && numberOf(spec, r) === number);

const createOutcome = <R extends SalesRecord>(
  spec: DocumentKindSpec<R>,
  deps: XeroApiDeps,
  ctx: Koa.Context,
  raw: JsonObject
): ElementOutcome => {
  const tenant = tenantOf(ctx);
  const tenantId = tenant.organisation.OrganisationID;
  const nowMs = deps.sandbox.clock.now();
  const { messages, draft } = buildSalesDocument({
    kind: spec.kind,
    raw,
    state: deps.state,
    tenant,
    nowMs,
    unitDp: unitDpOf(ctx),
  });
  if (draft.number && spec.autoNumber(draft.Type) && numberTaken(spec, deps, tenantId, draft.number)) {
    messages.push(`${spec.kind === 'invoice' ? 'Invoice' : 'Credit Note'} # must be unique.`);
  }
  return {
    element: raw,
    messages,
    commit: () => {
      if (draft.newContact) deps.state.contacts.push(draft.newContact);
      let number = draft.number;
      if (!number && spec.autoNumber(draft.Type)) {
        do number = spec.nextNumber(tenant);
        while (numberTaken(spec, deps, tenantId, number));
      }
      const record = spec.create(draft, tenantId, crypto.randomUUID(), number ?? '', nowMs);
      spec.records(deps).push(record);
      return spec.present(record, true);
    },
  };
};

const updateOutcome = <R extends SalesRecord>(
  spec: DocumentKindSpec<R>,
  deps: XeroApiDeps,
  ctx: Koa.Context,
  raw: JsonObject,
  existing: R
): ElementOutcome => {
  const nowMs = deps.sandbox.clock.now();
  const requested = typeof raw.Status === 'string' ? raw.Status : existing.Status;
  const paid = existing.Payments.length > 0;
  const fail = (message: string): ElementOutcome => ({ element: raw, messages: [message] });
  if (['PAID', 'VOIDED', 'DELETED'].includes(existing.Status))
    return fail(`${spec.label} not of valid status for modification`);
  if (requested === 'VOIDED' || requested === 'DELETED') {
    const allowed =
      requested === 'VOIDED' ? existing.Status === 'AUTHORISED' && !paid : existing.Status !== 'AUTHORISED';
    if (!allowed) return fail(`${spec.label} not of valid status for modification`);
    return {
      element: raw,
      messages: [],
      commit: () => {
        existing.Status = requested;
        if ('AmountDue' in existing) existing.AmountDue = 0;
        if ('RemainingCredit' in existing) existing.RemainingCredit = 0;
        existing.UpdatedDateUTC = nowMs;
        return spec.present(existing, true);
      },
    };
  }
  if (paid) return fail('This document cannot be edited as it has a payment or credit note allocated to it.');
  const merged: JsonObject = {
    Type: existing.Type,
    Contact: { ContactID: existing.Contact.ContactID },
    Date: existing.Date,
    ...(existing.DueDate ? { DueDate: existing.DueDate } : {}),
    LineAmountTypes: existing.LineAmountTypes,
    LineItems: existing.LineItems.map(({ TaxAmount: _t, ...line }) => line),
    ...(existing.Reference ? { Reference: existing.Reference } : {}),
    CurrencyCode: existing.CurrencyCode,
    [spec.numberField]: numberOf(spec, existing),
    ...raw,
  };
  const tenant = tenantOf(ctx);
  const { messages, draft } = buildSalesDocument({
    kind: spec.kind,
    raw: merged,
    state: deps.state,
    tenant,
    nowMs,
    unitDp: unitDpOf(ctx),
    previousStatus: existing.Status,
  });
  if (
    draft.number &&
    draft.number !== numberOf(spec, existing) &&
    numberTaken(spec, deps, existing.tenantId, draft.number, existing)
  ) {
    messages.push(`${spec.kind === 'invoice' ? 'Invoice' : 'Credit Note'} # must be unique.`);
  }
  return {
    element: raw,
    messages,
    commit: () => {
      if (draft.newContact) deps.state.contacts.push(draft.newContact);
      const replacement = spec.create(
        draft,
        existing.tenantId,
        idOf(spec, existing),
        draft.number ?? numberOf(spec, existing),
        nowMs
      );
      Object.assign(existing, replacement);
      return spec.present(existing, true);
    },
  };
};

const mountKind = <R extends SalesRecord>(api: Router, deps: XeroApiDeps, spec: DocumentKindSpec<R>): void => {
  const base = `/${spec.collection}`;

  api.get(base, (ctx) => {
    const tenantId = tenantOf(ctx).organisation.OrganisationID;
    const mine = spec.records(deps).filter((r) => r.tenantId === tenantId);
    const result = applyListQuery(ctx, mine, {
      lists: {
        IDs: (r) => idOf(spec, r),
        [`${spec.numberField}s`]: (r) => numberOf(spec, r),
        Statuses: (r) => r.Status,
        ContactIDs: (r) => r.Contact.ContactID,
      },
      updatedAt: (r) => r.UpdatedDateUTC,
    });
    if (!result) return;
    const items = result.items.map((r) => spec.present(r, result.paged));
    ctx.body = envelope(
      spec.collection,
      items,
      deps.sandbox.clock.now(),
      result.pagination ? { pagination: result.pagination } : {}
    );
  });

  api.get(`${base}/:id`, (ctx) => {
    const record = findExisting(spec, deps, tenantOf(ctx).organisation.OrganisationID, ctx.params.id);
    if (!record) return notFound(ctx);
    ctx.body = envelope(spec.collection, [spec.present(record, true)], deps.sandbox.clock.now());
  });

  const write = (mode: 'create' | 'upsert') => (ctx: Koa.Context) => {
    const elements = readCollection(ctx, spec.collection);
    if (!elements) return;
    const tenantId = tenantOf(ctx).organisation.OrganisationID;
    const fromPath = typeof ctx.params.id === 'string' ? ctx.params.id : undefined;
    const outcomes = elements.map((raw) => {
      const key = fromPath ?? raw[spec.idField] ?? raw[spec.numberField];
      const existing =
        mode === 'upsert' && typeof key === 'string' ? findExisting(spec, deps, tenantId, key) : undefined;
      if (fromPath && !existing) return { element: raw, messages: [`${spec.label} could not be found`] };
      return existing ? updateOutcome(spec, deps, ctx, raw, existing) : createOutcome(spec, deps, ctx, raw);
    });
    answerElements(ctx, spec.collection, outcomes, deps.sandbox.clock.now());
  };

  api.put(base, write('create'));
  api.post(base, write('upsert'));
  api.post(`${base}/:id`, write('upsert'));
};

export const mountSalesDocumentRoutes = (api: Router, deps: XeroApiDeps): void => {
  mountKind(api, deps, INVOICES);
  mountKind(api, deps, CREDIT_NOTES);
};
